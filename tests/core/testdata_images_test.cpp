// The decoders and the rendition pipeline against real files from ../shared/testdata.
#include <catch2/catch.hpp>

#include "pd/core/image_decoder.h"
#include "pd/core/renditions.h"
#include "test_support.h"

#include <QBuffer>
#include <QDir>
#include <QImageReader>

#include <cmath>

using namespace pd;

namespace {


// Standard deviation of the grey levels: 0 for a blank picture.
double contrast(const QImage& image) {
    double sum = 0, sum2 = 0;
    const qint64 n = qint64(image.width()) * image.height();
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const int g = qGray(image.pixel(x, y));
            sum += g;
            sum2 += double(g) * g;
        }
    const double mean = sum / double(n);
    return std::sqrt(std::max(0.0, sum2 / double(n) - mean * mean));
}

QStringList filesIn(const QString& dir) {
    QStringList out;
    for (const QString& name : QDir(dir).entryList(QDir::Files, QDir::Name)) out << dir + QLatin1Char('/') + name;
    return out;
}

} // namespace

TEST_CASE("Real photos tagged with orientation 2-8 give the same upright thumbnail as 1", "[testdata][orientation]") {
    PD_REQUIRE_TESTDATA(dir, "orientation");
    for (const char* kind : {"landscape", "portrait"}) {
        const auto upright = makeStudioRenditions(pd::test::readFile(QStringLiteral("%1/%2_1.jpg").arg(dir, QLatin1String(kind))));
        REQUIRE(upright.ok());
        const QImage expected = pd::test::decodeJpegWithQt(upright->thumbnail.jpeg);
        // The tolerance tells a turned picture from the right one.
        REQUIRE(pd::test::compareImages(expected, expected.mirrored(true, false)).mean > 15);
        for (int n = 2; n <= 8; ++n) {
            INFO(kind << "_" << n);
            const auto r = makeStudioRenditions(pd::test::readFile(QStringLiteral("%1/%2_%3.jpg").arg(dir, QLatin1String(kind)).arg(n)));
            REQUIRE(r.ok());
            CHECK(r->metadata.orientation == n);
            CHECK(r->width == upright->width);
            CHECK(r->height == upright->height);
            // Files 2-8 carry Apple's "Generic RGB" profile and 1 none: only with the colour
            // conversion do they match (~14 levels apart without it).
            CHECK(r->colourConverted);
            const QImage thumb = pd::test::decodeJpegWithQt(r->thumbnail.jpeg);
            REQUIRE(thumb.size() == expected.size());
            const auto diff = pd::test::compareImages(thumb, expected);
            INFO("mean " << diff.mean);
            CHECK(diff.mean < 6);
        }
    }
}

TEST_CASE("Full-size phone JPEGs make renditions, and HEIC is a clear error", "[testdata][phone]") {
    PD_REQUIRE_TESTDATA(dir, "phone");
    struct Expected { const char* file; int width, height, previewW, previewH, thumbW, thumbH; };
    for (const Expected& e : {Expected{"HMD_Nokia_8.3_5G.jpg", 4608, 1976, 2048, 878, 400, 171},
                              Expected{"jolla.jpg", 3264, 2448, 2048, 1536, 400, 300}}) {
        INFO(e.file);
        const auto r = makeStudioRenditions(pd::test::readFile(dir + QLatin1Char('/') + QLatin1String(e.file)));
        REQUIRE(r.ok());
        CHECK(r->format == ImageFormat::Jpeg);
        CHECK(r->width == e.width);
        CHECK(r->height == e.height);
        CHECK(r->preview.width == e.previewW);
        CHECK(r->preview.height == e.previewH);
        CHECK(r->thumbnail.width == e.thumbW);
        CHECK(r->thumbnail.height == e.thumbH);
        const QImage preview = pd::test::decodeJpegWithQt(r->preview.jpeg);
        CHECK(preview.size() == QSize(e.previewW, e.previewH));
        CHECK(contrast(preview) > 10);
        // The thumbnail shows the same picture as the preview.
        CHECK(pd::test::compareImages(pd::test::decodeJpegWithQt(r->thumbnail.jpeg),
                                      preview.scaled(e.thumbW, e.thumbH, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)).mean < 6);
    }

    const QByteArray heic = pd::test::readFile(dir + QStringLiteral("/iphone_13_pro_max.heic"));
    CHECK(sniffImageFormat(heic) == ImageFormat::Heif);
    const auto r = makeStudioRenditions(heic);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::UnsupportedFormat);
    CHECK(r.error().message.contains(QStringLiteral("HEIF")));
}

