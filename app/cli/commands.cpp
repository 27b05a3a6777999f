// Parses proofdesk-cli's arguments and calls the db and core services; prints results.
#include "commands.h"

#include "publish_commands.h"
#include "terminal_progress.h"

#include "pd/db/catalog.h"
#include "pd/db/catalog_check.h"
#include "pd/db/demo_event.h"
#include "pd/db/event_archive.h"
#include "pd/db/importer.h"
#include "pd/db/photo_edits.h"
#include "pd/db/photo_export.h"
#include "pd/db/rendition_rebuilder.h"
#include "pd/db/vault.h"
#include "pd/db/watermark_presets.h"

#include "pd/core/edit_geometry.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QThread>

#include <cmath>
#include <csignal>
#include <cstdio>
#include <functional>

namespace pd::cli {

namespace {

constexpr int kOk = 0, kFailed = 1, kUsage = 2, kPartial = 3;

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

struct Args {
    QStringList positional;
    QHash<QString, QStringList> values;
    QSet<QString> flags;
    QString value(const QString& name) const { return values.value(name).value(0); }
    bool has(const QString& name) const { return flags.contains(name) || values.contains(name); }
};

struct UsageError { QString message; };

// Options that take a value and flags that do not; anything else starting with -- is an error.
Args parseArgs(const QStringList& in, const QSet<QString>& valueOptions, const QSet<QString>& flagOptions) {
    Args a;
    for (int i = 0; i < in.size(); ++i) {
        const QString& s = in[i];
        if (s == QLatin1String("--")) { a.positional << in.mid(i + 1); break; }
        if (s.startsWith(QLatin1String("--")) && s.size() > 2) {
            QString name = s.mid(2), value;
            const int eq = name.indexOf(QLatin1Char('='));
            if (eq > 0) { value = name.mid(eq + 1); name = name.left(eq); }
            if (valueOptions.contains(name)) {
                if (eq < 0) {
                    if (i + 1 >= in.size()) throw UsageError{QStringLiteral("--%1 needs a value").arg(name)};
                    value = in[++i];
                }
                a.values[name] << value;
            } else if (flagOptions.contains(name) && eq < 0) {
                a.flags.insert(name);
            } else {
                throw UsageError{QStringLiteral("unknown option --%1").arg(name)};
            }
        } else {
            a.positional << s;
        }
    }
    return a;
}

void printJson(const QJsonDocument& doc) {
    std::fputs(doc.toJson(QJsonDocument::Indented).constData(), stdout);
}
void printJson(const QJsonObject& o) { printJson(QJsonDocument(o)); }
void printJson(const QJsonArray& a) { printJson(QJsonDocument(a)); }

int fail(const Error& e) {
    std::fprintf(stderr, "proofdesk-cli: %s\n", qPrintable(e.toString()));
    return kFailed;
}

template <typename T>
bool check(const Result<T>& r, int& code) {
    if (r.ok()) return true;
    code = fail(r.error());
    return false;
}

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

QJsonObject photoJson(const PhotoRecord& p) {
    QJsonObject o{{"id", p.id}, {"filename", p.filename}, {"width", p.width}, {"height", p.height},
                  {"captured_at", p.meta.capturedAt.isValid() ? p.meta.capturedAt.toString(Qt::ISODate) : QJsonValue()},
                  {"sha256", p.sha256}, {"rating", p.rating}, {"flag", photoFlagName(p.flag)}, {"selected", p.selected},
                  {"category", p.category.isEmpty() ? QJsonValue() : QJsonValue(p.category)}, {"format", p.format},
                  {"byte_size", p.byteSize}, {"camera_make", p.meta.cameraMake}, {"camera_model", p.meta.cameraModel},
                  {"lens", p.meta.lens}, {"orientation", p.meta.orientation}, {"color_label", p.colorLabel},
                  {"edits", editListToJson(p.edits)}, {"edit_version", p.editVersion}};
    return o;
}

QJsonObject eventJson(const EventRecord& e) {
    return QJsonObject{{"id", e.id}, {"name", e.name}, {"description", e.description},
                       {"date", e.date.isValid() ? QJsonValue(e.date.toString(Qt::ISODate)) : QJsonValue()},
                       {"photographer", e.photographer}, {"location", e.location},
                       {"proof_size", e.proofSize}, {"share_size", e.shareSize}, {"allow_gps", e.allowGps}};
}

QJsonObject summaryJson(const ImportSummary& s) {
    QJsonArray failed;
    for (const auto& f : s.failed) failed.append(QJsonObject{{"path", f.path}, {"error", f.error}});
    return QJsonObject{{"imported", s.imported}, {"duplicates", s.duplicates}, {"failed", failed},
                       {"cancelled", s.cancelled}, {"job", s.jobId}};
}

// SIGINT/SIGTERM cancel a running import: what is decoded is still stored.
CancelToken* g_cancel = nullptr;
extern "C" void onSignal(int) {
    if (g_cancel) g_cancel->cancel();
}

int reportImport(const ImportSummary& s, bool json) {
    if (json) printJson(summaryJson(s));
    else
        std::printf("%d imported, %d duplicate(s) skipped, %d failed%s\n", s.imported, s.duplicates, int(s.failed.size()),
                    s.cancelled ? " (cancelled)" : "");
    for (const auto& f : s.failed) std::fprintf(stderr, "failed: %s: %s\n", qPrintable(f.path), qPrintable(f.error));
    return s.failed.empty() ? kOk : kPartial;
}

template <typename Fn>
int withImportSignals(Fn&& fn) {
    CancelToken cancel;
    g_cancel = &cancel;
    auto oldInt = std::signal(SIGINT, onSignal);
    auto oldTerm = std::signal(SIGTERM, onSignal);
    const int code = fn(cancel);
    std::signal(SIGINT, oldInt);
    std::signal(SIGTERM, oldTerm);
    g_cancel = nullptr;
    return code;
}

int parseJobs(const Args& a) {
    if (!a.values.contains(QStringLiteral("jobs"))) return 0;
    bool ok = false;
    const int n = a.value(QStringLiteral("jobs")).toInt(&ok);
    if (!ok || n < 1 || n > 64) throw UsageError{QStringLiteral("--jobs takes a number from 1 to 64")};
    return n;
}


int cmdEventSet(Catalog& cat, const QStringList& rest);

int cmdEvent(Catalog& cat, const QStringList& rest) {
    const QString sub = rest.value(0);
    int code = kOk;
    if (sub == QLatin1String("create")) {
        const Args a = parseArgs(rest.mid(1), {"date", "description", "category", "photographer", "location"}, {});
        if (a.positional.size() != 1) throw UsageError{QStringLiteral("event create takes one NAME")};
        NewEvent ne{a.positional[0], a.value("description"), {}, a.value("photographer"), a.value("location"), a.values.value("category")};
        if (a.values.contains("date")) {
            ne.date = QDate::fromString(a.value("date"), Qt::ISODate);
            if (!ne.date.isValid()) throw UsageError{QStringLiteral("--date takes YYYY-MM-DD")};
        }
        auto e = cat.createEvent(ne);
        if (!check(e, code)) return code;
        std::printf("%s\n", qPrintable(e->id));
        return kOk;
    }
    if (sub == QLatin1String("list")) {
        const Args a = parseArgs(rest.mid(1), {}, {"json"});
        auto events = cat.events();
        if (!check(events, code)) return code;
        QJsonArray arr;
        for (const auto& e : events.value()) {
            auto n = cat.photoCount(e.id);
            if (!check(n, code)) return code;
            QJsonObject o = eventJson(e);
            o.insert("photos", n.value());
            arr.append(o);
            if (!a.has("json"))
                std::printf("%s  %-10s  %5d photos  %s\n", qPrintable(e.id),
                            qPrintable(e.date.isValid() ? e.date.toString(Qt::ISODate) : QStringLiteral("-")), n.value(),
                            qPrintable(e.name));
        }
        if (a.has("json")) printJson(arr);
        return kOk;
    }
    if (sub == QLatin1String("show")) {
        const Args a = parseArgs(rest.mid(1), {}, {"json"});
        if (a.positional.size() != 1) throw UsageError{QStringLiteral("event show takes one EVENT")};
        auto e = cat.requireEvent(a.positional[0]);
        if (!check(e, code)) return code;
        auto cats = cat.categories(e->id);
        if (!check(cats, code)) return code;
        auto photos = cat.photos(e->id);
        if (!check(photos, code)) return code;
        QJsonObject o = eventJson(e.value());
        QJsonArray ca;
        QHash<QString, int> perCategory;
        int selected = 0;
        for (const auto& p : photos.value()) {
            ++perCategory[p.category];
            selected += p.selected ? 1 : 0;
        }
        for (const auto& c : cats.value()) ca.append(QJsonObject{{"name", c.name}, {"photos", perCategory.value(c.name)}});
        o.insert("categories", ca);
        o.insert("photos", int(photos->size()));
        o.insert("selected", selected);
        o.insert("vault", cat.vaultPath(e->id));
        QString watermark;
        if (e->watermarkPresetId) {
            auto preset = watermarkPresetById(cat, *e->watermarkPresetId);
            if (!check(preset, code)) return code;
            watermark = preset->preset.name;
        }
        o.insert("watermark", watermark.isEmpty() ? QJsonValue() : QJsonValue(watermark));
        if (a.has("json")) { printJson(o); return kOk; }
        std::printf("%s\n  id:           %s\n  date:         %s\n  photographer: %s\n  location:     %s\n  description:  %s\n"
                    "  photos:       %d (%d selected for the web)\n",
                    qPrintable(e->name), qPrintable(e->id), qPrintable(e->date.toString(Qt::ISODate)),
                    qPrintable(e->photographer), qPrintable(e->location), qPrintable(e->description),
                    int(photos->size()), selected);
        for (const auto& c : cats.value()) std::printf("  category:     %s (%d)\n", qPrintable(c.name), perCategory.value(c.name));
        std::printf("  watermark:    %s\n  proofs:       %d px, GPS %s\n  shares:       up to %s\n",
                    watermark.isEmpty() ? "none" : qPrintable(watermark), e->proofSize, e->allowGps ? "kept" : "removed",
                    e->shareSize > 0 ? qPrintable(QStringLiteral("%1 px").arg(e->shareSize)) : "full resolution");
        return kOk;
    }
    if (sub == QLatin1String("archive")) {
        const Args a = parseArgs(rest.mid(1), {"to"}, {});
        if (a.positional.size() != 1) throw UsageError{QStringLiteral("event archive takes one EVENT")};
        auto r = archiveEvent(cat, a.positional[0], a.value("to"));
        if (!check(r, code)) return code;
        std::printf("archived %d photo(s) to %s (%.1f MB)\n", r->photos, qPrintable(r->file), double(r->bytes) / 1e6);
        return kOk;
    }
    if (sub == QLatin1String("attach")) {
        const Args a = parseArgs(rest.mid(1), {"jobs"}, {});
        if (a.positional.size() != 1) throw UsageError{QStringLiteral("event attach takes one FILE")};
        auto r = attachEvent(cat, a.positional[0], parseJobs(a));
        if (!check(r, code)) return code;
        std::printf("%s\n", qPrintable(r->id));
        return kOk;
    }
    if (sub == QLatin1String("set")) return cmdEventSet(cat, rest.mid(1));
    throw UsageError{QStringLiteral("event takes create, list, show, set, archive or attach")};
}

int cmdImport(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {"category", "jobs"}, {"json"});
    if (a.positional.size() < 2) throw UsageError{QStringLiteral("import takes an EVENT and at least one PATH")};
    ImportRequest req{a.positional[0], a.value("category"), a.positional.mid(1), parseJobs(a)};
    return withImportSignals([&](CancelToken& cancel) {
        TerminalProgress progress(stderr);
        auto s = runImport(cat, req, &progress, cancel);
        progress.finish();
        int code = kOk;
        if (!check(s, code)) return code;
        return reportImport(s.value(), a.has("json"));
    });
}

int cmdJobs(Catalog& cat, const QStringList& rest) {
    const bool resume = rest.value(0) == QLatin1String("resume");
    const Args a = parseArgs(resume ? rest.mid(1) : rest, {"jobs"}, {"json"});
    int code = kOk;
    auto jobs = unfinishedJobs(cat);
    if (!check(jobs, code)) return code;
    if (!resume) {
        QJsonArray arr;
        for (const auto& j : jobs.value()) {
            arr.append(QJsonObject{{"id", j.id}, {"kind", j.kind}, {"event", j.eventId}, {"pending", j.pending}});
            if (!a.has("json")) std::printf("%lld  %s  event %s  %d file(s) pending\n", j.id, qPrintable(j.kind), qPrintable(j.eventId), j.pending);
        }
        if (a.has("json")) printJson(arr);
        else if (jobs->empty()) std::printf("no unfinished jobs\n");
        return kOk;
    }
    return withImportSignals([&](CancelToken& cancel) {
        ImportSummary total;
        for (const auto& j : jobs.value()) {
            TerminalProgress progress(stderr);
            auto s = resumeImport(cat, j.id, parseJobs(a), &progress, cancel);
            progress.finish();
            int c = kOk;
            if (!check(s, c)) return c;
            total.add(s.value());
        }
        return reportImport(total, a.has("json"));
    });
}

int cmdPhotos(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {}, {"json"});
    if (a.positional.size() != 1) throw UsageError{QStringLiteral("photos takes one EVENT")};
    int code = kOk;
    auto e = cat.requireEvent(a.positional[0]);
    if (!check(e, code)) return code;
    auto photos = cat.photos(e->id);
    if (!check(photos, code)) return code;
    QJsonArray arr;
    for (const auto& p : photos.value()) {
        arr.append(photoJson(p));
        if (!a.has("json"))
            std::printf("%s  %-24s %5dx%-5d %s  %s %-6s%s\n", qPrintable(p.id), qPrintable(p.filename.left(24)), p.width, p.height,
                        qPrintable(p.meta.capturedAt.isValid() ? p.meta.capturedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QStringLiteral("-               ")),
                        qPrintable(QString(p.rating, QLatin1Char('*')).leftJustified(5, QLatin1Char('.'))),
                        qPrintable(photoFlagName(p.flag)), p.selected ? " web" : "");
    }
    if (a.has("json")) printJson(arr);
    return kOk;
}

