// Rendition validation: a structural check of the format profile the host serves (what browsers
// show and what the IIIF renderer reads), then a decode through pd_core at the cheapest size.
#include "pd/host/rendition_check.h"

#include "pd/core/image_decoder.h"
#include "pd/core/image_format.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace pd::host {

namespace {

const QString kJpeg = QStringLiteral("image/jpeg");
const QString kJp2 = QStringLiteral("image/jp2");

Error corrupt(const QString& message) {
    return makeError(ErrorCode::CorruptData, message);
}

quint32 be32(const QByteArray& b, qsizetype at) {
    const auto* p = reinterpret_cast<const unsigned char*>(b.constData() + at);
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}
quint16 be16(const QByteArray& b, qsizetype at) {
    const auto* p = reinterpret_cast<const unsigned char*>(b.constData() + at);
    return quint16((p[0] << 8) | p[1]);
}
quint8 u8(const QByteArray& b, qsizetype at) {
    return quint8(b.at(at));
}

// A JPEG browsers show as the studio made it: its frame is baseline, extended or progressive
// Huffman (not arithmetic, lossless or hierarchical), 8 bits, greyscale or three components.
// Only the markers up to the frame header are read; the decode checks the rest.
std::optional<QString> jpegProfileProblem(const QByteArray& b) {
    qsizetype at = 2; // after SOI
    while (at + 4 <= b.size()) {
        if (u8(b, at) != 0xFF) return QStringLiteral("the JPEG's markers are broken at byte %1").arg(at);
        const quint8 marker = u8(b, at + 1);
        if (marker == 0xFF) {
            ++at;
            continue;
        } // fill byte
        const qsizetype length = be16(b, at + 2);
        if (length < 2 || at + 2 + length > b.size())
            return QStringLiteral("the JPEG's segment at byte %1 runs past the end of the file").arg(at);
        const bool frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (frame) {
            if (marker != 0xC0 && marker != 0xC1 && marker != 0xC2)
                return QStringLiteral("the JPEG uses a coding browsers do not show (SOF%1); save it as baseline or "
                                      "progressive")
                    .arg(marker - 0xC0);
            if (length < 8) return QStringLiteral("the JPEG's frame header is too short");
            const int precision = u8(b, at + 4);
            const int components = u8(b, at + 9);
            if (precision != 8)
                return QStringLiteral("the JPEG has %1-bit samples; renditions are 8-bit").arg(precision);
            if (components != 1 && components != 3)
                return QStringLiteral("the JPEG has %1 colour components; renditions are RGB or greyscale (not CMYK)")
                    .arg(components);
            return std::nullopt;
        }
        if (marker == 0xDA || marker == 0xD9) break; // scan or end before any frame
        at += 2 + length;
    }
    return QStringLiteral("the JPEG has no frame header");
}

struct Box {
    quint32 type = 0;
    qsizetype begin = 0; // contents
    qsizetype end = 0;
};

constexpr quint32 fourcc(const char (&s)[5]) {
    return (quint32(quint8(s[0])) << 24) | (quint32(quint8(s[1])) << 16) | (quint32(quint8(s[2])) << 8) |
           quint32(quint8(s[3]));
}

// The boxes between begin and end; nullopt when one's length does not fit.
std::optional<std::vector<Box>> readBoxes(const QByteArray& b, qsizetype begin, qsizetype end) {
    std::vector<Box> out;
    qsizetype at = begin;
    while (at < end) {
        if (end - at < 8) return std::nullopt;
        quint64 length = be32(b, at);
        qsizetype header = 8;
        if (length == 1) {
            if (end - at < 16) return std::nullopt;
            length = (quint64(be32(b, at + 8)) << 32) | be32(b, at + 12);
            header = 16;
        } else if (length == 0) {
            length = quint64(end - at);
        }
        if (length < quint64(header) || length > quint64(end - at)) return std::nullopt;
        out.push_back(Box{be32(b, at + 4), at + header, at + qsizetype(length)});
        at += qsizetype(length);
    }
    return out;
}

// A JP2 zoom proof as the IIIF renderer reads it: the JP2 file format (not JPX), one image
// header, 8-bit sRGB (three components) or greyscale (one), no palette or channel mapping, full
// resolution components, a codestream whose size matches the header and that ends in EOC.
std::optional<QString> jp2ProfileProblem(const QByteArray& b) {
    const QString bad = QStringLiteral("the JPEG 2000 file is not a zoom proof the host can serve: ");
    auto top = readBoxes(b, 0, b.size());
    if (!top) return bad + QStringLiteral("a box runs past the end of the file (truncated?)");
    const Box* ftyp = nullptr;
    const Box* jp2h = nullptr;
    const Box* jp2c = nullptr;
    for (const Box& box : *top) {
        const Box** slot = box.type == fourcc("ftyp")   ? &ftyp
                           : box.type == fourcc("jp2h") ? &jp2h
                           : box.type == fourcc("jp2c") ? &jp2c
                                                        : nullptr;
        if (box.type == fourcc("rreq"))
            return bad + QStringLiteral("it needs a JPX reader (a reader requirements box)");
        if (!slot) continue;
        if (*slot) return bad + QStringLiteral("it has more than one of a box that must be single");
        *slot = &box;
    }
    if (!ftyp || !jp2h || !jp2c) return bad + QStringLiteral("it lacks the file type, header or codestream box");
    if (ftyp->end - ftyp->begin < 4 || be32(b, ftyp->begin) != fourcc("jp2 "))
        return bad + QStringLiteral("its brand is not JP2");

    auto header = readBoxes(b, jp2h->begin, jp2h->end);
    if (!header) return bad + QStringLiteral("its header box is broken");
    int ihdrs = 0, colrs = 0;
    quint32 width = 0, height = 0;
    int components = 0, colourSpace = 0;
    for (const Box& box : *header) {
        if (box.type == fourcc("ihdr")) {
            if (++ihdrs > 1 || box.end - box.begin != 14) return bad + QStringLiteral("its image header is broken");
            height = be32(b, box.begin);
            width = be32(b, box.begin + 4);
            components = be16(b, box.begin + 8);
            if (u8(b, box.begin + 10) != 7) return bad + QStringLiteral("its samples are not 8-bit");
        } else if (box.type == fourcc("colr")) {
            if (++colrs > 1) return bad + QStringLiteral("it has more than one colour specification");
            if (box.end - box.begin < 7 || u8(b, box.begin) != 1)
                return bad + QStringLiteral("its colour is not given as sRGB or greyscale");
            colourSpace = int(be32(b, box.begin + 3));
        } else if (box.type == fourcc("pclr") || box.type == fourcc("cmap") || box.type == fourcc("cdef")) {
            return bad + QStringLiteral("it uses a palette or channel definitions");
        }
    }
    if (ihdrs != 1 || colrs != 1) return bad + QStringLiteral("it lacks its image header or colour specification");
    if (!((components == 3 && colourSpace == 16) || (components == 1 && colourSpace == 17)))
        return bad + QStringLiteral("it is not 8-bit sRGB or greyscale (%1 components, colour space %2)")
                         .arg(components)
                         .arg(colourSpace);

    // The codestream: SOC, then SIZ with the same size and components, and EOC at the end.
    const qsizetype cs = jp2c->begin;
    const qsizetype csLength = jp2c->end - jp2c->begin;
    if (csLength < 4 + 38 + 3 * components + 2 || be16(b, cs) != 0xFF4F || be16(b, cs + 2) != 0xFF51)
        return bad + QStringLiteral("its codestream does not start as JPEG 2000");
    const quint32 xsiz = be32(b, cs + 8), ysiz = be32(b, cs + 12), xo = be32(b, cs + 16), yo = be32(b, cs + 20);
    if (xo != 0 || yo != 0 || xsiz != width || ysiz != height)
        return bad + QStringLiteral("its codestream's size is not its header's");
    if (be16(b, cs + 40) != components) return bad + QStringLiteral("its codestream's components are not its header's");
    for (int c = 0; c < components; ++c) {
        const qsizetype at = cs + 42 + 3 * c;
        if (u8(b, at) != 7 || u8(b, at + 1) != 1 || u8(b, at + 2) != 1)
            return bad + QStringLiteral("its components are not 8-bit at full resolution");
    }
    if (be16(b, jp2c->end - 2) != 0xFFD9) return bad + QStringLiteral("its codestream has no end marker (truncated?)");
    return std::nullopt;
}

} // namespace

