// Zoom proofs and web thumbnails: the publish renditions besides the proof (DESIGN.md section 7).
// A zoom proof is the edited picture, watermarked, as a tiled multi-resolution JPEG 2000 that the
// host's IIIF viewer serves; a web thumbnail is the proof made small.
#pragma once

#include "pd/core/edit_operations.h"
#include "pd/core/jp2_encoder.h"
#include "pd/core/renditions.h"
#include "pd/core/watermark.h"

#include <optional>

namespace pd {

// The longest zoom proof the studio makes when the event shares "full resolution": large enough
// for any screen and a newspaper page, small enough to encode in a couple of seconds.
inline constexpr int kZoomProofMaxLongEdge = 6000;
inline constexpr int kWebThumbLongEdge = 400;
inline constexpr int kWebThumbQuality = 80;

struct ZoomProofRequest {
    QByteArray source;            // the original, or the photo's current (edited) preview
    bool sourceIsEditedPreview = false;
    EditList edits;               // applied to an original only
    int longEdge = kZoomProofMaxLongEdge;   // never enlarged past the edited picture
    std::optional<WatermarkPreset> watermark;
    // Encoder threads default to one per core: they speed up the photos a publish's render pool
    // leaves a core idle for (its last ones, a single photo); the bytes never depend on them.
    Jp2Options jp2 = [] { Jp2Options o; o.threads = 0; return o; }();
};

struct ZoomProof {
    QByteArray jp2;
    int width = 0;
    int height = 0;
};

// Pure and thread-safe. The same request gives the same bytes. Errors as decodeImage,
// applyWatermark and encodeJp2.
Result<ZoomProof> makeZoomProof(const ZoomProofRequest& request);

// A 400 px q80 JPEG from a proof's bytes (no metadata, sRGB profile). Pure; same input, same bytes.
Result<EncodedRendition> makeWebThumbnail(const QByteArray& proofJpeg);

} // namespace pd
