// JPEG 2000 decoding with OpenJPEG from memory: reduced resolution levels, safe limits, 8-bit RGB out.
#include "jp2_decoder.h"

#include <QtGlobal>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <vector>

#include <lcms2.h>
#include <openjpeg.h>

namespace pd::detail {

namespace {

struct MemoryStream {
    const char* data = nullptr;
    OPJ_UINT64 size = 0;
    OPJ_UINT64 pos = 0;
};

OPJ_SIZE_T readStream(void* buffer, OPJ_SIZE_T count, void* user) {
    auto* s = static_cast<MemoryStream*>(user);
    if (s->pos >= s->size) return OPJ_SIZE_T(-1);
    const OPJ_SIZE_T n = OPJ_SIZE_T(std::min<OPJ_UINT64>(count, s->size - s->pos));
    std::memcpy(buffer, s->data + s->pos, n);
    s->pos += n;
    return n;
}

OPJ_OFF_T skipStream(OPJ_OFF_T count, void* user) {
    auto* s = static_cast<MemoryStream*>(user);
    if (count < 0) {
        const OPJ_UINT64 back = std::min<OPJ_UINT64>(OPJ_UINT64(-count), s->pos);
        s->pos -= back;
        return -OPJ_OFF_T(back);
    }
    const OPJ_UINT64 fwd = std::min<OPJ_UINT64>(OPJ_UINT64(count), s->size - s->pos);
    s->pos += fwd;
    return OPJ_OFF_T(fwd);
}

OPJ_BOOL seekStream(OPJ_OFF_T pos, void* user) {
    auto* s = static_cast<MemoryStream*>(user);
    if (pos < 0 || OPJ_UINT64(pos) > s->size) return OPJ_FALSE;
    s->pos = OPJ_UINT64(pos);
    return OPJ_TRUE;
}

void collectMessage(const char* msg, void* user) {
    auto* text = static_cast<QString*>(user);
    if (text->isEmpty()) *text = QString::fromLocal8Bit(msg).trimmed(); // the first one is the cause
}

void ignoreMessage(const char*, void*) {}

// OpenJPEG reports "Tile i/n has been decoded." once per tile it actually decodes: counting
// those tells a caller (and a test) how much of the codestream a decode touched.
void countTile(const char* msg, void* user) {
    if (std::strstr(msg, "has been decoded")) ++*static_cast<int*>(user);
}

struct CodecDeleter { void operator()(opj_codec_t* c) const { opj_destroy_codec(c); } };
struct StreamDeleter { void operator()(opj_stream_t* s) const { opj_stream_destroy(s); } };
struct ImageDeleter { void operator()(opj_image_t* i) const { opj_image_destroy(i); } };

// One decoding session over the bytes; everything OpenJPEG owns is released by the deleters.
class Jp2Session {
public:
    explicit Jp2Session(const QByteArray& bytes) {
        m_memory.data = bytes.constData();
        m_memory.size = OPJ_UINT64(bytes.size());
    }

