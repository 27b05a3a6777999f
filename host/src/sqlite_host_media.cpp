// The SQLite HostStore's blobs, photos and favourites.
#include "pd/host/sqlite_host_store.h"

#include "sqlite_support.h"
#include "store_values.h"

#include <QSet>

namespace pd::host {

using store::nowUtc;

namespace {

// A photo with its proof's size, which comes from the proof blob.
constexpr auto kPhotoSelect =
    "SELECT p.id, p.event_id, p.category, p.position, p.filename, p.caption, p.captured_at, p.original_width, "
    "p.original_height, coalesce(b.width, 0), coalesce(b.height, 0), p.proof_sha256, p.thumb_sha256, p.zoom_sha256, "
    "p.updated_at FROM photos p JOIN events e ON e.id = p.event_id "
    "LEFT JOIN blobs b ON b.photographer_id = e.photographer_id AND b.sha256 = p.proof_sha256 ";

HostPhoto readPhoto(const SqlStatement& st) {
    HostPhoto p;
    p.id = st.text(0);
    p.eventId = st.text(1);
    p.category = st.text(2);
    p.position = int(st.int64(3));
    p.filename = st.text(4);
    p.caption = st.text(5);
    p.capturedAt = st.text(6);
    p.originalWidth = int(st.int64(7));
    p.originalHeight = int(st.int64(8));
    p.proofWidth = int(st.int64(9));
    p.proofHeight = int(st.int64(10));
    p.renditions = PhotoRenditions{st.text(11), st.text(12), st.text(13)};
    p.updatedAt = st.text(14);
    return p;
}

Result<std::vector<HostPhoto>> readPhotos(SqlStatement& st) {
    std::vector<HostPhoto> out;
    for (;;) {
        auto row = st.step();
        if (!row.ok()) return row.error();
        if (!row.value()) return out;
        out.push_back(readPhoto(st));
    }
}

Error noSuchEvent(const QString& eventId) {
    return makeError(ErrorCode::NotFound, QStringLiteral("no such event"), eventId);
}

} // namespace

Result<PutOutcome> SqliteHostStore::putBlob(const QString& photographerId, const BlobInfo& info,
                                            const QByteArray& bytes, const QString& uploadedFor) {
    auto db = lease();
    if (!db.ok()) return db.error();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(*db.value());
    PD_TRY(tx.begun());
    auto st = db.value()->prepare(QStringLiteral(
        "INSERT INTO blobs(photographer_id, sha256, mime, width, height, size, bytes, created_at, uploaded_for) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (photographer_id, sha256) DO NOTHING"));
    if (!st.ok()) return st.error();
    st->bind(1, photographerId).bind(2, info.sha256).bind(3, info.mime).bind(4, info.width).bind(5, info.height);
    st->bind(6, qint64(bytes.size())).bindBytes(7, bytes).bind(8, nowUtc());
    PD_TRY(st->bindOrNull(9, uploadedFor).run());
    const bool created = db.value()->changes() > 0;
    PD_TRY(tx.commit());
    return created ? PutOutcome::Created : PutOutcome::Updated;
}

Result<QStringList> SqliteHostStore::missingBlobs(const QString& photographerId, const QStringList& sha256s) {
    // Linear in the list: a set for the repeats and for the held hashes, never a list search.
    QStringList wanted;
    QSet<QString> seen;
    wanted.reserve(sha256s.size());
    for (const QString& h : sha256s)
        if (!seen.contains(h)) {
            seen.insert(h);
            wanted << h;
        }
    if (wanted.isEmpty()) return wanted;
    auto db = lease();
    if (!db.ok()) return db.error();
    // The list goes in as one JSON parameter, never as SQL text.
    auto st = db.value()->prepare(QStringLiteral("SELECT sha256 FROM blobs WHERE photographer_id = ?1 "
                                                 "AND sha256 IN (SELECT value FROM json_each(?2))"));
    if (!st.ok()) return st.error();
    st->bind(1, photographerId).bind(2, store::stringListText(wanted));
    QSet<QString> held;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        held.insert(st->text(0));
    }
    QStringList missing;
    missing.reserve(wanted.size());
    for (const QString& h : wanted)
        if (!held.contains(h)) missing << h;
    return missing;
}