int cmdRate(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {}, {});
    bool ok = false;
    const int rating = a.positional.value(1).toInt(&ok);
    if (a.positional.size() != 2 || !ok || rating < 0 || rating > 5) throw UsageError{QStringLiteral("rate takes a PHOTO and a rating 0-5")};
    const Status s = cat.setRating(a.positional[0], rating);
    return s.ok() ? kOk : fail(s.error());
}

int cmdLabel(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {}, {});
    const QString label = a.positional.value(1);
    if (a.positional.size() != 2 || (label != QLatin1String("none") && !colorLabels().contains(label)))
        throw UsageError{QStringLiteral("label takes a PHOTO and red, yellow, green, blue, purple or none")};
    const Status s = cat.setColorLabel(a.positional[0], label == QLatin1String("none") ? QString() : label);
    return s.ok() ? kOk : fail(s.error());
}

int cmdFlag(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {}, {});
    const auto flag = photoFlagFromName(a.positional.value(1));
    if (a.positional.size() != 2 || !flag) throw UsageError{QStringLiteral("flag takes a PHOTO and pick, reject or none")};
    const Status s = cat.setFlag(a.positional[0], *flag);
    return s.ok() ? kOk : fail(s.error());
}

int cmdSelect(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {}, {"off"});
    if (a.positional.isEmpty()) throw UsageError{QStringLiteral("select takes one or more PHOTO ids")};
    const Status s = cat.setSelected(a.positional, !a.has("off"));
    return s.ok() ? kOk : fail(s.error());
}

