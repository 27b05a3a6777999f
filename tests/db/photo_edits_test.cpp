// Edits in the catalog: renditions rebuilt (and stale ones found), undo/redo across connections,
// copying edits onto a selection, watermark presets, archive/attach carrying all of it.
#include <catch2/catch.hpp>

#include "db_fixture.h"
#include "test_support.h"

#include "pd/db/event_archive.h"
#include "pd/db/importer.h"
#include "pd/db/photo_edits.h"
#include "pd/db/rendition_rebuilder.h"
#include "pd/db/watermark_presets.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QTemporaryDir>

using namespace pd;
using pd::test::TempCatalog;

namespace {

NewEvent named(const QString& name, QDate date = {}, const QString& photographer = {}) {
    NewEvent e;
    e.name = name;
    e.date = date;
    e.photographer = photographer;
    return e;
}

// Imports quadrant pictures (red top-left, green top-right, blue bottom-left, white
// bottom-right when upright), stored under the given EXIF orientations.
QStringList importQuadrants(Catalog& c, const QString& event, const QString& dir, std::initializer_list<int> orientations,
                            QSize upright = QSize(1200, 800)) {
    QStringList paths;
    int i = 0;
    for (int o : orientations) {
        pd::test::SyntheticExif exif;
        exif.orientation = o;
        exif.capturedAt = QDateTime(QDate(2026, 5, 1), QTime(12, 0, i));
        const QString path = QStringLiteral("%1/IMG_%2.JPG").arg(dir).arg(100 + i++);
        pd::test::writeFile(path, pd::test::makeJpeg(pd::test::storeForOrientation(pd::test::makeQuadrantImage(upright.width(), upright.height()), o), exif));
        paths << path;
    }
    CancelToken cancel;
    auto s = runImport(c, {event, {}, paths, 2}, nullptr, cancel);
    REQUIRE(s.ok());
    REQUIRE(s->imported == int(paths.size()));
    auto photos = c.photos(c.requireEvent(event)->id);
    REQUIRE(photos.ok());
    QStringList ids;
    for (const auto& p : photos.value()) ids << p.id;
    return ids;
}

Rendition renditionOf(Catalog& c, const QString& id, const char* kind) {
    auto r = c.rendition(id, QString::fromLatin1(kind));
    REQUIRE(r.ok());
    REQUIRE(r.value());
    return *r.value();
}

char colourAt(const QImage& img, double fx, double fy) {
    const QColor c = img.pixelColor(int(fx * (img.width() - 1)), int(fy * (img.height() - 1)));
    if (c.red() > 180 && c.green() > 180 && c.blue() > 180) return 'W';
    if (c.red() > 150 && c.green() < 90) return 'R';
    if (c.green() > 130 && c.red() < 90) return 'G';
    if (c.blue() > 150 && c.red() < 90) return 'B';
    return '?';
}

QString corners(const QImage& img) {
    return QString(QChar(colourAt(img, 0.2, 0.2))) + QChar(colourAt(img, 0.8, 0.2)) + QChar(colourAt(img, 0.2, 0.8)) +
           QChar(colourAt(img, 0.8, 0.8));
}

QImage thumbImage(Catalog& c, const QString& id) { return pd::test::decodeJpegWithQt(renditionOf(c, id, "thumb").jpeg); }

} // namespace

