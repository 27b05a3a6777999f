// IIIF routes: visitor authorisation by gallery session, and the image service shared with shares.
#include "pd/host/iiif_site.h"

#include "pd/core/content_hash.h"
#include "pd/host/gallery_session.h"
#include "pd/host/host_store.h"
#include "pd/core/region_decoder.h"
#include "pd/host/iiif_image.h"

#include "iiif_render_pool.h"

#include <QCache>
#include <QDate>

#include <cstdio>
#include <map>
#include <mutex>

namespace pd::host {

namespace {

constexpr const char* kInfoContentType = "application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"";
constexpr const char* kProfileLink = "<http://iiif.io/api/image/3/level2.json>;rel=\"profile\"";

HttpResponse storeFailure(const Error& e) {
    std::fprintf(stderr, "proofdesk-host: iiif: %s\n", qPrintable(e.toString()));
    return HttpResponse::error(500, "internal error");
}

// Whether an If-None-Match header lists `etag` (or is "*").
bool matchesEtag(std::string_view header, const std::string& etag) {
    while (!header.empty()) {
        const size_t comma = header.find(',');
        std::string_view one = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
        while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
        if (one.substr(0, 2) == "W/") one.remove_prefix(2);
        if (one == etag || one == "*") return true;
    }
    return false;
}

// Zoom proofs by SHA-256, so a viewer's burst of tile requests reads the blob from the database
// once. Content-addressed: an entry can never be stale. Bounded in bytes (QCache costs in KiB).
class ZoomCache {
public:
    std::optional<QByteArray> find(const QString& sha) {
        std::lock_guard lock(m_lock);
        if (const QByteArray* bytes = m_cache.object(sha)) return *bytes; // implicitly shared copy
        return std::nullopt;
    }
    void insert(const QString& sha, const QByteArray& bytes) {
        std::lock_guard lock(m_lock);
        m_cache.insert(sha, new QByteArray(bytes), std::max<qsizetype>(1, bytes.size() / 1024));
    }

private:
    std::mutex m_lock;
    QCache<QString, QByteArray> m_cache{96 * 1024}; // 96 MiB
};

ZoomCache& zoomCache() {
    static ZoomCache cache;
    return cache;
}

} // namespace

bool dayHasPassed(const QString& expires) {
    if (expires.isEmpty()) return false;
    const QDate last = QDate::fromString(expires, Qt::ISODate);
    return last.isValid() && QDate::currentDate() > last;
}

std::string siteOrigin(const HttpRequest& request, const std::string& publicUrl) {
    if (!publicUrl.empty()) return publicUrl;
    const std::string_view host = request.header("Host");
    const bool plain = !host.empty() && host.size() < 256 && host.find_first_not_of(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == std::string_view::npos;
    return (request.secure ? "https://" : "http://") + std::string(plain ? host : "localhost");
}

Result<std::optional<QByteArray>> IiifService::zoomBytes(const QString& eventId, const QString& photoId, const QString& sha) {
    if (std::optional<QByteArray> cached = zoomCache().find(sha)) return cached;
    Result<std::optional<Blob>> zoom = m_store.photoRendition(eventId, photoId, QStringLiteral("zoom"));
    if (!zoom.ok()) return zoom.error();
    if (!zoom->has_value()) return std::optional<QByteArray>();
    // Only the bytes of the hash the photo names are cached under it (a replaced rendition
    // between the two reads is served fresh next time).
    if ((*zoom)->info.sha256 == sha) zoomCache().insert(sha, (*zoom)->bytes);
    return std::optional<QByteArray>((*zoom)->bytes);
}

HttpResponse IiifService::serve(const HttpRequest& request, std::string_view iiifPath, const IiifAccess& access) {
    if (request.method != "GET") {
        HttpResponse r = HttpResponse::error(405, "method not allowed");
        r.headers.emplace_back("Allow", "GET");
        return r;
    }
    const auto finish = [&](HttpResponse r) {
        if (access.share) r.headers.emplace_back("Access-Control-Allow-Origin", "*");
        r.headers.emplace_back("X-Content-Type-Options", "nosniff");
        return r;
    };
    Result<IiifRequest> parsed = parseIiifRequest(iiifPath);
    if (!parsed.ok()) return finish(HttpResponse::error(400, parsed.error().message.toStdString()));
    const QString photoId = QString::fromStdString(parsed->identifier);
    const std::string id = access.serviceBase + '/' + parsed->identifier;

    if (!access.photoIds.isEmpty() && !access.photoIds.contains(photoId))
        return finish(HttpResponse::error(404, "no such image"));
    Result<std::optional<HostPhoto>> photo = m_store.galleryPhoto(access.eventId, photoId);
    if (!photo.ok()) return storeFailure(photo.error());
    if (!photo->has_value() || (*photo)->renditions.zoom.isEmpty())
        return finish(HttpResponse::error(404, "no such image"));
    const QString zoomSha = (*photo)->renditions.zoom;

    if (parsed->kind == IiifRequest::Kind::Base) {
        HttpResponse r;
        r.status = 303;
        r.headers.emplace_back("Location", id + "/info.json");
        return finish(r);
    }

    // The zoom proof's size from its stored description: a 304 never loads the bytes.
    Result<std::optional<BlobInfo>> info = m_store.blobInfo(access.photographerId, zoomSha);
    if (!info.ok()) return storeFailure(info.error());
    if (!info->has_value()) return finish(HttpResponse::error(404, "no such image"));
    const QSize full((*info)->width, (*info)->height);
    const IiifLimits limits = iiifLimitsFor(full, access.maxLongEdge);
    const std::string limitKey = std::to_string(limits.maxWidth) + 'x' + std::to_string(limits.maxHeight);
    // Share images never go to shared caches: a proxy would hand them on past the share's
    // revocation, expiry and retrieval count; with a count, not even the browser keeps them.
    const std::string cacheControl = !access.share            ? "private, max-age=600"
                                     : access.retrievalLimited ? "private, no-store"
                                                               : "private, max-age=300";

    std::string canonical = "info.json";
    std::optional<IiifPlan> plan;
    if (parsed->kind == IiifRequest::Kind::Image) {
        Result<IiifPlan> planned = planIiifImage(*parsed, full, limits);
        if (!planned.ok()) return finish(HttpResponse::error(400, planned.error().message.toStdString()));
        plan = std::move(planned).value();
        canonical = plan->canonical;
    }
    // The id is part of info.json, so the service base is part of its tag.
    const QByteArray tagSource = (zoomSha + QLatin1Char('/') + QString::fromStdString(limitKey + '/' + canonical) +
                                  (plan ? QString() : QString::fromStdString('/' + id))).toUtf8();
    const std::string etag = '"' + sha256Hex(tagSource).left(32).toStdString() + '"';
    if (matchesEtag(request.header("If-None-Match"), etag)) {
        HttpResponse r;
        r.status = 304;
        r.headers.emplace_back("ETag", etag);
        r.headers.emplace_back("Cache-Control", cacheControl);
        return finish(r);
    }

    if (!plan) {
        IiifInfo doc;
        doc.id = id;
        doc.full = full;
        doc.limits = limits;
        Result<std::optional<QByteArray>> zoom = zoomBytes(access.eventId, photoId, zoomSha);
        if (!zoom.ok()) return storeFailure(zoom.error());
        if (!zoom->has_value()) return finish(HttpResponse::error(404, "no such image"));
        Result<Jp2Layout> layout = probeJp2Layout(**zoom);
        if (!layout.ok()) return storeFailure(layout.error().withContext(QStringLiteral("zoom proof ") + zoomSha));
        doc.tileSize = layout->tileWidth > 0 && layout->tileWidth < full.width() ? layout->tileWidth : 512;
        doc.resolutionLevels = layout->resolutionLevels;
        HttpResponse r;
        r.contentType = kInfoContentType;
        r.body = iiifInfoJson(doc);
        r.headers.emplace_back("Link", kProfileLink);
        r.headers.emplace_back("ETag", etag);
        r.headers.emplace_back("Cache-Control", cacheControl);
        return finish(r);
    }

    HttpResponse head;
    head.contentType = iiifMimeType(plan->format);
    head.headers.emplace_back("ETag", etag);
    head.headers.emplace_back("Cache-Control", cacheControl);
    head.headers.emplace_back("Link", "<" + id + "/" + plan->canonical + ">;rel=\"canonical\"");
    head = finish(std::move(head));
    const auto countRetrieval = [&]() -> std::optional<HttpResponse> {
        if (!access.share) return std::nullopt;
        Result<bool> counted = m_store.consumeShareRetrieval(access.shareId);
        if (!counted.ok()) return storeFailure(counted.error());
        if (!*counted)
            return finish(HttpResponse::error(403, "this share has used all the retrievals it allows; ask the studio for a new link"));
        return std::nullopt;
    };

    // Rendered before: the same canonical request of the same zoom proof is the same image.
    IiifRenderPool& pool = IiifRenderPool::instance();
    const std::string renderKey = zoomSha.toStdString() + '/' + plan->canonical;
    if (std::shared_ptr<const std::string> bytes = pool.cached(renderKey)) {
        if (auto refused = countRetrieval()) return std::move(*refused);
        head.sharedBody = std::move(bytes);
        return head;
    }
    Result<std::optional<QByteArray>> zoom = zoomBytes(access.eventId, photoId, zoomSha);
    if (!zoom.ok()) return storeFailure(zoom.error());
    if (!zoom->has_value()) return finish(HttpResponse::error(404, "no such image"));
    std::shared_ptr<IiifRenderJob> job = pool.submit(**zoom, *plan, renderKey);
    if (!job) {
        HttpResponse busy = HttpResponse::error(503, "the server is busy rendering images; try again in a moment");
        busy.headers.emplace_back("Retry-After", "1");
        return finish(std::move(busy));
    }
    // Counted once the render is sure to be attempted; a refusal drops the queued job.
    if (auto refused = countRetrieval()) {
        job->cancelled = true;
        return std::move(*refused);
    }

    // The network thread goes back to other requests; the server polls for the render. Should
    // the client leave or the wait time out, the job is cancelled if it has not started yet.
    struct CancelOnDrop {
        explicit CancelOnDrop(std::shared_ptr<IiifRenderJob> j) : job(std::move(j)) {}
        CancelOnDrop(const CancelOnDrop&) = delete;
        CancelOnDrop& operator=(const CancelOnDrop&) = delete;
        ~CancelOnDrop() { job->cancelled = true; }
        std::shared_ptr<IiifRenderJob> job;
    };
    auto watch = std::make_shared<CancelOnDrop>(job);
    HttpResponse waiting;
    waiting.deferred = std::make_shared<HttpResponse::Deferred>();
    waiting.deferred->poll = [watch, head, zoomSha]() -> std::optional<HttpResponse> {
        const IiifRenderJob& j = *watch->job;
        if (!j.done.load(std::memory_order_acquire)) return std::nullopt;
        if (!j.result->ok())
            return storeFailure(j.result->error().withContext(QStringLiteral("zoom proof ") + zoomSha));
        HttpResponse r = head;
        r.body = (*j.result)->bytes.toStdString();
        return r;
    };
    waiting.deferred->timedOut = [] {
        HttpResponse busy = HttpResponse::error(503, "rendering this image took too long; try again in a moment");
        busy.headers.emplace_back("Retry-After", "1");
        return busy;
    };
    waiting.deferred->deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    waiting.deferred->pollInterval = std::chrono::milliseconds(5);
    return waiting;
}

HttpResponse IiifSite::handle(const HttpRequest& request) {
    const std::string_view path = request.path();
    const std::string_view rest = path.size() > 8 ? path.substr(8) : std::string_view();
    // Syntax first: a malformed request is 400 whoever sends it, and costs no database access.
    if (Result<IiifRequest> parsed = parseIiifRequest(rest); !parsed.ok())
        return HttpResponse::error(400, parsed.error().message.toStdString());
    Result<QByteArray> secret = m_store.siteSecret();
    if (!secret.ok()) return storeFailure(secret.error());
    const SessionCodec codec(*secret);
    const std::optional<GallerySession> session = gallerySessionOf(request, codec);
    if (!session) return HttpResponse::error(403, "open the gallery with its access code first");
    Result<std::optional<HostEvent>> event = m_store.galleryEvent(session->eventId);
    if (!event.ok()) return storeFailure(event.error());
    if (!event->has_value()) return HttpResponse::error(404, "no such image");
    // The photographer changed the access code since this session was made: it is over.
    if (!codec.sameCode(*session, (*event)->accessCodeHash))
        return HttpResponse::error(403, "open the gallery with its access code first");
    if (dayHasPassed((*event)->expires))
        return HttpResponse::error(410, "this gallery has closed");
    IiifAccess access;
    access.eventId = (*event)->id;
    access.photographerId = (*event)->photographerId;
    access.serviceBase = siteOrigin(request, m_publicUrl) + "/iiif/3";
    return IiifService(m_store).serve(request, rest, access);
}

} // namespace pd::host