int cmdCatalog(Catalog& cat, const QStringList& rest) {
    if (rest.value(0) != QLatin1String("check")) throw UsageError{QStringLiteral("catalog takes check")};
    const Args a = parseArgs(rest.mid(1), {}, {"json"});
    int code = kOk;
    auto r = checkCatalog(cat);
    if (!check(r, code)) return code;
    if (a.has("json")) {
        printJson(QJsonObject{{"ok", r->ok()}, {"events", r->events}, {"photos", r->photos},
                              {"problems", QJsonArray::fromStringList(r->problems)}, {"notes", QJsonArray::fromStringList(r->notes)}});
    } else {
        for (const QString& n : r->notes) std::printf("note: %s\n", qPrintable(n));
        for (const QString& p : r->problems) std::fprintf(stderr, "problem: %s\n", qPrintable(p));
        std::printf("%s: %d event(s), %d photo(s) checked, %d problem(s)\n", r->ok() ? "ok" : "FAILED", r->events, r->photos,
                    int(r->problems.size()));
    }
    return r->ok() ? kOk : kFailed;
}

int cmdDemo(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {}, {"json"});
    // With --json, stdout carries only the import summary; the narrative goes to stderr.
    std::FILE* say = a.has("json") ? stderr : stdout;
    int code = kOk;
    auto demo = ensureDemoEvent(cat);
    if (!check(demo, code)) return code;
    if (demo->photosDir.isEmpty()) return fail(makeError(ErrorCode::NotFound, QStringLiteral("the demo photos are not installed")));
    if (demo->created)
        std::fprintf(say, "created the event \"%s\" (%s) in %s\n", qPrintable(demo->name), qPrintable(demo->eventId), qPrintable(cat.dir()));
    std::fprintf(say, "importing the demo photos from %s\n", qPrintable(demo->photosDir));
    const int rc = withImportSignals([&](CancelToken& cancel) {
        ImportSummary total;
        for (const DemoBatch& b : demoImportPlan(demo->photosDir)) {
            TerminalProgress progress(stderr);
            auto s = runImport(cat, ImportRequest{demo->eventId, b.category, b.files, 0}, &progress, cancel);
            progress.finish();
            int c = kOk;
            if (!check(s, c)) return c;
            total.add(s.value());
        }
        return reportImport(total, a.has("json"));
    });
    if (rc == kOk) {
        auto n = cat.photoCount(demo->eventId);
        if (!check(n, code)) return code;
        std::fprintf(say, "the event now holds %d photo(s); list them with: proofdesk-cli --catalog '%s' photos '%s'\n",
                     n.value(), qPrintable(cat.dir()), qPrintable(demo->name));
    }
    return rc;
}

