// proofdesk-cli's usage text, command table and run(): finds the catalog, opens it and hands the
// arguments to the command (the commands live in event_, photo_, export_ and publish_commands.cpp).
#include "commands.h"

#include "cli_support.h"
#include "event_commands.h"
#include "export_commands.h"
#include "photo_commands.h"
#include "publish_commands.h"

#include "pd/db/catalog.h"

#include <QHash>

#include <cstdio>
#include <functional>

namespace pd::cli {

namespace {

const char* kUsageText = R"(usage: proofdesk-cli [--catalog DIR] COMMAND

  event create NAME [--date YYYY-MM-DD] [--description TEXT] [--photographer NAME]
                    [--location TEXT] [--category NAME]...        prints the new event's id
  event list [--json] | event show EVENT [--json]
  event set EVENT [--watermark PRESET|none] [--proof-size PX] [--share-size PX|full] [--allow-gps yes|no]
                  [--access-code CODE] [--expires YYYY-MM-DD|never]
  host add NAME URL --token-file FILE | host use NAME | host remove NAME | host list [--json]
  host test [NAME] [--json]
      the token is copied to <catalog>/hosts/NAME.token (readable by you only), never into the database
  publish EVENT [--wait] [--json] [--host NAME] [--speed-cap BYTES/s] [--jobs N] [--progress]
      --json: {"sent": N, "removed": N, "failed": [...], "gallery_url": U, "access_code": C}
      always runs in the foreground (--wait is the default); an interrupted publish is finished by
      running it again: its queue is kept in the catalog
  event archive EVENT [--to FILE] | event attach FILE
  import EVENT PATH... [--category NAME] [--jobs N] [--json]
  jobs [--json] | jobs resume [--jobs N] [--json]
  photos EVENT [--json]
  rate PHOTO 0-5 | flag PHOTO pick|reject|none | select PHOTO... [--off]
  label PHOTO red|yellow|green|blue|purple|none
  edit PHOTO rotate cw|ccw | flip h|v | crop X Y W H [--aspect A] | crop --aspect A
            | straighten DEGREES | reset | undo | redo | copy-to PHOTO... | show   [--json]
      crop numbers are fractions 0..1 of the oriented picture; A is free, original, W:H or 4x6;
      the thumbnail and preview are made again before the command returns
  export PHOTO --kind original|thumb|preview|proof|print [--size 4x6|PX] [--quality Q]
               [--watermark PRESET|none] --out FILE [--json]
  export-photos EVENT|PHOTO... --to DIR --kind original|thumb|preview|proof|print [--size 4x6|PX]
               [--quality Q] [--watermark PRESET|none] [--template T] [--selected] [--jobs N] [--json]
      T uses {event} {seq} {seq:03} {filename} {id} {date} {kind} {size} {category}; default {filename}
  watermark add|update NAME [--text T] [--font F] [--bold yes|no] [--text-size 4%] [--colour #RRGGBB]
               [--opacity 0.6] [--logo PNG|SVG] [--logo-size 25%] [--position bottom-right|...|tiled]
               [--margin 3%] [--tile-spacing 12%] [--tile-angle DEG]   sizes: of the short edge
  watermark list [--json] | watermark show PRESET | watermark remove PRESET
  renditions rebuild [EVENT] [--all] [--jobs N] [--json]   stale ones (edited since), or all
  catalog check [--json]
  demo                     creates the demo event from the bundled sample photos

EVENT is an event's id or exact name; PHOTO a photo id. The catalog folder is --catalog,
else $PROOFDESK_CATALOG, else the user's data folder.
)";

QString catalogDirFrom(QStringList& args) {
    QString dir;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--catalog") && i + 1 < args.size()) {
            dir = args[i + 1];
            args.remove(i, 2);
            break;
        }
        if (args[i].startsWith(QLatin1String("--catalog="))) {
            dir = args[i].mid(10);
            args.remove(i);
            break;
        }
    }
    return dir.isEmpty() ? Catalog::defaultDir() : dir;
}

} // namespace

int run(const QStringList& argsIn) {
    QStringList args = argsIn;
    if (args.isEmpty() || args[0] == QLatin1String("--help") || args[0] == QLatin1String("-h") || args[0] == QLatin1String("help")) {
        std::fputs(kUsageText, args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? kUsage : kOk;
    }
    const QString dir = catalogDirFrom(args);
    const QString command = args.value(0);
    const QStringList rest = args.mid(1);
    using Fn = std::function<int(Catalog&, const QStringList&)>;
    static const QHash<QString, Fn> table{
        {"event", cmdEvent}, {"import", cmdImport}, {"jobs", cmdJobs}, {"photos", cmdPhotos}, {"rate", cmdRate},
        {"flag", cmdFlag}, {"label", cmdLabel}, {"select", cmdSelect}, {"export", cmdExport}, {"catalog", cmdCatalog}, {"demo", cmdDemo},
        {"edit", cmdEdit}, {"export-photos", cmdExportPhotos}, {"watermark", cmdWatermark}, {"renditions", cmdRenditions},
        {"host", cmdHost}, {"publish", cmdPublish}};
    const auto it = table.find(command);
    if (it == table.end()) {
        std::fprintf(stderr, "proofdesk-cli: unknown command \"%s\"\n\n%s", qPrintable(command), kUsageText);
        return kUsage;
    }
    auto catalog = Catalog::open(dir);
    if (!catalog.ok()) return fail(catalog.error());
    try {
        return it.value()(**catalog, rest);
    } catch (const UsageError& e) {
        return usage(qPrintable(command), e.message);
    }
}

} // namespace pd::cli
