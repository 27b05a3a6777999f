// Baseline JPEG encoding through TurboJPEG, then splicing in the Exif, ICC and density a rendition carries.
#include "pd/core/jpeg_encoder.h"

#include <turbojpeg.h>

#include <memory>

namespace pd {

namespace {

constexpr qsizetype kMaxSegmentPayload = 65533;                          // 0xFFFF minus the length field
constexpr qsizetype kIccHeaderSize = 14;                                 // "ICC_PROFILE\0" + seq + count
constexpr qsizetype kIccChunk = kMaxSegmentPayload - kIccHeaderSize;     // 65519

QByteArray segment(uchar marker, const QByteArray& payload) {
    const int length = int(payload.size()) + 2;
    QByteArray s;
    s.reserve(payload.size() + 4);
    s.append(char(0xFF)).append(char(marker)).append(char(length >> 8)).append(char(length & 0xFF));
    return s + payload;
}

struct TjDeleter { void operator()(void* h) const { tjDestroy(h); } };

} // namespace

Result<QByteArray> encodeJpeg(const QImage& image, const JpegEncodeOptions& options) {
    if (image.isNull()) return makeError(ErrorCode::InvalidArgument, QStringLiteral("JPEG encoder: empty image"));
    if (options.exifApp1.size() > kMaxSegmentPayload)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("JPEG encoder: Exif block over 64 KB"));
    if (options.iccProfile.size() > kIccChunk * 255)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("JPEG encoder: ICC profile too large"));

    QImage pixels = image;
    int pixelFormat = TJPF_RGB;
    int subsampling = options.subsample420 ? TJSAMP_420 : TJSAMP_444;
    switch (image.format()) {
    case QImage::Format_RGB888: break;
    case QImage::Format_RGBA8888:
    case QImage::Format_RGBX8888: pixelFormat = TJPF_RGBA; break; // alpha is ignored
    case QImage::Format_Grayscale8: pixelFormat = TJPF_GRAY; subsampling = TJSAMP_GRAY; break;
    default: pixels = image.convertToFormat(QImage::Format_RGB888); break;
    }

    std::unique_ptr<void, TjDeleter> handle(tjInitCompress());
    if (!handle) return makeError(ErrorCode::Internal, QStringLiteral("JPEG encoder: cannot initialise TurboJPEG"));
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    const int rc = tjCompress2(handle.get(), pixels.constBits(), pixels.width(), int(pixels.bytesPerLine()),
                               pixels.height(), pixelFormat, &buffer, &size, subsampling,
                               qBound(1, options.quality, 100), 0);
    if (rc != 0) {
        const QString why = QString::fromLocal8Bit(tjGetErrorStr2(handle.get()));
        tjFree(buffer);
        return makeError(ErrorCode::Internal, QStringLiteral("JPEG encoder: %1").arg(why));
    }
    QByteArray jpeg(reinterpret_cast<const char*>(buffer), qsizetype(size));
    tjFree(buffer);

    // TurboJPEG writes SOI then a JFIF APP0; our segments go right after that APP0.
    qsizetype insertAt = 2;
    const auto* b = reinterpret_cast<uchar*>(jpeg.data());
    const bool hasJfif = jpeg.size() >= 20 && b[2] == 0xFF && b[3] == 0xE0 && jpeg.mid(6, 5) == QByteArray("JFIF\0", 5);
    if (hasJfif) {
        insertAt = 4 + ((qsizetype(b[4]) << 8) | b[5]);
        if (options.dpi > 0) {
            const int dpi = qMin(options.dpi, 0xFFFF);
            jpeg[13] = char(1); // units: dots per inch
            jpeg[14] = char(dpi >> 8);
            jpeg[15] = char(dpi & 0xFF);
            jpeg[16] = char(dpi >> 8);
            jpeg[17] = char(dpi & 0xFF);
        }
    }

    QByteArray segments;
    if (!options.exifApp1.isEmpty()) segments += segment(0xE1, options.exifApp1);
    if (!options.iccProfile.isEmpty()) {
        const qsizetype total = options.iccProfile.size();
        const int count = int((total + kIccChunk - 1) / kIccChunk);
        for (int i = 0; i < count; ++i) {
            QByteArray payload("ICC_PROFILE\0", 12);
            payload.append(char(i + 1)).append(char(count));
            payload.append(options.iccProfile.mid(qsizetype(i) * kIccChunk, kIccChunk));
            segments += segment(0xE2, payload);
        }
    }
    if (!segments.isEmpty()) jpeg.insert(insertAt, segments);
    return jpeg;
}

} // namespace pd