// The ISO 15444-4 conformance files all decode. (None is unsupported: file3 is sYCC with 4:2:0
// chroma, file4/6/8 grey (6 is 12-bit, 8 has a restricted ICC), file5 has a ROMM-RGB ICC profile,
// file9 a palette; p0_03 is signed 4-bit in 4 tiles; p1_01 has a subsampled grid at an offset.)
TEST_CASE("JPEG 2000 conformance files decode at full and reduced resolution", "[testdata][jp2]") {
    PD_REQUIRE_TESTDATA(dir, "jp2");
    struct Expected { const char* file; ImageFormat format; int width, height; bool icc; };
    const Expected files[] = {
        {"file1.jp2", ImageFormat::Jp2, 768, 512, false}, {"file2.jp2", ImageFormat::Jp2, 480, 640, false},
        {"file3.jp2", ImageFormat::Jp2, 480, 640, false}, {"file4.jp2", ImageFormat::Jp2, 768, 512, false},
        {"file5.jp2", ImageFormat::Jp2, 768, 512, true},  {"file6.jp2", ImageFormat::Jp2, 768, 512, false},
        {"file8.jp2", ImageFormat::Jp2, 700, 400, true},  {"file9.jp2", ImageFormat::Jp2, 768, 512, false},
        {"p0_01.j2k", ImageFormat::J2k, 128, 128, false}, {"p0_03.j2k", ImageFormat::J2k, 256, 256, false},
        {"p1_01.j2k", ImageFormat::J2k, 61, 99, false},
    };
    for (const Expected& e : files) {
        INFO(e.file);
        const QByteArray bytes = pd::test::readFile(dir + QLatin1Char('/') + QLatin1String(e.file));
        CHECK(sniffImageFormat(bytes) == e.format);
        const auto full = decodeImage(bytes);
        REQUIRE(full.ok());
        CHECK(full->image.size() == QSize(e.width, e.height));
        CHECK(full->fullWidth == e.width);
        CHECK(full->fullHeight == e.height);
        CHECK(full->iccProfile.isEmpty() == !e.icc);
        CHECK(contrast(full->image) > 5);

        DecodeRequest request;
        request.minLongEdge = std::max(e.width, e.height) / 3;
        const auto reduced = decodeImage(bytes, request);
        REQUIRE(reduced.ok());
        const int longEdge = std::max(reduced->image.width(), reduced->image.height());
        CHECK(longEdge >= request.minLongEdge);
        CHECK(longEdge <= (std::max(e.width, e.height) + 1) / 2);

        const auto r = makeStudioRenditions(bytes);
        REQUIRE(r.ok());
        CHECK(r->colourConverted == e.icc);
    }
    // file1 (sRGB) and file5 (ROMM-RGB with its ICC profile) are the same scene: ~24 levels apart
    // as stored, alike once the preview is converted to sRGB.
    const auto srgb = makeStudioRenditions(pd::test::readFile(dir + QStringLiteral("/file1.jp2")));
    const auto romm = makeStudioRenditions(pd::test::readFile(dir + QStringLiteral("/file5.jp2")));
    REQUIRE(srgb.ok());
    REQUIRE(romm.ok());
    CHECK(pd::test::compareImages(pd::test::decodeJpegWithQt(romm->preview.jpeg), pd::test::decodeJpegWithQt(srgb->preview.jpeg)).mean < 4);

    // file2 (sYCC 4:4:4) and file3 (sYCC 4:2:0) are one scene: chroma upsampling works, and the
    // colours are converted (shown raw, Y Cb Cr would make the blue sky red and the boards blue).
    const auto full444 = decodeImage(pd::test::readFile(dir + QStringLiteral("/file2.jp2")));
    const auto sub420 = decodeImage(pd::test::readFile(dir + QStringLiteral("/file3.jp2")));
    REQUIRE(full444.ok());
    REQUIRE(sub420.ok());
    CHECK(pd::test::compareImages(sub420->image, full444->image).mean < 6);
    const auto meanColour = [](const QImage& img, QRect area) {
        double r = 0, b = 0;
        for (int y = area.top(); y <= area.bottom(); ++y)
            for (int x = area.left(); x <= area.right(); ++x) {
                r += qRed(img.pixel(x, y));
                b += qBlue(img.pixel(x, y));
            }
        return std::make_pair(r / (area.width() * area.height()), b / (area.width() * area.height()));
    };
    const auto [skyRed, skyBlue] = meanColour(sub420->image, QRect(0, 0, 120, 40));
    CHECK(skyBlue > skyRed + 10);
    const auto [boardRed, boardBlue] = meanColour(sub420->image, QRect(300, 560, 150, 60));
    CHECK(boardRed > boardBlue + 10);
}

TEST_CASE("Broken files give an error or a picture, never a crash, a hang or a memory blow-up", "[testdata][bad]") {
    PD_REQUIRE_TESTDATA(dir, "bad");
    QStringList files = filesIn(dir) + filesIn(dir + QStringLiteral("/jp2"));
    REQUIRE(files.size() > 100);
    int errors = 0, decoded = 0;
    for (const QString& path : files) {
        INFO(path.toStdString());
        const QByteArray bytes = pd::test::readFile(path);
        DecodeRequest request;
        request.minLongEdge = kPreviewLongEdge;
        request.maxPixels = 50'000'000; // bounds the memory a lying header can make us take
        // A hang is caught by the ctest TIMEOUT of every case (tests never assert wall time).
        const auto result = decodeImage(bytes, request);
        const auto renditions = makeStudioRenditions(bytes);
        if (result.ok()) {
            ++decoded;
            CHECK_FALSE(result->image.isNull());
            CHECK(qint64(result->fullWidth) * result->fullHeight <= request.maxPixels);
        } else {
            ++errors;
            CHECK_FALSE(result.error().message.isEmpty());
        }
        if (!renditions.ok()) CHECK_FALSE(renditions.error().message.isEmpty());
    }
    CHECK(errors > 40);
    CHECK(decoded > 40);

    // The truncated camera JPEG is reported as corrupt, not shown half grey.
    const auto corrupted = decodeImage(pd::test::readFile(dir + QStringLiteral("/corrupted.jpg")));
    REQUIRE_FALSE(corrupted.ok());
    CHECK(corrupted.error().code == ErrorCode::CorruptData);
    // A codestream claiming 203 x 2 097 304 pixels is refused before decoding.
    const auto huge = decodeImage(pd::test::readFile(dir + QStringLiteral("/jp2/broken.jpc")));
    REQUIRE_FALSE(huge.ok());
    CHECK(huge.error().code == ErrorCode::TooLarge);
}
