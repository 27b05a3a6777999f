// Fuzzes the host's parsers of the studio API's other JSON bodies (photo, manifest, share,
// order acknowledgement and status), which take bytes from the network.
#include "fuzz_common.h"

#include "pd/host/order_json.h"
#include "pd/host/photo_json.h"
#include "pd/host/share_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    pd::fuzz::initOnce();
    const QByteArray bytes = pd::fuzz::bytes(data, size);
    (void)pd::host::parsePhotoPut(bytes);
    (void)pd::host::parseManifest(bytes);
    (void)pd::host::parseShareCreate(bytes);
    (void)pd::host::parseOrderAck(bytes);
    (void)pd::host::parseOrderStatus(bytes);
    return 0;
}
