// The one-decode pipeline as the import sees it: sizes, orientation, colour, alpha, errors.
#include <catch2/catch.hpp>

#include "pd/core/image_ops.h"
#include "pd/core/renditions.h"
#include "reference_resize.h"
#include "test_support.h"

#include <QBuffer>
#include <QImageReader>
#include <QImageWriter>

#include <exiv2/exiv2.hpp>
#include <lcms2.h>
#include <turbojpeg.h>

using namespace pd;

namespace {


// The image after a q`quality` 4:2:0 JPEG round trip: what any JPEG rendition of it would show.
QImage throughJpeg(const QImage& image, int quality) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    tjhandle h = tjInitCompress();
    unsigned char* out = nullptr;
    unsigned long size = 0;
    REQUIRE(tjCompress2(h, rgb.constBits(), rgb.width(), int(rgb.bytesPerLine()), rgb.height(), TJPF_RGB, &out, &size,
                        TJSAMP_420, quality, 0) == 0);
    const QImage back = pd::test::decodeJpegWithQt(QByteArray(reinterpret_cast<const char*>(out), qsizetype(size)));
    tjFree(out);
    tjDestroy(h);
    return back;
}

QByteArray linearSrgbProfile() {
    cmsCIExyY d65;
    cmsWhitePointFromTemp(&d65, 6504);
    const cmsCIExyYTRIPLE primaries = {{0.64, 0.33, 1.0}, {0.30, 0.60, 1.0}, {0.15, 0.06, 1.0}};
    cmsToneCurve* linear = cmsBuildGamma(nullptr, 1.0);
    cmsToneCurve* curves[3] = {linear, linear, linear};
    cmsHPROFILE profile = cmsCreateRGBProfile(&d65, &primaries, curves);
    cmsUInt32Number size = 0;
    cmsSaveProfileToMem(profile, nullptr, &size);
    QByteArray bytes(qsizetype(size), '\0');
    cmsSaveProfileToMem(profile, bytes.data(), &size);
    cmsCloseProfile(profile);
    cmsFreeToneCurve(linear);
    return bytes;
}

QImage flatGrey(int v) {
    QImage img(300, 200, QImage::Format_RGB888);
    img.fill(QColor(v, v, v));
    return img;
}

int exifOrientation(const QByteArray& jpeg) {
    auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(jpeg.constData()), long(jpeg.size()));
    image->readMetadata();
    const auto it = image->exifData().findKey(Exiv2::ExifKey("Exif.Image.Orientation"));
    return it == image->exifData().end() ? 0 : int(it->toLong());
}

} // namespace

TEST_CASE("A 24 MP original gives a 2048 px preview and a 400 px thumbnail", "[core][renditions]") {
    const QImage source = pd::test::makeDetailedImage(6000, 4000, 11);
    pd::test::SyntheticExif exif;
    exif.capturedAt = QDateTime(QDate(2024, 6, 1), QTime(14, 30, 0));
    exif.copyright = QStringLiteral("Studio Nord");
    const auto r = makeStudioRenditions(pd::test::makeJpeg(source, exif));
    REQUIRE(r.ok());
    CHECK(r->format == ImageFormat::Jpeg);
    CHECK(r->width == 6000);
    CHECK(r->height == 4000);
    CHECK(r->preview.width == 2048);
    CHECK(r->preview.height == 1365);
    CHECK(r->thumbnail.width == 400);
    CHECK(r->thumbnail.height == 267);
    CHECK_FALSE(r->colourConverted);

    const QImage preview = pd::test::decodeJpegWithQt(r->preview.jpeg);
    REQUIRE(preview.size() == QSize(2048, 1365));
    const QImage thumbnail = pd::test::decodeJpegWithQt(r->thumbnail.jpeg);
    REQUIRE(thumbnail.size() == QSize(400, 267));
    // Against a straightforward triangle-filter downscale of the source itself (no DCT scaling,
    // no fixed point), the thumbnail made from the preview as the pipeline does, both through the
    // same JPEG settings: this detailed picture is near the thumbnail's resolution limit, where
    // 4:2:0 chroma alone changes it by ~10 levels.
    const QImage referencePreview = pd::test::referenceResize(source, 2048, 1365);
    const QImage referenceThumb = pd::test::referenceResize(referencePreview, 400, 267);
    const auto previewDiff = pd::test::compareImages(preview, throughJpeg(referencePreview, kPreviewQuality));
    const auto thumbDiff = pd::test::compareImages(thumbnail, throughJpeg(referenceThumb, kThumbnailQuality));
    INFO("preview mean " << previewDiff.mean << ", thumbnail mean " << thumbDiff.mean);
    CHECK(previewDiff.mean < 3);
    CHECK(thumbDiff.mean < 3);
    // Renditions say they are upright sRGB.
    CHECK(exifOrientation(r->preview.jpeg) == 1);
    CHECK(r->preview.jpeg.contains(QByteArray("ICC_PROFILE\0", 12)));
    CHECK(r->thumbnail.jpeg.contains(QByteArray("ICC_PROFILE\0", 12)));
}

