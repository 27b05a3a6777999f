// The whole host site as one HttpHandler: it picks each route's body limit and sends each
// request to the part that serves it (the studio API now; galleries, IIIF and shares later).
#pragma once

#include "pd/host/http_handler.h"
#include "pd/host/studio_api.h"

#include <cstdint>

namespace pd::host {

class HostStore;

struct SiteLimits {
    std::uint64_t jsonBodyBytes = 256 * 1024; // every JSON route
};

// Threads: any (see HttpHandler).
class HostSite final : public HttpHandler {
public:
    HostSite(HostStore& store, SiteLimits limits) : m_limits(limits), m_studioApi(store) {}

    // jsonBodyBytes for the API's routes, 0 for everything else (nothing else takes a body yet).
    std::uint64_t bodyLimit(std::string_view method, std::string_view target) const override;
    // GET /healthz, the studio API, otherwise 404. Never throws: a failure is a 500.
    HttpResponse handle(const HttpRequest& request) override;

private:
    SiteLimits m_limits;
    StudioApi m_studioApi;
};

} // namespace pd::host
