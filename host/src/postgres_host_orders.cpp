// The PostgreSQL HostStore's orders (with the feed's seq), shares and the site secret.
#include "pd/host/postgres_host_store.h"

#include "postgres_support.h"
#include "store_values.h"

#include <QUuid>

namespace pd::host {

using namespace pg;
using store::nowUtc;

namespace {

#define PD_PG_ORDER_COLUMNS                                                                                            \
    "id, event_id, photographer_id, seq, customer_name, email, phone, delivery, address, note, currency, "             \
    "shipping_cents, total_cents, items, status, acknowledged, created_at, updated_at"

HostOrder readOrder(const Rows& rows, int r) {
    HostOrder o;
    o.id = rows.text(r, 0);
    o.eventId = rows.text(r, 1);
    o.photographerId = rows.text(r, 2);
    o.seq = rows.int64(r, 3);
    o.customerName = rows.text(r, 4);
    o.email = rows.text(r, 5);
    o.phone = rows.text(r, 6);
    o.delivery = rows.text(r, 7);
    o.address = rows.text(r, 8);
    o.note = rows.text(r, 9);
    o.currency = rows.text(r, 10);
    o.shippingCents = rows.int64(r, 11);
    o.totalCents = rows.int64(r, 12);
    o.items = store::orderItemsFromText(rows.text(r, 13));
    o.status = rows.text(r, 14);
    o.acknowledged = rows.int64(r, 15) != 0;
    o.createdAt = rows.text(r, 16);
    o.updatedAt = rows.text(r, 17);
    return o;
}

Result<std::optional<HostOrder>> firstOrder(Result<Rows> rows) {
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0) return std::optional<HostOrder>();
    return std::optional<HostOrder>(readOrder(rows.value(), 0));
}

#define PD_PG_SHARE_COLUMNS                                                                                            \
    "id, event_id, photographer_id, token_hash, name, photo_ids, max_px, expires, max_retrievals, retrievals, "        \
    "created_at, revoked_at"

Share readShare(const Rows& rows, int r) {
    Share s;
    s.id = rows.text(r, 0);
    s.eventId = rows.text(r, 1);
    s.photographerId = rows.text(r, 2);
    s.tokenHash = rows.text(r, 3);
    s.name = rows.text(r, 4);
    s.photoIds = store::stringListFromText(rows.text(r, 5));
    s.maxPx = rows.text(r, 6).toInt();
    s.expires = rows.text(r, 7);
    s.maxRetrievals = rows.text(r, 8).toInt();
    s.retrievals = rows.text(r, 9).toInt();
    s.createdAt = rows.text(r, 10);
    s.revokedAt = rows.text(r, 11);
    return s;
}

} // namespace

Result<HostOrder> PostgresHostStore::placeOrder(const HostOrder& order) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    Transaction tx(db);
    PD_TRY(tx.begun());
    auto event = run(db, "SELECT photographer_id FROM events WHERE id = $1", {order.eventId});
    if (!event.ok()) return event.error();
    if (event->count() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no such event"), order.eventId);
    for (const OrderItem& item : order.items) {
        auto photo = run(db, "SELECT 1 FROM photos WHERE event_id = $1 AND id = $2", {order.eventId, item.photoId});
        if (!photo.ok()) return photo.error();
        if (photo->count() == 0)
            return makeError(ErrorCode::NotFound, QStringLiteral("the gallery has no photo %1").arg(item.photoId),
                             order.eventId);
    }
    HostOrder o = order;
    o.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    o.photographerId = event->text(0, 0);
    o.email = order.email.toLower();
    o.status = QStringLiteral("placed");
    o.acknowledged = false;
    o.createdAt = o.updatedAt = nowUtc();
    // The seq last: its counter row stays locked until COMMIT, so no later seq commits before it.
    auto seq = nextOrderSeq(db);
    if (!seq.ok()) return seq.error();
    o.seq = seq.value();
    PD_TRY(
        run(db,
            "INSERT INTO orders(" PD_PG_ORDER_COLUMNS ") VALUES($1, $2, $3, $4::bigint, $5, $6, $7, $8, $9, $10, "
            "$11, $12::bigint, $13::bigint, $14, $15, 0, $16, $16)",
            {o.id, o.eventId, o.photographerId, o.seq, o.customerName, o.email, o.phone, o.delivery, o.address, o.note,
             o.currency, o.shippingCents, o.totalCents, store::orderItemsText(o.items), o.status, o.createdAt}));
    PD_TRY(tx.commit());
    return o;
}

