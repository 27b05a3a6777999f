// The gallery's JSON routes (gallery, favourites, orders) and its image route (with its cached fast path).
#include "pd/host/gallery_order.h"
#include "pd/host/gallery_pages.h"
#include "pd/host/gallery_site.h"
#include "pd/host/host_store.h"
#include "pd/host/static_assets.h"

#include "order_watch.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <cstdio>
#include <memory>

namespace pd::host {

namespace {

HttpResponse jsonReply(int status, const QJsonObject& o) {
    HttpResponse r = HttpResponse::json(status, QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString());
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

HttpResponse storeFailure(const Error& e) {
    std::fprintf(stderr, "proofdesk-host: gallery store error: %s\n", qPrintable(e.toString()));
    return HttpResponse::error(500, "internal error");
}

QJsonValue urlOrNull(const QString& slug, const HostPhoto& p, const QString& kind, const QString& sha) {
    return sha.isEmpty() ? QJsonValue() : QJsonValue(renditionUrl(slug, p.id, kind, sha));
}

// The bytes of a hash never change and the URL carries the hash: cache for good, privately
// (a session's images are not for shared caches).
constexpr const char* kImageCacheControl = "private, max-age=31536000, immutable";

std::optional<HttpResponse> imageNotModified(const HttpRequest& request, const GalleryImageCache::Rendition& r) {
    if (!etagMatches(request.header("If-None-Match"), r.etag)) return std::nullopt;
    HttpResponse out;
    out.status = 304;
    out.headers.emplace_back("ETag", r.etag);
    out.headers.emplace_back("Cache-Control", kImageCacheControl);
    return out;
}

HttpResponse imageReply(const GalleryImageCache::Rendition& r, std::shared_ptr<const std::string> bytes) {
    HttpResponse out;
    out.status = 200;
    out.contentType = r.mime;
    out.sharedBody = std::move(bytes); // written from the cache's buffer, never copied
    out.headers.emplace_back("ETag", r.etag);
    out.headers.emplace_back("Cache-Control", kImageCacheControl);
    return out;
}

bool isJson(const HttpRequest& request) {
    const std::string_view type = request.header("Content-Type");
    return type.substr(0, 16) == "application/json";
}

} // namespace

std::optional<HttpResponse> GallerySite::refuseCsrf(const HttpRequest& request, const Visit& visit) {
    if (visit.codec->checkCsrf(*visit.session, request.header("X-CSRF-Token"))) return std::nullopt;
    return HttpResponse::error(403, "the request lacks this session's CSRF token: reload the page");
}

HttpResponse GallerySite::galleryJson(const Visit& visit) {
    const HostEvent& e = visit.event;
    auto photos = m_store.galleryPhotos(e.id);
    if (!photos.ok()) return storeFailure(photos.error());
    auto favourites = m_store.favourites(e.id, visit.session->email);
    if (!favourites.ok()) return storeFailure(favourites.error());

    QJsonArray products;
    for (std::size_t i = 0; i < e.priceSheet.products.size(); ++i) {
        const PrintProduct& p = e.priceSheet.products[i];
        products.append(QJsonObject{{"id", qint64(i)},
                                    {"name", p.name},
                                    {"size", p.size},
                                    {"finish", p.finish},
                                    {"price_cents", p.priceCents},
                                    {"aspect", printAspect(p.size)}});
    }
    const DeliveryOptions d = deliveryOf(e);
    const QJsonObject event{{"name", e.name},
                            {"date", e.date},
                            {"slug", visit.slug},
                            {"categories", QJsonArray::fromStringList(e.categories)},
                            {"currency", e.priceSheet.currency},
                            {"products", products},
                            {"delivery", QJsonObject{{"pickup", d.studioPickup},
                                                     {"shipping", d.shipping},
                                                     {"shipping_cents", d.shippingCents},
                                                     {"pickup_note", d.pickupNote}}}};
    QJsonArray list;
    for (const HostPhoto& p : photos.value()) {
        list.append(QJsonObject{{"id", p.id},
                                {"category", p.category},
                                {"filename", p.filename},
                                {"caption", p.caption},
                                {"width", p.proofWidth},
                                {"height", p.proofHeight},
                                {"original_width", p.originalWidth},
                                {"original_height", p.originalHeight},
                                {"thumb", urlOrNull(visit.slug, p, QStringLiteral("thumb"), p.renditions.thumb)},
                                {"proof", urlOrNull(visit.slug, p, QStringLiteral("proof"), p.renditions.proof)},
                                {"iiif", p.renditions.zoom.isEmpty()
                                             ? QJsonValue()
                                             : QJsonValue(QStringLiteral("/iiif/3/") +
                                                          QString::fromLatin1(QUrl::toPercentEncoding(p.id)))}});
    }
    return jsonReply(200, QJsonObject{{"event", event},
                                      {"email", visit.session->email},
                                      {"csrf", QString::fromStdString(visit.codec->csrfToken(*visit.session))},
                                      {"favourites", QJsonArray::fromStringList(favourites.value())},
                                      {"photos", list}});
}

HttpResponse GallerySite::setFavourite(const HttpRequest& request, const Visit& visit) {
    if (auto refusal = refuseCsrf(request, visit)) return *refusal;
    if (!isJson(request)) return HttpResponse::error(415, "send JSON (Content-Type: application/json)");
    if (visit.session->email.isEmpty()) return HttpResponse::error(401, "open the gallery with your e-mail first");
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(request.body));
    const QJsonObject o = doc.object();
    if (!doc.isObject() || !o.value("photo_id").isString() || !o.value("favourite").isBool())
        return HttpResponse::error(400, R"(send {"photo_id": "...", "favourite": true or false})");
    const QString photoId = o.value("photo_id").toString();
    if (photoId.isEmpty() || photoId.size() > 200) return HttpResponse::error(404, "no such photo in this gallery");
    const Status set = m_store.setFavourite(visit.event.id, visit.session->email, photoId, o.value("favourite").toBool());
    if (!set.ok()) {
        if (set.error().code == ErrorCode::NotFound) return HttpResponse::error(404, "no such photo in this gallery");
        return storeFailure(set.error());
    }
    auto favourites = m_store.favourites(visit.event.id, visit.session->email);
    if (!favourites.ok()) return storeFailure(favourites.error());
    return jsonReply(200, QJsonObject{{"favourites", QJsonArray::fromStringList(favourites.value())}});
}

HttpResponse GallerySite::placeOrder(const HttpRequest& request, const Visit& visit) {
    if (auto refusal = refuseCsrf(request, visit)) return *refusal;
    if (!isJson(request)) return HttpResponse::error(415, "send JSON (Content-Type: application/json)");
    auto photos = m_store.galleryPhotos(visit.event.id);
    if (!photos.ok()) return storeFailure(photos.error());
    auto built = buildGalleryOrder(QByteArray::fromStdString(request.body), visit.event, deliveryOf(visit.event),
                                   photos.value());
    if (!built.ok()) return HttpResponse::error(422, built.error().message.toStdString());
    // The order page is shown only to the session's e-mail: an order under another address
    // would be one its customer could never see again.
    if (built.value().email != visit.session->email)
        return HttpResponse::error(422, "Please order with the e-mail address you opened the gallery with (" +
                                            visit.session->email.toStdString() + "), or open the gallery again with the other one.");
    auto placed = m_store.placeOrder(built.value());
    if (!placed.ok()) {
        // A photo deleted between the two calls.
        if (placed.error().code == ErrorCode::NotFound)
            return HttpResponse::error(422, "a photo in the cart is no longer in this gallery");
        return storeFailure(placed.error());
    }
    order_watch::ordersChanged(); // wakes the studio's long polls in this process
    const HostOrder& o = placed.value();
    std::fprintf(stderr, "proofdesk-host: gallery %s: order %s placed (%zu items)\n", qPrintable(visit.slug),
                 qPrintable(o.id), o.items.size());
    return jsonReply(201, QJsonObject{{"id", o.id},
                                      {"url", QStringLiteral("/g/%1/orders/%2").arg(visit.slug, o.id)},
                                      {"total_cents", o.totalCents},
                                      {"currency", o.currency}});
}

HttpResponse GallerySite::image(const HttpRequest& request, const Visit& visit, const QString& photoId,
                                const QString& kind) {
    if (photoId.isEmpty() || photoId.size() > 200) return HttpResponse::error(404, "no such image");
    auto blob = m_store.photoRendition(visit.event.id, photoId, kind);
    if (!blob.ok()) return storeFailure(blob.error());
    if (!blob.value()) return HttpResponse::error(404, "no such image");
    const Blob& b = *blob.value();
    GalleryImageCache::Rendition rendition{"\"" + b.info.sha256.toStdString() + "\"", b.info.sha256,
                                           b.info.mime.isEmpty() ? "image/jpeg" : b.info.mime.toStdString()};
    std::shared_ptr<const std::string> bytes = m_images.bytes(b.info.sha256);
    if (!bytes) {
        bytes = std::make_shared<const std::string>(b.bytes.constData(), std::size_t(b.bytes.size()));
        m_images.putBytes(b.info.sha256, bytes);
    }
    // route() let this request through: the event is open and the session is its own. What the
    // store said may be reused for a while (GalleryImageCache), unless a write came in meanwhile.
    m_images.putEvent(visit.slug, {visit.event.id, visit.event.accessCodeHash}, visit.imageGeneration);
    m_images.putRendition(visit.event.id, photoId, kind, rendition, visit.imageGeneration);
    if (auto notModified = imageNotModified(request, rendition)) return std::move(*notModified);
    return imageReply(rendition, std::move(bytes));
}

std::optional<HttpResponse> GallerySite::cachedImage(const HttpRequest& request, std::string_view slug,
                                                     std::string_view rest) {
    // The same checks as route() and image(), in a different order (the cheapest first); any
    // miss or doubt leaves the request to them.
    if (request.method != "GET") return std::nullopt;
    const std::string_view tail = rest.substr(5); // after "/img/"
    const std::size_t slash = tail.rfind('/');
    if (slash == std::string_view::npos || slash == 0) return std::nullopt;
    const std::string_view kindText = tail.substr(slash + 1);
    if (kindText != "thumb" && kindText != "proof") return std::nullopt;
    static const QString kThumb = QStringLiteral("thumb");
    static const QString kProof = QStringLiteral("proof");
    const QString& kind = kindText == "thumb" ? kThumb : kProof;
    const QString photoId = QString::fromUtf8(QByteArray::fromPercentEncoding(QByteArray(tail.data(), qsizetype(slash))));
    if (photoId.isEmpty() || photoId.size() > 200) return std::nullopt;
    auto hit = m_images.find(QString::fromUtf8(slug.data(), qsizetype(slug.size())), photoId, kind);
    if (!hit || !sessionOpens(request, *hit->event)) return std::nullopt;
    if (auto notModified = imageNotModified(request, *hit->rendition)) return notModified;
    if (!hit->bytes) return std::nullopt;
    return imageReply(*hit->rendition, std::move(hit->bytes));
}

bool GallerySite::sessionOpens(const HttpRequest& request, const GalleryImageCache::Event& event) {
    // gallerySessionOf() and route()'s checks, with each cookie value's MAC checked only once:
    // the first pd_g value that decodes is the session, and it must be this event's, made under
    // its current access code, and not too old.
    const auto sessionCodec = codec();
    if (!sessionCodec) return false;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (const std::string_view v : sessionCookieValues(request)) {
        auto verified = m_images.verifiedSession(v);
        if (verified) {
            if (now - verified->session.issuedAt > kSessionMaxAgeSeconds) continue; // decode() would refuse it
        } else {
            auto s = sessionCodec->decode(v, now, kSessionMaxAgeSeconds);
            if (!s) continue;
            verified = GalleryImageCache::VerifiedSession{std::move(*s), std::nullopt};
        }
        if (verified->session.eventId != event.id) return false;
        if (verified->codeHashChecked != event.accessCodeHash) {
            if (!sessionCodec->sameCode(verified->session, event.accessCodeHash)) return false;
            verified->codeHashChecked = event.accessCodeHash;
            m_images.putVerifiedSession(v, *verified);
        }
        return true;
    }
    return false;
}

} // namespace pd::host
