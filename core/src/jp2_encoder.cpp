// JPEG 2000 zoom proof encoding with OpenJPEG into memory: tiles, resolution levels, quality layers.
#include "pd/core/jp2_encoder.h"

#include <QThread>
#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include <openjpeg.h>

namespace pd {

namespace {

// The growing output buffer behind OpenJPEG's write stream.
struct OutputStream {
    QByteArray bytes;
    qint64 pos = 0;
    qint64 end = 0; // bytes written so far (the file's length)
};

OPJ_SIZE_T writeStream(void* data, OPJ_SIZE_T count, void* user) {
    auto* s = static_cast<OutputStream*>(user);
    const qint64 needed = s->pos + qint64(count);
    if (needed > s->bytes.size()) s->bytes.resize(std::max<qint64>(needed, s->bytes.size() * 2));
    std::memcpy(s->bytes.data() + s->pos, data, count);
    s->pos = needed;
    s->end = std::max(s->end, s->pos);
    return count;
}

OPJ_OFF_T skipStream(OPJ_OFF_T count, void* user) {
    auto* s = static_cast<OutputStream*>(user);
    const qint64 target = s->pos + count;
    if (target < 0) return -1;
    if (target > s->bytes.size()) s->bytes.resize(target);
    s->pos = target;
    s->end = std::max(s->end, s->pos);
    return count;
}

OPJ_BOOL seekStream(OPJ_OFF_T pos, void* user) {
    auto* s = static_cast<OutputStream*>(user);
    if (pos < 0) return OPJ_FALSE;
    if (pos > s->bytes.size()) s->bytes.resize(pos);
    s->pos = pos;
    s->end = std::max(s->end, s->pos);
    return OPJ_TRUE;
}

void collectMessage(const char* msg, void* user) {
    auto* text = static_cast<QString*>(user);
    if (text->isEmpty()) *text = QString::fromLocal8Bit(msg).trimmed();
}

void ignoreMessage(const char*, void*) {}

struct CodecDeleter { void operator()(opj_codec_t* c) const { opj_destroy_codec(c); } };
struct StreamDeleter { void operator()(opj_stream_t* s) const { opj_stream_destroy(s); } };
struct ImageDeleter { void operator()(opj_image_t* i) const { opj_image_destroy(i); } };

Error refused(const QString& what, const QString& detail) {
    return makeError(ErrorCode::Internal,
                     QStringLiteral("JPEG 2000: %1").arg(detail.isEmpty() ? what : what + QStringLiteral(" (") + detail + QLatin1Char(')')));
}

} // namespace

int jp2ResolutionLevels(int width, int height, const Jp2Options& options) {
    const int longEdge = std::max(width, height), shortEdge = std::min(width, height);
    const int smallest = std::max(1, options.smallestLevelLongEdge);
    int levels = 1;
    // Level n (counting from 1) has a long edge of ceil(longEdge / 2^(n-1)).
    const auto longEdgeAt = [&](int n) { return (qint64(longEdge) + (qint64(1) << (n - 1)) - 1) >> (n - 1); };
    while (levels < std::clamp(options.maxResolutionLevels, 1, 32) && longEdgeAt(levels) > smallest) {
        const qint64 nextScale = qint64(1) << levels; // 2^(levels) = the next level's divisor
        // Every level must keep at least a pixel of the short edge and of a tile.
        if (nextScale > shortEdge || (options.tileSize > 0 && nextScale > options.tileSize)) break;
        ++levels;
    }
    return levels;
}

Result<QByteArray> encodeJp2(const QImage& rgb, const Jp2Options& options) {
    if (rgb.isNull() || rgb.width() <= 0 || rgb.height() <= 0)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("JPEG 2000: nothing to encode"));
    if ((options.tileSize != 0 && options.tileSize < 64) || options.qualityLayers < 1 || options.qualityLayers > 10 ||
        !(options.compressionRatio >= 1.0))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("JPEG 2000: encoder options out of range"));

    const int width = rgb.width(), height = rgb.height();

    opj_cparameters_t params;
    opj_set_default_encoder_parameters(&params);
    params.numresolution = jp2ResolutionLevels(width, height, options);
    if (options.tileSize > 0) {
        params.tile_size_on = OPJ_TRUE;
        params.cp_tdx = options.tileSize;
        params.cp_tdy = options.tileSize;
    }
    params.prog_order = options.progression == Jp2Progression::Rpcl ? OPJ_RPCL : OPJ_LRCP;
    params.irreversible = options.irreversible ? 1 : 0;
    params.tcp_mct = 1; // the colour transform: RGB to YCC before the wavelet
    params.tcp_numlayers = options.qualityLayers;
    // Layers from the most compressed to the target, each doubling the bytes; a ratio of 1 on
    // the last layer of a reversible encode means lossless.
    for (int i = 0; i < options.qualityLayers; ++i) {
        const double ratio = options.compressionRatio * std::ldexp(1.0, options.qualityLayers - 1 - i);
        params.tcp_rates[i] = float(ratio <= 1.0 ? 0.0 : ratio);
    }
    params.cp_disto_alloc = 1;

    opj_image_cmptparm_t comps[3];
    std::memset(comps, 0, sizeof comps);
    for (auto& c : comps) {
        c.dx = 1;
        c.dy = 1;
        c.w = OPJ_UINT32(width);
        c.h = OPJ_UINT32(height);
        c.prec = 8;
        c.sgnd = 0;
    }
    // Only the image's description: OpenJPEG gets the samples a tile at a time (opj_write_tile),
    // so neither the whole picture as 32-bit planes nor OpenJPEG's copy of them is ever held.
    std::unique_ptr<opj_image_t, ImageDeleter> image(opj_image_tile_create(3, comps, OPJ_CLRSPC_SRGB));
    if (!image) return makeError(ErrorCode::TooLarge, QStringLiteral("JPEG 2000: cannot allocate the image"));
    image->x0 = 0;
    image->y0 = 0;
    image->x1 = OPJ_UINT32(width);
    image->y1 = OPJ_UINT32(height);
    QString error;
    std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_compress(OPJ_CODEC_JP2));
    if (!codec) return refused(QStringLiteral("cannot create an encoder"), error);
    opj_set_error_handler(codec.get(), collectMessage, &error);
    opj_set_warning_handler(codec.get(), ignoreMessage, nullptr);
    opj_set_info_handler(codec.get(), ignoreMessage, nullptr);
    if (!opj_setup_encoder(codec.get(), &params, image.get()))
        return refused(QStringLiteral("the encoder refused the parameters"), error);
    // OpenJPEG's threads encode a tile's code-blocks side by side; each code-block's bytes and
    // rate-distortion figures are its own, and rate allocation runs on one thread after them, so
    // the file does not depend on the thread count (tested). Set even for 1: OPJ_NUM_THREADS is
    // then ignored.
    const int threads = options.threads > 0 ? options.threads : QThread::idealThreadCount();
    (void)opj_codec_set_threads(codec.get(), std::max(1, threads));

    OutputStream out;
    out.bytes.resize(qsizetype(std::min<qint64>(qint64(width) * height * 3 / std::max(1.0, options.compressionRatio) + 4096,
                                                 qint64(64) << 20)));
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(1 << 20, OPJ_FALSE));
    if (!stream) return refused(QStringLiteral("cannot create a stream"), error);
    opj_stream_set_user_data(stream.get(), &out, nullptr);
    opj_stream_set_write_function(stream.get(), writeStream);
    opj_stream_set_skip_function(stream.get(), skipStream);
    opj_stream_set_seek_function(stream.get(), seekStream);

    if (!opj_start_compress(codec.get(), image.get(), stream.get()))
        return refused(QStringLiteral("cannot start encoding"), error);
    // Tiles in raster order (opj_write_tile's rule), each as three 8-bit planes (no interleaving),
    // made from one band of tile rows of the picture converted to RGB888.
    const int tileW = options.tileSize > 0 ? options.tileSize : width;
    const int tileH = options.tileSize > 0 ? options.tileSize : height;
    const int tilesAcross = (width + tileW - 1) / tileW, tilesDown = (height + tileH - 1) / tileH;
    std::vector<OPJ_BYTE> planes;
    for (int ty = 0; ty < tilesDown; ++ty) {
        const int y0 = ty * tileH, h = std::min(tileH, height - y0);
        // An RGB888 picture is read in place; any other format is converted a band at a time.
        const bool inPlace = rgb.format() == QImage::Format_RGB888;
        const QImage band = inPlace ? rgb : rgb.copy(0, y0, width, h).convertToFormat(QImage::Format_RGB888);
        if (band.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("JPEG 2000: cannot allocate a band of tiles"));
        const int bandY0 = inPlace ? y0 : 0;
        for (int tx = 0; tx < tilesAcross; ++tx) {
            const int x0 = tx * tileW, w = std::min(tileW, width - x0);
            const size_t plane = size_t(w) * size_t(h);
            if (plane * 3 > size_t(UINT32_MAX))
                return makeError(ErrorCode::TooLarge, QStringLiteral("JPEG 2000: a tile is too large"));
            planes.resize(plane * 3);
            OPJ_BYTE* r = planes.data();
            OPJ_BYTE* g = r + plane;
            OPJ_BYTE* b = g + plane;
            for (int y = 0; y < h; ++y) {
                const uchar* px = band.constScanLine(bandY0 + y) + 3 * x0;
                const size_t row = size_t(y) * size_t(w);
                for (int x = 0; x < w; ++x, px += 3) {
                    r[row + size_t(x)] = px[0];
                    g[row + size_t(x)] = px[1];
                    b[row + size_t(x)] = px[2];
                }
            }
            if (!opj_write_tile(codec.get(), OPJ_UINT32(ty * tilesAcross + tx), planes.data(), OPJ_UINT32(planes.size()), stream.get()))
                return refused(QStringLiteral("encoding failed"), error);
        }
    }
    if (!opj_end_compress(codec.get(), stream.get())) return refused(QStringLiteral("cannot finish the file"), error);
    stream.reset(); // flushes what is buffered into `out`
    out.bytes.resize(qsizetype(out.end));
    return out.bytes;
}

} // namespace pd
