// The IIIF Image API 3.0 (level 2) routes: /iiif/3/<photo-id>/... for gallery visitors, and the
// service both they and shares (/s/<token>/iiif/3/...) use once the caller is authorised.
#pragma once

#include "pd/host/http_handler.h"
#include "pd/host/iiif_request.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <string>
#include <string_view>

namespace pd::host {

class HostStore;

// What an authorised caller may see through IIIF.
struct IiifAccess {
    QString eventId;
    QString photographerId;  // the event's owner
    QStringList photoIds;    // empty: every photo of the event
    int maxLongEdge = 0;     // the largest long edge served; 0: the zoom proof's own size
    std::string serviceBase; // absolute URI up to and including "/iiif/3" (info.json "id"s)
    bool share = false;      // CORS for everyone, one retrieval per image, private caching only
    QString shareId;         // when share: whose retrievals are counted
    bool retrievalLimited = false; // when share: it has a retrieval limit (then nothing is cached)
};

// Serves info.json, the base URI redirect and images for one authorised caller.
// Threads: any; holds only a reference to the store (thread-safe). Never throws.
class IiifService {
public:
    explicit IiifService(HostStore& store) : m_store(store) {}

    // `iiifPath` is what follows ".../iiif/3/". Statuses: 400 bad syntax or a size over the
    // limit, 404 a photo the access does not include (or without a zoom proof), 403 a share
    // whose retrievals are used up, 304 on a matching If-None-Match, 405 for methods other than
    // GET, 503 (Retry-After: 1) when the render queue is full. Images not rendered before (see
    // iiif_render_pool.h) are rendered off the calling thread: the response is then deferred
    // and the server polls for it every 5 ms. Cache-Control: visitors "private, max-age=600";
    // shares "private, max-age=300", or "private, no-store" with a retrieval limit.
    HttpResponse serve(const HttpRequest& request, std::string_view iiifPath, const IiifAccess& access);

private:
    // The zoom proof's bytes (from a small process-wide cache keyed by its hash, else the store).
    Result<std::optional<QByteArray>> zoomBytes(const QString& eventId, const QString& photoId, const QString& sha);

    HostStore& m_store;
};

// /iiif/3/<photo-id>/...: the visitor's gallery session (cookie) must be for the photo's event,
// made under the event's current access code, and that gallery open. Threads: any. Never throws.
class IiifSite {
public:
    IiifSite(HostStore& store, std::string publicUrl) : m_store(store), m_publicUrl(std::move(publicUrl)) {}

    static bool owns(std::string_view path) { return path.substr(0, 8) == "/iiif/3/" || path == "/iiif/3"; }
    // 400 for bad syntax, then 403 without a valid session, 410 when its gallery has closed,
    // otherwise IiifService.
    HttpResponse handle(const HttpRequest& request);

private:
    HostStore& m_store;
    std::string m_publicUrl;
};

// "https://host" for absolute URIs: the configured public URL, else the request's Host header
// (when it is a plain host[:port]) with the scheme the request came in with.
std::string siteOrigin(const HttpRequest& request, const std::string& publicUrl);

// Whether the last day `expires` (YYYY-MM-DD, empty: never) is before today (UTC).
bool dayHasPassed(const QString& expires);

} // namespace pd::host