Result<std::optional<BlobInfo>> SqliteHostStore::blobInfo(const QString& photographerId, const QString& sha256) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st = db.value()->prepare(
        QStringLiteral("SELECT mime, width, height, size FROM blobs WHERE photographer_id = ?1 AND sha256 = ?2"));
    if (!st.ok()) return st.error();
    auto row = st->bind(1, photographerId).bind(2, sha256).step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<BlobInfo>();
    return std::optional<BlobInfo>(BlobInfo{sha256, st->text(0), int(st->int64(1)), int(st->int64(2)), st->int64(3)});
}

Result<int> SqliteHostStore::sweepUnreferencedBlobs(const QString& photographerId, const QString& eventId,
                                                    const QStringList& keep) {
    auto db = lease();
    if (!db.ok()) return db.error();
    SqliteConnection& c = *db.value();
    std::lock_guard write(m_writeLock);   // putPhoto takes it too: no photo is stored meanwhile
    SqlTransaction tx(c);
    PD_TRY(tx.begun());
    auto owned = sq::ownsEvent(c, photographerId, eventId);
    if (!owned.ok()) return owned.error();
    if (!owned.value()) return noSuchEvent(eventId);
    // `keep` goes in as one JSON parameter, never as SQL text.
    auto st = c.prepare(QStringLiteral(
        "DELETE FROM blobs WHERE photographer_id = ?1 AND uploaded_for = ?2 "
        "AND sha256 NOT IN (SELECT value FROM json_each(?3)) AND NOT EXISTS ("
        "SELECT 1 FROM photos p JOIN events e ON e.id = p.event_id WHERE e.photographer_id = ?1 "
        "AND (p.proof_sha256 = blobs.sha256 OR p.thumb_sha256 = blobs.sha256 OR p.zoom_sha256 = blobs.sha256))"));
    if (!st.ok()) return st.error();
    PD_TRY(st->bind(1, photographerId).bind(2, eventId).bind(3, store::stringListText(keep)).run());
    const int swept = int(c.changes());
    PD_TRY(tx.commit());
    return swept;
}