    // Creates the codec and stream and reads the main header.
    Status open() {
        // A JP2 file starts with its signature box; anything else is taken as a raw codestream.
        const bool jp2 = m_memory.size >= 12 && std::memcmp(m_memory.data, "\0\0\0\x0CjP  \r\n\x87\n", 12) == 0;
        m_codec.reset(opj_create_decompress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
        if (!m_codec) return makeError(ErrorCode::Internal, QStringLiteral("JPEG 2000: cannot create a decoder"));
        opj_set_error_handler(m_codec.get(), collectMessage, &m_error);
        opj_set_warning_handler(m_codec.get(), ignoreMessage, nullptr);
        opj_set_info_handler(m_codec.get(), countTile, &m_tilesDecoded);
        opj_dparameters_t params;
        opj_set_default_decoder_parameters(&params);
        if (!opj_setup_decoder(m_codec.get(), &params))
            return corrupt(QStringLiteral("cannot set up the decoder"));
        opj_codec_set_threads(m_codec.get(), 1);

        m_stream.reset(opj_stream_create(64 * 1024, OPJ_TRUE));
        if (!m_stream) return makeError(ErrorCode::Internal, QStringLiteral("JPEG 2000: cannot create a stream"));
        opj_stream_set_user_data(m_stream.get(), &m_memory, nullptr);
        opj_stream_set_user_data_length(m_stream.get(), m_memory.size);
        opj_stream_set_read_function(m_stream.get(), readStream);
        opj_stream_set_skip_function(m_stream.get(), skipStream);
        opj_stream_set_seek_function(m_stream.get(), seekStream);

        opj_image_t* image = nullptr;
        const bool ok = opj_read_header(m_stream.get(), m_codec.get(), &image);
        m_image.reset(image);
        m_jp2 = jp2;
        if (!ok || !image) return corrupt(QStringLiteral("unreadable header"));
        if (image->numcomps == 0 || !image->comps || image->x1 <= image->x0 || image->y1 <= image->y0)
            return corrupt(QStringLiteral("no image in the codestream"));
        // The finest component defines the output grid (chroma may be subsampled).
        for (OPJ_UINT32 c = 0; c < image->numcomps; ++c) {
            const auto& comp = image->comps[c];
            if (comp.dx == 0 || comp.dy == 0) return corrupt(QStringLiteral("invalid component subsampling"));
            if (qint64(comp.dx) * comp.dy < qint64(image->comps[m_reference].dx) * image->comps[m_reference].dy)
                m_reference = c;
        }
        return {};
    }

    // Size of the reference component at resolution reduction `r` (0 = full).
    ImageSize sizeAt(int r) const {
        const auto& comp = m_image->comps[m_reference];
        const auto ceilDiv = [](qint64 a, qint64 b) { return (a + b - 1) / b; };
        const qint64 x0 = ceilDiv(m_image->x0, comp.dx), x1 = ceilDiv(m_image->x1, comp.dx);
        const qint64 y0 = ceilDiv(m_image->y0, comp.dy), y1 = ceilDiv(m_image->y1, comp.dy);
        const qint64 f = qint64(1) << r;
        return {int(ceilDiv(x1, f) - ceilDiv(x0, f)), int(ceilDiv(y1, f) - ceilDiv(y0, f))};
    }

    // The fewest resolution levels in the main header's coding style (what reduction is legal).
    int resolutionLevels() const {
        opj_codestream_info_v2_t* info = opj_get_cstr_info(m_codec.get());
        int levels = 1;
        if (info && info->m_default_tile_info.tccp_info) {
            levels = 33;
            for (OPJ_UINT32 c = 0; c < info->nbcomps; ++c)
                levels = std::min(levels, int(info->m_default_tile_info.tccp_info[c].numresolutions));
            levels = std::max(levels, 1);
        }
        if (info) opj_destroy_cstr_info(&info);
        return levels;
    }

    Result<Jp2Layout> structure() const {
        opj_codestream_info_v2_t* info = opj_get_cstr_info(m_codec.get());
        if (!info) return corrupt(QStringLiteral("no codestream information"));
        Jp2Layout out;
        const ImageSize full = sizeAt(0);
        out.width = full.width;
        out.height = full.height;
        out.tileWidth = int(info->tdx);
        out.tileHeight = int(info->tdy);
        out.tilesAcross = int(info->tw);
        out.tilesDown = int(info->th);
        out.qualityLayers = int(info->m_default_tile_info.numlayers);
        out.progression = int(info->m_default_tile_info.prg);
        out.resolutionLevels = resolutionLevels();
        out.irreversible = info->m_default_tile_info.tccp_info && info->nbcomps > 0 &&
                           info->m_default_tile_info.tccp_info[0].qmfbid == 0;
        out.jp2 = m_jp2;
        opj_destroy_cstr_info(&info);
        return out;
    }

    int tileCount() const {
        opj_codestream_info_v2_t* info = opj_get_cstr_info(m_codec.get());
        const int n = info ? int(info->tw * info->th) : 0;
        if (info) opj_destroy_cstr_info(&info);
        return n;
    }

    // Restricts the next decode to `area`, in full-resolution pixels of the reference component.
    // Must follow setReduction (OpenJPEG maps the area onto the reduced grid when it is set).
    Status setArea(const QRect& area) {
        const auto& ref = m_image->comps[m_reference];
        const qint64 x0 = qint64(m_image->x0) + qint64(area.x()) * ref.dx;
        const qint64 y0 = qint64(m_image->y0) + qint64(area.y()) * ref.dy;
        const qint64 x1 = std::min<qint64>(qint64(m_image->x0) + qint64(area.x() + area.width()) * ref.dx, m_image->x1);
        const qint64 y1 = std::min<qint64>(qint64(m_image->y0) + qint64(area.y() + area.height()) * ref.dy, m_image->y1);
        if (!opj_set_decode_area(m_codec.get(), m_image.get(), OPJ_INT32(x0), OPJ_INT32(y0), OPJ_INT32(x1), OPJ_INT32(y1)))
            return corrupt(QStringLiteral("cannot restrict the decode to an area"));
        return {};
    }

    Status setReduction(int reduction) {
        if (reduction > 0 && !opj_set_decoded_resolution_factor(m_codec.get(), OPJ_UINT32(reduction)))
            return corrupt(QStringLiteral("cannot decode at a reduced resolution"));
        return {};
    }

    Status decode(int reduction) {
        PD_TRY(setReduction(reduction));
        return decodeAsSet();
    }

    // Decodes with the reduction and area already set.
    Status decodeAsSet() {
        if (!opj_decode(m_codec.get(), m_stream.get(), m_image.get()))
            return corrupt(QStringLiteral("undecodable codestream"));
        // A missing end-of-codestream marker after complete tiles costs nothing visible.
        (void)opj_end_decompress(m_codec.get(), m_stream.get());
        return {};
    }

    const opj_image_t* image() const { return m_image.get(); }
    OPJ_UINT32 reference() const { return m_reference; }
    int tilesDecoded() const { return m_tilesDecoded; }

private:
    Error corrupt(const QString& what) const {
        return makeError(ErrorCode::CorruptData,
                         QStringLiteral("JPEG 2000: %1").arg(m_error.isEmpty() ? what : what + QStringLiteral(" (") + m_error + QLatin1Char(')')));
    }

    MemoryStream m_memory;
    QString m_error;
    std::unique_ptr<opj_codec_t, CodecDeleter> m_codec;
    std::unique_ptr<opj_stream_t, StreamDeleter> m_stream;
    std::unique_ptr<opj_image_t, ImageDeleter> m_image;
    OPJ_UINT32 m_reference = 0;
    int m_tilesDecoded = 0;
    bool m_jp2 = false;
};

// One component resampled (nearest neighbour) onto the output grid, scaled to 8 bits.
std::vector<uchar> componentPlane(const opj_image_comp_t& comp, const opj_image_comp_t& ref, int width, int height) {
    std::vector<uchar> plane(size_t(width) * size_t(height), 0);
    if (!comp.data || comp.w == 0 || comp.h == 0) return plane;
    const int prec = int(std::clamp<OPJ_UINT32>(comp.prec, 1, 31));
    const qint64 offset = comp.sgnd ? (qint64(1) << (prec - 1)) : 0;
    const qint64 maxValue = (qint64(1) << prec) - 1;
    // The x index into the component for each output column.
    std::vector<OPJ_UINT32> columns(static_cast<size_t>(width));
    for (int x = 0; x < width; ++x)
        columns[size_t(x)] = std::min<OPJ_UINT32>(OPJ_UINT32(qint64(x) * ref.dx / comp.dx), comp.w - 1);
    for (int y = 0; y < height; ++y) {
        const OPJ_UINT32 sy = std::min<OPJ_UINT32>(OPJ_UINT32(qint64(y) * ref.dy / comp.dy), comp.h - 1);
        const OPJ_INT32* src = comp.data + size_t(sy) * comp.w;
        uchar* dst = plane.data() + size_t(y) * size_t(width);
        for (int x = 0; x < width; ++x) {
            const qint64 v = std::clamp<qint64>(qint64(src[columns[size_t(x)]]) + offset, 0, maxValue);
            dst[x] = prec == 8 ? uchar(v) : prec > 8 ? uchar(v >> (prec - 8)) : uchar((v * 255 + maxValue / 2) / maxValue);
        }
    }
    return plane;
}

// sYCC (ITU-R BT.601 full range, as OpenJPEG's own tools convert it) to RGB, in place.
void syccToRgb(std::vector<uchar>& y, std::vector<uchar>& cb, std::vector<uchar>& cr) {
    for (size_t i = 0; i < y.size(); ++i) {
        const float l = y[i], b = float(cb[i]) - 128.f, r = float(cr[i]) - 128.f;
        const auto clamp8 = [](float v) { return uchar(std::clamp(int(v + 0.5f), 0, 255)); };
        y[i] = clamp8(l + 1.402f * r);
        cb[i] = clamp8(l - 0.344136f * b - 0.714136f * r);
        cr[i] = clamp8(l + 1.772f * b);
    }
}

// OpenJPEG leaves CIELab samples as they are and describes them in icc_profile_buf with
// icc_profile_len 0: enumcs 14, then "DEF" (defaults) or the ranges and offsets of L, a, b.
bool isCielab(const opj_image_t* img) {
    return img->icc_profile_buf && img->icc_profile_len == 0 &&
           reinterpret_cast<const OPJ_UINT32*>(img->icc_profile_buf)[0] == 14;
}

// CIELab components to sRGB, with the ranges of ITU-T T.800 Annex M (as OpenJPEG's tools do).
Status cielabToRgb(const opj_image_t* img, int width, int height, std::vector<std::vector<uchar>>& planes) {
    if (img->numcomps < 3) return makeError(ErrorCode::UnsupportedFormat, QStringLiteral("JPEG 2000: CIELab needs 3 components"));
    const auto* params = reinterpret_cast<const OPJ_UINT32*>(img->icc_profile_buf);
    const auto& lc = img->comps[0];
    const auto& ac = img->comps[1];
    const auto& bc = img->comps[2];
    for (const auto* c : {&lc, &ac, &bc})
        if (int(c->w) != width || int(c->h) != height || !c->data || c->prec < 1 || c->prec > 31)
            return makeError(ErrorCode::UnsupportedFormat, QStringLiteral("JPEG 2000: subsampled CIELab is not supported"));
    const double maxL = std::ldexp(1.0, int(lc.prec)) - 1, maxA = std::ldexp(1.0, int(ac.prec)) - 1,
                 maxB = std::ldexp(1.0, int(bc.prec)) - 1;
    double rl = 100, ra = 170, rb = 200, ol = 0;
    double oa = std::ldexp(1.0, int(ac.prec) - 1), ob = std::ldexp(1.0, int(bc.prec) - 2) + std::ldexp(1.0, int(bc.prec) - 3);
    if (params[1] != 0x44454600) { // not "DEF": explicit ranges and offsets
        rl = params[2]; ol = params[3]; ra = params[4]; oa = params[5]; rb = params[6]; ob = params[7];
    }
    const double minL = -(rl * ol) / maxL, minA = -(ra * oa) / maxA, minB = -(rb * ob) / maxB;

    cmsHPROFILE lab = cmsCreateLab4Profile(nullptr);
    cmsHPROFILE srgb = cmsCreate_sRGBProfile();
    cmsHTRANSFORM transform = lab && srgb ? cmsCreateTransform(lab, TYPE_Lab_DBL, srgb, TYPE_RGB_8, INTENT_PERCEPTUAL, 0) : nullptr;
    if (lab) cmsCloseProfile(lab);
    if (srgb) cmsCloseProfile(srgb);
    if (!transform) return makeError(ErrorCode::Internal, QStringLiteral("JPEG 2000: cannot build a CIELab transform"));
    std::vector<cmsCIELab> row(static_cast<size_t>(width));
    std::vector<uchar> rgb(static_cast<size_t>(width) * 3);
    planes.assign(3, std::vector<uchar>(size_t(width) * size_t(height)));
    for (int y = 0; y < height; ++y) {
        const size_t base = size_t(y) * size_t(width);
        for (int x = 0; x < width; ++x) {
            row[size_t(x)].L = minL + double(lc.data[base + size_t(x)]) * rl / maxL;
            row[size_t(x)].a = minA + double(ac.data[base + size_t(x)]) * ra / maxA;
            row[size_t(x)].b = minB + double(bc.data[base + size_t(x)]) * rb / maxB;
        }
        cmsDoTransform(transform, row.data(), rgb.data(), cmsUInt32Number(width));
        for (int x = 0; x < width; ++x)
            for (size_t c = 0; c < 3; ++c) planes[c][base + size_t(x)] = rgb[size_t(x) * 3 + c];
    }
    cmsDeleteTransform(transform);
    return {};
}

Result<DecodedImage> toDecodedImage(const Jp2Session& session, const QByteArray& bytes, const ImageSize& full);

} // namespace

Result<DecodedImage> decodeJp2(const QByteArray& bytes, const DecodeRequest& request) {
    auto session = std::make_unique<Jp2Session>(bytes);
    PD_TRY(session->open());
    const ImageSize full = session->sizeAt(0);
    const opj_image_t* header = session->image();
    const qint64 pixels = qint64(full.width) * full.height;
    if (full.width <= 0 || full.height <= 0)
        return makeError(ErrorCode::CorruptData, QStringLiteral("JPEG 2000: empty image"));
    // Every component costs 4 bytes a pixel while decoding: budget as for 4 components.
    if (pixels > request.maxPixels || pixels * qint64(header->numcomps) > request.maxPixels * 4)
        return makeError(ErrorCode::TooLarge, QStringLiteral("JPEG 2000: %1x%2 pixels with %3 components is over the limit")
                                                  .arg(full.width).arg(full.height).arg(header->numcomps));

    int reduction = 0;
    if (request.minLongEdge > 0) {
        const int maxReduction = session->resolutionLevels() - 1;
        while (reduction < maxReduction) {
            const ImageSize s = session->sizeAt(reduction + 1);
            if (std::max(s.width, s.height) < request.minLongEdge) break;
            ++reduction;
        }
    }
    Status decoded = session->decode(reduction);
    if (!decoded.ok() && reduction > 0) {
        // Tiles may carry fewer resolution levels than the main header promised: take them whole.
        session = std::make_unique<Jp2Session>(bytes);
        PD_TRY(session->open());
        decoded = session->decode(0);
    }
    if (!decoded.ok()) return decoded.error();
    return toDecodedImage(*session, bytes, full);
}

namespace {

// The samples of a decoded session as 8-bit RGB(A), with what was learnt about the source.
Result<DecodedImage> toDecodedImage(const Jp2Session& session, const QByteArray& bytes, const ImageSize& full) {
    const opj_image_t* img = session.image();
    const opj_image_comp_t& ref = img->comps[session.reference()];
    const int width = int(ref.w), height = int(ref.h);
    if (width <= 0 || height <= 0 || !ref.data)
        return makeError(ErrorCode::CorruptData, QStringLiteral("JPEG 2000: no pixels decoded"));

    // Colour components and alpha: a channel definition box marks alpha; without one, the 2nd
    // component of grey or the 4th of RGB is taken as alpha (what writers mean by it).
    std::vector<OPJ_UINT32> colour;
    int alpha = -1;
    for (OPJ_UINT32 c = 0; c < img->numcomps; ++c) {
        if (img->comps[c].alpha) {
            if (alpha < 0) alpha = int(c);
        } else if (colour.size() < 4) {
            colour.push_back(c);
        }
    }
    if (colour.empty()) return makeError(ErrorCode::CorruptData, QStringLiteral("JPEG 2000: no colour components"));
    const bool lab = isCielab(img);
    const bool cmyk = !lab && img->color_space == OPJ_CLRSPC_CMYK && colour.size() == 4;
    if (!cmyk && alpha < 0 && (colour.size() == 2 || colour.size() == 4)) {
        alpha = int(colour.back());
        colour.pop_back();
    }
    if (colour.size() == 2) colour.resize(1);

    std::vector<std::vector<uchar>> planes;
    if (lab) PD_TRY(cielabToRgb(img, width, height, planes));
    else
        for (OPJ_UINT32 c : colour) planes.push_back(componentPlane(img->comps[c], ref, width, height));
    std::vector<uchar> alphaPlane;
    if (alpha >= 0) alphaPlane = componentPlane(img->comps[alpha], ref, width, height);

    // Like OpenJPEG's tools: three components with subsampled chroma are YCC even when unlabelled.
    const bool sycc = !lab && planes.size() == 3 &&
                      (img->color_space == OPJ_CLRSPC_SYCC || img->color_space == OPJ_CLRSPC_EYCC ||
                       (img->color_space != OPJ_CLRSPC_SRGB && img->comps[colour[1]].dx > ref.dx));
    if (sycc) syccToRgb(planes[0], planes[1], planes[2]);
    if (cmyk) {
        for (size_t i = 0; i < planes[0].size(); ++i) {
            const int k = 255 - planes[3][i];
            for (int c = 0; c < 3; ++c) planes[size_t(c)][i] = uchar((255 - planes[size_t(c)][i]) * k / 255);
        }
        planes.resize(3);
    }

    QImage out(width, height, alpha >= 0 ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    if (out.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("JPEG 2000: cannot allocate the pixels"));
    const int channels = alpha >= 0 ? 4 : 3;
    for (int y = 0; y < height; ++y) {
        uchar* dst = out.scanLine(y);
        const size_t row = size_t(y) * size_t(width);
        const uchar* p0 = planes[0].data() + row;
        const uchar* p1 = planes.size() == 3 ? planes[1].data() + row : p0;
        const uchar* p2 = planes.size() == 3 ? planes[2].data() + row : p0;
        for (int x = 0; x < width; ++x) {
            dst[channels * x] = p0[x];
            dst[channels * x + 1] = p1[x];
            dst[channels * x + 2] = p2[x];
            if (channels == 4) dst[4 * x + 3] = alphaPlane[row + size_t(x)];
        }
    }

    DecodedImage result;
    result.image = std::move(out);
    result.format = sniffImageFormat(bytes) == ImageFormat::Jp2 ? ImageFormat::Jp2 : ImageFormat::J2k;
    result.fullWidth = full.width;
    result.fullHeight = full.height;
    // A CIELab colr box leaves parameters with length 0 here: that is not an ICC profile.
    if (img->icc_profile_buf && img->icc_profile_len > 0 && !cmyk)
        result.iccProfile = QByteArray(reinterpret_cast<const char*>(img->icc_profile_buf), qsizetype(img->icc_profile_len));
    return result;
}

} // namespace

Result<Jp2Area> decodeJp2Area(const QByteArray& bytes, const Jp2AreaRequest& request) {
    auto session = std::make_unique<Jp2Session>(bytes);
    PD_TRY(session->open());
    const ImageSize full = session->sizeAt(0);
    const opj_image_t* header = session->image();
    const qint64 pixels = qint64(full.width) * full.height;
    if (full.width <= 0 || full.height <= 0)
        return makeError(ErrorCode::CorruptData, QStringLiteral("JPEG 2000: empty image"));
    if (pixels > request.maxPixels || pixels * qint64(header->numcomps) > request.maxPixels * 4)
        return makeError(ErrorCode::TooLarge, QStringLiteral("JPEG 2000: %1x%2 pixels with %3 components is over the limit")
                                                  .arg(full.width).arg(full.height).arg(header->numcomps));
    const QRect whole(0, 0, full.width, full.height);
    const QRect area = request.area.isEmpty() ? whole : request.area & whole;
    if (area.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the region lies outside the image"));

    Jp2Area out;
    out.area = area;
    out.tileCount = session->tileCount();
    out.reduction = std::clamp(request.reduction, 0, session->resolutionLevels() - 1);
    Status decoded = session->setReduction(out.reduction);
    if (decoded.ok()) decoded = session->setArea(area);
    if (decoded.ok()) decoded = session->decodeAsSet();
    if (!decoded.ok() && out.reduction > 0) {
        // Tiles may carry fewer resolution levels than the main header promised: full resolution.
        session = std::make_unique<Jp2Session>(bytes);
        PD_TRY(session->open());
        out.reduction = 0;
        PD_TRY(session->setArea(area));
        decoded = session->decodeAsSet();
    }
    if (!decoded.ok()) return decoded.error();
    const opj_image_t* img = session->image();
    for (OPJ_UINT32 c = 0; c < img->numcomps; ++c) out.decodedSamples += qint64(img->comps[c].w) * img->comps[c].h;
    out.tilesDecoded = session->tilesDecoded();
    Result<DecodedImage> converted = toDecodedImage(*session, bytes, full);
    if (!converted.ok()) return converted.error();
    out.decoded = std::move(converted).value();
    return out;
}

Result<Jp2Layout> probeJp2Structure(const QByteArray& bytes) {
    Jp2Session session(bytes);
    PD_TRY(session.open());
    return session.structure();
}

Result<ImageSize> probeJp2Size(const QByteArray& bytes) {
    Jp2Session session(bytes);
    PD_TRY(session.open());
    return session.sizeAt(0);
}

} // namespace pd::detail
