// Exports from the catalog: file names from a template, proofs from the current preview (or the
// original when it is stale), the event's watermark on proofs only, byte-identical print files.
#include <catch2/catch.hpp>

#include "db_fixture.h"
#include "test_support.h"

#include "pd/db/importer.h"
#include "pd/db/photo_edits.h"
#include "pd/db/photo_export.h"
#include "pd/db/rendition_rebuilder.h"
#include "pd/db/watermark_presets.h"

#include <QDir>
#include <QFileInfo>
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

QStringList importFlat(Catalog& c, const QString& event, const QString& dir, int count, QSize size = QSize(1500, 1000)) {
    QStringList paths, hashes;
    for (int i = 0; i < count; ++i) {
        QImage img(size, QImage::Format_RGB888);
        img.fill(QColor(60 + 10 * i, 90, 120));   // flat: a watermark is easy to find
        pd::test::SyntheticExif exif;
        exif.capturedAt = QDateTime(QDate(2026, 7, 4), QTime(18, 0, i));
        exif.copyright = QStringLiteral("\u00A9 Lee Studio");
        const QString path = QStringLiteral("%1/DSC_%2.JPG").arg(dir).arg(i + 1);
        const QByteArray jpeg = pd::test::makeJpeg(img, exif);
        pd::test::writeFile(path, jpeg);
        paths << path;
        hashes << pd::test::sha256Of(jpeg);
    }
    CancelToken cancel;
    auto s = runImport(c, {event, {}, paths, 2}, nullptr, cancel);
    REQUIRE(s.ok());
    REQUIRE(s->imported == count);
    QStringList ids;
    for (const auto& p : c.photos(c.requireEvent(event)->id).value())
        if (hashes.contains(p.sha256)) ids << p.id;
    return ids;
}

// How many pixels differ clearly from the flat colour of the picture.
int markedPixels(const QImage& img) {
    const QImage rgb = img.convertToFormat(QImage::Format_RGB888);
    const QColor base = rgb.pixelColor(rgb.width() / 2, rgb.height() / 2);
    int n = 0;
    for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x) {
            const QColor c = rgb.pixelColor(x, y);
            n += std::abs(c.red() - base.red()) + std::abs(c.green() - base.green()) + std::abs(c.blue() - base.blue()) > 60;
        }
    return n;
}

struct Exported {
    BatchExportSummary summary;
    QStringList names;
};

Exported run(Catalog& c, const BatchExportRequest& req) {
    CancelToken cancel;
    auto s = exportPhotos(c, req, nullptr, cancel);
    INFO((s.ok() ? QString() : s.error().toString()).toStdString());
    REQUIRE(s.ok());
    Exported e{s.value(), {}};
    for (const auto& f : e.summary.written) e.names << QFileInfo(f.path).fileName();
    return e;
}

} // namespace

TEST_CASE("file-name templates number, pad and clean names", "[db][export]") {
    FileNameFields f{QStringLiteral("Smith / Jones"), 7, QStringLiteral("IMG_0042"), QStringLiteral("id"), QDate(2026, 7, 4),
                     QStringLiteral("proof"), QStringLiteral("2048px"), QStringLiteral("Ceremony")};
    CHECK(expandFileNameTemplate(QStringLiteral("{event}-{seq:03}-{filename}"), f).value() == "Smith _ Jones-007-IMG_0042");
    CHECK(expandFileNameTemplate(QStringLiteral("{date}_{seq}_{kind}_{size}"), f).value() == "2026-07-04_7_proof_2048px");
    CHECK(expandFileNameTemplate(QStringLiteral("{category}/{filename}"), f).value() == "Ceremony_IMG_0042");
    CHECK(expandFileNameTemplate(QStringLiteral("{nope}"), f).error().code == ErrorCode::InvalidArgument);
    CHECK_FALSE(expandFileNameTemplate(QStringLiteral("{filename"), f).ok());
    CHECK_FALSE(expandFileNameTemplate(QStringLiteral("{filename:03}"), f).ok());
    CHECK_FALSE(expandFileNameTemplate(QStringLiteral(""), f).ok());
}