Result<std::optional<HostOrder>> PostgresHostStore::galleryOrder(const QString& eventId, const QString& orderId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    return firstOrder(run(lent->get(), "SELECT " PD_PG_ORDER_COLUMNS " FROM orders WHERE id = $1 AND event_id = $2",
                          {orderId, eventId}));
}

Result<std::optional<HostOrder>> PostgresHostStore::order(const QString& photographerId, const QString& orderId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    return firstOrder(run(lent->get(),
                          "SELECT " PD_PG_ORDER_COLUMNS " FROM orders WHERE id = $1 AND photographer_id = $2",
                          {orderId, photographerId}));
}

Result<std::vector<HostOrder>> PostgresHostStore::orderFeed(const QString& photographerId, qint64 afterSeq, int limit) {
    if (limit <= 0) return std::vector<HostOrder>();
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    auto rows = run(lent->get(),
                    "SELECT " PD_PG_ORDER_COLUMNS " FROM orders WHERE photographer_id = $1 AND acknowledged = 0 "
                    "AND seq > $2::bigint ORDER BY seq LIMIT $3::integer",
                    {photographerId, afterSeq, limit});
    if (!rows.ok()) return rows.error();
    std::vector<HostOrder> out;
    for (int r = 0; r < rows->count(); ++r) out.push_back(readOrder(rows.value(), r));
    return out;
}

Result<int> PostgresHostStore::acknowledgeOrders(const QString& photographerId, const QStringList& orderIds) {
    if (orderIds.isEmpty()) return 0;
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    Transaction tx(db);
    PD_TRY(tx.begun());
    auto pending = run(db,
                       "SELECT id FROM orders WHERE photographer_id = $1 AND acknowledged = 0 "
                       "AND id IN (SELECT json_array_elements_text($2::json)) ORDER BY seq",
                       {photographerId, store::stringListText(orderIds)});
    if (!pending.ok()) return pending.error();
    int count = 0;
    for (int r = 0; r < pending->count(); ++r) {
        auto seq = nextOrderSeq(db);
        if (!seq.ok()) return seq.error();
        // Another process may have acknowledged it since the SELECT: then nothing changes here.
        auto acked = run(db,
                         "UPDATE orders SET acknowledged = 1, seq = $1::bigint, updated_at = $2 "
                         "WHERE id = $3 AND acknowledged = 0",
                         {seq.value(), nowUtc(), pending->text(r, 0)});
        if (!acked.ok()) return acked.error();
        count += acked->affected();
    }
    PD_TRY(tx.commit());
    return count;
}

Result<HostOrder> PostgresHostStore::setOrderStatus(const QString& photographerId, const QString& orderId,
                                                    const QString& status) {
    if (!isOrderStatus(status))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("no order status \"%1\"").arg(status), orderId);
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    Transaction tx(db);
    PD_TRY(tx.begun());
    auto mine = run(db, "SELECT 1 FROM orders WHERE id = $1 AND photographer_id = $2", {orderId, photographerId});
    if (!mine.ok()) return mine.error();
    if (mine->count() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no such order"), orderId);
    auto seq = nextOrderSeq(db);
    if (!seq.ok()) return seq.error();
    auto rows = run(db,
                    "UPDATE orders SET status = $1, seq = $2::bigint, updated_at = $3 WHERE id = $4 "
                    "RETURNING " PD_PG_ORDER_COLUMNS,
                    {status, seq.value(), nowUtc(), orderId});
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no such order"), orderId);
    HostOrder o = readOrder(rows.value(), 0);
    PD_TRY(tx.commit());
    return o;
}