TEST_CASE("renditions are rebuilt after an edit and record the edit version they show", "[db][edits]") {
    TempCatalog c;
    REQUIRE(c->createEvent(named(QStringLiteral("Wedding"))).ok());
    QTemporaryDir src;
    const QStringList ids = importQuadrants(*c, "Wedding", src.path(), {6});
    const QString id = ids[0];
    Rendition thumb = renditionOf(*c, id, "thumb");
    CHECK(QSize(thumb.width, thumb.height) == QSize(400, 267));
    CHECK(thumb.editVersion == 0);
    CHECK(corners(thumbImage(*c, id)) == "RGBW");
    auto stale = photosWithStaleRenditions(*c);
    REQUIRE(stale.ok());
    CHECK(stale->isEmpty());

    auto edited = applyPhotoEdit(*c, id, RotateOp{1});
    REQUIRE(edited.ok());
    CHECK(edited->editVersion == 1);
    stale = photosWithStaleRenditions(*c);
    REQUIRE(stale.ok());
    CHECK(stale.value() == QStringList{id});

    RenditionRebuilder rebuilder(2);
    auto summary = rebuilder.rebuild(*c, {id});
    REQUIRE(summary.ok());
    CHECK(summary->rebuilt == 1);
    CHECK(summary->failed.empty());
    thumb = renditionOf(*c, id, "thumb");
    const Rendition preview = renditionOf(*c, id, "preview");
    CHECK(QSize(thumb.width, thumb.height) == QSize(267, 400));   // turned: portrait now
    CHECK(QSize(preview.width, preview.height) == QSize(800, 1200));
    CHECK(thumb.editVersion == 1);
    CHECK(preview.editVersion == 1);
    CHECK(corners(thumbImage(*c, id)) == "BRWG");
    CHECK(photosWithStaleRenditions(*c)->isEmpty());

    // A crop of the turned picture's top half: blue beside red, 800 x 600.
    REQUIRE(applyPhotoEdit(*c, id, CropOp{0, 0, 1, 0.5, {}}).ok());
    REQUIRE(rebuilder.rebuild(*c, {id}).ok());
    thumb = renditionOf(*c, id, "thumb");
    CHECK(QSize(thumb.width, thumb.height) == QSize(400, 300));
    CHECK(thumb.editVersion == 2);
    CHECK(colourAt(thumbImage(*c, id), 0.25, 0.5) == 'B');
    CHECK(colourAt(thumbImage(*c, id), 0.75, 0.5) == 'R');

    // Reset: the import's renditions again.
    REQUIRE(resetPhotoEdits(*c, id).ok());
    REQUIRE(rebuilder.rebuild(*c, {id}).ok());
    thumb = renditionOf(*c, id, "thumb");
    CHECK(QSize(thumb.width, thumb.height) == QSize(400, 267));
    CHECK(thumb.editVersion == 3);
    CHECK(corners(thumbImage(*c, id)) == "RGBW");
}

TEST_CASE("a rebuild that finishes after the photo was edited again is dropped", "[db][edits]") {
    TempCatalog c;
    REQUIRE(c->createEvent(named(QStringLiteral("E"))).ok());
    QTemporaryDir src;
    const QString id = importQuadrants(*c, "E", src.path(), {1})[0];
    REQUIRE(applyPhotoEdit(*c, id, RotateOp{1}).ok());
    auto oldJob = prepareRenditionJob(*c, id);
    REQUIRE(oldJob.ok());
    REQUIRE(applyPhotoEdit(*c, id, RotateOp{1}).ok());   // version 2 while version 1 is being made

    // Asynchronously, as the GUI does: the result comes back through the event loop.
    RenditionRebuilder rebuilder(1);
    QObject context;
    std::optional<Result<bool>> stored;
    rebuilder.submit(oldJob.value()).then(&context, [&](const RebuiltRenditions& made) { stored = storeRenditions(*c, made); });
    const QDeadlineTimer guard(120000);   // a hang guard, not a timing assertion
    while (!stored && !guard.hasExpired()) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    REQUIRE(stored.has_value());
    REQUIRE(stored->ok());
    CHECK_FALSE(stored->value());   // dropped: it shows version 1
    CHECK(renditionOf(*c, id, "thumb").editVersion == 0);

    auto fresh = prepareRenditionJob(*c, id);
    REQUIRE(fresh.ok());
    const RebuiltRenditions made = rebuilder.submit(fresh.value()).result();
    auto ok = storeRenditions(*c, made);
    REQUIRE(ok.ok());
    CHECK(ok.value());
    CHECK(renditionOf(*c, id, "thumb").editVersion == 2);
    CHECK(corners(thumbImage(*c, id)) == "WBGR");   // half a turn
}

