// Preview and thumbnail of an edited photo: one decode, edits applied before the resize.
#include "pd/core/edited_renditions.h"

#include "pd/core/image_ops.h"
#include "pd/core/jpeg_encoder.h"
#include "source_picture.h"

namespace pd {

Result<StudioRenditions> makeEditedRenditions(const QByteArray& original, const EditList& edits) {
    if (edits.empty()) return makeStudioRenditions(original);
    auto source = detail::decodeSourcePicture(original, edits, kPreviewLongEdge);
    if (!source.ok()) return source.error();
    StudioRenditions out;
    out.format = source->format;
    out.width = source->orientedFullSize.width();
    out.height = source->orientedFullSize.height();
    out.metadata = source->metadata;

    // The preview's shape comes from the full-resolution edit, not from the reduced decode
    // (whose rounding could put it a pixel off).
    const QSize previewSize = fitToLongEdge(source->editedFullSize, kPreviewLongEdge);
    const QImage preview = detail::renderSourcePicture(source.value(), previewSize, &out.colourConverted);
    if (preview.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("cannot allocate the preview"));

    JpegEncodeOptions options;
    options.exifApp1 = makeRenditionExif({out.metadata.capturedAt, out.metadata.copyright, out.metadata.creator});
    options.iccProfile = srgbIccProfile();
    options.quality = kPreviewQuality;
    auto previewJpeg = encodeJpeg(preview, options);
    if (!previewJpeg.ok()) return previewJpeg.error();
    out.preview = {std::move(previewJpeg).value(), preview.width(), preview.height()};

    const QImage thumbnail = resizeToLongEdge(preview, kThumbnailLongEdge);
    options.quality = kThumbnailQuality;
    auto thumbnailJpeg = encodeJpeg(thumbnail, options);
    if (!thumbnailJpeg.ok()) return thumbnailJpeg.error();
    out.thumbnail = {std::move(thumbnailJpeg).value(), thumbnail.width(), thumbnail.height()};
    return out;
}

} // namespace pd
