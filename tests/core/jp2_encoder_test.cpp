// JPEG 2000 zoom proofs: what encodeJp2 writes (read back with OpenJPEG itself), how close the
// pixels come back, and that a region at a reduced level decodes only its tiles and level.
#include <catch2/catch.hpp>

#include "pd/core/image_decoder.h"
#include "pd/core/image_ops.h"
#include "pd/core/jp2_encoder.h"
#include "pd/core/region_decoder.h"
#include "test_support.h"

#include <openjpeg.h>

#include <cmath>
#include <cstring>

using namespace pd;
using pd::test::compareImages;

namespace {

// What OpenJPEG's own header reader says about a codestream, independent of pd::probeJp2Layout.
struct HeaderFacts {
    int tdx = 0, tdy = 0, tw = 0, th = 0, numresolutions = 0, numlayers = 0, prg = -1, qmfbid = -1;
    int width = 0, height = 0, numcomps = 0;
};

struct ReadBuffer {
    const QByteArray* bytes;
    qint64 pos = 0;
};
OPJ_SIZE_T readFn(void* out, OPJ_SIZE_T n, void* user) {
    auto* b = static_cast<ReadBuffer*>(user);
    if (b->pos >= b->bytes->size()) return OPJ_SIZE_T(-1);
    const OPJ_SIZE_T k = std::min<OPJ_SIZE_T>(n, OPJ_SIZE_T(b->bytes->size() - b->pos));
    std::memcpy(out, b->bytes->constData() + b->pos, k);
    b->pos += qint64(k);
    return k;
}
OPJ_OFF_T skipFn(OPJ_OFF_T n, void* user) {
    auto* b = static_cast<ReadBuffer*>(user);
    b->pos += n;
    return n;
}
OPJ_BOOL seekFn(OPJ_OFF_T pos, void* user) {
    static_cast<ReadBuffer*>(user)->pos = pos;
    return OPJ_TRUE;
}

HeaderFacts readHeader(const QByteArray& jp2) {
    HeaderFacts f;
    ReadBuffer buffer{&jp2};
    opj_codec_t* codec = opj_create_decompress(OPJ_CODEC_JP2);
    opj_dparameters_t params;
    opj_set_default_decoder_parameters(&params);
    REQUIRE(opj_setup_decoder(codec, &params));
    opj_stream_t* stream = opj_stream_create(1 << 16, OPJ_TRUE);
    opj_stream_set_user_data(stream, &buffer, nullptr);
    opj_stream_set_user_data_length(stream, OPJ_UINT64(jp2.size()));
    opj_stream_set_read_function(stream, readFn);
    opj_stream_set_skip_function(stream, skipFn);
    opj_stream_set_seek_function(stream, seekFn);
    opj_image_t* image = nullptr;
    REQUIRE(opj_read_header(stream, codec, &image));
    opj_codestream_info_v2_t* info = opj_get_cstr_info(codec);
    REQUIRE(info);
    f.tdx = int(info->tdx);
    f.tdy = int(info->tdy);
    f.tw = int(info->tw);
    f.th = int(info->th);
    f.numlayers = int(info->m_default_tile_info.numlayers);
    f.prg = int(info->m_default_tile_info.prg);
    f.numresolutions = int(info->m_default_tile_info.tccp_info[0].numresolutions);
    f.qmfbid = int(info->m_default_tile_info.tccp_info[0].qmfbid);
    f.width = int(image->x1 - image->x0);
    f.height = int(image->y1 - image->y0);
    f.numcomps = int(image->numcomps);
    opj_destroy_cstr_info(&info);
    opj_image_destroy(image);
    opj_stream_destroy(stream);
    opj_destroy_codec(codec);
    return f;
}

double psnr(const QImage& a, const QImage& b) {
    const QImage x = a.convertToFormat(QImage::Format_RGB888), y = b.convertToFormat(QImage::Format_RGB888);
    REQUIRE(x.size() == y.size());
    double sum = 0;
    for (int row = 0; row < x.height(); ++row) {
        const uchar* p = x.constScanLine(row);
        const uchar* q = y.constScanLine(row);
        for (int i = 0; i < x.width() * 3; ++i) sum += double(p[i] - q[i]) * double(p[i] - q[i]);
    }
    const double mse = sum / (double(x.width()) * x.height() * 3);
    return mse == 0 ? 99.0 : 10.0 * std::log10(255.0 * 255.0 / mse);
}

// A photo-like picture: the quadrants and gradient of makeQuadrantImage with soft detail on top.
QImage makePhotoLike(int w, int h) {
    QImage img = pd::test::makeQuadrantImage(w, h);
    for (int y = 0; y < h; ++y) {
        uchar* row = img.scanLine(y);
        for (int x = 0; x < w; ++x) {
            const int ripple = int(20 * std::sin(x / 23.0) * std::cos(y / 31.0));
            for (int c = 0; c < 3; ++c) row[3 * x + c] = uchar(qBound(0, row[3 * x + c] + ripple, 255));
        }
    }
    return img;
}

} // namespace

