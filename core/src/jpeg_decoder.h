// Internal: JPEG decoding through the libjpeg API of libjpeg-turbo (used by image_decoder.cpp).
#pragma once

#include "pd/core/decoded_image.h"
#include "pd/core/image_decoder.h"
#include "pd/core/result.h"

#include <QByteArray>

namespace pd::detail {

// Decodes a JPEG at the largest DCT reduction (1/1, 1/2, 1/4, 1/8) whose long edge still covers
// request.minLongEdge, as Format_RGB888 (grey and CMYK/YCCK converted to RGB). Reads the
// embedded ICC profile (APP2). A truncated or corrupt stream is CorruptData, never a partly grey
// picture; an image over request.maxPixels is TooLarge, refused before any pixel buffer exists.
Result<DecodedImage> decodeJpeg(const QByteArray& bytes, const DecodeRequest& request);

// Full-resolution size from the JPEG header alone.
Result<ImageSize> probeJpegSize(const QByteArray& bytes);

} // namespace pd::detail
