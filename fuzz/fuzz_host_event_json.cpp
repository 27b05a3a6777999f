// Fuzzes the host's parser of the studio API's event documents (PUT /api/v1/events/{uuid}),
// which takes bytes from the network.
#include "fuzz_common.h"

#include "pd/host/event_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    pd::fuzz::initOnce();
    (void)pd::host::parseEventPut(pd::fuzz::bytes(data, size));
    return 0;
}