TEST_CASE("a zoom proof is a JP2 with 512 px tiles, levels down to 256 px and three layers", "[jp2][encoder]") {
    const QImage source = makePhotoLike(3000, 2000);
    Result<QByteArray> jp2 = encodeJp2(source, Jp2Options{});
    REQUIRE(jp2.ok());
    // The JP2 signature box, then the file type box naming jp2: a file, not a raw codestream.
    REQUIRE(jp2->size() > 100);
    CHECK(std::memcmp(jp2->constData(), "\0\0\0\x0CjP  \r\n\x87\n", 12) == 0);
    CHECK(jp2->mid(20, 4) == "jp2 ");
    // Never above the asked compression: 3000x2000x3 bytes / 20 = 900 kB (smooth pictures need less).
    CHECK(jp2->size() < 3000 * 2000 * 3 / 20 * 11 / 10);
    // A noisy picture uses the whole budget: the rate really is what was asked.
    Result<QByteArray> noisy = encodeJp2(pd::test::makeDetailedImage(1500, 1000, 7), Jp2Options{});
    REQUIRE(noisy.ok());
    CHECK(noisy->size() < 1500 * 1000 * 3 / 20 * 11 / 10);
    CHECK(noisy->size() > 1500 * 1000 * 3 / 20 * 8 / 10);

    const HeaderFacts f = readHeader(*jp2);
    CHECK(f.width == 3000);
    CHECK(f.height == 2000);
    CHECK(f.numcomps == 3);
    CHECK(f.tdx == 512);
    CHECK(f.tdy == 512);
    CHECK(f.tw == 6);
    CHECK(f.th == 4);
    // 3000 / 2^4 = 188 <= 256 < 3000 / 2^3 = 375: four decompositions, five levels.
    CHECK(f.numresolutions == 5);
    CHECK(f.numlayers == 3);
    CHECK(f.prg == OPJ_RPCL);
    CHECK(f.qmfbid == 0); // 9/7 irreversible

    // The project's own reader agrees.
    Result<Jp2Layout> layout = probeJp2Layout(*jp2);
    REQUIRE(layout.ok());
    CHECK(layout->resolutionLevels == 5);
    CHECK(layout->tilesAcross == 6);
    CHECK(layout->qualityLayers == 3);
    CHECK(layout->irreversible);
    CHECK(layout->jp2);

    // Options are honoured: LRCP, other tiles and layers, and the 8-level cap on a huge edge.
    Jp2Options other;
    other.tileSize = 256;
    other.qualityLayers = 5;
    other.progression = Jp2Progression::Lrcp;
    Result<QByteArray> lrcp = encodeJp2(source.scaled(900, 600), other);
    REQUIRE(lrcp.ok());
    const HeaderFacts g = readHeader(*lrcp);
    CHECK(g.tdx == 256);
    CHECK(g.numlayers == 5);
    CHECK(g.prg == OPJ_LRCP);
    CHECK(g.numresolutions == 3); // 900 -> 450 -> 225
    CHECK(jp2ResolutionLevels(40000, 30000, Jp2Options{}) == 8);
    CHECK(jp2ResolutionLevels(200, 100, Jp2Options{}) == 1);
    // Options out of range are refused, not silently changed.
    Jp2Options bad;
    bad.qualityLayers = 0;
    CHECK(encodeJp2(source, bad).error().code == ErrorCode::InvalidArgument);
    CHECK(encodeJp2(QImage(), Jp2Options{}).error().code == ErrorCode::InvalidArgument);
}

TEST_CASE("a zoom proof decodes back close to its source, whole and at reduced levels", "[jp2][encoder]") {
    const QImage source = makePhotoLike(1500, 1000);
    Result<QByteArray> jp2 = encodeJp2(source, Jp2Options{});
    REQUIRE(jp2.ok());

    Result<DecodedImage> whole = decodeImage(*jp2);
    REQUIRE(whole.ok());
    CHECK(whole->format == ImageFormat::Jp2);
    REQUIRE(whole->image.size() == source.size());
    const pd::test::ImageDiff d = compareImages(whole->image, source);
    INFO("mean " << d.mean << " max " << d.max << " psnr " << psnr(whole->image, source));
    CHECK(d.mean < 2.5);
    CHECK(psnr(whole->image, source) > 35.0);

    // The level just above 300 px: 1500 / 4 = 375.
    DecodeRequest small;
    small.minLongEdge = 300;
    Result<DecodedImage> reduced = decodeImage(*jp2, small);
    REQUIRE(reduced.ok());
    CHECK(reduced->image.size() == QSize(375, 250));
    CHECK(compareImages(reduced->image, resizeImage(source, 375, 250)).mean < 4.0);
}

