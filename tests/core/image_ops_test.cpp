// Orientation, colour conversion and resizing: the pixel operations behind every rendition.
#include <catch2/catch.hpp>

#include "pd/core/image_ops.h"
#include "reference_resize.h"
#include "test_support.h"

#include <lcms2.h>

using namespace pd;

namespace {


// An RGB profile with sRGB's D65 white point and primaries and the given gamma.
QByteArray rgbProfile(double gamma, const cmsCIExyYTRIPLE& primaries) {
    cmsCIExyY d65;
    cmsWhitePointFromTemp(&d65, 6504);
    cmsToneCurve* curve = cmsBuildGamma(nullptr, gamma);
    cmsToneCurve* curves[3] = {curve, curve, curve};
    const QByteArray bytes = pd::test::saveIccProfile(cmsCreateRGBProfile(&d65, &primaries, curves));
    cmsFreeToneCurve(curve);
    return bytes;
}

const cmsCIExyYTRIPLE kSrgbPrimaries = {{0.6400, 0.3300, 1.0}, {0.3000, 0.6000, 1.0}, {0.1500, 0.0600, 1.0}};
const cmsCIExyYTRIPLE kAdobeRgbPrimaries = {{0.6400, 0.3300, 1.0}, {0.2100, 0.7100, 1.0}, {0.1500, 0.0600, 1.0}};

QImage flat(int w, int h, QColor c) {
    QImage img(w, h, QImage::Format_RGB888);
    img.fill(c);
    return img;
}

} // namespace

TEST_CASE("Each EXIF orientation 1-8 is turned back upright", "[core][orientation]") {
    const QImage upright = pd::test::makeQuadrantImage(60, 40);
    for (int n = 1; n <= 8; ++n) {
        INFO("orientation " << n);
        const QImage shown = applyExifOrientation(pd::test::storeForOrientation(upright, n), n);
        REQUIRE(shown.size() == upright.size());
        CHECK(pd::test::compareImages(shown, upright).max == 0);
    }
    CHECK(applyExifOrientation(upright, 0).size() == upright.size()); // absent/out of range: as stored
    CHECK(applyExifOrientation(upright, 9).size() == upright.size());
}

TEST_CASE("Orientation follows the EXIF meaning, pixel by pixel", "[core][orientation]") {
    // Stored 2x1: A B. Checked against the EXIF 2.3 table, not against test helpers.
    QImage stored(2, 1, QImage::Format_RGB888);
    const QRgb a = qRgb(255, 0, 0), b = qRgb(0, 0, 255);
    stored.setPixel(0, 0, a);
    stored.setPixel(1, 0, b);
    const QImage o6 = applyExifOrientation(stored, 6); // rotate 90 CW to display: A on top
    REQUIRE(o6.size() == QSize(1, 2));
    CHECK(o6.pixel(0, 0) == a);
    CHECK(o6.pixel(0, 1) == b);
    const QImage o8 = applyExifOrientation(stored, 8); // rotate 90 CCW: B on top
    REQUIRE(o8.size() == QSize(1, 2));
    CHECK(o8.pixel(0, 0) == b);
    const QImage o2 = applyExifOrientation(stored, 2); // mirror: B A
    CHECK(o2.pixel(0, 0) == b);
    const QImage o3 = applyExifOrientation(stored, 3);
    CHECK(o3.pixel(0, 0) == b);
    const QImage o5 = applyExifOrientation(stored, 5); // transpose: A on top
    CHECK(o5.pixel(0, 0) == a);
    const QImage o7 = applyExifOrientation(stored, 7); // transverse: B on top
    CHECK(o7.pixel(0, 0) == b);
}

