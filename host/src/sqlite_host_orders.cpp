// The SQLite HostStore's orders (with the feed's seq), shares and the site secret.
#include "pd/host/sqlite_host_store.h"

#include "sqlite_support.h"
#include "store_values.h"

#include <QUuid>

namespace pd::host {

using store::nowUtc;

namespace {

constexpr auto kOrderColumns = "id, event_id, photographer_id, seq, customer_name, email, phone, delivery, address, "
                               "note, currency, shipping_cents, total_cents, items, status, acknowledged, created_at, "
                               "updated_at";

HostOrder readOrder(const SqlStatement& st) {
    HostOrder o;
    o.id = st.text(0);
    o.eventId = st.text(1);
    o.photographerId = st.text(2);
    o.seq = st.int64(3);
    o.customerName = st.text(4);
    o.email = st.text(5);
    o.phone = st.text(6);
    o.delivery = st.text(7);
    o.address = st.text(8);
    o.note = st.text(9);
    o.currency = st.text(10);
    o.shippingCents = st.int64(11);
    o.totalCents = st.int64(12);
    o.items = store::orderItemsFromText(st.text(13));
    o.status = st.text(14);
    o.acknowledged = st.int64(15) != 0;
    o.createdAt = st.text(16);
    o.updatedAt = st.text(17);
    return o;
}

Result<std::optional<HostOrder>> firstOrder(SqlStatement& st) {
    auto row = st.step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<HostOrder>();
    return std::optional<HostOrder>(readOrder(st));
}

constexpr auto kShareColumns = "id, event_id, photographer_id, token_hash, name, photo_ids, max_px, expires, "
                               "max_retrievals, retrievals, created_at, revoked_at";

Share readShare(const SqlStatement& st) {
    Share s;
    s.id = st.text(0);
    s.eventId = st.text(1);
    s.photographerId = st.text(2);
    s.tokenHash = st.text(3);
    s.name = st.text(4);
    s.photoIds = store::stringListFromText(st.text(5));
    s.maxPx = int(st.int64(6));
    s.expires = st.text(7);
    s.maxRetrievals = int(st.int64(8));
    s.retrievals = int(st.int64(9));
    s.createdAt = st.text(10);
    s.revokedAt = st.text(11);
    return s;
}

Result<bool> photoInEvent(SqliteConnection& db, const QString& eventId, const QString& photoId) {
    auto st = db.prepare(QStringLiteral("SELECT 1 FROM photos WHERE event_id = ?1 AND id = ?2"));
    if (!st.ok()) return st.error();
    st->bind(1, eventId).bind(2, photoId);
    return sq::hasRow(st.value());
}

} // namespace

Result<HostOrder> SqliteHostStore::placeOrder(const HostOrder& order) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    SqliteConnection& db = *lent.value();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(db);
    PD_TRY(tx.begun());
    auto event = db.prepare(QStringLiteral("SELECT photographer_id FROM events WHERE id = ?1"));
    if (!event.ok()) return event.error();
    auto found = event->bind(1, order.eventId).step();
    if (!found.ok()) return found.error();
    if (!found.value()) return makeError(ErrorCode::NotFound, QStringLiteral("no such event"), order.eventId);
    HostOrder o = order;
    o.photographerId = event->text(0);
    for (const OrderItem& item : order.items) {
        auto in = photoInEvent(db, order.eventId, item.photoId);
        if (!in.ok()) return in.error();
        if (!in.value())
            return makeError(ErrorCode::NotFound, QStringLiteral("the gallery has no photo %1").arg(item.photoId),
                             order.eventId);
    }
    o.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    o.email = order.email.toLower();
    o.status = QStringLiteral("placed");
    o.acknowledged = false;
    o.createdAt = o.updatedAt = nowUtc();
    auto seq = sq::nextOrderSeq(db);
    if (!seq.ok()) return seq.error();
    o.seq = seq.value();
    auto st = db.prepare(QStringLiteral("INSERT INTO orders(%1) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                                        "?12, ?13, ?14, ?15, 0, ?16, ?16)")
                             .arg(kOrderColumns));
    if (!st.ok()) return st.error();
    st->bind(1, o.id).bind(2, o.eventId).bind(3, o.photographerId).bind(4, o.seq).bind(5, o.customerName);
    st->bind(6, o.email).bind(7, o.phone).bind(8, o.delivery).bind(9, o.address).bind(10, o.note);
    st->bind(11, o.currency).bind(12, o.shippingCents).bind(13, o.totalCents);
    PD_TRY(st->bind(14, store::orderItemsText(o.items)).bind(15, o.status).bind(16, o.createdAt).run());
    PD_TRY(tx.commit());
    return o;
}

