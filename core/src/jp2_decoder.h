// Internal: JPEG 2000 (JP2 file or raw J2K codestream) decoding through OpenJPEG.
#pragma once

#include "pd/core/decoded_image.h"
#include "pd/core/image_decoder.h"
#include "pd/core/result.h"

#include <QByteArray>

namespace pd::detail {

// Decodes at the most reduced resolution level whose long edge still covers
// request.minLongEdge, as Format_RGB888 (or RGBA8888 when there is an alpha channel). Grey,
// sYCC, subsampled components and precisions other than 8 bits are converted. Sizes over
// request.maxPixels are TooLarge before any tile is decoded; a broken codestream is CorruptData.
// Single-threaded (the import runs one decode per core).
Result<DecodedImage> decodeJp2(const QByteArray& bytes, const DecodeRequest& request);

// Full-resolution size from the main header alone.
Result<ImageSize> probeJp2Size(const QByteArray& bytes);

} // namespace pd::detail
