// Fuzzes the Exiv2-based metadata reader every imported file goes through.
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    pd::fuzz::initOnce();
    auto m = pd::readPhotoMetadata(pd::fuzz::bytes(data, size));
    if (m.ok() && (m->orientation < 1 || m->orientation > 8)) __builtin_trap();  // always clamped
    return 0;
}
