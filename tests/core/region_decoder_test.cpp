// Region decode for the loupe's 100 % view: the same pixels as a whole decode, for every orientation.
#include <catch2/catch.hpp>

#include "pd/core/image_ops.h"
#include "pd/core/region_decoder.h"
#include "test_support.h"

#include <QBuffer>
#include <QImageWriter>

#include <lcms2.h>

using namespace pd;

namespace {

// The reference: the whole file decoded by Qt's JPEG plugin (independent of the code under
// test), turned upright, the region cut out.
QImage referenceRegion(const QByteArray& jpeg, int orientation, const QRect& region) {
    return applyExifOrientation(pd::test::decodeJpegWithQt(jpeg), orientation).copy(region);
}

// Regions that cross the quadrant borders, touch each corner, and hang over the edges; in
// oriented coordinates of a w x h upright image. Odd sizes and offsets: nothing iMCU-aligned.
std::vector<QRect> regionsFor(int w, int h) {
    return {
        QRect(w / 2 - 101, h / 2 - 67, 203, 131), // the centre, all four quadrants
        QRect(0, 0, 97, 61),                      // top-left corner
        QRect(w - 83, h - 45, 83, 45),            // bottom-right corner
        QRect(w - 50, 3, 50, 77),                 // top-right corner
        QRect(5, h - 40, 70, 40),                 // bottom-left corner
        QRect(w / 3 + 1, h / 5 + 3, 1, 1),        // one pixel
    };
}

QByteArray adobeRgbProfile() {
    cmsCIExyY d65;
    cmsWhitePointFromTemp(&d65, 6504);
    const cmsCIExyYTRIPLE primaries = {{0.64, 0.33, 1.0}, {0.21, 0.71, 1.0}, {0.15, 0.06, 1.0}};
    cmsToneCurve* gamma = cmsBuildGamma(nullptr, 2.2);
    cmsToneCurve* curves[3] = {gamma, gamma, gamma};
    const QByteArray bytes = pd::test::saveIccProfile(cmsCreateRGBProfile(&d65, &primaries, curves));
    cmsFreeToneCurve(gamma);
    return bytes;
}

pd::test::SyntheticExif oriented(int orientation) {
    pd::test::SyntheticExif exif;
    exif.orientation = orientation;
    return exif;
}

} // namespace

TEST_CASE("A region of each EXIF orientation 1-8 equals that region of the whole decode, turned", "[core][region]") {
    const int w = 1203, h = 803;
    const QImage quadrants = pd::test::makeQuadrantImage(w, h);
    for (int n = 1; n <= 8; ++n) {
        const QByteArray jpeg = pd::test::makeJpeg(pd::test::storeForOrientation(quadrants, n), oriented(n));
        for (const QRect& region : regionsFor(w, h)) {
            INFO("orientation " << n << ", region " << region.x() << "," << region.y() << " " << region.width() << "x"
                                << region.height());
            const auto decoded = decodeRegion(jpeg, {region, n});
            REQUIRE(decoded.ok());
            CHECK(decoded->region == region);
            CHECK(decoded->fullSize == QSize(w, h));
            REQUIRE(decoded->image.size() == region.size());
            const auto diff = pd::test::compareImages(decoded->image, referenceRegion(jpeg, n, region));
            CHECK(diff.mean < 0.5);
            CHECK(diff.max <= 4);
        }
    }
}

TEST_CASE("Region pixels are exactly placed: fine detail matches the whole decode in every orientation",
          "[core][region]") {
    // Camera-like noise: a region one pixel off would differ by tens of levels on average.
    const int w = 997, h = 661;
    const QImage upright = pd::test::makeDetailedImage(w, h, 7);
    for (int n = 1; n <= 8; ++n) {
        const QByteArray jpeg = pd::test::makeJpeg(pd::test::storeForOrientation(upright, n), oriented(n));
        for (const QRect& region : regionsFor(w, h)) {
            INFO("orientation " << n << ", region " << region.x() << "," << region.y());
            const auto decoded = decodeRegion(jpeg, {region, n});
            REQUIRE(decoded.ok());
            const QImage reference = referenceRegion(jpeg, n, region);
            const auto diff = pd::test::compareImages(decoded->image, reference);
            CHECK(diff.mean < 0.5);
            CHECK(diff.max <= 4);
            if (region.width() > 2) { // and the check can tell: one pixel to the side is far off
                const QImage shifted = applyExifOrientation(pd::test::decodeJpegWithQt(jpeg), n)
                                           .copy(region.translated(region.x() > 0 ? -1 : 1, 0));
                CHECK(pd::test::compareImages(decoded->image, shifted).mean > 5);
            }
        }
    }
}

