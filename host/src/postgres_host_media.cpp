// The PostgreSQL HostStore's blobs, photos and favourites.
#include "pd/host/postgres_host_store.h"

#include "postgres_support.h"
#include "store_values.h"

#include <QSet>

namespace pd::host {

using namespace pg;
using store::nowUtc;

namespace {

// A photo with its proof's size, which comes from the proof blob. Needs PD_PG_PHOTO_FROM.
#define PD_PG_PHOTO_COLUMNS                                                                                            \
    "p.id, p.event_id, p.category, p.position, p.filename, p.caption, p.captured_at, p.original_width, "               \
    "p.original_height, coalesce(b.width, 0), coalesce(b.height, 0), p.proof_sha256, p.thumb_sha256, p.zoom_sha256, "  \
    "p.updated_at"
#define PD_PG_PHOTO_FROM                                                                                               \
    " FROM photos p JOIN events e ON e.id = p.event_id "                                                               \
    "LEFT JOIN blobs b ON b.photographer_id = e.photographer_id AND b.sha256 = p.proof_sha256 "

HostPhoto readPhoto(const Rows& rows, int r) {
    HostPhoto p;
    p.id = rows.text(r, 0);
    p.eventId = rows.text(r, 1);
    p.category = rows.text(r, 2);
    p.position = rows.text(r, 3).toInt();
    p.filename = rows.text(r, 4);
    p.caption = rows.text(r, 5);
    p.capturedAt = rows.text(r, 6);
    p.originalWidth = rows.text(r, 7).toInt();
    p.originalHeight = rows.text(r, 8).toInt();
    p.proofWidth = rows.text(r, 9).toInt();
    p.proofHeight = rows.text(r, 10).toInt();
    p.renditions = PhotoRenditions{rows.text(r, 11), rows.text(r, 12), rows.text(r, 13)};
    p.updatedAt = rows.text(r, 14);
    return p;
}

std::vector<HostPhoto> readPhotos(const Rows& rows) {
    std::vector<HostPhoto> out;
    for (int r = 0; r < rows.count(); ++r) out.push_back(readPhoto(rows, r));
    return out;
}

Result<bool> ownsEvent(PGconn* db, const QString& photographerId, const QString& eventId) {
    auto rows = run(db, "SELECT 1 FROM events WHERE id = $1 AND photographer_id = $2", {eventId, photographerId});
    if (!rows.ok()) return rows.error();
    return rows->count() > 0;
}

Error noSuchEvent(const QString& eventId) {
    return makeError(ErrorCode::NotFound, QStringLiteral("no such event"), eventId);
}

} // namespace

Result<PutOutcome> PostgresHostStore::putBlob(const QString& photographerId, const BlobInfo& info,
                                              const QByteArray& bytes, const QString& uploadedFor) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    // One statement: the primary key decides, also against another process storing the same bytes.
    auto added =
        run(lent->get(),
            "INSERT INTO blobs(photographer_id, sha256, mime, width, height, size, bytes, created_at, uploaded_for) "
            "VALUES($1, $2, $3, $4::integer, $5::integer, $6::bigint, $7, $8, $9) "
            "ON CONFLICT (photographer_id, sha256) DO NOTHING RETURNING 1",
            {photographerId, info.sha256, info.mime, info.width, info.height, qint64(bytes.size()), Param::bytes(bytes),
             nowUtc(), Param::nullIfEmpty(uploadedFor)});
    if (!added.ok()) return added.error();
    return added->count() > 0 ? PutOutcome::Created : PutOutcome::Updated;
}

Result<QStringList> PostgresHostStore::missingBlobs(const QString& photographerId, const QStringList& sha256s) {
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
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    // The list goes in as one JSON parameter, never as SQL text.
    auto rows = run(lent->get(),
                    "SELECT sha256 FROM blobs WHERE photographer_id = $1 "
                    "AND sha256 IN (SELECT json_array_elements_text($2::json))",
                    {photographerId, store::stringListText(wanted)});
    if (!rows.ok()) return rows.error();
    QSet<QString> held;
    for (int r = 0; r < rows->count(); ++r) held.insert(rows->text(r, 0));
    QStringList missing;
    missing.reserve(wanted.size());
    for (const QString& h : wanted)
        if (!held.contains(h)) missing << h;
    return missing;
}

