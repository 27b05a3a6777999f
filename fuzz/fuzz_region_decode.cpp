// Fuzzes the loupe's 100 % region decoder: the first bytes choose the region and orientation,
// the rest is the file.
#include "fuzz_common.h"

#include "pd/core/region_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    pd::fuzz::initOnce();
    if (size < 5) return 0;
    pd::RegionRequest request;
    request.region = QRect(data[0] * 16, data[1] * 16, 1 + data[2] * 8, 1 + data[3] * 8);
    request.orientation = data[4] % 9;
    request.maxPixels = pd::fuzz::kMaxPixels;
    auto r = pd::decodeRegion(pd::fuzz::bytes(data + 5, size - 5), request);
    if (r.ok() && r->image.size() != r->region.size()) __builtin_trap();  // the contract
    return 0;
}