TEST_CASE("undo and redo restore exact edit lists, also from another connection", "[db][edits]") {
    TempCatalog c;
    REQUIRE(c->createEvent(named(QStringLiteral("E"))).ok());
    QTemporaryDir src;
    const QString id = importQuadrants(*c, "E", src.path(), {1})[0];
    const EditOperation ops[] = {RotateOp{-1}, CropOp{0.125, 0.25, 0.5, 0.375, QStringLiteral("4:3")}, StraightenOp{2.5}};
    EditList expected;
    std::vector<EditList> lists{expected};
    for (const EditOperation& op : ops) {
        auto s = applyPhotoEdit(*c, id, op);
        REQUIRE(s.ok());
        expected.push_back(op);
        CHECK(s->edits() == expected);
        lists.push_back(expected);
    }
    CHECK_FALSE(applyPhotoEdit(*c, id, StraightenOp{90}).ok());   // refused, and not recorded
    CHECK(loadPhotoEdits(*c, id)->edits() == expected);

    auto other = Catalog::open(c->dir());
    REQUIRE(other.ok());
    for (int i = 2; i >= 0; --i) {
        auto s = undoPhotoEdit(**other, id);
        REQUIRE(s.ok());
        CHECK(s->edits() == lists[size_t(i)]);
    }
    auto none = undoPhotoEdit(*c, id);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().message.contains("nothing to undo"));
    for (int i = 1; i <= 3; ++i) {
        auto s = redoPhotoEdit(*c, id);
        REQUIRE(s.ok());
        CHECK(s->edits() == lists[size_t(i)]);
    }
    CHECK_FALSE(redoPhotoEdit(*c, id).ok());
    CHECK(c->requirePhoto(id)->edits == expected);
    // Every change raised the version.
    CHECK(c->requirePhoto(id)->editVersion == 3 + 3 + 3);
}

TEST_CASE("edits are copied onto a selection, all or nothing", "[db][edits]") {
    TempCatalog c;
    REQUIRE(c->createEvent(named(QStringLiteral("E"))).ok());
    QTemporaryDir src;
    const QStringList ids = importQuadrants(*c, "E", src.path(), {1, 6, 8});
    const EditList edits{FlipOp{FlipAxis::Horizontal}, CropOp{0.1, 0.1, 0.8, 0.8, {}}};
    for (const EditOperation& op : edits) REQUIRE(applyPhotoEdit(*c, ids[0], op).ok());

    auto bad = copyPhotoEdits(*c, ids[0], {ids[1], QStringLiteral("no-such-photo")});
    REQUIRE_FALSE(bad.ok());
    CHECK(c->requirePhoto(ids[1])->edits.empty());   // nothing changed
    CHECK_FALSE(copyPhotoEdits(*c, ids[0], {ids[0]}).ok());

    auto copied = copyPhotoEdits(*c, ids[0], {ids[1], ids[2]});
    REQUIRE(copied.ok());
    REQUIRE(copied->size() == 2);
    for (const QString& id : {ids[1], ids[2]}) {
        CHECK(c->requirePhoto(id)->edits == edits);
        CHECK(c->requirePhoto(id)->editVersion == 1);
    }
    // One undo step each.
    CHECK(undoPhotoEdit(*c, ids[1])->edits().empty());
    RenditionRebuilder rebuilder(2);
    auto s = rebuilder.rebuild(*c, {ids[1], ids[2]});
    REQUIRE(s.ok());
    CHECK(s->rebuilt == 2);
    CHECK(corners(thumbImage(*c, ids[2])) == "GRWB");   // mirrored, whatever the camera's orientation
}