Result<std::optional<BlobInfo>> PostgresHostStore::blobInfo(const QString& photographerId, const QString& sha256) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    auto rows =
        run(lent->get(), "SELECT mime, width, height, size FROM blobs WHERE photographer_id = $1 AND sha256 = $2",
            {photographerId, sha256});
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0) return std::optional<BlobInfo>();
    return std::optional<BlobInfo>(
        BlobInfo{sha256, rows->text(0, 0), rows->text(0, 1).toInt(), rows->text(0, 2).toInt(), rows->int64(0, 3)});
}

Result<int> PostgresHostStore::sweepUnreferencedBlobs(const QString& photographerId, const QString& eventId,
                                                      const QStringList& keep) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    Transaction tx(db);
    PD_TRY(tx.begun());
    // putPhoto takes the same lock: no photo starts using a blob while it is swept.
    if (Status locked = lockPhotographer(db, photographerId); !locked.ok())
        return locked.error().code == ErrorCode::NotFound ? noSuchEvent(eventId) : locked.error();
    auto owned = ownsEvent(db, photographerId, eventId);
    if (!owned.ok()) return owned.error();
    if (!owned.value()) return noSuchEvent(eventId);
    // `keep` goes in as one JSON parameter, never as SQL text.
    auto gone = run(db,
                    "DELETE FROM blobs b WHERE b.photographer_id = $1 AND b.uploaded_for = $2 "
                    "AND b.sha256 NOT IN (SELECT json_array_elements_text($3::json)) AND NOT EXISTS ("
                    "SELECT 1 FROM photos p JOIN events e ON e.id = p.event_id WHERE e.photographer_id = $1 "
                    "AND (p.proof_sha256 = b.sha256 OR p.thumb_sha256 = b.sha256 OR p.zoom_sha256 = b.sha256)) "
                    "RETURNING 1",
                    {photographerId, eventId, store::stringListText(keep)});
    if (!gone.ok()) return gone.error();
    PD_TRY(tx.commit());
    return gone->count();
}

Result<PutOutcome> PostgresHostStore::putPhoto(const QString& photographerId, const HostPhoto& photo) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    Transaction tx(db);
    PD_TRY(tx.begun());
    // Under this lock no other process can drop a blob this photo is about to use.
    if (Status locked = lockPhotographer(db, photographerId); !locked.ok())
        return locked.error().code == ErrorCode::NotFound ? noSuchEvent(photo.eventId) : locked.error();
    auto owned = ownsEvent(db, photographerId, photo.eventId);
    if (!owned.ok()) return owned.error();
    if (!owned.value()) return noSuchEvent(photo.eventId);
    if (!photo.category.isEmpty()) {
        auto cat = run(db, "SELECT 1 FROM event_categories WHERE event_id = $1 AND name = $2",
                       {photo.eventId, photo.category});
        if (!cat.ok()) return cat.error();
        if (cat->count() == 0)
            return makeError(ErrorCode::InvalidArgument,
                             QStringLiteral("category \"%1\" is not one of the event's").arg(photo.category), photo.id);
    }
    const std::pair<const char*, QString> kinds[] = {
        {"proof", photo.renditions.proof}, {"thumb", photo.renditions.thumb}, {"zoom", photo.renditions.zoom}};
    for (const auto& [kind, hash] : kinds) {
        if (hash.isEmpty()) continue;
        auto blob = run(db, "SELECT 1 FROM blobs WHERE photographer_id = $1 AND sha256 = $2", {photographerId, hash});
        if (!blob.ok()) return blob.error();
        if (blob->count() == 0) return store::missingRendition(QString::fromLatin1(kind), hash);
    }
    auto old = run(db, "SELECT proof_sha256, thumb_sha256, zoom_sha256 FROM photos WHERE event_id = $1 AND id = $2",
                   {photo.eventId, photo.id});
    if (!old.ok()) return old.error();
    const bool existed = old->count() > 0;
    PD_TRY(run(db,
               "INSERT INTO photos(event_id, id, position, category, filename, caption, captured_at, original_width, "
               "original_height, proof_sha256, thumb_sha256, zoom_sha256, updated_at) "
               "VALUES($1, $2, $3::integer, $4, $5, $6, $7, $8::integer, $9::integer, $10, $11, $12, $13) "
               "ON CONFLICT (event_id, id) DO UPDATE SET position = EXCLUDED.position, category = EXCLUDED.category, "
               "filename = EXCLUDED.filename, caption = EXCLUDED.caption, captured_at = EXCLUDED.captured_at, "
               "original_width = EXCLUDED.original_width, original_height = EXCLUDED.original_height, "
               "proof_sha256 = EXCLUDED.proof_sha256, thumb_sha256 = EXCLUDED.thumb_sha256, "
               "zoom_sha256 = EXCLUDED.zoom_sha256, updated_at = EXCLUDED.updated_at",
               {photo.eventId, photo.id, photo.position, photo.category, photo.filename, photo.caption,
                photo.capturedAt, photo.originalWidth, photo.originalHeight, Param::nullIfEmpty(photo.renditions.proof),
                Param::nullIfEmpty(photo.renditions.thumb), Param::nullIfEmpty(photo.renditions.zoom), nowUtc()}));
    if (existed) {
        const QStringList now = store::renditionHashes(photo.renditions);
        QStringList dropped;
        for (int c = 0; c < 3; ++c)
            if (!old->isNull(0, c) && !now.contains(old->text(0, c))) dropped << old->text(0, c);
        PD_TRY(deleteUnusedBlobs(db, photographerId, dropped));
    }
    PD_TRY(tx.commit());
    return existed ? PutOutcome::Updated : PutOutcome::Created;
}