Result<PutOutcome> SqliteHostStore::putPhoto(const QString& photographerId, const HostPhoto& photo) {
    auto db = lease();
    if (!db.ok()) return db.error();
    SqliteConnection& c = *db.value();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(c);
    PD_TRY(tx.begun());
    auto owned = sq::ownsEvent(c, photographerId, photo.eventId);
    if (!owned.ok()) return owned.error();
    if (!owned.value()) return noSuchEvent(photo.eventId);
    if (!photo.category.isEmpty()) {
        auto cat = c.prepare(QStringLiteral("SELECT 1 FROM event_categories WHERE event_id = ?1 AND name = ?2"));
        if (!cat.ok()) return cat.error();
        cat->bind(1, photo.eventId).bind(2, photo.category);
        auto known = sq::hasRow(cat.value());
        if (!known.ok()) return known.error();
        if (!known.value())
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("category \"%1\" is not one of the event's").arg(photo.category), photo.id);
    }
    const std::pair<const char*, QString> kinds[] = {
        {"proof", photo.renditions.proof}, {"thumb", photo.renditions.thumb}, {"zoom", photo.renditions.zoom}};
    for (const auto& [kind, hash] : kinds) {
        if (hash.isEmpty()) continue;
        auto blob = c.prepare(QStringLiteral("SELECT 1 FROM blobs WHERE photographer_id = ?1 AND sha256 = ?2"));
        if (!blob.ok()) return blob.error();
        blob->bind(1, photographerId).bind(2, hash);
        auto held = sq::hasRow(blob.value());
        if (!held.ok()) return held.error();
        if (!held.value()) return store::missingRendition(QString::fromLatin1(kind), hash);
    }
    auto old = c.prepare(
        QStringLiteral("SELECT proof_sha256, thumb_sha256, zoom_sha256 FROM photos WHERE event_id = ?1 AND id = ?2"));
    if (!old.ok()) return old.error();
    auto existed = old->bind(1, photo.eventId).bind(2, photo.id).step();
    if (!existed.ok()) return existed.error();
    QStringList dropped;
    const QStringList now = store::renditionHashes(photo.renditions);
    if (existed.value())
        for (int i = 0; i < 3; ++i)
            if (!old->isNull(i) && !now.contains(old->text(i))) dropped << old->text(i);
    auto put = c.prepare(QStringLiteral(
        "INSERT INTO photos(event_id, id, position, category, filename, caption, captured_at, original_width, "
        "original_height, proof_sha256, thumb_sha256, zoom_sha256, updated_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
        "ON CONFLICT (event_id, id) DO UPDATE SET position = excluded.position, category = excluded.category, "
        "filename = excluded.filename, caption = excluded.caption, captured_at = excluded.captured_at, "
        "original_width = excluded.original_width, original_height = excluded.original_height, "
        "proof_sha256 = excluded.proof_sha256, thumb_sha256 = excluded.thumb_sha256, "
        "zoom_sha256 = excluded.zoom_sha256, updated_at = excluded.updated_at"));
    if (!put.ok()) return put.error();
    put->bind(1, photo.eventId).bind(2, photo.id).bind(3, photo.position).bind(4, photo.category);
    put->bind(5, photo.filename).bind(6, photo.caption).bind(7, photo.capturedAt).bind(8, photo.originalWidth);
    put->bind(9, photo.originalHeight).bindOrNull(10, photo.renditions.proof).bindOrNull(11, photo.renditions.thumb);
    PD_TRY(put->bindOrNull(12, photo.renditions.zoom).bind(13, nowUtc()).run());
    PD_TRY(sq::deleteUnusedBlobs(c, photographerId, dropped));
    PD_TRY(tx.commit());
    return existed.value() ? PutOutcome::Updated : PutOutcome::Created;
}

Result<std::vector<HostPhoto>> SqliteHostStore::photos(const QString& photographerId, const QString& eventId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto owned = sq::ownsEvent(*db.value(), photographerId, eventId);
    if (!owned.ok()) return owned.error();
    if (!owned.value()) return noSuchEvent(eventId);
    auto st = db.value()->prepare(QString::fromLatin1(kPhotoSelect) +
                                  QStringLiteral("WHERE p.event_id = ?1 AND e.photographer_id = ?2 "
                                                 "ORDER BY p.position, p.id"));
    if (!st.ok()) return st.error();
    st->bind(1, eventId).bind(2, photographerId);
    return readPhotos(st.value());
}

Result<bool> SqliteHostStore::deletePhoto(const QString& photographerId, const QString& eventId,
                                          const QString& photoId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(*db.value());
    PD_TRY(tx.begun());
    // Its favourites go with it (ON DELETE CASCADE).
    auto st = db.value()->prepare(QStringLiteral("DELETE FROM photos WHERE event_id = ?1 AND id = ?2 "
                                                 "AND event_id IN (SELECT id FROM events WHERE photographer_id = ?3) "
                                                 "RETURNING proof_sha256, thumb_sha256, zoom_sha256"));
    if (!st.ok()) return st.error();
    auto row = st->bind(1, eventId).bind(2, photoId).bind(3, photographerId).step();
    if (!row.ok()) return row.error();
    if (!row.value()) return false;
    QStringList hashes;
    for (int c = 0; c < 3; ++c)
        if (!st->isNull(c)) hashes << st->text(c);
    PD_TRY(st->run()); // finishes the DELETE
    PD_TRY(sq::deleteUnusedBlobs(*db.value(), photographerId, hashes));
    PD_TRY(tx.commit());
    return true;
}

Result<std::vector<HostPhoto>> SqliteHostStore::galleryPhotos(const QString& eventId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st = db.value()->prepare(QString::fromLatin1(kPhotoSelect) +
                                  QStringLiteral("WHERE p.event_id = ?1 ORDER BY p.position, p.id"));
    if (!st.ok()) return st.error();
    st->bind(1, eventId);
    return readPhotos(st.value());
}

