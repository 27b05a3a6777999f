// The IIIF image service over a JPEG 2000 zoom proof: info.json, and rendering a planned request
// by decoding only the resolution level and area it needs.
#pragma once

#include "pd/core/result.h"
#include "pd/host/iiif_request.h"

#include <QByteArray>
#include <QSize>

#include <string>

namespace pd::host {

// What info.json describes.
struct IiifInfo {
    std::string id;  // the image service's base URI, e.g. "https://host/iiif/3/<photo-id>"
    QSize full;      // the zoom proof's size
    IiifLimits limits;
    int tileSize = 512;       // the zoom proof's tile size
    int resolutionLevels = 1; // the zoom proof's levels
};

// The info.json document (Image API 3.0, level 2, with mirroring, upscaling, gray and bitonal
// and PNG). Tiles and sizes are only those the limits allow. Pure.
std::string iiifInfoJson(const IiifInfo& info);

// The resolution level to decode for a region of `region` full-resolution pixels delivered at
// `size`: the most reduced of `levels` whose size is still >= `size` in both directions.
int iiifReductionFor(QSize region, QSize size, int levels);

struct IiifRendered {
    QByteArray bytes;      // the encoded image
    QSize size;            // after rotation
    int reduction = 0;     // the level decoded
    qint64 decodedSamples = 0;
};

// Decodes plan.region at the level iiifReductionFor picks (only the tiles under it), scales to
// plan.size, mirrors, rotates, applies the quality and encodes (JPEG q85 4:2:0, or PNG).
// Errors from the decoder (CorruptData...) or TooLarge. Pure and thread-safe.
Result<IiifRendered> renderIiifImage(const QByteArray& zoomJp2, const IiifPlan& plan);

} // namespace pd::host
