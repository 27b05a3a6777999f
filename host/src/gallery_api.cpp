// The gallery's JSON routes (gallery, favourites, orders) and its image route.
#include "pd/host/gallery_order.h"
#include "pd/host/gallery_pages.h"
#include "pd/host/gallery_site.h"
#include "pd/host/host_store.h"
#include "pd/host/static_assets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <cstdio>

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
    auto placed = m_store.placeOrder(built.value());
    if (!placed.ok()) {
        // A photo deleted between the two calls.
        if (placed.error().code == ErrorCode::NotFound)
            return HttpResponse::error(422, "a photo in the cart is no longer in this gallery");
        return storeFailure(placed.error());
    }
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
    HttpResponse r;
    const std::string etag = "\"" + b.info.sha256.toStdString() + "\"";
    r.headers.emplace_back("ETag", etag);
    // The bytes of a hash never change and the URL carries the hash: cache for good, privately
    // (a session's images are not for shared caches).
    r.headers.emplace_back("Cache-Control", "private, max-age=31536000, immutable");
    if (etagMatches(request.header("If-None-Match"), etag)) {
        r.status = 304;
        return r;
    }
    r.status = 200;
    r.contentType = b.info.mime.isEmpty() ? "image/jpeg" : b.info.mime.toStdString();
    r.body.assign(b.bytes.constData(), std::size_t(b.bytes.size()));
    return r;
}

} // namespace pd::host
