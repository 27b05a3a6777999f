// The studio API's order routes (the long-polled feed with its cursor, acknowledgement, status)
// and its share routes.
#include "pd/host/studio_api.h"

#include "pd/host/host_store.h"
#include "pd/host/order_json.h"
#include "pd/host/secrets.h"
#include "pd/host/share_json.h"

#include "order_watch.h"
#include "studio_api_replies.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>
#include <chrono>
#include <limits>
#include <memory>

namespace pd::host {

using namespace api;

namespace {

constexpr int kMaxWaitSeconds = 60;
constexpr int kDefaultFeedLimit = 100;
constexpr int kMaxFeedLimit = 500;

struct FeedQuery {
    qint64 after = 0;
    int waitSeconds = 0;
    int limit = kDefaultFeedLimit;
};

// ?after=<seq>&wait=<seconds>&limit=<n>; each optional. A wait over 60 s is cut to 60.
Result<FeedQuery> parseFeedQuery(std::string_view target) {
    FeedQuery q;
    const auto mark = target.find('?');
    if (mark == std::string_view::npos) return q;
    const QUrlQuery query(QString::fromLatin1(target.data() + mark + 1, qsizetype(target.size() - mark - 1)));
    const auto number = [&](const char* name, qint64 lo, qint64 hi, qint64& out) -> std::optional<Error> {
        const QString key = QLatin1String(name);
        if (!query.hasQueryItem(key)) return std::nullopt;
        bool ok = false;
        const qint64 v = query.queryItemValue(key).toLongLong(&ok);
        if (!ok || v < lo || v > hi)
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("%1 must be a whole number from %2 to %3").arg(key).arg(lo).arg(hi));
        out = v;
        return std::nullopt;
    };
    qint64 wait = 0, limit = q.limit;
    if (auto e = number("after", 0, std::numeric_limits<qint64>::max(), q.after)) return *e;
    if (auto e = number("wait", 0, 3600, wait)) return *e;
    if (auto e = number("limit", 1, kMaxFeedLimit, limit)) return *e;
    q.waitSeconds = int(std::min<qint64>(wait, kMaxWaitSeconds));
    q.limit = int(limit);
    return q;
}

HttpResponse feedResponse(const std::vector<HostOrder>& orders, qint64 after) {
    QJsonArray list;
    qint64 cursor = after;
    for (const HostOrder& o : orders) {
        list.append(orderToJson(o));
        cursor = std::max(cursor, o.seq);
    }
    return jsonResponse(200, QJsonObject{{"orders", list}, {"cursor", cursor}});
}

HttpResponse noSuchOrder() {
    return HttpResponse::error(404, "no such order");
}

} // namespace

HttpResponse StudioApi::orderFeed(const Photographer& p, const HttpRequest& request) {
    auto query = parseFeedQuery(request.target);
    if (!query.ok()) return badRequest(query.error());
    const FeedQuery q = query.value();
    // The generation is read before the store: a change made in between is seen at the next poll.
    const std::uint64_t seen = order_watch::generation();
    auto orders = m_store.orderFeed(p.id, q.after, q.limit);
    if (!orders.ok()) return internalError(orders.error());
    if (!orders->empty() || q.waitSeconds == 0) return feedResponse(orders.value(), q.after);
    // A photographer's studio needs one or two long polls; past the cap the answer is the
    // current (empty) feed at once, and the client simply asks again.
    std::shared_ptr<void> place = order_watch::tryWait(p.id);
    if (!place) return feedResponse(orders.value(), q.after);

    // Nothing yet: the server polls on its timer. The store is asked only when an order changed
    // in this process (the generation moved) or, for other processes on the same database,
    // every kStoreRecheck.
    struct Watch {
        std::shared_ptr<void> place;
        std::uint64_t seen;
        std::chrono::steady_clock::time_point asked;
    };
    auto watch = std::make_shared<Watch>(Watch{std::move(place), seen, std::chrono::steady_clock::now()});
    HttpResponse waiting;
    waiting.deferred = std::make_shared<HttpResponse::Deferred>();
    HostStore* store = &m_store;
    const QString photographerId = p.id;
    waiting.deferred->poll = [store, photographerId, q, watch]() -> std::optional<HttpResponse> {
        const std::uint64_t now = order_watch::generation();
        const auto clock = std::chrono::steady_clock::now();
        if (now == watch->seen && clock - watch->asked < order_watch::kStoreRecheck) return std::nullopt;
        watch->seen = now;
        watch->asked = clock;
        auto found = store->orderFeed(photographerId, q.after, q.limit);
        if (!found.ok()) return internalError(found.error());
        if (found->empty()) return std::nullopt;
        return feedResponse(found.value(), q.after);
    };
    waiting.deferred->timedOut = [after = q.after]() { return feedResponse({}, after); };
    waiting.deferred->deadline = std::chrono::steady_clock::now() + std::chrono::seconds(q.waitSeconds);
    waiting.deferred->pollInterval = std::chrono::milliseconds(50);
    return waiting;
}

