// The import's one-decode pipeline: from an original's bytes to its preview and thumbnail.
#pragma once

#include "pd/core/image_format.h"
#include "pd/core/photo_metadata.h"
#include "pd/core/result.h"

#include <QByteArray>

namespace pd {

inline constexpr int kThumbnailLongEdge = 400;
inline constexpr int kThumbnailQuality = 80;
inline constexpr int kPreviewLongEdge = 2048;
inline constexpr int kPreviewQuality = 85;

struct EncodedRendition {
    QByteArray jpeg;
    int width = 0;
    int height = 0;
};

struct StudioRenditions {
    ImageFormat format = ImageFormat::Unknown;
    int width = 0;               // oriented full-resolution size of the original
    int height = 0;
    PhotoMetadata metadata;
    EncodedRendition preview;    // 2048 px long edge (or less when the original is smaller), q85
    EncodedRendition thumbnail;  // 400 px long edge, made from the preview, q80
    bool colourConverted = false;// an embedded non-sRGB profile was converted
};

// Decodes once (at the smallest DCT scale / resolution level that still covers the preview),
// orients, converts to sRGB, resizes, and encodes the preview and the thumbnail.
// Pure and thread-safe. Errors as decodeImage.
Result<StudioRenditions> makeStudioRenditions(const QByteArray& original);

} // namespace pd
