// Fuzzes the import's decoders (JPEG, JPEG 2000, Qt's PNG/TIFF/WebP/BMP/GIF) and the one-decode
// rendition pipeline behind them: any bytes give a picture or a clean error.
#include "fuzz_common.h"

#include "pd/core/image_decoder.h"
#include "pd/core/renditions.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    pd::fuzz::initOnce();
    const QByteArray input = pd::fuzz::bytes(data, size);
    pd::DecodeRequest request;
    request.minLongEdge = pd::kPreviewLongEdge;
    request.maxPixels = pd::fuzz::kMaxPixels;
    auto decoded = pd::decodeImage(input, request);
    if (decoded.ok() && decoded->image.isNull()) __builtin_trap();  // a success must carry pixels
    (void)pd::probeImageSize(input);
    return 0;
}