Result<std::vector<HostPhoto>> PostgresHostStore::photos(const QString& photographerId, const QString& eventId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    auto rows = run(db,
                    "SELECT " PD_PG_PHOTO_COLUMNS PD_PG_PHOTO_FROM "WHERE p.event_id = $1 AND e.photographer_id = $2 "
                    "ORDER BY p.position, p.id COLLATE \"C\"",
                    {eventId, photographerId});
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0) {
        auto owned = ownsEvent(db, photographerId, eventId);
        if (!owned.ok()) return owned.error();
        if (!owned.value()) return noSuchEvent(eventId);
    }
    return readPhotos(rows.value());
}

Result<bool> PostgresHostStore::deletePhoto(const QString& photographerId, const QString& eventId,
                                            const QString& photoId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    Transaction tx(db);
    PD_TRY(tx.begun());
    if (Status locked = lockPhotographer(db, photographerId); !locked.ok())
        return locked.error().code == ErrorCode::NotFound ? Result<bool>(false) : Result<bool>(locked.error());
    // Its favourites go with it (ON DELETE CASCADE).
    auto gone = run(db,
                    "DELETE FROM photos WHERE event_id = $1 AND id = $2 "
                    "AND event_id IN (SELECT id FROM events WHERE photographer_id = $3) "
                    "RETURNING proof_sha256, thumb_sha256, zoom_sha256",
                    {eventId, photoId, photographerId});
    if (!gone.ok()) return gone.error();
    if (gone->count() == 0) return false;
    QStringList hashes;
    for (int c = 0; c < 3; ++c)
        if (!gone->isNull(0, c)) hashes << gone->text(0, c);
    PD_TRY(deleteUnusedBlobs(db, photographerId, hashes));
    PD_TRY(tx.commit());
    return true;
}

Result<std::vector<HostPhoto>> PostgresHostStore::galleryPhotos(const QString& eventId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    auto rows = run(lent->get(),
                    "SELECT " PD_PG_PHOTO_COLUMNS PD_PG_PHOTO_FROM "WHERE p.event_id = $1 "
                    "ORDER BY p.position, p.id COLLATE \"C\"",
                    {eventId});
    if (!rows.ok()) return rows.error();
    return readPhotos(rows.value());
}