Result<std::optional<HostOrder>> SqliteHostStore::galleryOrder(const QString& eventId, const QString& orderId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st =
        db.value()->prepare(QStringLiteral("SELECT %1 FROM orders WHERE id = ?1 AND event_id = ?2").arg(kOrderColumns));
    if (!st.ok()) return st.error();
    st->bind(1, orderId).bind(2, eventId);
    return firstOrder(st.value());
}

Result<std::optional<HostOrder>> SqliteHostStore::order(const QString& photographerId, const QString& orderId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st = db.value()->prepare(
        QStringLiteral("SELECT %1 FROM orders WHERE id = ?1 AND photographer_id = ?2").arg(kOrderColumns));
    if (!st.ok()) return st.error();
    st->bind(1, orderId).bind(2, photographerId);
    return firstOrder(st.value());
}

Result<std::vector<HostOrder>> SqliteHostStore::orderFeed(const QString& photographerId, qint64 afterSeq, int limit) {
    if (limit <= 0) return std::vector<HostOrder>();
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st =
        db.value()->prepare(QStringLiteral("SELECT %1 FROM orders WHERE photographer_id = ?1 AND acknowledged = 0 "
                                           "AND seq > ?2 ORDER BY seq LIMIT ?3")
                                .arg(kOrderColumns));
    if (!st.ok()) return st.error();
    st->bind(1, photographerId).bind(2, afterSeq).bind(3, limit);
    std::vector<HostOrder> out;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) return out;
        out.push_back(readOrder(st.value()));
    }
}

Result<int> SqliteHostStore::acknowledgeOrders(const QString& photographerId, const QStringList& orderIds) {
    if (orderIds.isEmpty()) return 0;
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    SqliteConnection& db = *lent.value();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(db);
    PD_TRY(tx.begun());
    auto pending = db.prepare(QStringLiteral("SELECT id FROM orders WHERE photographer_id = ?1 AND acknowledged = 0 "
                                             "AND id IN (SELECT value FROM json_each(?2)) ORDER BY seq"));
    if (!pending.ok()) return pending.error();
    pending->bind(1, photographerId).bind(2, store::stringListText(orderIds));
    QStringList ids;
    for (;;) {
        auto row = pending->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        ids << pending->text(0);
    }
    auto ack =
        db.prepare(QStringLiteral("UPDATE orders SET acknowledged = 1, seq = ?1, updated_at = ?2 WHERE id = ?3"));
    if (!ack.ok()) return ack.error();
    for (const QString& id : ids) {
        auto seq = sq::nextOrderSeq(db);
        if (!seq.ok()) return seq.error();
        PD_TRY(ack->bind(1, seq.value()).bind(2, nowUtc()).bind(3, id).run());
    }
    PD_TRY(tx.commit());
    return int(ids.size());
}

Result<HostOrder> SqliteHostStore::setOrderStatus(const QString& photographerId, const QString& orderId,
                                                  const QString& status) {
    if (!isOrderStatus(status))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("no order status \"%1\"").arg(status), orderId);
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    SqliteConnection& db = *lent.value();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(db);
    PD_TRY(tx.begun());
    auto mine = db.prepare(QStringLiteral("SELECT 1 FROM orders WHERE id = ?1 AND photographer_id = ?2"));
    if (!mine.ok()) return mine.error();
    mine->bind(1, orderId).bind(2, photographerId);
    auto found = sq::hasRow(mine.value());
    if (!found.ok()) return found.error();
    if (!found.value()) return makeError(ErrorCode::NotFound, QStringLiteral("no such order"), orderId);
    auto seq = sq::nextOrderSeq(db);
    if (!seq.ok()) return seq.error();
    auto st =
        db.prepare(QStringLiteral("UPDATE orders SET status = ?1, seq = ?2, updated_at = ?3 WHERE id = ?4 RETURNING %1")
                       .arg(kOrderColumns));
    if (!st.ok()) return st.error();
    st->bind(1, status).bind(2, seq.value()).bind(3, nowUtc()).bind(4, orderId);
    auto updated = firstOrder(st.value());
    if (!updated.ok()) return updated.error();
    if (!updated.value()) return makeError(ErrorCode::NotFound, QStringLiteral("no such order"), orderId);
    PD_TRY(st->run()); // finishes the UPDATE
    PD_TRY(tx.commit());
    return *updated.value();
}

