// JPEG 2000 decoding of files written here with OpenJPEG's own encoder.
#include <catch2/catch.hpp>

#include "pd/core/image_decoder.h"
#include "test_support.h"

#include <openjpeg.h>

#include <cstring>
#include <vector>

using namespace pd;

namespace {

struct WriteBuffer {
    QByteArray bytes;
    qint64 pos = 0;
};

OPJ_SIZE_T writeFn(void* data, OPJ_SIZE_T n, void* user) {
    auto* b = static_cast<WriteBuffer*>(user);
    if (b->pos + qint64(n) > b->bytes.size()) b->bytes.resize(b->pos + qint64(n));
    std::memcpy(b->bytes.data() + b->pos, data, n);
    b->pos += qint64(n);
    return n;
}
OPJ_OFF_T skipFn(OPJ_OFF_T n, void* user) {
    auto* b = static_cast<WriteBuffer*>(user);
    b->pos += n;
    if (b->pos > b->bytes.size()) b->bytes.resize(b->pos);
    return n;
}
OPJ_BOOL seekFn(OPJ_OFF_T pos, void* user) {
    static_cast<WriteBuffer*>(user)->pos = pos;
    return OPJ_TRUE;
}

struct Component {
    int dx = 1, dy = 1;
    int prec = 8;
    bool sgnd = false;
};

// Encodes planes (each at its component's subsampled size) losslessly with OpenJPEG.
QByteArray encodeJ2k(const std::vector<std::vector<int>>& planes, const std::vector<Component>& comps, int width, int height,
                     OPJ_COLOR_SPACE space, bool jp2, int resolutions) {
    std::vector<opj_image_cmptparm_t> params(comps.size());
    for (size_t c = 0; c < comps.size(); ++c) {
        std::memset(&params[c], 0, sizeof params[c]);
        params[c].dx = OPJ_UINT32(comps[c].dx);
        params[c].dy = OPJ_UINT32(comps[c].dy);
        params[c].w = OPJ_UINT32((width + comps[c].dx - 1) / comps[c].dx);
        params[c].h = OPJ_UINT32((height + comps[c].dy - 1) / comps[c].dy);
        params[c].prec = OPJ_UINT32(comps[c].prec);
        params[c].sgnd = comps[c].sgnd;
    }
    opj_image_t* image = opj_image_create(OPJ_UINT32(comps.size()), params.data(), space);
    REQUIRE(image);
    image->x0 = 0;
    image->y0 = 0;
    image->x1 = OPJ_UINT32(width);
    image->y1 = OPJ_UINT32(height);
    for (size_t c = 0; c < comps.size(); ++c)
        std::memcpy(image->comps[c].data, planes[c].data(), planes[c].size() * sizeof(int));

    opj_cparameters_t cp;
    opj_set_default_encoder_parameters(&cp);
    cp.numresolution = resolutions;
    cp.tcp_numlayers = 1;
    cp.tcp_rates[0] = 0; // lossless
    cp.cp_disto_alloc = 1;
    cp.tcp_mct = comps.size() >= 3 && comps[1].dx == 1 ? 1 : 0;
    opj_codec_t* codec = opj_create_compress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
    REQUIRE(opj_setup_encoder(codec, &cp, image));
    WriteBuffer out;
    opj_stream_t* stream = opj_stream_create(1 << 16, OPJ_FALSE);
    opj_stream_set_user_data(stream, &out, nullptr);
    opj_stream_set_write_function(stream, writeFn);
    opj_stream_set_skip_function(stream, skipFn);
    opj_stream_set_seek_function(stream, seekFn);
    REQUIRE(opj_start_compress(codec, image, stream));
    REQUIRE(opj_encode(codec, stream));
    REQUIRE(opj_end_compress(codec, stream));
    opj_stream_destroy(stream);
    opj_destroy_codec(codec);
    opj_image_destroy(image);
    return out.bytes;
}

QByteArray encodeRgb(const QImage& source, bool jp2, int resolutions) {
    const QImage rgb = source.convertToFormat(QImage::Format_RGB888);
    std::vector<std::vector<int>> planes(3, std::vector<int>(size_t(rgb.width()) * size_t(rgb.height())));
    for (int y = 0; y < rgb.height(); ++y)
        for (int x = 0; x < rgb.width(); ++x)
            for (int c = 0; c < 3; ++c) planes[size_t(c)][size_t(y) * size_t(rgb.width()) + size_t(x)] = rgb.constScanLine(y)[3 * x + c];
    return encodeJ2k(planes, {{}, {}, {}}, rgb.width(), rgb.height(), OPJ_CLRSPC_SRGB, jp2, resolutions);
}

} // namespace