// ---- edits, watermarks, proofs and print files ---------------------------------------------

QJsonObject editStateJson(Catalog& cat, const PhotoEditState& s) {
    QJsonObject o{{"id", s.photoId}, {"edit_version", s.editVersion}, {"edits", editListToJson(s.edits())},
                  {"can_undo", s.history.canUndo()}, {"can_redo", s.history.canRedo()}};
    for (const char* kind : {"thumb", "preview"}) {
        auto r = cat.rendition(s.photoId, QString::fromLatin1(kind));
        if (r.ok() && r.value())
            o.insert(QLatin1String(kind), QJsonObject{{"width", r.value()->width}, {"height", r.value()->height},
                                                      {"edit_version", r.value()->editVersion}});
    }
    return o;
}

void printEditState(const PhotoEditState& s) {
    QStringList ops;
    for (const EditOperation& op : s.edits()) ops << describeEditOperation(op);
    std::printf("%s  version %lld: %s\n", qPrintable(s.photoId), s.editVersion,
                ops.isEmpty() ? "no edits (the original picture)" : qPrintable(ops.join(QStringLiteral(", "))));
}

// Makes the renditions of the photos again now (the CLI waits; the GUI does this in the background).
int rebuildNow(Catalog& cat, const QStringList& photoIds, int jobs) {
    RenditionRebuilder rebuilder(jobs > 0 ? jobs : 2);
    auto r = rebuilder.rebuild(cat, photoIds);
    int code = kOk;
    if (!check(r, code)) return code;
    for (const auto& [id, error] : r->failed)
        std::fprintf(stderr, "proofdesk-cli: the renditions of %s could not be made: %s\n", qPrintable(id), qPrintable(error.toString()));
    return r->failed.empty() ? kOk : kFailed;
}

double parseNumber(const QString& text, const QString& what) {
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || !std::isfinite(v)) throw UsageError{QStringLiteral("%1 takes a number, not \"%2\"").arg(what, text)};
    return v;
}

// "0.05" or "5%": a fraction of the short edge.
double parseFraction(const QString& text, const QString& what) {
    QString t = text.trimmed();
    const bool percent = t.endsWith(QLatin1Char('%'));
    if (percent) t.chop(1);
    const double v = parseNumber(t, what) / (percent ? 100.0 : 1.0);
    if (v < 0 || v > 2) throw UsageError{QStringLiteral("%1 is a fraction of the short edge such as 0.05 or 5%").arg(what)};
    return v;
}

bool parseYesNo(const QString& text, const QString& what) {
    if (text == QLatin1String("yes") || text == QLatin1String("true") || text == QLatin1String("on")) return true;
    if (text == QLatin1String("no") || text == QLatin1String("false") || text == QLatin1String("off")) return false;
    throw UsageError{QStringLiteral("%1 takes yes or no").arg(what)};
}

