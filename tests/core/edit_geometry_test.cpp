// Edit records, undo/redo, and the geometry of edits on every EXIF orientation.
#include <catch2/catch.hpp>

#include "pd/core/edit_geometry.h"
#include "pd/core/edit_history.h"
#include "pd/core/edited_renditions.h"
#include "pd/core/image_ops.h"
#include "test_support.h"

#include <QJsonDocument>
#include <QTransform>

#include <numbers>

using namespace pd;
using pd::test::compareImages;
using pd::test::makeQuadrantImage;
using pd::test::storeForOrientation;

namespace {

pd::test::SyntheticExif withOrientation(int orientation) {
    pd::test::SyntheticExif exif;
    exif.orientation = orientation;
    return exif;
}

// Every pixel different: any turn, flip or off-by-one crop shows.
QImage uniqueImage(int w, int h) {
    QImage img(w, h, QImage::Format_RGB888);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) img.setPixel(x, y, qRgb(x * 255 / w, y * 255 / h, (x * 7 + y * 13) % 256));
    return img;
}

bool same(const QImage& a, const QImage& b) {
    return a.convertToFormat(QImage::Format_RGB888) == b.convertToFormat(QImage::Format_RGB888);
}

// The expected picture, made with Qt's own transforms, independently of Dihedral.
QImage turnedCw(const QImage& i) { return i.transformed(QTransform().rotate(90)); }

QRect pixelsOf(const QRectF& f, QSize frame) {
    const int x0 = int(std::lround(f.left() * frame.width())), x1 = int(std::lround(f.right() * frame.width()));
    const int y0 = int(std::lround(f.top() * frame.height())), y1 = int(std::lround(f.bottom() * frame.height()));
    return QRect(x0, y0, x1 - x0, y1 - y0);
}

// The dominant colour name of a region: which quadrant colour of makeQuadrantImage it shows.
char quadrantColour(const QImage& img, QPointF at) {
    const QImage rgb = img.convertToFormat(QImage::Format_RGB888);
    const QColor c = rgb.pixelColor(int(at.x() * (rgb.width() - 1)), int(at.y() * (rgb.height() - 1)));
    if (c.red() > 180 && c.green() > 180 && c.blue() > 180) return 'W';
    if (c.red() > 150 && c.green() < 90 && c.blue() < 90) return 'R';
    if (c.green() > 130 && c.red() < 90 && c.blue() < 90) return 'G';
    if (c.blue() > 150 && c.red() < 90 && c.green() < 90) return 'B';
    return '?';
}

} // namespace

TEST_CASE("edit operations are versioned JSON records and survive a round trip exactly", "[core][edits]") {
    const EditList edits{RotateOp{1}, FlipOp{FlipAxis::Vertical}, CropOp{0.1, 0.125, 0.5, 0.6, QStringLiteral("2:3")},
                         StraightenOp{-2.75}, RotateOp{-1}, FlipOp{FlipAxis::Horizontal}};
    const QJsonObject rotate = editOperationToJson(RotateOp{1});
    CHECK(QJsonDocument(rotate).toJson(QJsonDocument::Compact) == R"({"op":"rotate","turns":1,"v":1})");
    for (const QJsonValue& v : editListToJson(edits)) CHECK(v.toObject().value("v").toInt() == 1);

    auto back = editListFromText(editListToText(edits));
    REQUIRE(back.ok());
    CHECK(back.value() == edits);
    CHECK(editListToText({}) == "[]");

    auto newer = editListFromText(R"([{"op":"rotate","v":2,"turns":1}])");
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().code == ErrorCode::UnsupportedFormat);
    CHECK(newer.error().message.contains("newer Proofdesk"));
    auto unknown = editListFromText(R"([{"op":"vignette","v":1}])");
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code == ErrorCode::UnsupportedFormat);
    CHECK_FALSE(editListFromText(R"([{"op":"crop","v":1,"x":0.5,"y":0,"w":0.8,"h":1}])").ok());   // past the right edge
    CHECK_FALSE(editListFromText(R"([{"op":"straighten","v":1,"degrees":60}])").ok());
    CHECK_FALSE(editListFromText(R"([{"op":"flip","v":1,"axis":"d"}])").ok());
    CHECK_FALSE(editListFromText(R"({"op":"rotate"})").ok());
    CHECK_FALSE(validateEditOperation(RotateOp{0}).ok());
    CHECK_FALSE(validateEditOperation(CropOp{0, 0, 0, 1, {}}).ok());
    CHECK_FALSE(validateEditOperation(CropOp{0, 0, 1, 1, QStringLiteral("wide")}).ok());
}

