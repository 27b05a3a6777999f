// Zoom proofs (edited, watermarked JPEG 2000) and web thumbnails (the proof made small).
#include "pd/core/zoom_proof.h"

#include "pd/core/edit_geometry.h"
#include "pd/core/image_decoder.h"
#include "pd/core/image_ops.h"
#include "pd/core/jpeg_encoder.h"
#include "source_picture.h"

#include <algorithm>

namespace pd {

namespace {

Result<QImage> decodeToLongEdge(const QByteArray& jpeg, int longEdge) {
    DecodeRequest request;
    request.minLongEdge = longEdge;
    auto decoded = decodeImage(jpeg, request);
    if (!decoded.ok()) return decoded.error();
    QImage image = detail::flattenOnWhite(decoded->image);
    const QSize target = fitToLongEdge(QSize(decoded->fullWidth, decoded->fullHeight), longEdge).boundedTo(image.size());
    if (image.size() != target) image = resizeImage(image, target.width(), target.height());
    if (!isSrgbProfile(decoded->iccProfile)) {
        if (auto srgb = convertToSrgb(image, decoded->iccProfile); srgb.ok()) image = std::move(srgb).value();
    }
    return image;
}

} // namespace

Result<ZoomProof> makeZoomProof(const ZoomProofRequest& r) {
    const int longEdge = r.longEdge > 0 ? r.longEdge : kZoomProofMaxLongEdge;
    QImage image;
    if (r.sourceIsEditedPreview) {
        auto decoded = decodeToLongEdge(r.source, longEdge);
        if (!decoded.ok()) return decoded.error();
        image = std::move(decoded).value();
    } else {
        auto source = detail::decodeSourcePicture(r.source, r.edits, longEdge);
        if (!source.ok()) return source.error();
        image = detail::renderSourcePicture(source.value(), fitToLongEdge(source->editedFullSize, longEdge));
        if (image.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("cannot allocate the zoom proof"));
    }
    if (r.watermark) {
        auto marked = applyWatermark(image, *r.watermark);
        if (!marked.ok()) return marked.error();
        image = std::move(marked).value();
    }
    auto jp2 = encodeJp2(image, r.jp2); // the same bytes for any thread count (jp2_encoder_test)
    if (!jp2.ok()) return jp2.error();
    return ZoomProof{std::move(jp2).value(), image.width(), image.height()};
}

Result<EncodedRendition> makeWebThumbnail(const QByteArray& proofJpeg) {
    auto image = decodeToLongEdge(proofJpeg, kWebThumbLongEdge);
    if (!image.ok()) return image.error();
    JpegEncodeOptions enc;
    enc.quality = kWebThumbQuality;
    enc.iccProfile = srgbIccProfile();
    auto jpeg = encodeJpeg(image.value(), enc);
    if (!jpeg.ok()) return jpeg.error();
    return EncodedRendition{std::move(jpeg).value(), image->width(), image->height()};
}

} // namespace pd
