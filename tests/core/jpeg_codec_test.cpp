// JPEG decoding (DCT scaling, ICC, corrupt input, limits) and encoding (segments, density).
#include <catch2/catch.hpp>

#include "pd/core/image_decoder.h"
#include "pd/core/image_ops.h"
#include "pd/core/jpeg_encoder.h"
#include "test_support.h"

#include <QBuffer>
#include <QImageReader>
#include <QRandomGenerator>

#include <lcms2.h>
#include <turbojpeg.h>

using namespace pd;

namespace {


// The JPEG's marker segments up to the scan, as (marker, payload) pairs.
QList<QPair<int, QByteArray>> jpegSegments(const QByteArray& jpeg) {
    QList<QPair<int, QByteArray>> out;
    qsizetype pos = 2;
    while (pos + 4 <= jpeg.size() && uchar(jpeg[pos]) == 0xFF) {
        const int marker = uchar(jpeg[pos + 1]);
        const int length = (uchar(jpeg[pos + 2]) << 8) | uchar(jpeg[pos + 3]);
        out.append({marker, jpeg.mid(pos + 4, length - 2)});
        if (marker == 0xDA) break;
        pos += 2 + length;
    }
    return out;
}

// Decodes with Qt's own JPEG plugin: independent of pd::decodeImage.
QImage decodeWithQt(const QByteArray& jpeg) {
    QBuffer buffer;
    buffer.setData(jpeg);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "jpeg");
    return reader.read().convertToFormat(QImage::Format_RGB888);
}

} // namespace

TEST_CASE("JPEG decoding uses DCT scaling down to the requested long edge", "[core][jpeg]") {
    const QByteArray jpeg = pd::test::makeJpeg(pd::test::makeQuadrantImage(6000, 4000), {}, {}, 80);

    DecodeRequest preview;
    preview.minLongEdge = 2048;
    const auto half = decodeImage(jpeg, preview);
    REQUIRE(half.ok());
    CHECK(half->image.size() == QSize(3000, 2000)); // 1/2: 1500 would be too small
    CHECK(half->fullWidth == 6000);
    CHECK(half->fullHeight == 4000);
    CHECK(half->format == ImageFormat::Jpeg);
    CHECK(half->image.format() == QImage::Format_RGB888);
    // The scaled pixels are the picture, not noise: compare with an independent downscale.
    const QImage expected = pd::test::makeQuadrantImage(6000, 4000).scaled(3000, 2000, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    CHECK(pd::test::compareImages(half->image, expected).mean < 3);

    DecodeRequest thumb;
    thumb.minLongEdge = 700;
    const auto eighth = decodeImage(jpeg, thumb);
    REQUIRE(eighth.ok());
    CHECK(eighth->image.size() == QSize(750, 500)); // 1/8 still covers 700

    DecodeRequest justOver;
    justOver.minLongEdge = 3001;
    const auto full1 = decodeImage(jpeg, justOver);
    REQUIRE(full1.ok());
    CHECK(full1->image.size() == QSize(6000, 4000));

    const auto full0 = decodeImage(jpeg); // minLongEdge = 0: full size
    REQUIRE(full0.ok());
    CHECK(full0->image.size() == QSize(6000, 4000));

    const auto probed = probeImageSize(jpeg);
    REQUIRE(probed.ok());
    CHECK(probed->width == 6000);
    CHECK(probed->height == 4000);
}

TEST_CASE("The embedded ICC profile is read back from APP2", "[core][jpeg]") {
    const QByteArray icc = pd::test::saveIccProfile(cmsCreate_sRGBProfile());
    const auto decoded = decodeImage(pd::test::makeJpeg(pd::test::makeQuadrantImage(64, 64), {}, icc));
    REQUIRE(decoded.ok());
    CHECK(decoded->iccProfile == icc);

    const auto untagged = decodeImage(pd::test::makeJpeg(pd::test::makeQuadrantImage(64, 64)));
    REQUIRE(untagged.ok());
    CHECK(untagged->iccProfile.isEmpty());
}

TEST_CASE("Truncated and garbled JPEGs are CorruptData errors, not grey pictures or crashes", "[core][jpeg]") {
    const QByteArray jpeg = pd::test::makeJpeg(pd::test::makeDetailedImage(800, 600, 3));

    const auto truncated = decodeImage(jpeg.left(jpeg.size() * 6 / 10));
    REQUIRE_FALSE(truncated.ok());
    CHECK(truncated.error().code == ErrorCode::CorruptData);
    CHECK_FALSE(truncated.error().message.isEmpty());

    // Garbage straight after the SOI marker.
    QByteArray garbage("\xFF\xD8\xFF", 3);
    QRandomGenerator rng(42);
    for (int i = 0; i < 20000; ++i) garbage.append(char(rng.bounded(256)));
    const auto garbled = decodeImage(garbage);
    REQUIRE_FALSE(garbled.ok());
    CHECK(garbled.error().code == ErrorCode::CorruptData);

    // Valid headers, then the entropy-coded data overwritten in the middle.
    QByteArray damaged = jpeg;
    for (qsizetype i = damaged.size() / 2; i < damaged.size() / 2 + 4000; ++i) damaged[i] = char(rng.bounded(256));
    const auto broken = decodeImage(damaged);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().code == ErrorCode::CorruptData);

    const auto probeOfGarbage = probeImageSize(garbage);
    CHECK_FALSE(probeOfGarbage.ok());
}

