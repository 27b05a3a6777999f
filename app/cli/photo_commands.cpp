// proofdesk-cli's photo commands: photos, rate, label, flag, select, edit and renditions.
#include "photo_commands.h"

#include "cli_support.h"

#include "pd/db/catalog.h"
#include "pd/db/photo_edits.h"
#include "pd/db/rendition_rebuilder.h"

#include "pd/core/edit_geometry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QThread>

#include <cstdio>
#include <vector>

namespace pd::cli {

namespace {

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

} // namespace

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

} // namespace pd::cli