TEST_CASE("undo and redo restore the exact operation lists", "[core][edits]") {
    EditHistory h;
    const EditList e0{};
    h.apply(RotateOp{1});
    const EditList e1{RotateOp{1}};
    h.apply(CropOp{0.1, 0.1, 0.8, 0.7, {}});
    const EditList e2{RotateOp{1}, CropOp{0.1, 0.1, 0.8, 0.7, {}}};
    h.apply(StraightenOp{1.5});
    const EditList e3{RotateOp{1}, CropOp{0.1, 0.1, 0.8, 0.7, {}}, StraightenOp{1.5}};
    CHECK(h.current() == e3);

    REQUIRE(h.undo());
    CHECK(h.current() == e2);
    REQUIRE(h.undo());
    CHECK(h.current() == e1);
    REQUIRE(h.redo());
    CHECK(h.current() == e2);
    REQUIRE(h.redo());
    CHECK(h.current() == e3);
    CHECK_FALSE(h.redo());
    CHECK(h.current() == e3);

    // Reset is one undoable step; a reset of nothing records nothing.
    CHECK(h.replace({}));
    CHECK(h.current() == e0);
    CHECK_FALSE(h.replace({}));
    REQUIRE(h.undo());
    CHECK(h.current() == e3);

    // A new edit after an undo drops the redo stack.
    REQUIRE(h.undo());
    h.apply(FlipOp{FlipAxis::Horizontal});
    CHECK_FALSE(h.canRedo());
    CHECK(h.current() == EditList{RotateOp{1}, CropOp{0.1, 0.1, 0.8, 0.7, {}}, FlipOp{FlipAxis::Horizontal}});

    // The stacks survive the catalog's JSON form exactly.
    auto stored = EditHistory::fromJson(h.current(), h.stacksToJson());
    REQUIRE(stored.ok());
    CHECK(stored.value() == h);
    while (h.undo()) {}
    CHECK(h.current() == e0);

    EditHistory capped;
    for (int i = 0; i < EditHistory::kMaxUndo + 20; ++i) capped.apply(StraightenOp{double(i % 40)});
    CHECK(capped.undoStack().size() == size_t(EditHistory::kMaxUndo));
}

TEST_CASE("dihedral transforms compose like the pixel operations they stand for", "[core][edits]") {
    const QImage img = uniqueImage(7, 4);
    for (int a = 1; a <= 8; ++a) {
        const Dihedral da = Dihedral::fromExifOrientation(a);
        INFO("orientation " << a);
        CHECK(da.apply(img) == applyExifOrientation(img, a).convertToFormat(img.format()));
        CHECK(da.then(da.inverted()).isIdentity());
        CHECK(da.inverted().apply(da.apply(img)) == img);
        for (int b = 1; b <= 8; ++b) {
            const Dihedral db = Dihedral::fromExifOrientation(b);
            CHECK(da.then(db).apply(img) == db.apply(da.apply(img)));
        }
        // A rectangle given in fractions lands where its pixels went.
        const QRectF unit(1.0 / 7, 1.0 / 4, 3.0 / 7, 2.0 / 4);
        const QImage cropThenTurn = da.apply(img.copy(QRect(1, 1, 3, 2)));
        const QImage turned = da.apply(img);
        CHECK(turned.copy(pixelsOf(da.mapUnit(unit), turned.size())) == cropThenTurn);
    }
}