int cmdEdit(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {"aspect", "jobs"}, {"json", "no-render"});
    const QStringList& p = a.positional;
    if (p.size() < 2)
        throw UsageError{QStringLiteral("edit takes a PHOTO and rotate cw|ccw, flip h|v, crop X Y W H, straighten DEGREES, "
                                        "reset, undo, redo, copy-to PHOTO... or show")};
    const QString photo = p[0], what = p[1];
    int code = kOk;
    std::vector<PhotoEditState> changed;
    auto one = [&](Result<PhotoEditState> r) {
        if (!check(r, code)) return false;
        changed.push_back(std::move(r).value());
        return true;
    };
    if (what == QLatin1String("rotate")) {
        const QString dir = p.value(2);
        if (p.size() != 3 || (dir != QLatin1String("cw") && dir != QLatin1String("ccw")))
            throw UsageError{QStringLiteral("edit PHOTO rotate takes cw or ccw")};
        if (!one(applyPhotoEdit(cat, photo, RotateOp{dir == QLatin1String("cw") ? 1 : -1}))) return code;
    } else if (what == QLatin1String("flip")) {
        const QString axis = p.value(2);
        if (p.size() != 3 || (axis != QLatin1String("h") && axis != QLatin1String("v")))
            throw UsageError{QStringLiteral("edit PHOTO flip takes h or v")};
        if (!one(applyPhotoEdit(cat, photo, FlipOp{axis == QLatin1String("h") ? FlipAxis::Horizontal : FlipAxis::Vertical}))) return code;
    } else if (what == QLatin1String("crop")) {
        const QString aspect = a.value("aspect");
        if (!aspect.isEmpty() && !isValidCropAspect(aspect))
            throw UsageError{QStringLiteral("--aspect is free, original, W:H (1:1, 2:3, 5:7, 4:5, 16:9...) or a print size such as 4x6")};
        CropOp crop;
        crop.aspect = aspect;
        if (p.size() == 6) {
            crop.x = parseNumber(p[2], QStringLiteral("crop X"));
            crop.y = parseNumber(p[3], QStringLiteral("crop Y"));
            crop.width = parseNumber(p[4], QStringLiteral("crop W"));
            crop.height = parseNumber(p[5], QStringLiteral("crop H"));
        } else if (p.size() == 2 && !aspect.isEmpty()) {
            // The largest centred crop of that shape in the picture as it is turned now.
            auto photoRecord = cat.requirePhoto(photo);
            if (!check(photoRecord, code)) return code;
            const QSize oriented(photoRecord->width, photoRecord->height);
            const auto ratio = cropAspectRatio(aspect, oriented);
            if (!ratio) throw UsageError{QStringLiteral("crop --aspect free needs X Y W H")};
            const QRectF r = centredAspectCrop(QSizeF(resolveEdits(photoRecord->edits, oriented).frameSize(oriented)), *ratio);
            crop.x = r.x(); crop.y = r.y(); crop.width = r.width(); crop.height = r.height();
        } else {
            throw UsageError{QStringLiteral("edit PHOTO crop takes X Y W H (fractions 0..1 of the oriented picture) and/or --aspect A")};
        }
        if (!one(applyPhotoEdit(cat, photo, crop))) return code;
    } else if (what == QLatin1String("straighten")) {
        if (p.size() != 3) throw UsageError{QStringLiteral("edit PHOTO straighten takes DEGREES (-45 to 45)")};
        if (!one(applyPhotoEdit(cat, photo, StraightenOp{parseNumber(p[2], QStringLiteral("straighten"))}))) return code;
    } else if (what == QLatin1String("reset") || what == QLatin1String("undo") || what == QLatin1String("redo")) {
        if (p.size() != 2) throw UsageError{QStringLiteral("edit PHOTO %1 takes nothing more").arg(what)};
        auto r = what == QLatin1String("reset") ? resetPhotoEdits(cat, photo)
                 : what == QLatin1String("undo") ? undoPhotoEdit(cat, photo) : redoPhotoEdit(cat, photo);
        if (!one(std::move(r))) return code;
    } else if (what == QLatin1String("copy-to")) {
        if (p.size() < 3) throw UsageError{QStringLiteral("edit PHOTO copy-to takes one or more PHOTO ids")};
        auto r = copyPhotoEdits(cat, photo, p.mid(2));
        if (!check(r, code)) return code;
        changed = std::move(r).value();
    } else if (what == QLatin1String("show")) {
        if (p.size() != 2) throw UsageError{QStringLiteral("edit PHOTO show takes nothing more")};
        auto r = loadPhotoEdits(cat, photo);
        if (!check(r, code)) return code;
        if (a.has("json")) printJson(editStateJson(cat, r.value()));
        else printEditState(r.value());
        return kOk;
    } else {
        throw UsageError{QStringLiteral("unknown edit \"%1\" (rotate, flip, crop, straighten, reset, undo, redo, copy-to, show)").arg(what)};
    }
    if (!a.has("no-render")) {
        QStringList ids;
        for (const auto& s : changed) ids << s.photoId;
        code = rebuildNow(cat, ids, parseJobs(a));
    }
    if (a.has("json")) {
        if (what == QLatin1String("copy-to")) {
            QJsonArray arr;
            for (const auto& s : changed) arr.append(editStateJson(cat, s));
            printJson(arr);
        } else {
            printJson(editStateJson(cat, changed.front()));
        }
    } else {
        for (const auto& s : changed) printEditState(s);
    }
    return code;
}