Result<std::optional<HostPhoto>> SqliteHostStore::galleryPhoto(const QString& eventId, const QString& photoId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st =
        db.value()->prepare(QString::fromLatin1(kPhotoSelect) + QStringLiteral("WHERE p.event_id = ?1 AND p.id = ?2"));
    if (!st.ok()) return st.error();
    auto row = st->bind(1, eventId).bind(2, photoId).step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<HostPhoto>();
    return std::optional<HostPhoto>(readPhoto(st.value()));
}

Result<std::optional<Blob>> SqliteHostStore::photoRendition(const QString& eventId, const QString& photoId,
                                                            const QString& kind) {
    const QString column = store::renditionColumn(kind); // one of three fixed names, never the caller's text
    if (column.isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("no rendition kind \"%1\"").arg(kind));
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st =
        db.value()->prepare(QStringLiteral("SELECT b.sha256, b.mime, b.width, b.height, b.size, b.bytes FROM photos p "
                                           "JOIN events e ON e.id = p.event_id "
                                           "JOIN blobs b ON b.photographer_id = e.photographer_id AND b.sha256 = p.%1 "
                                           "WHERE p.event_id = ?1 AND p.id = ?2")
                                .arg(column));
    if (!st.ok()) return st.error();
    auto row = st->bind(1, eventId).bind(2, photoId).step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<Blob>();
    Blob blob{BlobInfo{st->text(0), st->text(1), int(st->int64(2)), int(st->int64(3)), st->int64(4)}, st->bytes(5)};
    return std::optional<Blob>(std::move(blob));
}

Status SqliteHostStore::setFavourite(const QString& eventId, const QString& email, const QString& photoId,
                                     bool favourite) {
    auto db = lease();
    if (!db.ok()) return db.error();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(*db.value());
    PD_TRY(tx.begun());
    auto photo = db.value()->prepare(QStringLiteral("SELECT 1 FROM photos WHERE event_id = ?1 AND id = ?2"));
    if (!photo.ok()) return photo.error();
    photo->bind(1, eventId).bind(2, photoId);
    auto found = sq::hasRow(photo.value());
    if (!found.ok()) return found.error();
    if (!found.value()) return makeError(ErrorCode::NotFound, QStringLiteral("no such photo"), photoId);
    auto st = db.value()->prepare(
        favourite ? QStringLiteral("INSERT INTO favourites(event_id, email, photo_id, created_at) "
                                   "VALUES(?1, ?2, ?3, ?4) ON CONFLICT (event_id, email, photo_id) DO NOTHING")
                  : QStringLiteral("DELETE FROM favourites WHERE event_id = ?1 AND email = ?2 AND photo_id = ?3"));
    if (!st.ok()) return st.error();
    st->bind(1, eventId).bind(2, email.toLower()).bind(3, photoId);
    if (favourite) st->bind(4, nowUtc());
    PD_TRY(st->run());
    return tx.commit();
}

Result<QStringList> SqliteHostStore::favourites(const QString& eventId, const QString& email) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st = db.value()->prepare(QStringLiteral(
        "SELECT photo_id FROM favourites WHERE event_id = ?1 AND email = ?2 ORDER BY created_at, photo_id"));
    if (!st.ok()) return st.error();
    st->bind(1, eventId).bind(2, email.toLower());
    QStringList out;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) return out;
        out << st->text(0);
    }
}

Result<std::vector<Favourite>> SqliteHostStore::eventFavourites(const QString& photographerId, const QString& eventId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto owned = sq::ownsEvent(*db.value(), photographerId, eventId);
    if (!owned.ok()) return owned.error();
    if (!owned.value()) return noSuchEvent(eventId);
    auto st = db.value()->prepare(QStringLiteral("SELECT email, photo_id, created_at FROM favourites "
                                                 "WHERE event_id = ?1 ORDER BY email, created_at, photo_id"));
    if (!st.ok()) return st.error();
    st->bind(1, eventId);
    std::vector<Favourite> out;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) return out;
        out.push_back(Favourite{st->text(0), st->text(1), st->text(2)});
    }
}

} // namespace pd::host