TEST_CASE("a small region at level 3 decodes only its tiles and level", "[jp2][region]") {
    const QImage source = makePhotoLike(3000, 2000);
    Result<QByteArray> jp2 = encodeJp2(source, Jp2Options{});
    REQUIRE(jp2.ok());

    LevelRegionRequest whole;
    Result<LevelRegion> full = decodeRegionAtLevel(*jp2, whole);
    REQUIRE(full.ok());
    CHECK(full->image.size() == QSize(3000, 2000));
    CHECK(full->tileCount == 24);
    CHECK(full->tilesDecoded == 24);
    CHECK(full->decodedSamples == 3000LL * 2000 * 3);

    // 400x400 px at (1100, 600): inside tiles (2,1) and (2,2) of the 512 grid, 50x50 at level 3.
    LevelRegionRequest small;
    small.region = QRect(1100, 600, 400, 400);
    small.reduction = 3;
    Result<LevelRegion> part = decodeRegionAtLevel(*jp2, small);
    REQUIRE(part.ok());
    CHECK(part->reduction == 3);
    CHECK(part->region == small.region);
    CHECK(part->image.size() == QSize(50, 50));
    CHECK(part->tilesDecoded >= 1);
    CHECK(part->tilesDecoded <= 2);
    // OpenJPEG held and decoded 50x50x3 samples, not the 18 million of a full decode.
    CHECK(part->decodedSamples == 50LL * 50 * 3);
    CHECK(part->decodedSamples * 1000 < full->decodedSamples);
    // And they are the right pixels: the same crop of the source, shrunk 8 times.
    const QImage expected = resizeImage(source.copy(small.region), 50, 50);
    const pd::test::ImageDiff d = compareImages(part->image, expected);
    INFO("mean " << d.mean << " max " << d.max);
    CHECK(d.mean < 6.0);

    // A level the file does not have is clamped to the smallest one it has.
    small.reduction = 12;
    Result<LevelRegion> clamped = decodeRegionAtLevel(*jp2, small);
    REQUIRE(clamped.ok());
    CHECK(clamped->reduction == 4);
    CHECK(clamped->image.size() == QSize(25, 25));

    small.region = QRect(5000, 0, 10, 10);
    CHECK(decodeRegionAtLevel(*jp2, small).error().code == ErrorCode::InvalidArgument);
    CHECK(decodeRegionAtLevel(QByteArray("not an image"), small).error().code == ErrorCode::UnsupportedFormat);
}

TEST_CASE("the loupe's region decode of a JPEG 2000 reads only the region's tiles", "[jp2][region]") {
    const QImage source = makePhotoLike(2048, 1536);
    Result<QByteArray> jp2 = encodeJp2(source, Jp2Options{});
    REQUIRE(jp2.ok());
    RegionRequest request;
    request.region = QRect(600, 700, 300, 200);
    request.orientation = 1;
    Result<DecodedRegion> region = decodeRegion(*jp2, request);
    REQUIRE(region.ok());
    CHECK(region->region == request.region);
    CHECK(region->fullSize == QSize(2048, 1536));
    REQUIRE(region->image.size() == QSize(300, 200));
    CHECK(compareImages(region->image, source.copy(request.region)).mean < 3.0);
}

TEST_CASE("a zoom proof has the same bytes for any encoder thread count and from run to run", "[jp2][encoder]") {
    // Not a multiple of the 512 px tile, so edge tiles are partial.
    const QImage source = makePhotoLike(1700, 1100);
    Jp2Options one;
    one.threads = 1;
    Result<QByteArray> reference = encodeJp2(source, one);
    REQUIRE(reference.ok());
    // Twice on one thread: nothing carried over from a previous encode.
    Result<QByteArray> again = encodeJp2(source, one);
    REQUIRE(again.ok());
    CHECK(*again == *reference);
    for (const int threads : {2, 3, 4, 8, 0}) {
        Jp2Options many;
        many.threads = threads;
        Result<QByteArray> jp2 = encodeJp2(source, many);
        REQUIRE(jp2.ok());
        INFO("threads " << threads);
        CHECK(jp2->size() == reference->size());
        CHECK(*jp2 == *reference);
    }
    // The picture's format does not matter: other formats are converted a band of tiles at a time.
    Result<QByteArray> argb = encodeJp2(source.convertToFormat(QImage::Format_ARGB32), one);
    REQUIRE(argb.ok());
    CHECK(*argb == *reference);
    Result<QByteArray> rgb32 = encodeJp2(source.convertToFormat(QImage::Format_RGB32), Jp2Options{});
    REQUIRE(rgb32.ok());
    CHECK(*rgb32 == *reference);
    // One tile for the whole picture, on several threads, still decodes to the source.
    Jp2Options untiled;
    untiled.tileSize = 0;
    untiled.threads = 4;
    Result<QByteArray> whole = encodeJp2(source, untiled);
    REQUIRE(whole.ok());
    CHECK(readHeader(*whole).tw == 1);
    untiled.threads = 1;
    CHECK(*encodeJp2(source, untiled) == *whole);
    Result<DecodedImage> decoded = decodeImage(*whole);
    REQUIRE(decoded.ok());
    CHECK(psnr(decoded->image, source) > 35.0);
}