QString renditionMime(std::string_view contentType) {
    const std::string_view type = contentType.substr(0, contentType.find(';'));
    const QString t = QString::fromLatin1(type.data(), qsizetype(type.size())).trimmed().toLower();
    if (t == kJpeg) return kJpeg;
    if (t == kJp2) return kJp2;
    return {};
}

Result<BlobInfo> checkRendition(const QByteArray& bytes, const QString& mime) {
    const bool jpeg = mime == kJpeg;
    if (!jpeg && mime != kJp2)
        return makeError(ErrorCode::UnsupportedFormat, QStringLiteral("renditions are image/jpeg or image/jp2"));
    const QString kind = jpeg ? QStringLiteral("JPEG") : QStringLiteral("JPEG 2000 (JP2)");
    if (bytes.isEmpty()) return corrupt(QStringLiteral("the body is empty, not a %1 image").arg(kind));
    const ImageFormat sniffed = sniffImageFormat(bytes);
    if (sniffed != (jpeg ? ImageFormat::Jpeg : ImageFormat::Jp2)) {
        const QString what = sniffed == ImageFormat::Unknown ? QStringLiteral("not an image format the host knows")
                                                             : imageFormatName(sniffed).toUpper();
        return corrupt(QStringLiteral("the body was sent as %1 but is %2").arg(mime, what));
    }
    if (auto problem = jpeg ? jpegProfileProblem(bytes) : jp2ProfileProblem(bytes)) return corrupt(*problem);

    // minLongEdge 1: the smallest DCT scale or resolution level, since only validity matters.
    DecodeRequest request;
    request.minLongEdge = 1;
    request.maxPixels = kMaxRenditionPixels;
    auto decoded = decodeImage(bytes, request);
    if (!decoded.ok()) {
        const Error& e = decoded.error();
        if (e.code == ErrorCode::TooLarge)
            return makeError(ErrorCode::TooLarge, QStringLiteral("the image is larger than the host's limit of %1 "
                                                                 "megapixels (%2)")
                                                      .arg(kMaxRenditionPixels / 1'000'000)
                                                      .arg(e.message));
        return corrupt(QStringLiteral("the body does not decode as %1: %2").arg(kind, e.message));
    }
    const DecodedImage& image = decoded.value();
    if (image.fullWidth <= 0 || image.fullHeight <= 0 || image.image.isNull())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the %1 image has no pixels").arg(kind));
    if (qint64(image.fullWidth) * image.fullHeight > kMaxRenditionPixels)
        return makeError(ErrorCode::TooLarge,
                         QStringLiteral("the image is %1x%2, over the host's limit of %3 megapixels")
                             .arg(image.fullWidth)
                             .arg(image.fullHeight)
                             .arg(kMaxRenditionPixels / 1'000'000));

    BlobInfo info;
    info.mime = mime;
    info.width = image.fullWidth;
    info.height = image.fullHeight;
    info.size = bytes.size();
    return info;
}

} // namespace pd::host
