// proofdesk-cli's event commands: event (create, list, show, set, archive, attach), import,
// jobs, catalog check and demo.
#include "event_commands.h"

#include "cli_support.h"
#include "publish_commands.h"
#include "terminal_progress.h"

#include "pd/db/catalog.h"
#include "pd/db/catalog_check.h"
#include "pd/db/demo_event.h"
#include "pd/db/event_archive.h"
#include "pd/db/importer.h"
#include "pd/db/watermark_presets.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdio>

namespace pd::cli {

namespace {

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

int reportImport(const ImportSummary& s, bool json) {
    if (json) printJson(summaryJson(s));
    else
        std::printf("%d imported, %d duplicate(s) skipped, %d failed%s\n", s.imported, s.duplicates, int(s.failed.size()),
                    s.cancelled ? " (cancelled)" : "");
    for (const auto& f : s.failed) std::fprintf(stderr, "failed: %s: %s\n", qPrintable(f.path), qPrintable(f.error));
    return s.failed.empty() ? kOk : kPartial;
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

} // namespace

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

} // namespace pd::cli