Result<Share> PostgresHostStore::createShare(const Share& share) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    Transaction tx(db);
    PD_TRY(tx.begun());
    auto owned =
        run(db, "SELECT 1 FROM events WHERE id = $1 AND photographer_id = $2", {share.eventId, share.photographerId});
    if (!owned.ok()) return owned.error();
    if (owned->count() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no such event"), share.eventId);
    for (const QString& photoId : share.photoIds) {
        auto photo = run(db, "SELECT 1 FROM photos WHERE event_id = $1 AND id = $2", {share.eventId, photoId});
        if (!photo.ok()) return photo.error();
        if (photo->count() == 0)
            return makeError(ErrorCode::NotFound, QStringLiteral("the event has no photo %1").arg(photoId),
                             share.eventId);
    }
    Share s = share;
    s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.createdAt = nowUtc();
    s.retrievals = 0;
    s.revokedAt.clear();
    auto added = run(db,
                     "INSERT INTO shares(" PD_PG_SHARE_COLUMNS ") VALUES($1, $2, $3, $4, $5, $6, $7::integer, $8, "
                     "$9::integer, 0, $10, NULL) ON CONFLICT (token_hash) DO NOTHING RETURNING 1",
                     {s.id, s.eventId, s.photographerId, s.tokenHash, s.name, store::stringListText(s.photoIds),
                      s.maxPx, Param::nullIfEmpty(s.expires), s.maxRetrievals, s.createdAt});
    if (!added.ok()) return added.error();
    if (added->count() == 0)
        return makeError(ErrorCode::AlreadyExists, QStringLiteral("a share has this token"), s.name);
    PD_TRY(tx.commit());
    return s;
}

Result<std::vector<Share>> PostgresHostStore::shares(const QString& photographerId, const QString& eventId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    auto owned = run(db, "SELECT 1 FROM events WHERE id = $1 AND photographer_id = $2", {eventId, photographerId});
    if (!owned.ok()) return owned.error();
    if (owned->count() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no such event"), eventId);
    auto rows =
        run(db, "SELECT " PD_PG_SHARE_COLUMNS " FROM shares WHERE event_id = $1 ORDER BY created_at, id COLLATE \"C\"",
            {eventId});
    if (!rows.ok()) return rows.error();
    std::vector<Share> out;
    for (int r = 0; r < rows->count(); ++r) out.push_back(readShare(rows.value(), r));
    return out;
}

Result<std::optional<Share>> PostgresHostStore::shareByTokenHash(const QString& tokenHash) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    auto rows = run(lent->get(), "SELECT " PD_PG_SHARE_COLUMNS " FROM shares WHERE token_hash = $1", {tokenHash});
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0) return std::optional<Share>();
    return std::optional<Share>(readShare(rows.value(), 0));
}

Result<bool> PostgresHostStore::revokeShare(const QString& photographerId, const QString& shareId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    auto done = run(lent->get(),
                    "UPDATE shares SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 AND photographer_id = $3",
                    {nowUtc(), shareId, photographerId});
    if (!done.ok()) return done.error();
    return done->affected() > 0;
}

Result<bool> PostgresHostStore::consumeShareRetrieval(const QString& shareId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    // One statement: the row lock makes the test and the increment one step for every process.
    auto done = run(lent->get(),
                    "UPDATE shares SET retrievals = retrievals + 1 "
                    "WHERE id = $1 AND (max_retrievals = 0 OR retrievals < max_retrievals)",
                    {shareId});
    if (!done.ok()) return done.error();
    return done->affected() > 0;
}

Result<QByteArray> PostgresHostStore::siteSecret() {
    std::lock_guard cached(m_secretLock);
    if (!m_secret.isEmpty()) return m_secret;
    auto fresh = store::newSiteSecretHex();
    if (!fresh.ok()) return fresh.error();
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    const QString key = QString::fromLatin1(store::kSiteSecretKey);
    // Whoever inserts first wins; everyone, this process included, then reads the winner's.
    PD_TRY(run(lent->get(), "INSERT INTO site(key, value) VALUES($1, $2) ON CONFLICT (key) DO NOTHING",
               {key, fresh.value()}));
    auto rows = run(lent->get(), "SELECT value FROM site WHERE key = $1", {key});
    if (!rows.ok()) return rows.error();
    const QByteArray secret = rows->count() ? QByteArray::fromHex(rows->text(0, 0).toLatin1()) : QByteArray();
    if (secret.size() != 32) return makeError(ErrorCode::Database, QStringLiteral("the stored site secret is damaged"));
    m_secret = secret;
    return m_secret;
}

} // namespace pd::host