TEST_CASE("sRGB profiles are recognised by content, other profiles are not", "[core][colour]") {
    CHECK(isSrgbProfile({}));
    CHECK(isSrgbProfile(srgbIccProfile()));
    CHECK_FALSE(srgbIccProfile().isEmpty());
    // A byte-different sRGB (built from primaries with sRGB's parametric curve) is still sRGB.
    {
        cmsCIExyY d65;
        cmsWhitePointFromTemp(&d65, 6504);
        const double params[5] = {2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045};
        cmsToneCurve* curve = cmsBuildParametricToneCurve(nullptr, 4, params);
        cmsToneCurve* curves[3] = {curve, curve, curve};
        const QByteArray other = pd::test::saveIccProfile(cmsCreateRGBProfile(&d65, &kSrgbPrimaries, curves));
        cmsFreeToneCurve(curve);
        CHECK(other != srgbIccProfile());
        CHECK(isSrgbProfile(other));
    }
    CHECK_FALSE(isSrgbProfile(rgbProfile(1.0, kSrgbPrimaries)));     // linear
    CHECK_FALSE(isSrgbProfile(rgbProfile(2.2, kAdobeRgbPrimaries))); // Adobe RGB-like
    CHECK_FALSE(isSrgbProfile(QByteArray("not a profile at all")));
}

TEST_CASE("The embedded sRGB profile carries no clock: the same bytes in every process", "[core][colour]") {
    // Little CMS stamps the creation time into a new profile's header; a proof made again in a
    // later process must still hash the same (the host stores renditions by content).
    const QByteArray& ours = srgbIccProfile();
    REQUIRE(ours.size() >= 128);
    cmsHPROFILE parsed = cmsOpenProfileFromMem(ours.constData(), cmsUInt32Number(ours.size()));
    REQUIRE(parsed != nullptr);
    struct tm when {};
    REQUIRE(cmsGetHeaderCreationDateTime(parsed, &when));
    cmsCloseProfile(parsed);
    CHECK(when.tm_year + 1900 == 2000);
    CHECK(when.tm_mon == 0);
    CHECK(when.tm_mday == 1);
    CHECK(when.tm_hour == 0);
    CHECK(when.tm_min == 0);
    CHECK(when.tm_sec == 0);
    // A profile Little CMS makes now differs from ours at most in that date.
    const QByteArray fresh = pd::test::saveIccProfile(cmsCreate_sRGBProfile());
    REQUIRE(fresh.size() == ours.size());
    CHECK(fresh.left(24) == ours.left(24));
    CHECK(fresh.mid(36) == ours.mid(36));
}

TEST_CASE("Pixels in a linear profile are converted to sRGB", "[core][colour]") {
    const auto converted = convertToSrgb(flat(16, 16, QColor(128, 128, 128)), rgbProfile(1.0, kSrgbPrimaries));
    REQUIRE(converted.ok());
    const QColor c = converted->pixelColor(8, 8);
    // Linear 0.502 encodes as sRGB 188.
    CHECK(std::abs(c.red() - 188) <= 2);
    CHECK(std::abs(c.green() - 188) <= 2);
    CHECK(std::abs(c.blue() - 188) <= 2);

    const auto same = convertToSrgb(flat(4, 4, QColor(128, 60, 10)), srgbIccProfile());
    REQUIRE(same.ok());
    CHECK(same->pixelColor(1, 1) == QColor(128, 60, 10));
}

TEST_CASE("A grey profile converts grey pixels, and unusable profiles are errors", "[core][colour]") {
    cmsToneCurve* linear = cmsBuildGamma(nullptr, 1.0);
    const QByteArray greyLinear = pd::test::saveIccProfile(cmsCreateGrayProfile(cmsD50_xyY(), linear));
    cmsFreeToneCurve(linear);
    const auto grey = convertToSrgb(flat(8, 8, QColor(128, 128, 128)), greyLinear);
    REQUIRE(grey.ok());
    CHECK(std::abs(grey->pixelColor(2, 2).red() - 188) <= 3);

    const auto garbage = convertToSrgb(flat(4, 4, Qt::red), QByteArray(500, 'x'));
    REQUIRE_FALSE(garbage.ok());

    const auto lab = convertToSrgb(flat(4, 4, Qt::red), pd::test::saveIccProfile(cmsCreateLab4Profile(nullptr)));
    REQUIRE_FALSE(lab.ok());
}