ExportOptions exportOptionsFrom(const Args& a, ExportKind kind) {
    ExportOptions o;
    o.kind = kind;
    const QString size = a.value("size");
    if (!size.isEmpty()) {
        if (kind == ExportKind::Print) {
            o.printSize = parsePrintSize(size);
            if (!o.printSize) throw UsageError{QStringLiteral("--size for a print is inches such as 4x6, 5x7 or 8x10")};
        } else if (kind == ExportKind::Proof) {
            bool ok = false;
            o.longEdge = size.endsWith(QLatin1String("px")) ? size.chopped(2).toInt(&ok) : size.toInt(&ok);
            if (!ok || o.longEdge < 16 || o.longEdge > 65535) throw UsageError{QStringLiteral("--size for a proof is its long edge in px, such as 2048")};
        } else {
            throw UsageError{QStringLiteral("--size goes with --kind proof (px) or print (inches)")};
        }
    }
    if (a.has("quality")) {
        if (kind != ExportKind::Proof && kind != ExportKind::Print) throw UsageError{QStringLiteral("--quality goes with proofs and prints")};
        bool ok = false;
        o.quality = a.value("quality").toInt(&ok);
        if (!ok || o.quality < 1 || o.quality > 100) throw UsageError{QStringLiteral("--quality takes 1 to 100")};
    }
    if (a.has("watermark")) {
        if (kind != ExportKind::Proof) throw UsageError{QStringLiteral("watermarks go on proofs only (never on originals, renditions or print files)")};
        const QString w = a.value("watermark");
        if (w == QLatin1String("none")) {
            o.watermark.mode = WatermarkChoice::Mode::None;
        } else {
            o.watermark.mode = WatermarkChoice::Mode::Preset;
            o.watermark.preset = w;
        }
    }
    return o;
}

ExportKind exportKindArg(const Args& a) {
    const auto kind = exportKindFromName(a.value("kind"));
    if (!kind) throw UsageError{QStringLiteral("--kind is original, thumb, preview, proof or print")};
    return *kind;
}

int cmdExport(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {"kind", "out", "size", "quality", "watermark"}, {"json"});
    if (a.positional.size() != 1 || a.value("out").isEmpty() || a.value("kind").isEmpty())
        throw UsageError{QStringLiteral("export takes a PHOTO, --kind and --out FILE")};
    const ExportKind kind = exportKindArg(a);
    const ExportOptions options = exportOptionsFrom(a, kind);
    int code = kOk;
    auto p = cat.requirePhoto(a.positional[0]);
    if (!check(p, code)) return code;
    const QString out = a.value("out");
    if (kind == ExportKind::Original) {   // streamed from the vault, never held whole in memory
        auto vault = Vault::open(cat.vaultPath(p->eventId), false);
        if (!check(vault, code)) return code;
        const Status s = (*vault)->exportOriginal(p->sha256, out);
        return s.ok() ? kOk : fail(s.error());
    }
    auto made = exportPhoto(cat, p->id, options);
    if (!check(made, code)) return code;
    QSaveFile file(out);
    if (!file.open(QIODevice::WriteOnly) || file.write(made->bytes) != made->bytes.size() || !file.commit())
        return fail(makeError(ErrorCode::Io, QStringLiteral("cannot write: %1").arg(file.errorString()), out));
    if (a.has("json"))
        printJson(QJsonObject{{"path", QFileInfo(out).absoluteFilePath()}, {"width", made->width}, {"height", made->height},
                              {"method", made->method}, {"bytes", made->bytes.size()}});
    else if (kind == ExportKind::Proof || kind == ExportKind::Print)
        std::printf("%s %dx%d (%s) -> %s\n", qPrintable(exportKindName(kind)), made->width, made->height, qPrintable(made->method),
                    qPrintable(out));
    return kOk;
}

class ExportLines : public ExportProgress {
public:
    explicit ExportLines(bool quiet) : m_quiet(quiet) {}
    void photoExported(const ExportedFile& f, int done, int total) override {
        if (!m_quiet) std::fprintf(stderr, "[%d/%d] %s\n", done, total, qPrintable(f.path));
    }
private:
    bool m_quiet;
};

int cmdExportPhotos(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {"to", "kind", "size", "quality", "watermark", "template", "jobs"}, {"json", "selected"});
    if (a.positional.isEmpty() || a.value("to").isEmpty() || a.value("kind").isEmpty())
        throw UsageError{QStringLiteral("export-photos takes an EVENT or PHOTO ids, --to DIR and --kind")};
    BatchExportRequest req;
    req.options = exportOptionsFrom(a, exportKindArg(a));
    req.folder = a.value("to");
    if (a.has("template")) req.fileNameTemplate = a.value("template");
    req.jobs = parseJobs(a);
    int code = kOk;
    // One EVENT (all its photos, or those selected for the web), or a list of PHOTO ids.
    std::optional<EventRecord> event;
    if (a.positional.size() == 1) {
        auto e = cat.findEvent(a.positional[0]);
        if (!check(e, code)) return code;
        event = e.value();
    }
    if (event) {
        auto photos = cat.photos(event->id);
        if (!check(photos, code)) return code;
        for (const auto& p : photos.value())
            if (!a.has("selected") || p.selected) req.photoIds << p.id;
    } else {
        if (a.has("selected")) throw UsageError{QStringLiteral("--selected goes with an EVENT")};
        req.photoIds = a.positional;
    }
    return withImportSignals([&](CancelToken& cancel) {
        ExportLines lines(a.has("json"));
        auto s = exportPhotos(cat, req, &lines, cancel);
        int c = kOk;
        if (!check(s, c)) return c;
        QJsonArray written, failed;
        for (const auto& f : s->written)
            written.append(QJsonObject{{"id", f.photoId}, {"path", f.path}, {"width", f.width}, {"height", f.height}, {"method", f.method}});
        for (const auto& f : s->failed) {
            failed.append(QJsonObject{{"id", f.photoId}, {"error", f.error}});
            std::fprintf(stderr, "failed: %s: %s\n", qPrintable(f.photoId), qPrintable(f.error));
        }
        if (a.has("json")) printJson(QJsonObject{{"written", written}, {"failed", failed}, {"cancelled", s->cancelled}});
        else std::printf("%d exported to %s, %d failed%s\n", int(s->written.size()), qPrintable(QDir(req.folder).absolutePath()),
                         int(s->failed.size()), s->cancelled ? " (cancelled)" : "");
        return s->failed.empty() ? kOk : kPartial;
    });
}

