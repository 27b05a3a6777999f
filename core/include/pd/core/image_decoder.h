// Decodes image bytes of any importable format into pixels.
#pragma once

#include "pd/core/decoded_image.h"
#include "pd/core/result.h"

namespace pd {

// Decodes JPEG (libjpeg-turbo, DCT-domain scaling), JPEG 2000 (OpenJPEG, reduced resolution
// level), and PNG/TIFF/WebP/BMP/GIF (Qt image plugins). The format is sniffed from the bytes.
// Errors: UnsupportedFormat, CorruptData (truncated or broken stream), TooLarge.
// Pure and thread-safe; never crashes or hangs on hostile input.
Result<DecodedImage> decodeImage(const QByteArray& bytes, const DecodeRequest& request = {});

// Width and height at full resolution, from the header only (cheap).
struct ImageSize { int width = 0; int height = 0; };
Result<ImageSize> probeImageSize(const QByteArray& bytes);

} // namespace pd
