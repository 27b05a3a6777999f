// Internal: an original decoded once for an edited output (renditions, proofs, print files).
#pragma once

#include "pd/core/decoded_image.h"
#include "pd/core/edit_geometry.h"
#include "pd/core/photo_metadata.h"
#include "pd/core/result.h"

#include <QByteArray>
#include <QImage>

namespace pd::detail {

struct SourcePicture {
    QImage stored;            // decoded pixels (flattened on white), not oriented, not colour-converted
    ImageFormat format = ImageFormat::Unknown;
    int orientation = 1;      // EXIF 1..8
    QSize orientedFullSize;   // the original's full resolution, upright
    PhotoMetadata metadata;
    QByteArray iccProfile;
    EditGeometry geometry;    // the edits resolved against orientedFullSize
    QSize editedFullSize;     // the edited picture at full resolution
};

// Reads the metadata and header, resolves the edits, then decodes once at the smallest scale
// whose edited picture still covers `outputLongEdge` (0: full resolution).
// Errors as decodeImage.
Result<SourcePicture> decodeSourcePicture(const QByteArray& original, const EditList& edits, int outputLongEdge);

// The edited picture at `outputSize` (empty: the decode's natural size), in sRGB (an unusable
// profile leaves the pixels as they are). Sets *converted when a profile was converted.
QImage renderSourcePicture(const SourcePicture& source, QSize outputSize, bool* converted = nullptr);

// JPEG has no alpha: transparent areas show as white, as on a print.
QImage flattenOnWhite(const QImage& image);

} // namespace pd::detail
