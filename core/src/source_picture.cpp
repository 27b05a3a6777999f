// Decoding an original once, at the smallest scale its edited output needs.
#include "source_picture.h"

#include "pd/core/image_decoder.h"
#include "pd/core/image_ops.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pd::detail {

QImage flattenOnWhite(const QImage& image) {
    if (!image.hasAlphaChannel()) return image;
    QImage out(image.size(), QImage::Format_RGB888);
    if (out.isNull()) return out;
    out.fill(Qt::white);
    QPainter painter(&out);
    painter.drawImage(0, 0, image);
    painter.end();
    return out;
}

Result<SourcePicture> decodeSourcePicture(const QByteArray& original, const EditList& edits, int outputLongEdge) {
    SourcePicture out;
    auto size = probeImageSize(original);
    if (!size.ok()) return size.error();
    // Metadata is optional: an unreadable block leaves the defaults (orientation 1).
    if (auto meta = readPhotoMetadata(original); meta.ok()) out.metadata = std::move(meta).value();
    out.orientation = out.metadata.orientation >= 1 && out.metadata.orientation <= 8 ? out.metadata.orientation : 1;
    out.orientedFullSize = Dihedral::fromExifOrientation(out.orientation).map(QSize(size->width, size->height));
    out.geometry = resolveEdits(edits, out.orientedFullSize);
    out.editedFullSize = out.geometry.outputSize(out.orientedFullSize);

    DecodeRequest request;
    const int editedLong = std::max(out.editedFullSize.width(), out.editedFullSize.height());
    const int fullLong = std::max(size->width, size->height);
    if (outputLongEdge > 0 && editedLong > outputLongEdge) {
        // The decoder's long edge that makes the edited part at least outputLongEdge long.
        request.minLongEdge = int(std::ceil(double(outputLongEdge) * fullLong / editedLong));
        if (request.minLongEdge >= fullLong) request.minLongEdge = 0;
    }
    auto decoded = decodeImage(original, request);
    if (!decoded.ok()) return decoded.error();
    out.format = decoded->format;
    out.iccProfile = decoded->iccProfile;
    out.stored = flattenOnWhite(decoded->image);
    if (out.stored.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("cannot allocate the pixels"));
    return out;
}

QImage renderSourcePicture(const SourcePicture& source, QSize outputSize, bool* converted) {
    QImage image = renderEditedImage(source.stored, source.orientation, source.geometry, outputSize);
    if (converted) *converted = false;
    if (!isSrgbProfile(source.iccProfile)) {
        Result<QImage> srgb = convertToSrgb(image, source.iccProfile);
        if (srgb.ok()) {
            image = std::move(srgb).value();
            if (converted) *converted = true;
        }
    }
    return image;
}

} // namespace pd::detail