HttpResponse StudioApi::acknowledgeOrders(const Photographer& p, const HttpRequest& request) {
    if (auto refused = refuseNonJson(request)) return *refused;
    auto ids = parseOrderAck(bodyBytes(request));
    if (!ids.ok()) return badRequest(ids.error());
    auto count = m_store.acknowledgeOrders(p.id, ids.value());
    if (!count.ok()) return internalError(count.error());
    order_watch::ordersChanged();
    return jsonResponse(200, QJsonObject{{"acknowledged", count.value()}});
}

HttpResponse StudioApi::getOrder(const Photographer& p, const QString& orderId) {
    auto order = m_store.order(p.id, orderId);
    if (!order.ok()) return internalError(order.error());
    if (!order.value()) return noSuchOrder();
    return jsonResponse(200, orderToJson(*order.value()));
}

HttpResponse StudioApi::setOrderStatus(const Photographer& p, const QString& orderId, const HttpRequest& request) {
    if (auto refused = refuseNonJson(request)) return *refused;
    auto status = parseOrderStatus(bodyBytes(request));
    if (!status.ok()) return badRequest(status.error());
    auto order = m_store.setOrderStatus(p.id, orderId, status.value());
    if (!order.ok()) return order.error().code == ErrorCode::NotFound ? noSuchOrder() : internalError(order.error());
    order_watch::ordersChanged();
    return jsonResponse(200, orderToJson(order.value()));
}

HttpResponse StudioApi::createShare(const Photographer& p, const QString& eventId, const HttpRequest& request) {
    if (auto refused = refuseNonJson(request)) return *refused;
    auto parsed = parseShareCreate(bodyBytes(request));
    if (!parsed.ok()) return badRequest(parsed.error());
    Share share = parsed.value();
    // The store says NotFound both for a foreign event and for a photo outside it; the studio
    // needs to know which, so the photos are checked here first.
    auto photos = m_store.photos(p.id, eventId);
    if (!photos.ok()) return photos.error().code == ErrorCode::NotFound ? noSuchEvent() : internalError(photos.error());
    QSet<QString> inEvent;
    for (const HostPhoto& h : photos.value()) inEvent.insert(h.id);
    for (const QString& id : share.photoIds)
        if (!inEvent.contains(id))
            return HttpResponse::error(422, QStringLiteral("photo \"%1\" is not in this event").arg(id).toStdString());

    auto token = generateToken();
    if (!token.ok()) return internalError(token.error());
    share.eventId = eventId;
    share.photographerId = p.id;
    share.tokenHash = tokenHash(token.value());
    auto created = m_store.createShare(share);
    if (!created.ok())
        return created.error().code == ErrorCode::NotFound ? noSuchEvent() : internalError(created.error());
    QJsonObject body = shareToJson(created.value());
    const QString base = QStringLiteral("/s/") + token.value() + QLatin1Char('/');
    body.insert("token", token.value());
    body.insert("url", base);
    body.insert("iiif_base", base + QStringLiteral("iiif/3/"));
    return jsonResponse(201, body);
}

HttpResponse StudioApi::listShares(const Photographer& p, const QString& eventId) {
    auto shares = m_store.shares(p.id, eventId);
    if (!shares.ok()) return shares.error().code == ErrorCode::NotFound ? noSuchEvent() : internalError(shares.error());
    QJsonArray list;
    for (const Share& s : shares.value()) list.append(shareToJson(s));
    return jsonResponse(200, QJsonObject{{"shares", list}});
}

HttpResponse StudioApi::revokeShare(const Photographer& p, const QString& shareId) {
    auto revoked = m_store.revokeShare(p.id, shareId);
    if (!revoked.ok())
        return revoked.error().code == ErrorCode::NotFound ? HttpResponse::error(404, "no such share")
                                                           : internalError(revoked.error());
    if (!revoked.value()) return HttpResponse::error(404, "no such share");
    return noContent();
}

} // namespace pd::host
