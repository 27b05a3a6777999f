// Parses proofdesk-cli's arguments and calls the db and core services; prints results.
#include "commands.h"

#include "terminal_progress.h"

#include "pd/db/catalog.h"
#include "pd/db/catalog_check.h"
#include "pd/db/demo_event.h"
#include "pd/db/event_archive.h"
#include "pd/db/importer.h"
#include "pd/db/vault.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>

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
  event archive EVENT [--to FILE] | event attach FILE
  import EVENT PATH... [--category NAME] [--jobs N] [--json]
  jobs [--json] | jobs resume [--jobs N] [--json]
  photos EVENT [--json]
  rate PHOTO 0-5 | flag PHOTO pick|reject|none | select PHOTO... [--off]
  export PHOTO --kind original|thumb|preview --out FILE
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
                  {"lens", p.meta.lens}, {"orientation", p.meta.orientation}, {"color_label", p.colorLabel}};
    return o;
}

QJsonObject eventJson(const EventRecord& e) {
    return QJsonObject{{"id", e.id}, {"name", e.name}, {"description", e.description},
                       {"date", e.date.isValid() ? QJsonValue(e.date.toString(Qt::ISODate)) : QJsonValue()},
                       {"photographer", e.photographer}, {"location", e.location}};
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
        if (a.has("json")) { printJson(o); return kOk; }
        std::printf("%s\n  id:           %s\n  date:         %s\n  photographer: %s\n  location:     %s\n  description:  %s\n"
                    "  photos:       %d (%d selected for the web)\n",
                    qPrintable(e->name), qPrintable(e->id), qPrintable(e->date.toString(Qt::ISODate)),
                    qPrintable(e->photographer), qPrintable(e->location), qPrintable(e->description),
                    int(photos->size()), selected);
        for (const auto& c : cats.value()) std::printf("  category:     %s (%d)\n", qPrintable(c.name), perCategory.value(c.name));
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
    throw UsageError{QStringLiteral("event takes create, list, show, archive or attach")};
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
            total.imported += s->imported;
            total.duplicates += s->duplicates;
            total.failed.insert(total.failed.end(), s->failed.begin(), s->failed.end());
            total.cancelled = total.cancelled || s->cancelled;
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

int cmdExport(Catalog& cat, const QStringList& rest) {
    const Args a = parseArgs(rest, {"kind", "out", "size"}, {});
    if (a.positional.size() != 1 || a.value("out").isEmpty() || a.value("kind").isEmpty())
        throw UsageError{QStringLiteral("export takes a PHOTO, --kind and --out FILE")};
    const QString kind = a.value("kind");
    int code = kOk;
    auto p = cat.requirePhoto(a.positional[0]);
    if (!check(p, code)) return code;
    if (kind == QLatin1String("original")) {
        auto vault = Vault::open(cat.vaultPath(p->eventId), false);
        if (!check(vault, code)) return code;
        const Status s = (*vault)->exportOriginal(p->sha256, a.value("out"));
        return s.ok() ? kOk : fail(s.error());
    }
    if (kind == QLatin1String("thumb") || kind == QLatin1String("preview")) {
        auto r = cat.rendition(p->id, kind);
        if (!check(r, code)) return code;
        if (!r.value()) return fail(makeError(ErrorCode::NotFound, QStringLiteral("the photo has no %1 yet").arg(kind)));
        QSaveFile out(a.value("out"));
        if (!out.open(QIODevice::WriteOnly) || out.write(r.value()->jpeg) != r.value()->jpeg.size() || !out.commit())
            return fail(makeError(ErrorCode::Io, QStringLiteral("cannot write: %1").arg(out.errorString()), a.value("out")));
        return kOk;
    }
    if (kind == QLatin1String("proof") || kind == QLatin1String("print"))
        return fail(makeError(ErrorCode::InvalidArgument, QStringLiteral("--kind %1 comes with editing and watermarks (not in this version)").arg(kind)));
    throw UsageError{QStringLiteral("--kind is original, thumb or preview")};
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
    QStringList args{demo->eventId, demo->photosDir};
    if (a.has("json")) args << QStringLiteral("--json");
    const int rc = cmdImport(cat, args);
    if (rc == kOk) {
        auto n = cat.photoCount(demo->eventId);
        if (!check(n, code)) return code;
        std::fprintf(say, "the event now holds %d photo(s); list them with: proofdesk-cli --catalog '%s' photos '%s'\n",
                     n.value(), qPrintable(cat.dir()), qPrintable(demo->name));
    }
    return rc;
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
        {"flag", cmdFlag}, {"select", cmdSelect}, {"export", cmdExport}, {"catalog", cmdCatalog}, {"demo", cmdDemo}};
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