TEST_CASE("Orientation 0 in the request reads the file's EXIF orientation", "[core][region]") {
    const QImage upright = pd::test::makeDetailedImage(640, 480, 3);
    const QByteArray jpeg = pd::test::makeJpeg(pd::test::storeForOrientation(upright, 6), oriented(6));
    const QRect region(100, 50, 300, 200);
    const auto fromExif = decodeRegion(jpeg, {region, 0});
    const auto explicitSix = decodeRegion(jpeg, {region, 6});
    REQUIRE(fromExif.ok());
    REQUIRE(explicitSix.ok());
    CHECK(fromExif->fullSize == QSize(640, 480));
    CHECK(pd::test::compareImages(fromExif->image, explicitSix->image).max == 0);
    CHECK(pd::test::compareImages(fromExif->image, upright.copy(region)).mean < 4); // upright, q92 JPEG
}

TEST_CASE("A region hanging over the edge is clipped and one outside is refused", "[core][region]") {
    const QByteArray jpeg = pd::test::makeJpeg(pd::test::makeQuadrantImage(400, 300));
    const auto clipped = decodeRegion(jpeg, {QRect(350, 250, 100, 100), 1});
    REQUIRE(clipped.ok());
    CHECK(clipped->region == QRect(350, 250, 50, 50));
    CHECK(clipped->image.size() == QSize(50, 50));

    const auto outside = decodeRegion(jpeg, {QRect(400, 0, 10, 10), 1});
    REQUIRE_FALSE(outside.ok());
    CHECK(outside.error().code == ErrorCode::InvalidArgument);
    const auto empty = decodeRegion(jpeg, {QRect(), 1});
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("A region of a broken or foreign file is a clear error", "[core][region]") {
    const QByteArray jpeg = pd::test::makeJpeg(pd::test::makeDetailedImage(800, 600, 5));
    const auto truncated = decodeRegion(jpeg.left(jpeg.size() / 3), {QRect(0, 500, 100, 100), 1});
    REQUIRE_FALSE(truncated.ok());
    CHECK(truncated.error().code == ErrorCode::CorruptData);

    const auto text = decodeRegion(QByteArray("not a picture at all, just some words"), {QRect(0, 0, 10, 10), 1});
    REQUIRE_FALSE(text.ok());
    CHECK(text.error().code == ErrorCode::UnsupportedFormat);

    RegionRequest limited{QRect(0, 0, 10, 10), 1};
    limited.maxPixels = 800 * 600 - 1;
    const auto tooLarge = decodeRegion(jpeg, limited);
    REQUIRE_FALSE(tooLarge.ok());
    CHECK(tooLarge.error().code == ErrorCode::TooLarge);
}

TEST_CASE("A region of a PNG comes from the whole decode, cropped", "[core][region]") {
    const QImage image = pd::test::makeDetailedImage(321, 207, 11);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    REQUIRE(image.save(&buffer, "PNG"));
    const QRect region(40, 30, 201, 99);
    const auto decoded = decodeRegion(png, {region, 1});
    REQUIRE(decoded.ok());
    CHECK(decoded->fullSize == image.size());
    CHECK(pd::test::compareImages(decoded->image, image.copy(region)).max == 0); // lossless
}

TEST_CASE("A region of an Adobe RGB JPEG is converted to sRGB like the renditions", "[core][region][colour]") {
    const QByteArray icc = adobeRgbProfile();
    const QImage upright = pd::test::makeQuadrantImage(600, 400);
    const QByteArray jpeg = pd::test::makeJpeg(pd::test::storeForOrientation(upright, 8), oriented(8), icc);
    const QRect region(250, 150, 100, 100); // all four quadrants, saturated red and green among them
    const auto decoded = decodeRegion(jpeg, {region, 8});
    REQUIRE(decoded.ok());
    CHECK(decoded->colourConverted);
    const auto expected = convertToSrgb(referenceRegion(jpeg, 8, region), icc);
    REQUIRE(expected.ok());
    CHECK(pd::test::compareImages(decoded->image, expected.value()).mean < 1.0);
    // and the conversion is visible: Adobe RGB green is not sRGB green
    CHECK(pd::test::compareImages(decoded->image, referenceRegion(jpeg, 8, region)).mean > 2);
}

TEST_CASE("A region of a progressive JPEG equals that region of the whole decode", "[core][region]") {
    // Progressive files decode every scan before the first row: the skipping still has to be right.
    const QImage upright = pd::test::makeDetailedImage(801, 599, 13);
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setProgressiveScanWrite(true);
    writer.setQuality(90);
    REQUIRE(writer.write(upright));
    REQUIRE(jpeg.contains(QByteArray("\xFF\xC2", 2))); // SOF2: progressive
    for (const QRect& region : regionsFor(801, 599)) {
        INFO("region " << region.x() << "," << region.y());
        const auto decoded = decodeRegion(jpeg, {region, 1});
        REQUIRE(decoded.ok());
        const auto diff = pd::test::compareImages(decoded->image, referenceRegion(jpeg, 1, region));
        CHECK(diff.mean < 0.5);
        CHECK(diff.max <= 4);
    }
}
