// The import's one-decode pipeline: original bytes -> oriented sRGB preview and thumbnail JPEGs.
#include "pd/core/renditions.h"

#include "pd/core/image_decoder.h"
#include "pd/core/image_ops.h"
#include "pd/core/jpeg_encoder.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pd {

namespace {

bool swapsAxes(int orientation) { return orientation >= 5 && orientation <= 8; }

// JPEG has no alpha: transparent areas show as white, as on a print.
QImage flattenOnWhite(const QImage& image) {
    if (!image.hasAlphaChannel()) return image;
    QImage out(image.size(), QImage::Format_RGB888);
    out.fill(Qt::white);
    QPainter painter(&out);
    painter.drawImage(0, 0, image);
    painter.end();
    return out;
}

// The size of `size` scaled so its long edge is at most `longEdge` (never larger than it is).
QSize fitLongEdge(QSize size, int longEdge) {
    const int w = size.width(), h = size.height();
    if (std::max(w, h) <= longEdge) return size;
    if (w >= h) return {longEdge, std::max(1, int(std::lround(double(longEdge) * h / w)))};
    return {std::max(1, int(std::lround(double(longEdge) * w / h))), longEdge};
}

} // namespace

Result<StudioRenditions> makeStudioRenditions(const QByteArray& original) {
    StudioRenditions out;
    out.format = sniffImageFormat(original);

    // The one decode, at the smallest DCT scale / resolution level that still covers the
    // preview. It reports the full size too, so no separate probe is needed, and it fails fast
    // on unimportable bytes before any metadata work.
    DecodeRequest request;
    request.minLongEdge = kPreviewLongEdge;
    Result<DecodedImage> decoded = decodeImage(original, request);
    if (!decoded.ok()) return decoded.error();
    DecodedImage& source = decoded.value();

    // Metadata is optional: an unreadable block leaves the defaults (orientation 1).
    Result<PhotoMetadata> metadata = readPhotoMetadata(original);
    if (metadata.ok()) out.metadata = std::move(metadata).value();
    const int orientation = out.metadata.orientation >= 1 && out.metadata.orientation <= 8 ? out.metadata.orientation : 1;
    out.width = swapsAxes(orientation) ? source.fullHeight : source.fullWidth;
    out.height = swapsAxes(orientation) ? source.fullWidth : source.fullHeight;

    // Resize before turning and colour-converting, so that both touch preview-sized pixels only
    // (turning commutes with the symmetric, separable filter up to rounding). The preview's shape
    // comes from the full size; a decoder's rounded reduced size could be a pixel off.
    const QImage stored = flattenOnWhite(source.image);
    source.image = QImage();
    const bool swap = swapsAxes(orientation);
    QSize previewSize = fitLongEdge(QSize(out.width, out.height), kPreviewLongEdge);
    const QSize decodedUpright = swap ? stored.size().transposed() : stored.size();
    if (previewSize.width() > decodedUpright.width() || previewSize.height() > decodedUpright.height())
        previewSize = decodedUpright; // never enlarge what the decoder gave
    const QSize storedPreviewSize = swap ? previewSize.transposed() : previewSize;
    QImage preview = applyExifOrientation(resizeImage(stored, storedPreviewSize.width(), storedPreviewSize.height()), orientation);
    if (preview.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("cannot allocate the preview"));

    if (!isSrgbProfile(source.iccProfile)) {
        Result<QImage> converted = convertToSrgb(preview, source.iccProfile);
        if (converted.ok()) {
            preview = std::move(converted).value();
            out.colourConverted = true;
        } // else: an unusable profile; the pixels are shown as they are, like an untagged file
    }

    JpegEncodeOptions options;
    options.exifApp1 = makeRenditionExif({out.metadata.capturedAt, out.metadata.copyright, out.metadata.creator});
    options.iccProfile = srgbIccProfile();
    options.subsample420 = true;

    options.quality = kPreviewQuality;
    Result<QByteArray> previewJpeg = encodeJpeg(preview, options);
    if (!previewJpeg.ok()) return previewJpeg.error();
    out.preview = {std::move(previewJpeg).value(), preview.width(), preview.height()};

    // The thumbnail comes from the preview's pixels: no second decode.
    const QImage thumbnail = resizeToLongEdge(preview, kThumbnailLongEdge);
    options.quality = kThumbnailQuality;
    Result<QByteArray> thumbnailJpeg = encodeJpeg(thumbnail, options);
    if (!thumbnailJpeg.ok()) return thumbnailJpeg.error();
    out.thumbnail = {std::move(thumbnailJpeg).value(), thumbnail.width(), thumbnail.height()};
    return out;
}

} // namespace pd
