// Proofs from the edited preview (the usual case) or from the original.
#include "pd/core/proof.h"

#include "pd/core/edit_geometry.h"
#include "pd/core/image_decoder.h"
#include "pd/core/image_ops.h"
#include "pd/core/jpeg_encoder.h"
#include "output_metadata.h"
#include "source_picture.h"

#include <algorithm>

namespace pd {

namespace {

int longEdgeOf(QSize s) { return std::max(s.width(), s.height()); }

Result<EncodedRendition> finishProof(QImage image, const ProofOptions& o) {
    if (o.watermark) {
        auto marked = applyWatermark(image, *o.watermark);
        if (!marked.ok()) return marked.error();
        image = std::move(marked).value();
    }
    JpegEncodeOptions enc;
    enc.quality = o.quality > 0 ? o.quality : kProofQuality;
    enc.subsample420 = true;
    enc.iccProfile = srgbIccProfile();
    enc.exifApp1 = detail::makeOutputExif({o.capturedAt, o.copyright, o.creator, o.gps});
    auto jpeg = encodeJpeg(image, enc);
    if (!jpeg.ok()) return jpeg.error();
    return EncodedRendition{detail::addCopyrightMetadata(jpeg.value(), o.copyright, o.creator), image.width(), image.height()};
}

} // namespace

bool previewCoversProof(QSize previewSize, QSize editedFullSize, int longEdge) {
    if (previewSize.isEmpty()) return false;
    const int needed = std::min(longEdge > 0 ? longEdge : kDefaultProofLongEdge, longEdgeOf(editedFullSize));
    return longEdgeOf(previewSize) >= needed;
}

Result<EncodedRendition> makeProofFromPreview(const QByteArray& preview, const ProofOptions& o) {
    DecodeRequest request;
    request.minLongEdge = o.longEdge;   // a smaller proof decodes the preview at a DCT scale
    auto decoded = decodeImage(preview, request);
    if (!decoded.ok()) return decoded.error();
    QImage image = detail::flattenOnWhite(decoded->image);
    const QSize target = fitToLongEdge(QSize(decoded->fullWidth, decoded->fullHeight), o.longEdge).boundedTo(image.size());
    if (image.size() != target) image = resizeImage(image, target.width(), target.height());
    if (!isSrgbProfile(decoded->iccProfile)) {   // previews are sRGB; a foreign one is converted all the same
        if (auto srgb = convertToSrgb(image, decoded->iccProfile); srgb.ok()) image = std::move(srgb).value();
    }
    return finishProof(std::move(image), o);
}

Result<EncodedRendition> makeProofFromOriginal(const QByteArray& original, const EditList& edits, const ProofOptions& o) {
    auto source = detail::decodeSourcePicture(original, edits, o.longEdge);
    if (!source.ok()) return source.error();
    const QSize target = fitToLongEdge(source->editedFullSize, o.longEdge);
    QImage image = detail::renderSourcePicture(source.value(), target);
    if (image.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("cannot allocate the proof"));
    return finishProof(std::move(image), o);
}

} // namespace pd