TEST_CASE("A JP2 decodes at a reduced resolution level that still covers the request", "[core][jp2]") {
    const QImage source = pd::test::makeQuadrantImage(1000, 800);
    const QByteArray jp2 = encodeRgb(source, true, 5);
    REQUIRE(sniffImageFormat(jp2) == ImageFormat::Jp2);

    DecodeRequest request;
    request.minLongEdge = 200;
    const auto reduced = decodeImage(jp2, request);
    REQUIRE(reduced.ok());
    const int longEdge = std::max(reduced->image.width(), reduced->image.height());
    CHECK(longEdge >= 200);
    CHECK(longEdge < 1000);
    CHECK(reduced->image.size() == QSize(250, 200)); // level 2; level 3 (125) would not cover 200
    CHECK(reduced->fullWidth == 1000);
    CHECK(reduced->fullHeight == 800);
    CHECK(reduced->format == ImageFormat::Jp2);
    const QImage expected = source.scaled(250, 200, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    CHECK(pd::test::compareImages(reduced->image, expected).mean < 4);

    const auto full = decodeImage(jp2);
    REQUIRE(full.ok());
    CHECK(full->image.size() == QSize(1000, 800));
    CHECK(pd::test::compareImages(full->image, source).max == 0); // lossless

    // A request larger than the picture: full resolution, never more.
    request.minLongEdge = 5000;
    const auto big = decodeImage(jp2, request);
    REQUIRE(big.ok());
    CHECK(big->image.size() == QSize(1000, 800));

    const auto probed = probeImageSize(jp2);
    REQUIRE(probed.ok());
    CHECK(probed->width == 1000);
    CHECK(probed->height == 800);
}

TEST_CASE("The reduction stops at the number of resolution levels in the file", "[core][jp2]") {
    const QImage source = pd::test::makeQuadrantImage(1024, 512);
    const QByteArray j2k = encodeRgb(source, false, 2); // only one reduction possible
    REQUIRE(sniffImageFormat(j2k) == ImageFormat::J2k);
    DecodeRequest request;
    request.minLongEdge = 10;
    const auto decoded = decodeImage(j2k, request);
    REQUIRE(decoded.ok());
    CHECK(decoded->image.size() == QSize(512, 256));
    CHECK(decoded->format == ImageFormat::J2k);
}

TEST_CASE("JPEG 2000 grey 12-bit, signed and subsampled components become 8-bit RGB", "[core][jp2]") {
    const int w = 64, h = 48;
    SECTION("12-bit grey") {
        std::vector<std::vector<int>> planes(1, std::vector<int>(size_t(w * h)));
        for (int i = 0; i < w * h; ++i) planes[0][size_t(i)] = (i % w) * 64; // 0..4032 of 4095
        Component c;
        c.prec = 12;
        const auto decoded = decodeImage(encodeJ2k(planes, {c}, w, h, OPJ_CLRSPC_GRAY, true, 3));
        REQUIRE(decoded.ok());
        REQUIRE(decoded->image.format() == QImage::Format_RGB888);
        for (int x : {0, 20, 63}) {
            const QColor px = decoded->image.pixelColor(x, 10);
            CHECK(std::abs(px.red() - x * 4) <= 1);
            CHECK(px.red() == px.green());
            CHECK(px.green() == px.blue());
        }
    }
    SECTION("signed 8-bit grey") {
        std::vector<std::vector<int>> planes(1, std::vector<int>(size_t(w * h), 0)); // mid grey when signed
        Component c;
        c.sgnd = true;
        const auto decoded = decodeImage(encodeJ2k(planes, {c}, w, h, OPJ_CLRSPC_GRAY, false, 3));
        REQUIRE(decoded.ok());
        CHECK(std::abs(decoded->image.pixelColor(5, 5).red() - 128) <= 1);
    }
    SECTION("sYCC with 4:2:0 chroma") {
        // Pure red in full-range YCbCr: Y 76, Cb 85, Cr 255.
        std::vector<std::vector<int>> planes = {std::vector<int>(size_t(w * h), 76),
                                                std::vector<int>(size_t(w * h / 4), 85),
                                                std::vector<int>(size_t(w * h / 4), 255)};
        Component luma, chroma;
        chroma.dx = chroma.dy = 2;
        const auto decoded = decodeImage(encodeJ2k(planes, {luma, chroma, chroma}, w, h, OPJ_CLRSPC_SYCC, true, 3));
        REQUIRE(decoded.ok());
        REQUIRE(decoded->image.size() == QSize(w, h));
        const QColor px = decoded->image.pixelColor(30, 20);
        CHECK(px.red() > 240);
        CHECK(px.green() < 15);
        CHECK(px.blue() < 15);
    }
    SECTION("RGBA keeps its alpha") {
        std::vector<std::vector<int>> planes = {std::vector<int>(size_t(w * h), 200), std::vector<int>(size_t(w * h), 100),
                                                std::vector<int>(size_t(w * h), 50), std::vector<int>(size_t(w * h), 128)};
        const auto decoded = decodeImage(encodeJ2k(planes, {{}, {}, {}, {}}, w, h, OPJ_CLRSPC_SRGB, false, 3));
        REQUIRE(decoded.ok());
        REQUIRE(decoded->image.format() == QImage::Format_RGBA8888);
        const uchar* p = decoded->image.constScanLine(3) + 4 * 3;
        CHECK(int(p[0]) == 200);
        CHECK(int(p[1]) == 100);
        CHECK(int(p[2]) == 50);
        CHECK(int(p[3]) == 128);
    }
}

TEST_CASE("Broken and oversized JPEG 2000 files give errors", "[core][jp2]") {
    const QByteArray jp2 = encodeRgb(pd::test::makeDetailedImage(300, 200, 1), true, 4);

    const auto truncated = decodeImage(jp2.left(jp2.size() / 2));
    REQUIRE_FALSE(truncated.ok());
    CHECK(truncated.error().code == ErrorCode::CorruptData);

    const auto headerOnly = decodeImage(jp2.left(60));
    REQUIRE_FALSE(headerOnly.ok());
    CHECK(headerOnly.error().code == ErrorCode::CorruptData);

    DecodeRequest request;
    request.maxPixels = 300 * 200 - 1;
    const auto refused = decodeImage(jp2, request);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::TooLarge);
}
