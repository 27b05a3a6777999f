// Fuzzes the host's check of uploaded renditions (PUT /api/v1/renditions/{sha256}): the JPEG
// marker and JP2 box walks, then the decode at the smallest size, on bytes from the network.
#include "fuzz_common.h"

#include "pd/host/rendition_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    pd::fuzz::initOnce();
    const QByteArray bytes = pd::fuzz::bytes(data, size);
    (void)pd::host::checkRendition(bytes, QStringLiteral("image/jpeg"));
    (void)pd::host::checkRendition(bytes, QStringLiteral("image/jp2"));
    return 0;
}
