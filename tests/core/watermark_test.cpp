// Watermarks: the same size relative to the short edge on every orientation and crop, logos with
// alpha (SVG and PNG), opacity, tiling, and the preset's JSON.
#include <catch2/catch.hpp>

#include "pd/core/proof.h"
#include "pd/core/watermark.h"
#include "test_support.h"

#include <QBuffer>
#include <QPainter>

using namespace pd;
using pd::test::makeJpeg;
using pd::test::storeForOrientation;

namespace {

pd::test::SyntheticExif withOrientation(int orientation) {
    pd::test::SyntheticExif exif;
    exif.orientation = orientation;
    return exif;
}

const QColor kGrey(128, 128, 128);

QImage flat(int w, int h) {
    QImage img(w, h, QImage::Format_RGB888);
    img.fill(kGrey);
    return img;
}

// The bounding box of pixels that look like the mark's colour.
template <typename Pred>
QRect boxOf(const QImage& image, Pred isMark) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    int x0 = rgb.width(), y0 = rgb.height(), x1 = -1, y1 = -1;
    for (int y = 0; y < rgb.height(); ++y) {
        const uchar* row = rgb.constScanLine(y);
        for (int x = 0; x < rgb.width(); ++x) {
            if (!isMark(row[3 * x], row[3 * x + 1], row[3 * x + 2])) continue;
            x0 = std::min(x0, x); y0 = std::min(y0, y); x1 = std::max(x1, x); y1 = std::max(y1, y);
        }
    }
    return x1 < 0 ? QRect() : QRect(QPoint(x0, y0), QPoint(x1, y1));
}

bool isRed(int r, int g, int b) { return r > 190 && g < 90 && b < 90; }
bool isBlue(int r, int g, int b) { return b > 190 && r < 90 && g < 90; }

WatermarkPreset redText() {
    WatermarkPreset p;
    p.name = QStringLiteral("Red");
    p.text = QStringLiteral("PROOF Studio");
    p.colour = QColor(255, 0, 0);
    p.opacity = 1.0;
    p.textSize = 0.06;
    p.margin = 0.04;
    p.position = WatermarkPosition::BottomRight;
    return p;
}

QByteArray svgLogo() {
    // A blue disc on a transparent square: the corners must stay see-through.
    return QByteArray(R"(<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">)"
                      R"(<circle cx="50" cy="50" r="50" fill="#0000ff"/></svg>)");
}

QImage decoded(const QByteArray& jpeg) { return pd::test::decodeJpegWithQt(jpeg); }

} // namespace

TEST_CASE("a watermark is the same size relative to the short edge on every orientation and crop", "[core][watermark]") {
    ProofOptions o;
    o.longEdge = 1024;
    o.watermark = redText();
    const QImage landscape = flat(1800, 1200), portrait = flat(1200, 1800);
    struct Case { const char* what; QByteArray original; EditList edits; };
    const Case cases[] = {
        {"landscape", makeJpeg(landscape, withOrientation(1)), {}},
        {"portrait stored turned (EXIF 6)", makeJpeg(storeForOrientation(portrait, 6), withOrientation(6)), {}},
        {"portrait stored turned (EXIF 8)", makeJpeg(storeForOrientation(portrait, 8), withOrientation(8)), {}},
        {"landscape turned by an edit", makeJpeg(landscape, withOrientation(1)), {RotateOp{1}}},
        {"landscape cropped", makeJpeg(landscape, withOrientation(1)), {CropOp{0.1, 0.1, 0.5, 0.8, {}}}},
        {"portrait cropped square", makeJpeg(storeForOrientation(portrait, 6), withOrientation(6)), {CropOp{0, 0.3, 1, 0.6667, {}}}},
    };
    double height0 = 0, right0 = 0, width0 = 0;
    for (const Case& c : cases) {
        INFO(c.what);
        auto proof = makeProofFromOriginal(c.original, c.edits, o);
        REQUIRE(proof.ok());
        const QImage img = decoded(proof->jpeg);
        const double shortEdge = std::min(img.width(), img.height());
        const QRect box = boxOf(img, isRed);
        REQUIRE(box.isValid());
        const double height = box.height() / shortEdge, width = box.width() / shortEdge;
        const double right = (img.width() - 1 - box.right()) / shortEdge, bottom = (img.height() - 1 - box.bottom()) / shortEdge;
        INFO("proof " << img.width() << "x" << img.height() << ", mark " << box.width() << "x" << box.height());
        if (height0 == 0) {
            height0 = height;
            width0 = width;
            right0 = right;
            CHECK(height > 0.03);   // a visible mark: about the 6 % the preset asks for
            CHECK(height < 0.07);
        }
        // Within about a pixel and a half of the first proof's mark (text hinting rounds to pixels).
        CHECK(std::abs(height - height0) < 2.0 / shortEdge + 0.002);
        CHECK(std::abs(width - width0) < 3.0 / shortEdge + 0.003);
        CHECK(std::abs(right - right0) < 2.0 / shortEdge + 0.002);
        CHECK(bottom > 0.035);   // inside the margin
        CHECK(bottom < 0.06);
    }
}

