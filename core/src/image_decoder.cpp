// Decodes any importable format: JPEG and JPEG 2000 natively, the rest through Qt's image plugins.
#include "pd/core/image_decoder.h"

#include "jp2_decoder.h"
#include "jpeg_decoder.h"

#include <QBuffer>
#include <QColorSpace>
#include <QImageReader>

#include <algorithm>
#include <limits>

namespace pd {

namespace {

Error unsupported(ImageFormat format) {
    if (format == ImageFormat::Unknown)
        return makeError(ErrorCode::UnsupportedFormat, QStringLiteral("not an image format Proofdesk can read"));
    return makeError(ErrorCode::UnsupportedFormat,
                     QStringLiteral("%1 images cannot be imported; convert them to JPEG or TIFF first")
                         .arg(imageFormatName(format).toUpper()));
}

QByteArray qtFormatName(ImageFormat format) {
    switch (format) {
    case ImageFormat::Png: return "png";
    case ImageFormat::Tiff: return "tiff";
    case ImageFormat::WebP: return "webp";
    case ImageFormat::Bmp: return "bmp";
    case ImageFormat::Gif: return "gif";
    default: return {};
    }
}

// QImageReader's allocation limit is process-wide (a static), so it cannot follow each
// request: it is raised once to what the default request allows as 8-bit RGBA (Qt's own 256 MB
// would refuse a 70 MP scan). Each request's own limit is checked against the header's size.
void raiseQtAllocationLimit() {
    static const bool done = [] {
        const qint64 mb = DecodeRequest{}.maxPixels * 4 / (1024 * 1024) + 1;
        QImageReader::setAllocationLimit(int(std::min<qint64>(mb, std::numeric_limits<int>::max())));
        return true;
    }();
    Q_UNUSED(done);
}

Result<DecodedImage> decodeWithQt(const QByteArray& bytes, ImageFormat format, const DecodeRequest& request) {
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, qtFormatName(format));
    reader.setAutoTransform(false); // EXIF orientation is applied once, by the caller
    raiseQtAllocationLimit();
    const QSize size = reader.size();
    if (size.isValid() && qint64(size.width()) * size.height() > request.maxPixels)
        return makeError(ErrorCode::TooLarge, QStringLiteral("%1x%2 pixels is over the limit of %3")
                                                  .arg(size.width()).arg(size.height()).arg(request.maxPixels));
    QImage image;
    if (!reader.read(&image) || image.isNull()) {
        const QString why = reader.errorString();
        return makeError(ErrorCode::CorruptData, QStringLiteral("%1: %2").arg(imageFormatName(format).toUpper(), why));
    }
    if (qint64(image.width()) * image.height() > request.maxPixels)
        return makeError(ErrorCode::TooLarge, QStringLiteral("%1x%2 pixels is over the limit").arg(image.width()).arg(image.height()));

    DecodedImage out;
    const QColorSpace space = image.colorSpace();
    if (space.isValid() && space != QColorSpace(QColorSpace::SRgb)) out.iccProfile = space.iccProfile();
    out.image = image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
    out.image.setColorSpace(QColorSpace()); // the profile travels in iccProfile, not in the QImage
    if (out.image.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("cannot allocate the pixels"));
    out.format = format;
    out.fullWidth = image.width();
    out.fullHeight = image.height();
    return out;
}

} // namespace

Result<DecodedImage> decodeImage(const QByteArray& bytes, const DecodeRequest& request) {
    const ImageFormat format = sniffImageFormat(bytes);
    if (!isImportable(format)) return unsupported(format);
    switch (format) {
    case ImageFormat::Jpeg: return detail::decodeJpeg(bytes, request);
    case ImageFormat::Jp2:
    case ImageFormat::J2k: return detail::decodeJp2(bytes, request);
    default: return decodeWithQt(bytes, format, request);
    }
}

Result<ImageSize> probeImageSize(const QByteArray& bytes) {
    const ImageFormat format = sniffImageFormat(bytes);
    if (!isImportable(format)) return unsupported(format);
    switch (format) {
    case ImageFormat::Jpeg: return detail::probeJpegSize(bytes);
    case ImageFormat::Jp2:
    case ImageFormat::J2k: return detail::probeJp2Size(bytes);
    default: break;
    }
    QBuffer buffer;
    buffer.setData(bytes);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, qtFormatName(format));
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty())
        return makeError(ErrorCode::CorruptData, QStringLiteral("%1: unreadable header").arg(imageFormatName(format).toUpper()));
    return ImageSize{size.width(), size.height()};
}

} // namespace pd