Result<Share> SqliteHostStore::createShare(const Share& share) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    SqliteConnection& db = *lent.value();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(db);
    PD_TRY(tx.begun());
    auto owned = sq::ownsEvent(db, share.photographerId, share.eventId);
    if (!owned.ok()) return owned.error();
    if (!owned.value()) return makeError(ErrorCode::NotFound, QStringLiteral("no such event"), share.eventId);
    for (const QString& photoId : share.photoIds) {
        auto in = photoInEvent(db, share.eventId, photoId);
        if (!in.ok()) return in.error();
        if (!in.value())
            return makeError(ErrorCode::NotFound, QStringLiteral("the event has no photo %1").arg(photoId),
                             share.eventId);
    }
    Share s = share;
    s.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    s.createdAt = nowUtc();
    s.retrievals = 0;
    s.revokedAt.clear();
    auto st = db.prepare(QStringLiteral("INSERT INTO shares(%1) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0, ?10, "
                                        "NULL) ON CONFLICT (token_hash) DO NOTHING")
                             .arg(kShareColumns));
    if (!st.ok()) return st.error();
    st->bind(1, s.id).bind(2, s.eventId).bind(3, s.photographerId).bind(4, s.tokenHash).bind(5, s.name);
    st->bind(6, store::stringListText(s.photoIds)).bind(7, s.maxPx).bindOrNull(8, s.expires);
    PD_TRY(st->bind(9, s.maxRetrievals).bind(10, s.createdAt).run());
    if (db.changes() == 0) return makeError(ErrorCode::AlreadyExists, QStringLiteral("a share has this token"), s.name);
    PD_TRY(tx.commit());
    return s;
}

Result<std::vector<Share>> SqliteHostStore::shares(const QString& photographerId, const QString& eventId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto owned = sq::ownsEvent(*db.value(), photographerId, eventId);
    if (!owned.ok()) return owned.error();
    if (!owned.value()) return makeError(ErrorCode::NotFound, QStringLiteral("no such event"), eventId);
    auto st = db.value()->prepare(
        QStringLiteral("SELECT %1 FROM shares WHERE event_id = ?1 ORDER BY created_at, id").arg(kShareColumns));
    if (!st.ok()) return st.error();
    st->bind(1, eventId);
    std::vector<Share> out;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) return out;
        out.push_back(readShare(st.value()));
    }
}

Result<std::optional<Share>> SqliteHostStore::shareByTokenHash(const QString& tokenHash) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st = db.value()->prepare(QStringLiteral("SELECT %1 FROM shares WHERE token_hash = ?1").arg(kShareColumns));
    if (!st.ok()) return st.error();
    auto row = st->bind(1, tokenHash).step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<Share>();
    return std::optional<Share>(readShare(st.value()));
}

Result<bool> SqliteHostStore::revokeShare(const QString& photographerId, const QString& shareId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(*db.value());
    PD_TRY(tx.begun());
    auto st = db.value()->prepare(QStringLiteral(
        "UPDATE shares SET revoked_at = coalesce(revoked_at, ?1) WHERE id = ?2 AND photographer_id = ?3"));
    if (!st.ok()) return st.error();
    PD_TRY(st->bind(1, nowUtc()).bind(2, shareId).bind(3, photographerId).run());
    const bool found = db.value()->changes() > 0;
    PD_TRY(tx.commit());
    return found;
}

Result<bool> SqliteHostStore::consumeShareRetrieval(const QString& shareId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(*db.value());
    PD_TRY(tx.begun());
    // One statement under the file's write lock: the test and the increment are one step.
    auto st =
        db.value()->prepare(QStringLiteral("UPDATE shares SET retrievals = retrievals + 1 "
                                           "WHERE id = ?1 AND (max_retrievals = 0 OR retrievals < max_retrievals)"));
    if (!st.ok()) return st.error();
    PD_TRY(st->bind(1, shareId).run());
    const bool counted = db.value()->changes() > 0;
    PD_TRY(tx.commit());
    return counted;
}

Result<QByteArray> SqliteHostStore::siteSecret() {
    std::lock_guard cached(m_secretLock);
    if (!m_secret.isEmpty()) return m_secret;
    auto fresh = store::newSiteSecretHex();
    if (!fresh.ok()) return fresh.error();
    auto db = lease();
    if (!db.ok()) return db.error();
    const QString key = QString::fromLatin1(store::kSiteSecretKey);
    {
        std::lock_guard write(m_writeLock);
        SqlTransaction tx(*db.value());
        PD_TRY(tx.begun());
        // Whoever inserts first wins; everyone, this process included, then reads the winner's.
        auto put = db.value()->prepare(
            QStringLiteral("INSERT INTO site(key, value) VALUES(?1, ?2) ON CONFLICT (key) DO NOTHING"));
        if (!put.ok()) return put.error();
        PD_TRY(put->bind(1, key).bind(2, fresh.value()).run());
        PD_TRY(tx.commit());
    }
    auto st = db.value()->prepare(QStringLiteral("SELECT value FROM site WHERE key = ?1"));
    if (!st.ok()) return st.error();
    auto row = st->bind(1, key).step();
    if (!row.ok()) return row.error();
    const QByteArray secret = row.value() ? QByteArray::fromHex(st->text(0).toLatin1()) : QByteArray();
    if (secret.size() != 32) return makeError(ErrorCode::Database, QStringLiteral("the stored site secret is damaged"));
    m_secret = secret;
    return m_secret;
}

} // namespace pd::host
