#include <catch2/catch.hpp>

#include "test_support.h"

#include "pd/core/renditions.h"

#include <QColorSpace>
#include <QPainter>

using namespace pd;

// Photos tagged Adobe RGB, Display P3 or ProPhoto come out of the import in sRGB, tagged sRGB.
// The expected values are not Little CMS's: they come from the published primaries with plain
// matrix algebra (RGB -> XYZ with the source primaries and D65 white, XYZ -> sRGB), worked out
// in a few lines of Python when this test was written.
namespace {

struct Patch {
    QColor in;
    QColor expected;
};

cmsToneCurve* gammaCurve(double g) { return cmsBuildGamma(nullptr, g); }
cmsToneCurve* srgbCurve() {
    const double p[5] = {2.4, 1.0 / 1.055, 0.055 / 1.055, 1.0 / 12.92, 0.04045};
    return cmsBuildParametricToneCurve(nullptr, 4, p);
}

QByteArray rgbProfile(cmsCIExyY white, cmsCIExyYTRIPLE primaries, cmsToneCurve* curve) {
    cmsToneCurve* curves[3] = {curve, curve, curve};
    const QByteArray bytes = pd::test::saveIccProfile(cmsCreateRGBProfile(&white, &primaries, curves));
    cmsFreeToneCurve(curve);
    return bytes;
}

// A 3000x2000 photo of flat patches, large enough that the preview is resized from it.
QImage patches(const std::vector<Patch>& list) {
    QImage img(3000, 2000, QImage::Format_RGB888);
    QPainter p(&img);
    const int w = img.width() / int(list.size());
    for (size_t i = 0; i < list.size(); ++i) p.fillRect(int(i) * w, 0, w, img.height(), list[i].in);
    return img;
}

void checkConverted(const QByteArray& icc, const std::vector<Patch>& list) {
    const auto r = makeStudioRenditions(pd::test::makeJpeg(patches(list), {}, icc, 95));
    REQUIRE(r.ok());
    CHECK(r->colourConverted);
    const QImage preview = pd::test::decodeJpegWithQt(r->preview.jpeg);
    REQUIRE(preview.width() == 2048);
    const int w = preview.width() / int(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
        const QColor got = preview.pixelColor(int(i) * w + w / 2, preview.height() / 2);
        INFO("patch " << i << ": got " << got.red() << "," << got.green() << "," << got.blue() << " expected "
                      << list[i].expected.red() << "," << list[i].expected.green() << "," << list[i].expected.blue());
        CHECK(std::abs(got.red() - list[i].expected.red()) <= 4);
        CHECK(std::abs(got.green() - list[i].expected.green()) <= 4);
        CHECK(std::abs(got.blue() - list[i].expected.blue()) <= 4);
    }
    // The output says it is sRGB.
    QImage tagged;
    REQUIRE(tagged.loadFromData(r->preview.jpeg, "JPEG"));
    CHECK(tagged.colorSpace().primaries() == QColorSpace::Primaries::SRgb);
}

constexpr cmsCIExyY kD65{0.3127, 0.3290, 1.0};

} // namespace

TEST_CASE("Adobe RGB photos are converted to sRGB", "[core][colour]") {
    const QByteArray adobe = rgbProfile(kD65, {{0.64, 0.33, 1}, {0.21, 0.71, 1}, {0.15, 0.06, 1}}, gammaCurve(563.0 / 256.0));
    checkConverted(adobe, {{QColor(120, 180, 60), QColor(81, 182, 42)},
                           {QColor(200, 60, 90), QColor(232, 57, 91)},
                           {QColor(60, 90, 200), QColor(36, 90, 205)}});
}

TEST_CASE("Display P3 photos are converted to sRGB", "[core][colour]") {
    const QByteArray p3 = rgbProfile(kD65, {{0.680, 0.320, 1}, {0.265, 0.690, 1}, {0.150, 0.060, 1}}, srgbCurve());
    checkConverted(p3, {{QColor(120, 180, 60), QColor(100, 182, 26)},
                        {QColor(200, 60, 90), QColor(218, 42, 88)},
                        {QColor(60, 90, 200), QColor(50, 91, 207)}});
}

TEST_CASE("ProPhoto photos are converted to sRGB, and neutrals stay neutral", "[core][colour]") {
    // ProPhoto's white is D50; a neutral grey maps to a neutral grey of the same luminance:
    // 128 with gamma 1.8 is 0.2918 linear, which sRGB encodes as 148.7.
    const QByteArray prophoto = rgbProfile({0.3457, 0.3585, 1.0}, {{0.7347, 0.2653, 1}, {0.1596, 0.8404, 1}, {0.0366, 0.0001, 1}},
                                           gammaCurve(1.8));
    checkConverted(prophoto, {{QColor(128, 128, 128), QColor(149, 149, 149)}});
}
