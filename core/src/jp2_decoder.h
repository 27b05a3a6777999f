// Internal: JPEG 2000 (JP2 file or raw J2K codestream) decoding through OpenJPEG.
#pragma once

#include "pd/core/decoded_image.h"
#include "pd/core/image_decoder.h"
#include "pd/core/region_decoder.h"
#include "pd/core/result.h"

#include <QByteArray>
#include <QRect>

namespace pd::detail {

// Decodes at the most reduced resolution level whose long edge still covers
// request.minLongEdge, as Format_RGB888 (or RGBA8888 when there is an alpha channel). Grey,
// sYCC, subsampled components and precisions other than 8 bits are converted. Sizes over
// request.maxPixels are TooLarge before any tile is decoded; a broken codestream is CorruptData.
// Single-threaded (the import runs one decode per core).
Result<DecodedImage> decodeJp2(const QByteArray& bytes, const DecodeRequest& request);

// One area of the image at one resolution level: OpenJPEG is told the area
// (opj_set_decode_area) and the level (opj_set_decoded_resolution_factor), so only the code-blocks
// of the tiles that area touches are decoded, and only up to that level.
struct Jp2AreaRequest {
    QRect area;         // full-resolution pixels of the reference component; empty: the whole image
    int reduction = 0;  // 0: full resolution; each step halves; clamped to what the codestream has
    qint64 maxPixels = DecodeRequest{}.maxPixels; // full-size limit, as for decodeJp2
};
struct Jp2Area {
    DecodedImage decoded; // the area at that level, converted like decodeJp2's output
    QRect area;           // what was decoded, in full-resolution pixels (the request clipped)
    int reduction = 0;    // the level actually used
    qint64 decodedSamples = 0; // samples OpenJPEG allocated and decoded, over all components
    int tilesDecoded = 0;      // tiles OpenJPEG reported decoding
    int tileCount = 0;         // tiles in the codestream
};
Result<Jp2Area> decodeJp2Area(const QByteArray& bytes, const Jp2AreaRequest& request);

// What the main header says about the codestream's organisation (public: pd::probeJp2Layout).
Result<Jp2Layout> probeJp2Structure(const QByteArray& bytes);

// Full-resolution size from the main header alone.
Result<ImageSize> probeJp2Size(const QByteArray& bytes);

} // namespace pd::detail