QJsonObject presetJson(const WatermarkPresetRecord& r) {
    QJsonObject o = r.preset.toJson(false);
    o.insert("id", r.id);
    if (!r.preset.logo.isEmpty()) o.insert("logo_format", watermarkLogoFormat(r.preset.logo));
    return o;
}

// Applies watermark options to a preset (add starts from the defaults, update from the stored one).
void applyPresetOptions(WatermarkPreset& p, const Args& a) {
    if (a.has("text")) p.text = a.value("text");
    if (a.has("font")) p.fontFamily = a.value("font");
    if (a.has("bold")) p.bold = parseYesNo(a.value("bold"), QStringLiteral("--bold"));
    if (a.has("text-size")) p.textSize = parseFraction(a.value("text-size"), QStringLiteral("--text-size"));
    if (a.has("colour") || a.has("color")) {
        const QString c = a.has("colour") ? a.value("colour") : a.value("color");
        p.colour = QColor::fromString(c);
        if (!p.colour.isValid()) throw UsageError{QStringLiteral("--colour takes #RRGGBB or a colour name, not \"%1\"").arg(c)};
    }
    if (a.has("opacity")) p.opacity = parseFraction(a.value("opacity"), QStringLiteral("--opacity"));
    if (a.has("logo-size")) p.logoSize = parseFraction(a.value("logo-size"), QStringLiteral("--logo-size"));
    if (a.has("margin")) p.margin = parseFraction(a.value("margin"), QStringLiteral("--margin"));
    if (a.has("tile-spacing")) p.tileSpacing = parseFraction(a.value("tile-spacing"), QStringLiteral("--tile-spacing"));
    if (a.has("tile-angle")) p.tileAngle = parseNumber(a.value("tile-angle"), QStringLiteral("--tile-angle"));
    if (a.has("position")) {
        const auto pos = watermarkPositionFromName(a.value("position"));
        if (!pos) throw UsageError{QStringLiteral("--position is top-left, top, top-right, left, centre, right, bottom-left, bottom, bottom-right or tiled")};
        p.position = *pos;
    }
    if (a.has("no-logo")) p.logo.clear();
    if (a.has("logo")) {
        QFile f(a.value("logo"));
        if (!f.open(QIODevice::ReadOnly)) throw UsageError{QStringLiteral("cannot read the logo %1: %2").arg(a.value("logo"), f.errorString())};
        p.logo = f.readAll();
    }
}

int cmdWatermark(Catalog& cat, const QStringList& rest) {
    const QString sub = rest.value(0);
    const QSet<QString> presetOptions{"text", "font", "bold", "text-size", "colour", "color", "opacity", "logo", "logo-size",
                                      "position", "margin", "tile-spacing", "tile-angle"};
    int code = kOk;
    if (sub == QLatin1String("add") || sub == QLatin1String("update")) {
        const Args a = parseArgs(rest.mid(1), presetOptions + QSet<QString>{"name"}, {"json", "no-logo"});
        if (a.positional.size() != 1) throw UsageError{QStringLiteral("watermark %1 takes one NAME").arg(sub)};
        WatermarkPresetRecord record;
        if (sub == QLatin1String("add")) {
            record.preset.name = a.positional[0];
            applyPresetOptions(record.preset, a);
            auto added = addWatermarkPreset(cat, record.preset);
            if (!check(added, code)) return code;
            record = added.value();
        } else {
            auto existing = requireWatermarkPreset(cat, a.positional[0]);
            if (!check(existing, code)) return code;
            record = existing.value();
            applyPresetOptions(record.preset, a);
            if (a.has("name")) record.preset.name = a.value("name");
            const Status s = updateWatermarkPreset(cat, record.id, record.preset);
            if (!s.ok()) return fail(s.error());
        }
        if (a.has("json")) printJson(presetJson(record));
        else std::printf("%lld\n", record.id);
        return kOk;
    }
    if (sub == QLatin1String("list")) {
        const Args a = parseArgs(rest.mid(1), {}, {"json"});
        auto all = watermarkPresets(cat);
        if (!check(all, code)) return code;
        QJsonArray arr;
        for (const auto& r : all.value()) {
            arr.append(presetJson(r));
            if (!a.has("json"))
                std::printf("%lld  %-20s %-12s text \"%s\"%s\n", r.id, qPrintable(r.preset.name), qPrintable(watermarkPositionName(r.preset.position)),
                            qPrintable(r.preset.text), r.preset.logo.isEmpty() ? "" : "  + logo");
        }
        if (a.has("json")) printJson(arr);
        else if (all->empty()) std::printf("no watermark presets yet (watermark add NAME --text ...)\n");
        return kOk;
    }
    if (sub == QLatin1String("show")) {
        const Args a = parseArgs(rest.mid(1), {}, {"json"});
        if (a.positional.size() != 1) throw UsageError{QStringLiteral("watermark show takes one PRESET")};
        auto r = requireWatermarkPreset(cat, a.positional[0]);
        if (!check(r, code)) return code;
        printJson(presetJson(r.value()));
        return kOk;
    }
    if (sub == QLatin1String("remove")) {
        const Args a = parseArgs(rest.mid(1), {}, {});
        if (a.positional.size() != 1) throw UsageError{QStringLiteral("watermark remove takes one PRESET")};
        auto r = requireWatermarkPreset(cat, a.positional[0]);
        if (!check(r, code)) return code;
        const Status s = removeWatermarkPreset(cat, r->id);
        return s.ok() ? kOk : fail(s.error());
    }
    throw UsageError{QStringLiteral("watermark takes add, update, list, show or remove")};
}

