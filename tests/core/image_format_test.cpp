// Format sniffing: the magic bytes decide, never the file name.
#include <catch2/catch.hpp>

#include "pd/core/image_decoder.h"
#include "pd/core/image_format.h"
#include "test_support.h"

#include <QBuffer>
#include <QDir>
#include <QImageWriter>
#include <QTemporaryDir>

using namespace pd;

namespace {

QByteArray encodeWithQt(const QImage& image, const char* format) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, format);
    REQUIRE(writer.write(image));
    return bytes;
}

} // namespace

TEST_CASE("A JPEG is recognised by its bytes even when it is named .png", "[core][format]") {
    const QByteArray jpeg = pd::test::makeJpeg(pd::test::makeQuadrantImage(64, 48));
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("holiday.png"));
    pd::test::writeFile(path, jpeg);
    const QByteArray read = pd::test::readFile(path);
    CHECK(sniffImageFormat(read) == ImageFormat::Jpeg);
    const auto decoded = decodeImage(read);
    REQUIRE(decoded.ok());
    CHECK(decoded->format == ImageFormat::Jpeg);
    CHECK(decoded->image.size() == QSize(64, 48));
}

TEST_CASE("Each importable format written by Qt is sniffed as itself", "[core][format]") {
    const QImage image = pd::test::makeQuadrantImage(32, 24);
    CHECK(sniffImageFormat(encodeWithQt(image, "png")) == ImageFormat::Png);
    CHECK(sniffImageFormat(encodeWithQt(image, "tiff")) == ImageFormat::Tiff);
    CHECK(sniffImageFormat(encodeWithQt(image, "webp")) == ImageFormat::WebP);
    CHECK(sniffImageFormat(encodeWithQt(image, "bmp")) == ImageFormat::Bmp);
    CHECK(sniffImageFormat(QByteArray("GIF89a\x20\x00\x18\x00", 10)) == ImageFormat::Gif);
    CHECK(sniffImageFormat(QByteArray("\0\0\0\x0CjP  \r\n\x87\n\0\0\0\x14" "ftypjp2 ", 24)) == ImageFormat::Jp2);
    CHECK(sniffImageFormat(QByteArray("\xFF\x4F\xFF\x51\x00\x2F", 6)) == ImageFormat::J2k);
}

TEST_CASE("Text, empty input and look-alikes are Unknown", "[core][format]") {
    CHECK(sniffImageFormat(QByteArray("Hello, this is a plain text file.\n")) == ImageFormat::Unknown);
    CHECK(sniffImageFormat(QByteArray()) == ImageFormat::Unknown);
    CHECK(sniffImageFormat(nullptr, 0) == ImageFormat::Unknown);
    CHECK(sniffImageFormat(QByteArray("\xFF\xD8", 2)) == ImageFormat::Unknown); // too short to tell
    CHECK(sniffImageFormat(QByteArray("BM is how my notes start, not a bitmap")) == ImageFormat::Unknown);
    CHECK(sniffImageFormat(QByteArray("\0\0\0\x18" "ftypisom\0\0\0\0isomiso2", 24)) == ImageFormat::Unknown); // MP4 video

    const auto decoded = decodeImage(QByteArray("Hello, this is a plain text file.\n"));
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == ErrorCode::UnsupportedFormat);
}

TEST_CASE("HEIF is recognised but not importable, with a clear error", "[core][format]") {
    const QByteArray heic("\0\0\0\x18" "ftypheic\0\0\0\0mif1heic" "\0\0\0\x08mdat", 32);
    CHECK(sniffImageFormat(heic) == ImageFormat::Heif);
    // A generic 'mif1' major brand with heic among the compatible brands is HEIF too.
    CHECK(sniffImageFormat(QByteArray("\0\0\0\x1C" "ftypmif1\0\0\0\0mif1heicmiaf", 28)) == ImageFormat::Heif);
    CHECK_FALSE(isImportable(ImageFormat::Heif));
    CHECK_FALSE(isImportable(ImageFormat::Unknown));
    CHECK(isImportable(ImageFormat::Jpeg));
    CHECK(isImportable(ImageFormat::Jp2));
    CHECK(isImportable(ImageFormat::J2k));
    CHECK(isImportable(ImageFormat::Tiff));

    const auto decoded = decodeImage(heic);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == ErrorCode::UnsupportedFormat);
    CHECK(decoded.error().message.contains(QStringLiteral("HEIF")));
}

TEST_CASE("Format names are stable and round-trip", "[core][format]") {
    CHECK(imageFormatName(ImageFormat::Jpeg) == QStringLiteral("jpeg"));
    CHECK(imageFormatName(ImageFormat::Jp2) == QStringLiteral("jp2"));
    CHECK(imageFormatName(ImageFormat::Heif) == QStringLiteral("heif"));
    for (ImageFormat f : {ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::Tiff, ImageFormat::WebP, ImageFormat::Bmp,
                          ImageFormat::Jp2, ImageFormat::J2k, ImageFormat::Heif, ImageFormat::Gif})
        CHECK(imageFormatFromName(imageFormatName(f)) == f);
    CHECK(imageFormatFromName(QStringLiteral("JPEG")) == ImageFormat::Jpeg);
    CHECK(imageFormatFromName(QStringLiteral("psd")) == ImageFormat::Unknown);
}

TEST_CASE("Qt-decoded formats come back as RGB pixels of the right size", "[core][format]") {
    const QImage image = pd::test::makeQuadrantImage(40, 30);
    for (const char* format : {"png", "tiff", "bmp"}) {
        INFO(format);
        const auto decoded = decodeImage(encodeWithQt(image, format));
        REQUIRE(decoded.ok());
        CHECK(decoded->image.format() == QImage::Format_RGB888);
        CHECK(decoded->fullWidth == 40);
        CHECK(decoded->fullHeight == 30);
        CHECK(pd::test::compareImages(decoded->image, image).max == 0); // lossless formats
        const auto size = probeImageSize(encodeWithQt(image, format));
        REQUIRE(size.ok());
        CHECK(size->width == 40);
        CHECK(size->height == 30);
    }
    // Over the pixel limit: refused from the header.
    DecodeRequest small;
    small.maxPixels = 100;
    const auto refused = decodeImage(encodeWithQt(image, "png"), small);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::TooLarge);
}
