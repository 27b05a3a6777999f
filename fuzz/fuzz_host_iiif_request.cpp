// Fuzzes the host's IIIF Image API path parser (what follows /iiif/3/ in a URL from the network)
// and, for image requests it accepts, the plan against a few image sizes and limits.
#include "fuzz_common.h"

#include "pd/host/iiif_request.h"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    pd::fuzz::initOnce();
    const std::string_view path(reinterpret_cast<const char*>(data), size);
    auto request = pd::host::parseIiifRequest(path);
    if (!request.ok() || request->kind != pd::host::IiifRequest::Kind::Image) return 0;
    // A tall, a wide, a tiny and a very large image; served in full and under a share's limit.
    for (const QSize full : {QSize(3000, 4000), QSize(6000, 1), QSize(1, 1), QSize(60000, 40000)}) {
        for (const int maxLongEdge : {0, 1000}) {
            const pd::host::IiifLimits limits = pd::host::iiifLimitsFor(full, maxLongEdge);
            auto plan = pd::host::planIiifImage(request.value(), full, limits);
            if (!plan.ok()) continue;
            // What the server then relies on: the region lies inside the image, the size is
            // positive and within the limits.
            const QRect r = plan->region;
            if (r.isEmpty() || r.x() < 0 || r.y() < 0 || r.right() >= full.width() || r.bottom() >= full.height())
                __builtin_trap();
            if (plan->size.width() <= 0 || plan->size.height() <= 0) __builtin_trap();
            if (limits.maxWidth > 0 && plan->size.width() > limits.maxWidth) __builtin_trap();
            if (limits.maxHeight > 0 && plan->size.height() > limits.maxHeight) __builtin_trap();
        }
    }
    return 0;
}
