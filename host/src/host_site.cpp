// The site's top-level routing and per-route body limits.
#include "pd/host/host_site.h"

#include <cstdio>
#include <exception>

namespace pd::host {

std::uint64_t HostSite::bodyLimit(std::string_view method, std::string_view target) const {
    const std::string_view path = target.substr(0, target.find('?'));
    if (StudioApi::owns(path)) return StudioApi::bodyLimit(method, path, m_limits);
    if (GallerySite::owns(path)) return GallerySite::bodyLimit(method, path, m_limits.jsonBodyBytes);
    return 0;
}

HttpResponse HostSite::handle(const HttpRequest& request) {
    try {
        const std::string_view path = request.path();
        if (StudioApi::owns(path)) {
            HttpResponse r = m_studioApi.handle(request);
            // A write (even a failed one) may change what a gallery shows: its images at once.
            if (request.method != "GET" && request.method != "HEAD") m_gallery.forgetCachedFacts();
            return r;
        }
        if (GallerySite::owns(path)) return m_gallery.handle(request);
        if (StaticAssets::owns(path)) return m_assets.handle(request);
        if (IiifSite::owns(path)) return m_iiif.handle(request);
        if (ShareSite::owns(path)) return m_shares.handle(request);
        if (path == "/healthz") {
            if (request.method != "GET") return HttpResponse::error(405, "method not allowed");
            return HttpResponse::json(200, R"({"status":"ok"})");
        }
        return HttpResponse::error(404, "no such page");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "proofdesk-host: error serving %s: %s\n", request.target.c_str(), e.what());
        return HttpResponse::error(500, "internal error");
    }
}

} // namespace pd::host
