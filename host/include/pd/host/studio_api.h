// The studio API (/api/v1/...): what a photographer's studio app calls with its bearer token.
// Routes and their JSON are documented in docs/host-api.md.
#pragma once

#include "pd/host/host_records.h"
#include "pd/host/http_handler.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace pd::host {

class HostStore;
struct SiteLimits;

// Threads: handle() from any thread at once (all state is in the store). Every route is scoped
// by the photographer the token names: another photographer's event, photo, rendition, order or
// share is answered exactly like one that does not exist (404), never 403.
class StudioApi {
public:
    explicit StudioApi(HostStore& store) : m_store(store) {}

    // Whether the path is the API's ("/api/v1/..."); the site sends those requests here.
    static bool owns(std::string_view path);
    // The body limit of an API route, from the request line alone: limits.renditionBodyBytes for
    // PUT /api/v1/renditions/..., limits.manifestBodyBytes for POST .../manifest,
    // limits.jsonBodyBytes for the rest.
    static std::uint64_t bodyLimit(std::string_view method, std::string_view path, const SiteLimits& limits);
    // Every route first authenticates the bearer token: 401 without a valid, unrevoked one.
    // May return a deferred response (the order feed's long poll); its poll() reads the store.
    HttpResponse handle(const HttpRequest& request);

private:
    using Segments = std::vector<std::string_view>;

    // The photographer the request's token belongs to, or the 401/500 response to send.
    std::optional<Photographer> authenticate(const HttpRequest& request, HttpResponse& refusal);
    HttpResponse routeEvent(const Photographer& p, const Segments& s, const HttpRequest& request);
    HttpResponse routeOrders(const Photographer& p, const Segments& s, const HttpRequest& request);

    // Events (studio_api.cpp).
    HttpResponse me(const Photographer& p);
    HttpResponse listEvents(const Photographer& p);
    HttpResponse getEvent(const Photographer& p, const QString& id);
    HttpResponse putEvent(const Photographer& p, const QString& id, const HttpRequest& request);
    HttpResponse deleteEvent(const Photographer& p, const QString& id);

    // Renditions, photos, manifest, favourites (studio_api_photos.cpp).
    HttpResponse putRendition(const Photographer& p, std::string_view sha256, const HttpRequest& request);
    HttpResponse getRendition(const Photographer& p, std::string_view sha256);
    HttpResponse manifest(const Photographer& p, const QString& eventId, const HttpRequest& request);
    HttpResponse listPhotos(const Photographer& p, const QString& eventId);
    HttpResponse getPhoto(const Photographer& p, const QString& eventId, const QString& photoId);
    HttpResponse putPhoto(const Photographer& p, const QString& eventId, const QString& photoId,
                          const HttpRequest& request);
    HttpResponse deletePhoto(const Photographer& p, const QString& eventId, const QString& photoId);
    HttpResponse favourites(const Photographer& p, const QString& eventId);

    // Orders and shares (studio_api_orders.cpp).
    HttpResponse orderFeed(const Photographer& p, const HttpRequest& request);
    HttpResponse acknowledgeOrders(const Photographer& p, const HttpRequest& request);
    HttpResponse getOrder(const Photographer& p, const QString& orderId);
    HttpResponse setOrderStatus(const Photographer& p, const QString& orderId, const HttpRequest& request);
    HttpResponse createShare(const Photographer& p, const QString& eventId, const HttpRequest& request);
    HttpResponse listShares(const Photographer& p, const QString& eventId);
    HttpResponse revokeShare(const Photographer& p, const QString& shareId);

    HostStore& m_store;
};

} // namespace pd::host