TEST_CASE("an SVG logo is rendered at its size with its transparency, at the anchor, with the opacity", "[core][watermark]") {
    WatermarkPreset p;
    p.logo = svgLogo();
    p.logoSize = 0.2;
    p.opacity = 1.0;
    p.margin = 0.05;
    p.position = WatermarkPosition::TopLeft;
    REQUIRE(p.validate().ok());
    CHECK(watermarkLogoFormat(p.logo) == "svg");
    for (QSize size : {QSize(1000, 600), QSize(600, 1000), QSize(2400, 1600)}) {
        INFO(size.width() << "x" << size.height());
        auto marked = applyWatermark(flat(size.width(), size.height()), p);
        REQUIRE(marked.ok());
        const double shortEdge = std::min(size.width(), size.height());
        const QRect disc = boxOf(marked.value(), isBlue);
        REQUIRE(disc.isValid());
        CHECK(std::abs(disc.width() / shortEdge - 0.2) < 0.01);
        CHECK(std::abs(disc.left() / shortEdge - 0.05) < 0.01);
        CHECK(std::abs(disc.top() / shortEdge - 0.05) < 0.01);
        // The square's corner lies outside the disc: the picture shows through.
        CHECK(marked->pixelColor(disc.left() + 2, disc.top() + 2) == kGrey);
    }
    // Half opacity: half way between the picture and the mark.
    p.opacity = 0.5;
    auto half = applyWatermark(flat(1000, 600), p);
    REQUIRE(half.ok());
    const QColor mid = half->pixelColor(int(0.05 * 600 + 0.1 * 600), int(0.05 * 600 + 0.1 * 600));
    CHECK(std::abs(mid.blue() - (255 + 128) / 2) <= 3);
    CHECK(std::abs(mid.red() - 128 / 2) <= 3);
}

TEST_CASE("a PNG logo keeps its alpha, and text and logo stack into one mark", "[core][watermark]") {
    QImage logo(200, 100, QImage::Format_ARGB32);
    logo.fill(Qt::transparent);
    {
        QPainter painter(&logo);
        painter.fillRect(QRect(50, 25, 100, 50), QColor(0, 0, 255));
    }
    QByteArray png;
    QBuffer buf(&png);
    buf.open(QIODevice::WriteOnly);
    REQUIRE(logo.save(&buf, "PNG"));
    WatermarkPreset p = redText();
    p.logo = png;
    p.logoSize = 0.3;
    p.position = WatermarkPosition::Centre;
    auto marked = applyWatermark(flat(1500, 1000), p);
    REQUIRE(marked.ok());
    const QRect square = boxOf(marked.value(), isBlue);
    const QRect text = boxOf(marked.value(), isRed);
    REQUIRE(square.isValid());
    REQUIRE(text.isValid());
    CHECK(std::abs(square.width() - 150) <= 2);   // half of the 300 px wide logo is opaque
    CHECK(text.top() > square.bottom());           // the text under the logo
    CHECK(std::abs(square.center().x() - 750) <= 2);
    CHECK(std::abs(text.center().x() - 750) <= 3);
}

TEST_CASE("a tiled watermark covers the whole picture diagonally", "[core][watermark]") {
    WatermarkPreset p = redText();
    p.position = WatermarkPosition::Tiled;
    p.textSize = 0.05;
    auto marked = applyWatermark(flat(1200, 800), p);
    REQUIRE(marked.ok());
    for (QRect quarter : {QRect(0, 0, 600, 400), QRect(600, 0, 600, 400), QRect(0, 400, 600, 400), QRect(600, 400, 600, 400)})
        CHECK(boxOf(marked->copy(quarter), isRed).isValid());
    // Not a solid fill: most of the picture still shows.
    const QImage rgb = marked->convertToFormat(QImage::Format_RGB888);
    int red = 0;
    for (int y = 0; y < rgb.height(); y += 3)
        for (int x = 0; x < rgb.width(); x += 3) red += isRed(rgb.pixelColor(x, y).red(), rgb.pixelColor(x, y).green(), rgb.pixelColor(x, y).blue());
    CHECK(red < (rgb.width() / 3) * (rgb.height() / 3) / 4);
}

TEST_CASE("watermark presets validate and survive their JSON form", "[core][watermark]") {
    WatermarkPreset p = redText();
    p.logo = svgLogo();
    p.position = WatermarkPosition::Tiled;
    auto back = WatermarkPreset::fromJson(p.toJson(true));
    REQUIRE(back.ok());
    CHECK(back.value() == p);
    auto noLogo = WatermarkPreset::fromJson(p.toJson(false));
    REQUIRE(noLogo.ok());
    CHECK(noLogo->logo.isEmpty());

    WatermarkPreset empty;
    CHECK_FALSE(empty.validate().ok());
    WatermarkPreset bad = redText();
    bad.logo = QByteArray("not a picture at all");
    CHECK_FALSE(bad.validate().ok());
    bad = redText();
    bad.opacity = 1.5;
    CHECK_FALSE(bad.validate().ok());
    CHECK_FALSE(WatermarkPreset::fromJson(QJsonObject{{"position", "middle"}}).ok());
    CHECK(watermarkPositionFromName(QStringLiteral("bottom-left")) == WatermarkPosition::BottomLeft);
}