TEST_CASE("proofs carry the event's watermark, come from the current preview, and prints never do", "[db][export]") {
    TempCatalog c;
    auto e = c->createEvent(named(QStringLiteral("Smith"), QDate(2026, 7, 4), QStringLiteral("Lee Studio")));
    REQUIRE(e.ok());
    QTemporaryDir src, out;
    const QStringList ids = importFlat(*c, QStringLiteral("Smith"), src.path(), 3);

    WatermarkPreset mark;
    mark.name = QStringLiteral("Studio");
    mark.text = QStringLiteral("LEE STUDIO");
    mark.colour = QColor(255, 255, 255);
    mark.opacity = 1.0;
    auto preset = addWatermarkPreset(*c, mark);
    REQUIRE(preset.ok());
    EventRecord event = e.value();
    event.watermarkPresetId = preset->id;
    event.proofSize = 1200;
    REQUIRE(c->updateEvent(event).ok());

    BatchExportRequest req;
    req.photoIds = ids;
    req.folder = out.filePath("proofs");
    req.options.kind = ExportKind::Proof;
    req.fileNameTemplate = QStringLiteral("{event}-{seq:03}-{filename}");
    req.jobs = 2;
    Exported proofs = run(*c, req);
    REQUIRE(proofs.summary.failed.empty());
    CHECK(proofs.names == QStringList{"Smith-001-DSC_1.jpg", "Smith-002-DSC_2.jpg", "Smith-003-DSC_3.jpg"});
    for (const auto& f : proofs.summary.written) {
        CHECK(f.method == "preview");   // no second decode of the original
        const QImage img(f.path);
        CHECK(img.size() == QSize(1200, 800));
        CHECK(markedPixels(img) > 200);
        auto meta = readPhotoMetadata(pd::test::readFile(f.path));
        REQUIRE(meta.ok());
        CHECK(meta->copyright == "\u00A9 Lee Studio");
        CHECK(meta->creator == "Lee Studio");   // from the event's photographer
    }

    // "none" leaves the proof unmarked.
    req.folder = out.filePath("clean");
    req.options.watermark.mode = WatermarkChoice::Mode::None;
    for (const auto& f : run(*c, req).summary.written) CHECK(markedPixels(QImage(f.path)) == 0);

    // Edited but not yet rebuilt: the stale preview cannot serve, the original does.
    REQUIRE(applyPhotoEdit(*c, ids[0], CropOp{0, 0, 0.5, 1, {}}).ok());
    req.photoIds = {ids[0]};
    req.folder = out.filePath("stale");
    req.options.watermark = {};
    Exported stale = run(*c, req);
    REQUIRE(stale.summary.written.size() == 1);
    CHECK(stale.summary.written[0].method == "original");
    CHECK(QImage(stale.summary.written[0].path).size() == QSize(750, 1000));
    RenditionRebuilder rebuilder(2);
    REQUIRE(rebuilder.rebuild(*c, {ids[0]}).ok());
    req.folder = out.filePath("fresh");
    CHECK(run(*c, req).summary.written[0].method == "preview");

    // Print files: never watermarked; an unedited one is the original byte for byte.
    req.photoIds = ids;
    req.folder = out.filePath("prints");
    req.options = ExportOptions{};
    req.options.kind = ExportKind::Print;
    req.options.printSize = parsePrintSize(QStringLiteral("4x6"));
    req.fileNameTemplate = QStringLiteral("{filename}_{size}");
    Exported prints = run(*c, req);
    REQUIRE(prints.summary.written.size() == 3);
    CHECK(prints.names[1] == "DSC_2_4x6.jpg");
    for (int i = 1; i < 3; ++i) {
        CHECK(prints.summary.written[size_t(i)].method == "original");
        CHECK(pd::test::readFile(prints.summary.written[size_t(i)].path) == pd::test::readFile(src.filePath(QStringLiteral("DSC_%1.JPG").arg(i + 1))));
    }
    const QImage edited(prints.summary.written[0].path);   // the left half (750 x 1000), then 4x6 of that
    INFO("print " << edited.width() << "x" << edited.height() << " by " << prints.summary.written[0].method.toStdString());
    CHECK(edited.height() == 1000);
    CHECK(std::abs(edited.width() - 667) <= 1);
    CHECK(markedPixels(edited) == 0);

    // A watermark is refused for anything but a proof.
    req.options.watermark = {WatermarkChoice::Mode::Preset, QStringLiteral("Studio")};
    CancelToken cancel;
    CHECK(exportPhotos(*c, req, nullptr, cancel).error().message.contains("proofs only"));
}

TEST_CASE("an export never writes two photos to one file, and reports a bad photo without stopping", "[db][export]") {
    TempCatalog c;
    REQUIRE(c->createEvent(named(QStringLiteral("E"))).ok());
    QTemporaryDir a, b, out;
    const QStringList first = importFlat(*c, QStringLiteral("E"), a.path(), 1);
    const QStringList second = importFlat(*c, QStringLiteral("E"), b.path(), 1, QSize(1200, 900));   // also DSC_1.JPG
    BatchExportRequest req;
    req.photoIds = {first[0], QStringLiteral("no-such-photo"), second[0]};
    req.folder = out.filePath("x");
    req.options.kind = ExportKind::Original;
    Exported e = run(*c, req);
    CHECK(e.names == QStringList{"DSC_1.jpg", "DSC_1-2.jpg"});
    REQUIRE(e.summary.failed.size() == 1);
    CHECK(e.summary.failed[0].photoId == "no-such-photo");
    CHECK(pd::test::readFile(e.summary.written[1].path) == pd::test::readFile(b.filePath("DSC_1.JPG")));

    req.fileNameTemplate = QStringLiteral("{nope}");
    req.folder = out.filePath("never");
    CancelToken cancel;
    CHECK_FALSE(exportPhotos(*c, req, nullptr, cancel).ok());
    CHECK_FALSE(QFileInfo::exists(out.filePath("never")));
}