TEST_CASE("Every EXIF orientation gives an upright thumbnail", "[core][renditions][orientation]") {
    const QImage upright = pd::test::makeQuadrantImage(600, 400);
    const QImage expected = upright.scaled(400, 267, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    for (int n = 1; n <= 8; ++n) {
        INFO("orientation " << n);
        pd::test::SyntheticExif exif;
        exif.orientation = n;
        const auto r = makeStudioRenditions(pd::test::makeJpeg(pd::test::storeForOrientation(upright, n), exif));
        REQUIRE(r.ok());
        CHECK(r->metadata.orientation == n);
        CHECK(r->width == 600);
        CHECK(r->height == 400);
        REQUIRE(r->thumbnail.width == 400);
        REQUIRE(r->thumbnail.height == 267);
        const QImage thumb = pd::test::decodeJpegWithQt(r->thumbnail.jpeg);
        CHECK(pd::test::compareImages(thumb, expected).mean < 6);
        CHECK(exifOrientation(r->thumbnail.jpeg) == 1);
    }
}

TEST_CASE("A non-sRGB profile is converted, and an sRGB one leaves the pixels alone", "[core][renditions][colour]") {
    const auto linear = makeStudioRenditions(pd::test::makeJpeg(flatGrey(128), {}, linearSrgbProfile()));
    REQUIRE(linear.ok());
    CHECK(linear->colourConverted);
    const QColor converted = pd::test::decodeJpegWithQt(linear->preview.jpeg).pixelColor(150, 100);
    CHECK(std::abs(converted.red() - 188) <= 3); // sRGB encoding of linear 0.502
    CHECK(std::abs(converted.green() - 188) <= 3);
    CHECK(std::abs(converted.blue() - 188) <= 3);
    CHECK(std::abs(pd::test::decodeJpegWithQt(linear->thumbnail.jpeg).pixelColor(100, 60).red() - 188) <= 3);

    const auto srgb = makeStudioRenditions(pd::test::makeJpeg(flatGrey(128), {}, srgbIccProfile()));
    REQUIRE(srgb.ok());
    CHECK_FALSE(srgb->colourConverted);
    CHECK(std::abs(pd::test::decodeJpegWithQt(srgb->preview.jpeg).pixelColor(150, 100).red() - 128) <= 2);

    // A profile that cannot be used: the pixels are kept as they are, the import goes on.
    const auto broken = makeStudioRenditions(pd::test::makeJpeg(flatGrey(128), {}, QByteArray(300, 'z')));
    REQUIRE(broken.ok());
    CHECK_FALSE(broken->colourConverted);
    CHECK(std::abs(pd::test::decodeJpegWithQt(broken->preview.jpeg).pixelColor(150, 100).red() - 128) <= 2);
}

TEST_CASE("Small originals are not enlarged", "[core][renditions]") {
    const auto r = makeStudioRenditions(pd::test::makeJpeg(pd::test::makeQuadrantImage(300, 200)));
    REQUIRE(r.ok());
    CHECK(r->preview.width == 300);
    CHECK(r->preview.height == 200);
    CHECK(r->thumbnail.width == 300);
    CHECK(r->thumbnail.height == 200);

    const auto mid = makeStudioRenditions(pd::test::makeJpeg(pd::test::makeQuadrantImage(1000, 1500)));
    REQUIRE(mid.ok());
    CHECK(mid->preview.width == 1000);
    CHECK(mid->preview.height == 1500);
    CHECK(mid->thumbnail.width == 267);
    CHECK(mid->thumbnail.height == 400);
}

TEST_CASE("Transparent PNGs are composited on white", "[core][renditions]") {
    QImage png(200, 100, QImage::Format_RGBA8888);
    png.fill(Qt::transparent);
    for (int y = 0; y < 100; ++y)
        for (int x = 0; x < 100; ++x) png.setPixelColor(x, y, QColor(0, 0, 200));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    REQUIRE(QImageWriter(&buffer, "png").write(png));

    const auto r = makeStudioRenditions(bytes);
    REQUIRE(r.ok());
    CHECK(r->format == ImageFormat::Png);
    const QImage preview = pd::test::decodeJpegWithQt(r->preview.jpeg);
    REQUIRE(preview.size() == QSize(200, 100));
    const QColor clear = preview.pixelColor(170, 50);
    CHECK(clear.red() > 250);
    CHECK(clear.green() > 250);
    CHECK(clear.blue() > 250);
    const QColor blue = preview.pixelColor(30, 50);
    CHECK(blue.blue() > 180);
    CHECK(blue.red() < 20);
}

TEST_CASE("Unimportable and broken originals give the decoder's errors", "[core][renditions]") {
    const auto heif = makeStudioRenditions(QByteArray("\0\0\0\x18" "ftypheic\0\0\0\0mif1heic" "\0\0\0\x08mdat", 32));
    REQUIRE_FALSE(heif.ok());
    CHECK(heif.error().code == ErrorCode::UnsupportedFormat);

    const QByteArray jpeg = pd::test::makeJpeg(pd::test::makeDetailedImage(1200, 800, 5));
    const auto truncated = makeStudioRenditions(jpeg.left(jpeg.size() * 6 / 10));
    REQUIRE_FALSE(truncated.ok());
    CHECK(truncated.error().code == ErrorCode::CorruptData);

    const auto empty = makeStudioRenditions(QByteArray());
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().code == ErrorCode::UnsupportedFormat);
}
