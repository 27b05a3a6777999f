// Proofs: what customers see in the gallery. The edited picture, watermarked, at most the
// event's proof size, q85 sRGB JPEG with copyright and creator in EXIF, IPTC and XMP.
#pragma once

#include "pd/core/edit_operations.h"
#include "pd/core/photo_metadata.h"
#include "pd/core/renditions.h"
#include "pd/core/watermark.h"

#include <optional>

namespace pd {

inline constexpr int kDefaultProofLongEdge = 2048;
inline constexpr int kProofQuality = 85;

struct ProofOptions {
    int longEdge = kDefaultProofLongEdge;   // never enlarged past the edited picture
    int quality = kProofQuality;
    std::optional<WatermarkPreset> watermark;   // none: an unmarked proof
    QDateTime capturedAt;
    QString copyright;
    QString creator;
    std::optional<GpsPosition> gps;         // written only when set: leave empty unless the event allows GPS
};

// True when the photo's current (edited) preview can make the proof on its own: it is at least
// as long as the proof will be (a preview is never longer than the edited picture, so a preview
// of a small photo covers any proof size).
bool previewCoversProof(QSize previewSize, QSize editedFullSize, int longEdge);

// From the photo's current preview (already edited and sRGB): no decode of the original.
// Errors as decodeImage, and those of applyWatermark.
Result<EncodedRendition> makeProofFromPreview(const QByteArray& editedPreviewJpeg, const ProofOptions& options);

// From the original: one decode at the smallest scale that covers the proof, the edits, sRGB.
Result<EncodedRendition> makeProofFromOriginal(const QByteArray& original, const EditList& edits, const ProofOptions& options);

} // namespace pd
