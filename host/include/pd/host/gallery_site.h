// The customer gallery under /g/<slug>/...: the access-code login, the gallery page, its JSON
// API (gallery, favourites, orders), the renditions, and the order pages.
#pragma once

#include "pd/core/price_sheet.h"
#include "pd/host/access_throttle.h"
#include "pd/host/gallery_image_cache.h"
#include "pd/host/gallery_session.h"
#include "pd/host/host_records.h"
#include "pd/host/http_handler.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

namespace pd::host {

class HostStore;

// Threads: handle() from any thread at once: the store is thread-safe, the throttle has its own
// lock, and the session codec is made once (under m_codecMutex) and then only read.
//
// Authorisation, for every route: the slug names an event (else 404), the event is open (else
// 410, for pages, JSON and images alike), and JSON and image routes need a session cookie
// signed for this very event (else 401); photos and orders are looked up within that event only
// (else 404). Every POST carries a CSRF token bound to the session (else 403).
class GallerySite {
public:
    explicit GallerySite(HostStore& store, ThrottlePolicy throttle = {}, GalleryImageCache::Options images = {});

    static bool owns(std::string_view path) { return path.substr(0, 3) == "/g/"; }
    // Small bodies for the forms and favourites, `jsonBodyBytes` for orders, 0 for the rest.
    static std::uint64_t bodyLimit(std::string_view method, std::string_view path, std::uint64_t jsonBodyBytes);
    // Every response carries the security headers (gallery_pages.h). Never throws.
    HttpResponse handle(const HttpRequest& request);

    // The event's delivery options, as the studio published them (HostEvent::delivery; an event
    // published without any offers studio pickup only).
    static DeliveryOptions deliveryOf(const HostEvent& event);

    // Something was written through the studio API: image requests stop relying on what the
    // image cache learned from the store before (see GalleryImageCache's staleness contract).
    void forgetCachedFacts() { m_images.forget(); }

private:
    struct Visit {
        QString slug;
        HostEvent event;
        std::optional<GallerySession> session; // only a session for this event
        std::shared_ptr<const SessionCodec> codec;
        bool api = false; // JSON and image routes answer errors in JSON
        std::uint64_t imageGeneration = 0; // the image cache's, read before the event was
    };

    HttpResponse route(const HttpRequest& request);
    std::shared_ptr<const SessionCodec> codec();

    // gallery_site.cpp: pages and forms.
    HttpResponse galleryPage(const HttpRequest& request, const Visit& visit);
    HttpResponse loginPage(const HttpRequest& request, const Visit& visit, int status, const QString& error,
                           const QString& email);
    HttpResponse login(const HttpRequest& request, const Visit& visit);
    HttpResponse logout(const HttpRequest& request, const Visit& visit);
    HttpResponse orderPage(const Visit& visit, const QString& orderId);

    // gallery_api.cpp: JSON and images.
    HttpResponse galleryJson(const Visit& visit);
    HttpResponse setFavourite(const HttpRequest& request, const Visit& visit);
    HttpResponse placeOrder(const HttpRequest& request, const Visit& visit);
    HttpResponse image(const HttpRequest& request, const Visit& visit, const QString& photoId, const QString& kind);
    // The image at /g/<slug><rest> answered from m_images alone (a 200 or a 304), or nullopt
    // when anything is unknown, stale or wrong: route() then takes the full path, which also
    // gives every error and fills the cache.
    std::optional<HttpResponse> cachedImage(const HttpRequest& request, std::string_view slug, std::string_view rest);
    // Whether the request's session cookie opens `event` (as route() decides it, through m_images).
    bool sessionOpens(const HttpRequest& request, const GalleryImageCache::Event& event);
    // The 403 to send when a fetch() POST lacks a valid X-CSRF-Token, or nullopt.
    static std::optional<HttpResponse> refuseCsrf(const HttpRequest& request, const Visit& visit);

    HostStore& m_store;
    AccessThrottle m_throttle;
    std::mutex m_codecMutex;
    std::shared_ptr<const SessionCodec> m_codec;
    GalleryImageCache m_images;
};

} // namespace pd::host
