// The whole host site as one HttpHandler: it picks each route's body limit and sends each
// request to the part that serves it: the studio API, the customer galleries and their assets,
// IIIF for gallery visitors, and shares.
#pragma once

#include "pd/host/gallery_site.h"
#include "pd/host/http_handler.h"
#include "pd/host/iiif_site.h"
#include "pd/host/share_site.h"
#include "pd/host/static_assets.h"
#include "pd/host/studio_api.h"

#include <cstdint>
#include <string>

namespace pd::host {

class HostStore;

struct SiteLimits {
    std::uint64_t jsonBodyBytes = 256 * 1024; // every JSON route
    std::uint64_t renditionBodyBytes = 48ull << 20; // PUT /api/v1/renditions/<sha256>
    std::uint64_t manifestBodyBytes = 16ull << 20;  // POST /api/v1/events/<id>/manifest
    std::string publicUrl; // --public-url: "https://photos.example.com", no trailing slash; empty: unknown
};

// Threads: any (see HttpHandler).
class HostSite final : public HttpHandler {
public:
    HostSite(HostStore& store, SiteLimits limits) : m_limits(limits), m_studioApi(store), m_gallery(store),
          m_iiif(store, m_limits.publicUrl), m_shares(store, m_limits.publicUrl) {}

    // Each part's own limit for its routes (StudioApi, GallerySite), 0 for everything else.
    std::uint64_t bodyLimit(std::string_view method, std::string_view target) const override;
    // GET /healthz and the parts' routes, otherwise 404. Never throws: a failure is a 500.
    HttpResponse handle(const HttpRequest& request) override;

private:
    SiteLimits m_limits;
    StudioApi m_studioApi;
    GallerySite m_gallery;   // /g/<slug>/...
    StaticAssets m_assets;   // /static/...
    IiifSite m_iiif;         // /iiif/3/... (gallery visitors)
    ShareSite m_shares;      // /s/<token>/...
};

} // namespace pd::host