TEST_CASE("A 1-px checkerboard shrinks to even grey: the resize antialiases", "[core][resize]") {
    QImage board(400, 300, QImage::Format_RGB888);
    for (int y = 0; y < board.height(); ++y)
        for (int x = 0; x < board.width(); ++x)
            board.setPixel(x, y, (x + y) % 2 ? qRgb(255, 255, 255) : qRgb(0, 0, 0));
    const QImage small = resizeImage(board, 100, 75);
    REQUIRE(small.size() == QSize(100, 75));
    // Inside, even grey; the corners lean a little because edge pixels are repeated.
    int lo = 255, hi = 0, worst = 0;
    for (int y = 0; y < small.height(); ++y)
        for (int x = 0; x < small.width(); ++x) {
            const int v = qGray(small.pixel(x, y));
            worst = std::max(worst, std::abs(2 * v - 255));
            if (x == 0 || y == 0 || x == small.width() - 1 || y == small.height() - 1) continue;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    CHECK(lo >= 126);
    CHECK(hi <= 129);
    CHECK(worst <= 2 * 6);
    // The same for grey and RGBA inputs, in their own formats.
    const QImage grey = resizeImage(board.convertToFormat(QImage::Format_Grayscale8), 100, 75);
    CHECK(grey.format() == QImage::Format_Grayscale8);
    CHECK(std::abs(qGray(grey.pixel(50, 40)) - 127) <= 4);
    const QImage rgba = resizeImage(board.convertToFormat(QImage::Format_RGBA8888), 100, 75);
    CHECK(rgba.format() == QImage::Format_RGBA8888);
    CHECK(std::abs(qGray(rgba.pixel(50, 40)) - 127) <= 4);
    CHECK(qAlpha(rgba.pixel(50, 40)) == 255);
}

TEST_CASE("Resizing gives the exact size asked, keeps the picture and never enlarges", "[core][resize]") {
    const QImage source = pd::test::makeQuadrantImage(1200, 900);
    const QImage odd = resizeImage(source, 123, 45);
    CHECK(odd.size() == QSize(123, 45));
    CHECK(odd.format() == QImage::Format_RGB888);

    const QImage fitted = resizeToLongEdge(source, 400);
    CHECK(fitted.size() == QSize(400, 300));
    const QImage reference = source.scaled(400, 300, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    const auto diff = pd::test::compareImages(fitted, reference);
    CHECK(diff.mean < 2);

    const QImage portrait = resizeToLongEdge(pd::test::makeQuadrantImage(900, 1200), 400);
    CHECK(portrait.size() == QSize(300, 400));

    const QImage small = resizeToLongEdge(pd::test::makeQuadrantImage(300, 200), 2048);
    CHECK(small.size() == QSize(300, 200));
    CHECK(pd::test::compareImages(small, pd::test::makeQuadrantImage(300, 200)).max == 0);

    // Extreme shapes and one-pixel results.
    CHECK(resizeImage(source, 1, 1).size() == QSize(1, 1));
    CHECK(resizeToLongEdge(QImage(5000, 3, QImage::Format_RGB888), 100).size() == QSize(100, 1));
    CHECK(resizeImage(QImage(), 10, 10).isNull());

    // Fixed point and vectorised, yet within rounding of the double-precision reference.
    const QImage detailed = pd::test::makeDetailedImage(1500, 1000, 2);
    for (const QSize size : {QSize(1024, 683), QSize(400, 267), QSize(1499, 999), QSize(37, 1000)}) {
        INFO(size.width() << "x" << size.height());
        const auto d = pd::test::compareImages(resizeImage(detailed, size.width(), size.height()),
                                               pd::test::referenceResize(detailed, size.width(), size.height()));
        CHECK(d.mean < 0.5);
        CHECK(d.max <= 2);
    }

    // Other formats are accepted (converted to a working format).
    const QImage argb = resizeToLongEdge(source.convertToFormat(QImage::Format_ARGB32), 200);
    CHECK(argb.size() == QSize(200, 150));
    CHECK(pd::test::compareImages(argb, resizeToLongEdge(source, 200)).max <= 1);
}