TEST_CASE("watermark presets are stored, named uniquely, and kept while an event uses them", "[db][watermark]") {
    TempCatalog c;
    WatermarkPreset p;
    p.name = QStringLiteral("Studio");
    p.text = QStringLiteral("\u00A9 Studio");
    p.logo = QByteArray(R"(<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>)");
    p.position = WatermarkPosition::Tiled;
    auto added = addWatermarkPreset(*c, p);
    REQUIRE(added.ok());
    auto byName = requireWatermarkPreset(*c, QStringLiteral("Studio"));
    REQUIRE(byName.ok());
    CHECK(byName->preset == p);
    CHECK(requireWatermarkPreset(*c, QString::number(added->id))->preset.name == "Studio");
    CHECK(addWatermarkPreset(*c, p).error().code == ErrorCode::AlreadyExists);
    WatermarkPreset empty;
    empty.name = QStringLiteral("Empty");
    CHECK(addWatermarkPreset(*c, empty).error().code == ErrorCode::InvalidArgument);
    auto missing = requireWatermarkPreset(*c, QStringLiteral("Nope"));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().message.contains("Studio"));   // names what there is

    auto e = c->createEvent(named(QStringLiteral("Gala")));
    REQUIRE(e.ok());
    EventRecord event = e.value();
    event.watermarkPresetId = added->id;
    event.proofSize = 1600;
    event.allowGps = true;
    REQUIRE(c->updateEvent(event).ok());
    const EventRecord back = c->requireEvent(QStringLiteral("Gala")).value();
    CHECK(back.watermarkPresetId == added->id);
    CHECK(back.proofSize == 1600);
    CHECK(back.allowGps);
    CHECK(eventWatermark(*c, back)->value().name == "Studio");
    auto refused = removeWatermarkPreset(*c, added->id);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.contains("Gala"));
    event.proofSize = 10;
    CHECK(c->updateEvent(event).error().code == ErrorCode::InvalidArgument);
    event.proofSize = 1600;
    event.watermarkPresetId.reset();
    REQUIRE(c->updateEvent(event).ok());
    CHECK(removeWatermarkPreset(*c, added->id).ok());
    CHECK(watermarkPresets(*c)->empty());
}

TEST_CASE("archive and attach carry the edits, the event's proof settings and its watermark", "[db][edits][archive]") {
    QTemporaryDir dir;
    QString archive = dir.filePath("gala.pdvault");
    QString photoId;
    {
        auto c = Catalog::open(dir.filePath("studio"));
        REQUIRE(c.ok());
        Catalog& cat = **c;
        WatermarkPreset p;
        p.name = QStringLiteral("Gala mark");
        p.text = QStringLiteral("Gala 2026");
        p.opacity = 0.4;
        auto preset = addWatermarkPreset(cat, p);
        REQUIRE(preset.ok());
        auto e = cat.createEvent(named(QStringLiteral("Gala")));
        REQUIRE(e.ok());
        EventRecord event = e.value();
        event.watermarkPresetId = preset->id;
        event.proofSize = 1200;
        event.shareSize = 3000;
        event.allowGps = true;
        REQUIRE(cat.updateEvent(event).ok());
        photoId = importQuadrants(cat, "Gala", dir.filePath("src"), {6})[0];
        REQUIRE(applyPhotoEdit(cat, photoId, RotateOp{-1}).ok());
        REQUIRE(applyPhotoEdit(cat, photoId, CropOp{0, 0, 0.5, 1, {}}).ok());
        REQUIRE(archiveEvent(cat, QStringLiteral("Gala"), archive).ok());
    }
    auto other = Catalog::open(dir.filePath("other"));
    REQUIRE(other.ok());
    Catalog& cat = **other;
    auto attached = attachEvent(cat, archive, 2);
    INFO((attached.ok() ? QString() : attached.error().toString()).toStdString());
    REQUIRE(attached.ok());
    const EventRecord event = cat.requireEvent(QStringLiteral("Gala")).value();
    CHECK(event.proofSize == 1200);
    CHECK(event.shareSize == 3000);
    CHECK(event.allowGps);
    REQUIRE(event.watermarkPresetId.has_value());
    auto mark = eventWatermark(cat, event);
    REQUIRE(mark.ok());
    REQUIRE(mark->has_value());
    CHECK(mark->value().text == "Gala 2026");
    CHECK(mark->value().opacity == Approx(0.4));

    const PhotoRecord photo = cat.requirePhoto(photoId).value();
    CHECK(photo.edits == EditList{RotateOp{-1}, CropOp{0, 0, 0.5, 1, {}}});
    CHECK(photo.editVersion == 2);
    // Made again from the original through the edits: turned left (green, white over red, blue),
    // its left half kept: 400 x 1200, green above red.
    const Rendition thumb = renditionOf(cat, photoId, "thumb");
    CHECK(QSize(thumb.width, thumb.height) == QSize(133, 400));
    CHECK(thumb.editVersion == 2);
    const QImage img = thumbImage(cat, photoId);
    CHECK(colourAt(img, 0.5, 0.25) == 'G');
    CHECK(colourAt(img, 0.5, 0.75) == 'R');
    CHECK(photosWithStaleRenditions(cat)->isEmpty());
}