int cmdEventSet(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {"watermark", "proof-size", "share-size", "allow-gps", "access-code", "expires", "price-sheet", "lab"}, {});
    if (a.positional.size() != 1) throw UsageError{QStringLiteral("event set takes one EVENT")};
    for (const char* later : {"price-sheet", "lab"})
        if (a.has(QLatin1String(later)))
            throw UsageError{QStringLiteral("--%1 comes with publishing and orders (not in this version)").arg(QLatin1String(later))};
    int code = kOk;
    auto e = cat.requireEvent(a.positional[0]);
    if (!check(e, code)) return code;
    EventRecord event = e.value();
    if (a.has("watermark")) {
        if (a.value("watermark") == QLatin1String("none")) {
            event.watermarkPresetId.reset();
        } else {
            auto preset = requireWatermarkPreset(cat, a.value("watermark"));
            if (!check(preset, code)) return code;
            event.watermarkPresetId = preset->id;
        }
    }
    auto pixels = [&](const char* name) {
        bool ok = false;
        const int v = a.value(QLatin1String(name)).toInt(&ok);
        if (!ok) throw UsageError{QStringLiteral("--%1 takes a number of px").arg(QLatin1String(name))};
        return v;
    };
    if (a.has("proof-size")) event.proofSize = pixels("proof-size");
    if (a.has("share-size")) event.shareSize = a.value("share-size") == QLatin1String("full") ? 0 : pixels("share-size");
    if (a.has("allow-gps")) event.allowGps = parseYesNo(a.value("allow-gps"), QStringLiteral("--allow-gps"));
    const int gallery = setGallery(cat, event.id, a.values.value("access-code"), a.values.value("expires"));
    if (gallery != kOk) return gallery;
    const Status s = cat.updateEvent(event);
    return s.ok() ? kOk : fail(s.error());
}

int cmdRenditions(Catalog& cat, const QStringList& rest) {
    if (rest.value(0) != QLatin1String("rebuild")) throw UsageError{QStringLiteral("renditions takes rebuild")};
    const Args a = parseArgs(rest.mid(1), {"jobs"}, {"all", "json"});
    if (a.positional.size() > 1) throw UsageError{QStringLiteral("renditions rebuild takes at most one EVENT")};
    int code = kOk;
    QString eventId;
    if (!a.positional.isEmpty()) {
        auto e = cat.requireEvent(a.positional[0]);
        if (!check(e, code)) return code;
        eventId = e->id;
    }
    QStringList ids;
    if (a.has("all")) {
        QStringList eventIds{eventId};
        if (eventId.isEmpty()) {
            auto events = cat.events();
            if (!check(events, code)) return code;
            eventIds.clear();
            for (const auto& e : events.value()) eventIds << e.id;
        }
        for (const QString& id : eventIds) {
            auto photos = cat.photos(id);
            if (!check(photos, code)) return code;
            for (const auto& p : photos.value()) ids << p.id;
        }
    } else {
        auto stale = photosWithStaleRenditions(cat, eventId);
        if (!check(stale, code)) return code;
        ids = stale.value();
    }
    RenditionRebuilder rebuilder(parseJobs(a) > 0 ? parseJobs(a) : QThread::idealThreadCount());
    auto r = rebuilder.rebuild(cat, ids);
    if (!check(r, code)) return code;
    QJsonArray failed;
    for (const auto& [id, error] : r->failed) {
        failed.append(QJsonObject{{"id", id}, {"error", error.toString()}});
        std::fprintf(stderr, "failed: %s: %s\n", qPrintable(id), qPrintable(error.toString()));
    }
    if (a.has("json")) printJson(QJsonObject{{"rebuilt", r->rebuilt}, {"superseded", r->superseded}, {"failed", failed}});
    else std::printf("%d rebuilt, %d failed\n", r->rebuilt, int(r->failed.size()));
    return r->failed.empty() ? kOk : kPartial;
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
        std::fprintf(stderr, "proofdesk-cli %s: %s\n(see proofdesk-cli --help)\n", qPrintable(command), qPrintable(e.message));
        return kUsage;
    }
}

} // namespace pd::cli