Result<std::optional<HostPhoto>> PostgresHostStore::galleryPhoto(const QString& eventId, const QString& photoId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    auto rows = run(lent->get(), "SELECT " PD_PG_PHOTO_COLUMNS PD_PG_PHOTO_FROM "WHERE p.event_id = $1 AND p.id = $2",
                    {eventId, photoId});
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0) return std::optional<HostPhoto>();
    return std::optional<HostPhoto>(readPhoto(rows.value(), 0));
}

#define PD_PG_RENDITION(column)                                                                                        \
    "SELECT b.sha256, b.mime, b.width::text, b.height::text, b.size::text, b.bytes FROM photos p "                     \
    "JOIN events e ON e.id = p.event_id "                                                                              \
    "JOIN blobs b ON b.photographer_id = e.photographer_id AND b.sha256 = p." column " "                               \
    "WHERE p.event_id = $1 AND p.id = $2"

Result<std::optional<Blob>> PostgresHostStore::photoRendition(const QString& eventId, const QString& photoId,
                                                              const QString& kind) {
    const char* sql = kind == QLatin1String("proof")   ? PD_PG_RENDITION("proof_sha256")
                      : kind == QLatin1String("thumb") ? PD_PG_RENDITION("thumb_sha256")
                      : kind == QLatin1String("zoom")  ? PD_PG_RENDITION("zoom_sha256")
                                                       : nullptr;
    if (!sql) return makeError(ErrorCode::InvalidArgument, QStringLiteral("no rendition kind \"%1\"").arg(kind));
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    // Binary results: the bytes come as they are, not hex-escaped.
    auto rows = runBinary(lent->get(), sql, {eventId, photoId});
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0) return std::optional<Blob>();
    Blob blob{BlobInfo{rows->text(0, 0), rows->text(0, 1), rows->text(0, 2).toInt(), rows->text(0, 3).toInt(),
                       rows->int64(0, 4)},
              rows->bytes(0, 5)};
    return std::optional<Blob>(std::move(blob));
}

Status PostgresHostStore::setFavourite(const QString& eventId, const QString& email, const QString& photoId,
                                       bool favourite) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    auto photo = run(db, "SELECT 1 FROM photos WHERE event_id = $1 AND id = $2", {eventId, photoId});
    if (!photo.ok()) return photo.error();
    if (photo->count() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no such photo"), photoId);
    auto done = favourite ? run(db,
                                "INSERT INTO favourites(event_id, email, photo_id, created_at) VALUES($1, $2, $3, $4) "
                                "ON CONFLICT (event_id, email, photo_id) DO NOTHING",
                                {eventId, email.toLower(), photoId, nowUtc()})
                          : run(db, "DELETE FROM favourites WHERE event_id = $1 AND email = $2 AND photo_id = $3",
                                {eventId, email.toLower(), photoId});
    if (!done.ok()) return done.error();
    return {};
}

Result<QStringList> PostgresHostStore::favourites(const QString& eventId, const QString& email) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    auto rows = run(lent->get(),
                    "SELECT photo_id FROM favourites WHERE event_id = $1 AND email = $2 "
                    "ORDER BY created_at, photo_id COLLATE \"C\"",
                    {eventId, email.toLower()});
    if (!rows.ok()) return rows.error();
    QStringList out;
    for (int r = 0; r < rows->count(); ++r) out << rows->text(r, 0);
    return out;
}

Result<std::vector<Favourite>> PostgresHostStore::eventFavourites(const QString& photographerId,
                                                                  const QString& eventId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    auto owned = ownsEvent(db, photographerId, eventId);
    if (!owned.ok()) return owned.error();
    if (!owned.value()) return noSuchEvent(eventId);
    auto rows = run(db,
                    "SELECT email, photo_id, created_at FROM favourites WHERE event_id = $1 "
                    "ORDER BY email COLLATE \"C\", created_at, photo_id COLLATE \"C\"",
                    {eventId});
    if (!rows.ok()) return rows.error();
    std::vector<Favourite> out;
    for (int r = 0; r < rows->count(); ++r)
        out.push_back(Favourite{rows->text(r, 0), rows->text(r, 1), rows->text(r, 2)});
    return out;
}

} // namespace pd::host