TEST_CASE("edits compose correctly on all eight EXIF orientations", "[core][edits]") {
    // Upright picture 600 x 400; the user turns it clockwise, mirrors it, then crops a region
    // given as fractions of what they see.
    const QImage upright = uniqueImage(600, 400);
    const CropOp crop{0.1, 0.2, 0.5, 0.6, {}};
    const EditList edits{RotateOp{1}, FlipOp{FlipAxis::Horizontal}, crop};
    const QImage seen = turnedCw(upright).mirrored(true, false);   // 400 x 600
    const QImage expected = seen.copy(pixelsOf(QRectF(crop.x, crop.y, crop.width, crop.height), seen.size()));
    REQUIRE(expected.size() == QSize(200, 360));

    for (int o = 1; o <= 8; ++o) {
        INFO("EXIF orientation " << o);
        const QImage stored = storeForOrientation(upright, o);
        const EditGeometry g = resolveEdits(edits, upright.size());
        CHECK(g.outputSize(upright.size()) == expected.size());
        CHECK(same(renderEditedImage(stored, o, g), expected));
        CHECK(same(renderEdits(applyExifOrientation(stored, o), g), expected));
        // At a reduced size the same picture, resampled.
        const QImage half = renderEditedImage(stored, o, g, QSize(100, 180));
        CHECK(half.size() == QSize(100, 180));
        CHECK(compareImages(half, expected.scaled(100, 180, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)).mean < 3.0);
    }
}

TEST_CASE("edited renditions of JPEGs show the expected quadrants on every orientation", "[core][edits]") {
    // Red top-left, green top-right, blue bottom-left, white bottom-right when upright.
    const QImage upright = makeQuadrantImage(960, 640);
    struct Case { EditList edits; const char* topLeft, *topRight, *bottomLeft, *bottomRight; QSize thumb; };
    const Case cases[] = {
        {{}, "R", "G", "B", "W", {400, 267}},
        {{RotateOp{1}}, "B", "R", "W", "G", {267, 400}},
        {{RotateOp{-1}}, "G", "W", "R", "B", {267, 400}},
        {{FlipOp{FlipAxis::Horizontal}}, "G", "R", "W", "B", {400, 267}},
        {{FlipOp{FlipAxis::Vertical}}, "B", "W", "R", "G", {400, 267}},
        // The right half only (green above white, 480 x 640), then turned clockwise: 640 x 480.
        {{CropOp{0.5, 0, 0.5, 1, {}}, RotateOp{1}}, "W", "G", "W", "G", {400, 300}},
    };
    for (int o = 1; o <= 8; ++o) {
        const QByteArray jpeg = pd::test::makeJpeg(storeForOrientation(upright, o), withOrientation(o));
        for (const Case& c : cases) {
            INFO("orientation " << o << ", edits " << editListToText(c.edits).toStdString());
            auto r = makeEditedRenditions(jpeg, c.edits);
            REQUIRE(r.ok());
            CHECK(r->width == 960);   // the original's oriented size, whatever the edits
            CHECK(r->height == 640);
            const QImage thumb = pd::test::decodeJpegWithQt(r->thumbnail.jpeg);
            CHECK(thumb.size() == c.thumb);
            CHECK(quadrantColour(thumb, {0.2, 0.2}) == c.topLeft[0]);
            CHECK(quadrantColour(thumb, {0.8, 0.2}) == c.topRight[0]);
            CHECK(quadrantColour(thumb, {0.2, 0.8}) == c.bottomLeft[0]);
            CHECK(quadrantColour(thumb, {0.8, 0.8}) == c.bottomRight[0]);
        }
    }
}