TEST_CASE("Images over maxPixels are refused from the header, before decoding", "[core][jpeg]") {
    const QByteArray jpeg = pd::test::makeJpeg(pd::test::makeQuadrantImage(600, 400));
    DecodeRequest request;
    request.maxPixels = 600 * 400 - 1;
    const auto refused = decodeImage(jpeg, request);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::TooLarge);

    // A 32x32 JPEG whose frame header claims 60000x60000: if the decoder allocated or decoded
    // before checking, it would fail on the missing data (CorruptData) instead.
    QByteArray lying = pd::test::makeJpeg(pd::test::makeQuadrantImage(32, 32));
    const qsizetype sof = lying.indexOf(QByteArray("\xFF\xC0", 2));
    REQUIRE(sof > 0);
    lying[sof + 5] = char(0xEA); lying[sof + 6] = char(0x60); // height 60000
    lying[sof + 7] = char(0xEA); lying[sof + 8] = char(0x60); // width 60000
    const auto huge = decodeImage(lying); // default limit: 400 MP
    REQUIRE_FALSE(huge.ok());
    CHECK(huge.error().code == ErrorCode::TooLarge);
    const auto probed = probeImageSize(lying);
    REQUIRE(probed.ok());
    CHECK(probed->width == 60000);
}

TEST_CASE("Grey and Adobe CMYK JPEGs decode to RGB", "[core][jpeg]") {
    tjhandle h = tjInitCompress();
    REQUIRE(h);
    {
        std::vector<unsigned char> grey(64 * 64, 77);
        unsigned char* out = nullptr;
        unsigned long size = 0;
        REQUIRE(tjCompress2(h, grey.data(), 64, 64, 64, TJPF_GRAY, &out, &size, TJSAMP_GRAY, 95, 0) == 0);
        const auto decoded = decodeImage(QByteArray(reinterpret_cast<const char*>(out), qsizetype(size)));
        tjFree(out);
        REQUIRE(decoded.ok());
        REQUIRE(decoded->image.format() == QImage::Format_RGB888);
        const QColor c = decoded->image.pixelColor(10, 10);
        CHECK(std::abs(c.red() - 77) <= 1);
        CHECK(std::abs(c.green() - 77) <= 1);
        CHECK(std::abs(c.blue() - 77) <= 1);
    }
    {
        // Adobe convention (what TurboJPEG writes, with an APP14 marker): 255 = no ink.
        // No cyan, full magenta and yellow, no black: red.
        std::vector<unsigned char> cmyk;
        for (int i = 0; i < 64 * 64; ++i) cmyk.insert(cmyk.end(), {255, 0, 0, 255});
        unsigned char* out = nullptr;
        unsigned long size = 0;
        REQUIRE(tjCompress2(h, cmyk.data(), 64, 64 * 4, 64, TJPF_CMYK, &out, &size, TJSAMP_444, 95, 0) == 0);
        const auto decoded = decodeImage(QByteArray(reinterpret_cast<const char*>(out), qsizetype(size)));
        tjFree(out);
        REQUIRE(decoded.ok());
        const QColor c = decoded->image.pixelColor(20, 20);
        CHECK(c.red() > 245);
        CHECK(c.green() < 10);
        CHECK(c.blue() < 10);
    }
    tjDestroy(h);
}

