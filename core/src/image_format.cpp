// Recognises image formats by their magic bytes, and names them for the catalog.
#include "pd/core/image_format.h"

#include <cstring>

namespace pd {

namespace {

bool startsWith(const unsigned char* d, qsizetype size, const char* magic, qsizetype len) {
    return size >= len && std::memcmp(d, magic, size_t(len)) == 0;
}

quint32 readBe32(const unsigned char* p) {
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

quint32 readLe32(const unsigned char* p) {
    return quint32(p[0]) | (quint32(p[1]) << 8) | (quint32(p[2]) << 16) | (quint32(p[3]) << 24);
}

// ISO BMFF 'ftyp' brands of the HEIF family (HEIC, HEIF image collections, AVIF).
bool isHeifBrand(const unsigned char* b) {
    static const char* const kBrands[] = {"heic", "heix", "hevc", "hevx", "heim", "heis",
                                          "mif1", "msf1", "avif", "avis"};
    for (const char* brand : kBrands)
        if (std::memcmp(b, brand, 4) == 0) return true;
    return false;
}

} // namespace

ImageFormat sniffImageFormat(const char* data, qsizetype size) {
    if (!data || size <= 0) return ImageFormat::Unknown;
    const auto* d = reinterpret_cast<const unsigned char*>(data);
    if (size > 32) size = 32;

    if (startsWith(d, size, "\xFF\xD8\xFF", 3)) return ImageFormat::Jpeg;
    if (startsWith(d, size, "\x89PNG\r\n\x1A\n", 8)) return ImageFormat::Png;
    if (startsWith(d, size, "II*\0", 4) || startsWith(d, size, "MM\0*", 4) ||
        startsWith(d, size, "II+\0", 4) || startsWith(d, size, "MM\0+", 4))
        return ImageFormat::Tiff;
    if (size >= 12 && startsWith(d, size, "RIFF", 4) && std::memcmp(d + 8, "WEBP", 4) == 0)
        return ImageFormat::WebP;
    if (startsWith(d, size, "\0\0\0\x0CjP  \r\n\x87\n", 12)) return ImageFormat::Jp2;
    if (startsWith(d, size, "\xFF\x4F\xFF\x51", 4)) return ImageFormat::J2k;
    if (startsWith(d, size, "GIF87a", 6) || startsWith(d, size, "GIF89a", 6)) return ImageFormat::Gif;
    if (size >= 12 && std::memcmp(d + 4, "ftyp", 4) == 0) {
        // The major brand, then the compatible brands that fit in what we read.
        if (isHeifBrand(d + 8)) return ImageFormat::Heif;
        const qsizetype boxEnd = qMin<qsizetype>(size, qsizetype(readBe32(d)));
        for (qsizetype off = 16; off + 4 <= boxEnd; off += 4)
            if (isHeifBrand(d + off)) return ImageFormat::Heif;
        return ImageFormat::Unknown;
    }
    // "BM" alone is too weak (a text file may start with it): also require a known DIB header size.
    if (size >= 18 && d[0] == 'B' && d[1] == 'M') {
        const quint32 dib = readLe32(d + 14);
        if (dib == 12 || dib == 16 || dib == 40 || dib == 52 || dib == 56 || dib == 64 || dib == 108 || dib == 124)
            return ImageFormat::Bmp;
    }
    return ImageFormat::Unknown;
}

QString imageFormatName(ImageFormat format) {
    switch (format) {
    case ImageFormat::Jpeg: return QStringLiteral("jpeg");
    case ImageFormat::Png: return QStringLiteral("png");
    case ImageFormat::Tiff: return QStringLiteral("tiff");
    case ImageFormat::WebP: return QStringLiteral("webp");
    case ImageFormat::Bmp: return QStringLiteral("bmp");
    case ImageFormat::Jp2: return QStringLiteral("jp2");
    case ImageFormat::J2k: return QStringLiteral("j2k");
    case ImageFormat::Heif: return QStringLiteral("heif");
    case ImageFormat::Gif: return QStringLiteral("gif");
    case ImageFormat::Unknown: break;
    }
    return QStringLiteral("unknown");
}

ImageFormat imageFormatFromName(const QString& name) {
    static const ImageFormat kAll[] = {ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::Tiff,
                                       ImageFormat::WebP, ImageFormat::Bmp, ImageFormat::Jp2,
                                       ImageFormat::J2k,  ImageFormat::Heif, ImageFormat::Gif};
    const QString lower = name.trimmed().toLower();
    for (ImageFormat f : kAll)
        if (imageFormatName(f) == lower) return f;
    return ImageFormat::Unknown;
}

bool isImportable(ImageFormat format) {
    switch (format) {
    case ImageFormat::Jpeg:
    case ImageFormat::Png:
    case ImageFormat::Tiff:
    case ImageFormat::WebP:
    case ImageFormat::Bmp:
    case ImageFormat::Jp2:
    case ImageFormat::J2k:
    case ImageFormat::Gif:
        return true;
    case ImageFormat::Heif:
    case ImageFormat::Unknown:
        break;
    }
    return false;
}

} // namespace pd