TEST_CASE("straightening keeps the crop inside the picture and is undone by straighten 0", "[core][edits]") {
    QImage grey(900, 600, QImage::Format_RGB888);
    grey.fill(QColor(90, 120, 150));
    const QSize size = grey.size();
    for (double degrees : {10.0, -10.0, 44.0}) {
        INFO("degrees " << degrees);
        const EditGeometry g = resolveEdits({StraightenOp{degrees}}, size);
        const QImage out = renderEdits(grey, g);
        REQUIRE_FALSE(out.isNull());
        // The frame's shape is kept, and no background shows anywhere (corners included).
        CHECK(std::abs(double(out.width()) / out.height() - 1.5) < 0.01);
        QImage flat(out.size(), QImage::Format_RGB888);
        flat.fill(QColor(90, 120, 150));
        CHECK(compareImages(out, flat).max <= 2);
        CHECK(out.width() < 900);
    }
    // The largest 3:2 rectangle inside a 900 x 600 picture turned 10 degrees (closed form).
    const double t = 10 * std::numbers::pi / 180;
    const double h = 600 / (std::cos(t) + 1.5 * std::sin(t));
    CHECK(std::abs(resolveEdits({StraightenOp{10}}, size).outputSize(size).height() - h) <= 2);

    // A crop made first is shrunk about its centre; setting the angle back restores it.
    const CropOp corner{0.05, 0.05, 0.4, 0.4, {}};
    const EditGeometry tilted = resolveEdits({corner, StraightenOp{8}}, size);
    CHECK(tilted.crop.width() < 0.4);
    CHECK(renderEdits(grey, tilted).size().isValid());
    QImage flat(renderEdits(grey, tilted).size(), QImage::Format_RGB888);
    flat.fill(QColor(90, 120, 150));
    CHECK(compareImages(renderEdits(grey, tilted), flat).max <= 2);
    const EditGeometry back = resolveEdits({corner, StraightenOp{8}, StraightenOp{0}}, size);
    CHECK(back.crop == QRectF(0.05, 0.05, 0.4, 0.4));
    CHECK(resolveEdits({StraightenOp{5}, StraightenOp{0}}, size).isIdentity());
    // Mirroring a tilted picture tilts it the other way.
    CHECK(resolveEdits({StraightenOp{5}, FlipOp{FlipAxis::Horizontal}}, size).straighten == -5);
}

TEST_CASE("crop aspects: print shapes follow the frame and survive pasting onto other shapes", "[core][edits]") {
    CHECK(cropAspectRatio(QStringLiteral("2:3"), {}) == Approx(1.5));
    CHECK(cropAspectRatio(QStringLiteral("4x5"), {}) == Approx(1.25));
    CHECK(cropAspectRatio(QStringLiteral("original"), QSize(4000, 3000)) == Approx(4.0 / 3));
    CHECK_FALSE(cropAspectRatio(QStringLiteral("free"), {}).has_value());
    CHECK(isValidCropAspect(QStringLiteral("16:9")));
    for (const CropAspectPreset& p : cropAspectPresets()) CHECK(isValidCropAspect(p.aspect));
    CHECK(cropAspectPresets().size() == 7);
    CHECK_FALSE(isValidCropAspect(QStringLiteral("16:")));

    // A centred 4:5 crop of a landscape frame is landscape, of a portrait frame portrait.
    const QRectF land = centredAspectCrop(QSizeF(4000, 3000), 1.25);
    CHECK(land.width() * 4000 / (land.height() * 3000) == Approx(1.25));
    const QRectF port = centredAspectCrop(QSizeF(3000, 4000), 1.25);
    CHECK(port.height() * 4000 / (port.width() * 3000) == Approx(1.25));

    // A 2:3 crop drawn on a 3:2 photo, pasted onto a square one, is still 2:3 there.
    const QRectF drawn = centredAspectCrop(QSizeF(3000, 2000), 1.5);
    const EditList edits{CropOp{drawn.x(), drawn.y(), drawn.width(), drawn.height(), QStringLiteral("2:3")}};
    CHECK(resolveEdits(edits, QSize(3000, 2000)).outputSize(QSize(3000, 2000)) == QSize(3000, 2000));
    const QSize onSquare = resolveEdits(edits, QSize(2000, 2000)).outputSize(QSize(2000, 2000));
    CHECK(hasAspect(onSquare, 1.5));

    // A print size narrows a crop of another shape about its centre, and leaves one of its shape.
    const EditGeometry full = resolveEdits({}, QSize(4000, 3000));
    const EditGeometry sized = withPrintAspect(full, QSize(4000, 3000), 1.5);
    CHECK(sized.outputSize(QSize(4000, 3000)).width() == 4000);
    CHECK(hasAspect(sized.outputSize(QSize(4000, 3000)), 1.5));
    CHECK(sized.crop.center().y() == Approx(0.5));
    const EditGeometry already = resolveEdits({CropOp{0, 0, 0.75, 1, {}}}, QSize(4000, 3000));   // 3000 x 3000
    CHECK(withPrintAspect(already, QSize(4000, 3000), 1.0).crop == already.crop);
}