TEST_CASE("Encoded JPEGs decode, carry Exif and ICC right after JFIF, and state their dpi", "[core][jpeg]") {
    const QImage source = pd::test::makeQuadrantImage(640, 480);
    JpegEncodeOptions options;
    options.quality = 90;
    options.exifApp1 = QByteArray("Exif\0\0", 6) + QByteArray("II*\0\x08\0\0\0\0\0\0\0\0\0", 14);
    options.iccProfile = srgbIccProfile();
    options.dpi = 300;
    const auto encoded = encodeJpeg(source, options);
    REQUIRE(encoded.ok());

    const QImage viaQt = decodeWithQt(*encoded);
    REQUIRE(viaQt.size() == source.size());
    CHECK(pd::test::compareImages(viaQt, source).mean < 2.5);
    CHECK(std::abs(viaQt.dotsPerMeterX() - qRound(300 / 0.0254)) <= 1);

    const auto segments = jpegSegments(*encoded);
    REQUIRE(segments.size() >= 3);
    CHECK(segments[0].first == 0xE0);
    CHECK(segments[0].second.startsWith(QByteArray("JFIF\0", 5)));
    CHECK(segments[0].second[7] == char(1)); // units: dots per inch
    CHECK(segments[1].first == 0xE1);
    CHECK(segments[1].second == options.exifApp1);
    CHECK(segments[2].first == 0xE2);
    CHECK(segments[2].second.startsWith(QByteArray("ICC_PROFILE\0\x01\x01", 14)));

    const auto decoded = decodeImage(*encoded);
    REQUIRE(decoded.ok());
    CHECK(decoded->iccProfile == srgbIccProfile());

    // Chroma subsampling as asked: the luma sampling factors in the frame header.
    const auto lumaSampling = [](const QByteArray& jpeg) {
        for (const auto& [marker, payload] : jpegSegments(jpeg))
            if (marker == 0xC0) return int(uchar(payload[7]));
        return -1;
    };
    CHECK(lumaSampling(*encoded) == 0x22); // 4:2:0
    options.subsample420 = false;
    const auto full = encodeJpeg(source, options);
    REQUIRE(full.ok());
    CHECK(lumaSampling(*full) == 0x11); // 4:4:4
}

TEST_CASE("ICC profiles over 64 KB are split into numbered APP2 chunks", "[core][jpeg]") {
    QByteArray bigProfile(150'000, '\0');
    QRandomGenerator rng(7);
    for (auto& b : bigProfile) b = char(rng.bounded(256));
    JpegEncodeOptions options;
    options.iccProfile = bigProfile;
    const auto encoded = encodeJpeg(pd::test::makeQuadrantImage(64, 64), options);
    REQUIRE(encoded.ok());
    int chunks = 0;
    for (const auto& [marker, payload] : jpegSegments(*encoded)) {
        if (marker != 0xE2) continue;
        ++chunks;
        CHECK(payload.size() <= 65533);
        CHECK(int(uchar(payload[12])) == chunks); // sequence number
        CHECK(int(uchar(payload[13])) == 3);      // chunk count
    }
    CHECK(chunks == 3);
    const auto decoded = decodeImage(*encoded); // libjpeg reassembles the chunks
    REQUIRE(decoded.ok());
    CHECK(decoded->iccProfile == bigProfile);
}

TEST_CASE("The encoder keeps grey as grey, takes RGBA, and refuses empty images", "[core][jpeg]") {
    QImage grey(100, 50, QImage::Format_Grayscale8);
    grey.fill(200);
    const auto g = encodeJpeg(grey, {});
    REQUIRE(g.ok());
    const QImage back = decodeWithQt(*g);
    REQUIRE(back.size() == QSize(100, 50));
    CHECK(std::abs(qRed(back.pixel(50, 25)) - 200) <= 1);

    QImage rgba(80, 60, QImage::Format_RGBA8888);
    rgba.fill(QColor(10, 120, 240));
    const auto c = encodeJpeg(rgba, {});
    REQUIRE(c.ok());
    const QColor px = decodeWithQt(*c).pixelColor(40, 30);
    CHECK(std::abs(px.red() - 10) <= 3);
    CHECK(std::abs(px.green() - 120) <= 3);
    CHECK(std::abs(px.blue() - 240) <= 3);

    const auto none = encodeJpeg(QImage(), {});
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().code == ErrorCode::InvalidArgument);
}
