// The SQLite HostStore: a pool of connections to DIR/host.sqlite, one writer at a time.
// Photographers, events and the schema live here; blobs, photos and favourites in
// sqlite_host_media.cpp; orders, shares and the site secret in sqlite_host_orders.cpp.
#include "pd/host/sqlite_host_store.h"

#include "sqlite_support.h"
#include "store_values.h"

#include "pd/host/host_migrations.h"
#include "pd/host/sqlite_connection.h"

#include <QDir>
#include <QScopeGuard>
#include <QUuid>

#include <map>

namespace pd::host {

using store::nowUtc;
using store::priceSheetFromText;
using store::priceSheetText;

namespace {

constexpr auto kPhotographerColumns = "id, name, token_hash, created_at, revoked_at";

Photographer readPhotographer(const SqlStatement& st) {
    return Photographer{st.text(0), st.text(1), st.text(2), st.text(3), st.text(4)};
}

constexpr auto kEventColumns = "id, photographer_id, name, event_date, description, price_sheet, access_code_hash, "
                               "expires, proof_size, created_at, updated_at, slug, share_size, delivery";

HostEvent readEvent(const SqlStatement& st) {
    HostEvent e;
    e.id = st.text(0);
    e.photographerId = st.text(1);
    e.name = st.text(2);
    e.date = st.text(3);
    e.description = st.text(4);
    e.priceSheet = priceSheetFromText(st.text(5));
    e.accessCodeHash = st.text(6);
    e.expires = st.text(7);
    e.proofSize = int(st.int64(8));
    e.createdAt = st.text(9);
    e.updatedAt = st.text(10);
    e.slug = st.text(11);
    e.shareSize = int(st.int64(12));
    e.delivery = store::deliveryFromText(st.text(13));
    return e;
}

Result<int> readSchemaVersion(SqliteConnection& db) {
    auto exists = db.prepare(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1"));
    if (!exists.ok()) return exists.error();
    exists->bind(1, QStringLiteral("schema_migrations"));
    auto row = exists->step();
    if (!row.ok()) return row.error();
    if (exists->int64(0) == 0) return 0;
    auto st = db.prepare(QStringLiteral("SELECT coalesce(max(version), 0) FROM schema_migrations"));
    if (!st.ok()) return st.error();
    row = st->step();
    if (!row.ok()) return row.error();
    return int(st->int64(0));
}

// Fills each event's categories (one query for all of them).
Status loadCategories(SqliteConnection& db, std::vector<HostEvent>& events, const QString& photographerId) {
    if (events.empty()) return {};
    std::map<QString, HostEvent*> byId;
    for (HostEvent& e : events) byId[e.id] = &e;
    auto st = db.prepare(
        QStringLiteral("SELECT c.event_id, c.name FROM event_categories c JOIN events e ON e.id = c.event_id "
                       "WHERE e.photographer_id = ?1 ORDER BY c.event_id, c.position"));
    if (!st.ok()) return st.error();
    st->bind(1, photographerId);
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) return {};
        const auto it = byId.find(st->text(0));
        if (it != byId.end()) it->second->categories.append(st->text(1));
    }
}

// The event the bound statement selects, with its categories; nullopt when none. One read
// transaction, so a concurrent PUT is seen whole or not at all.
Result<std::optional<HostEvent>> readOneEvent(SqliteConnection& db, SqlStatement& st) {
    PD_TRY(db.exec(QStringLiteral("BEGIN")));
    const auto end = qScopeGuard([&] { (void)db.exec(QStringLiteral("COMMIT")); });
    auto row = st.step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<HostEvent>();
    HostEvent e = readEvent(st);
    auto cats = db.prepare(QStringLiteral("SELECT name FROM event_categories WHERE event_id = ?1 ORDER BY position"));
    if (!cats.ok()) return cats.error();
    cats->bind(1, e.id);
    for (;;) {
        auto c = cats->step();
        if (!c.ok()) return c.error();
        if (!c.value()) break;
        e.categories.append(cats->text(0));
    }
    return std::optional<HostEvent>(std::move(e));
}

// Whether another event than `eventId` holds `slug`.
Result<bool> slugTaken(SqliteConnection& db, const QString& slug, const QString& eventId) {
    auto st = db.prepare(QStringLiteral("SELECT 1 FROM events WHERE slug = ?1 AND id <> ?2"));
    if (!st.ok()) return st.error();
    st->bind(1, slug).bind(2, eventId);
    return sq::hasRow(st.value());
}

// The first of the store's slug candidates for the event that no other event holds.
Result<QString> freeSlug(SqliteConnection& db, const QString& name, const QString& eventId) {
    for (int attempt = 0;; ++attempt) {
        const QString candidate = store::slugCandidate(name, eventId, attempt);
        auto taken = slugTaken(db, candidate, eventId);
        if (!taken.ok()) return taken.error();
        if (!taken.value()) return candidate;
    }
}

// Migration step 4: every event without a slug gets the one it would have been given on create.
Status backfillSlugs(SqliteConnection& db) {
    auto st = db.prepare(QStringLiteral("SELECT id, name FROM events WHERE slug IS NULL ORDER BY id"));
    if (!st.ok()) return st.error();
    std::vector<std::pair<QString, QString>> pending;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        pending.emplace_back(st->text(0), st->text(1));
    }
    auto set = db.prepare(QStringLiteral("UPDATE events SET slug = ?1 WHERE id = ?2"));
    if (!set.ok()) return set.error();
    for (const auto& [id, name] : pending) {
        auto slug = freeSlug(db, name, id);
        if (!slug.ok()) return slug.error();
        PD_TRY(set->bind(1, slug.value()).bind(2, id).run());
    }
    return {};
}

// check(): every blob's bytes against its size and key, one blob in memory at a time.
Status checkBlobs(SqliteConnection& db, QStringList& problems) {
    auto st = db.prepare(QStringLiteral("SELECT photographer_id, sha256, mime, size, bytes FROM blobs "
                                        "ORDER BY photographer_id, sha256"));
    if (!st.ok()) return st.error();
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) return {};
        const BlobInfo stored{st->text(1), st->text(2), 0, 0, st->int64(3)};
        store::checkBlobBytes(st->text(0), stored, st->bytes(4), problems);
    }
}

} // namespace

Result<std::unique_ptr<SqliteHostStore>> SqliteHostStore::open(const QString& dataDir) {
    if (!QDir().mkpath(dataDir))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the data folder"), dataDir);
    std::unique_ptr<SqliteHostStore> store(new SqliteHostStore(QDir(dataDir).filePath(fileName())));
    auto first = store->lease(); // opens the file now, so a bad path fails here
    if (!first.ok()) return first.error();
    return store;
}

SqliteHostStore::~SqliteHostStore() = default;

Result<SqliteHostStore::Lease> SqliteHostStore::lease() {
    {
        std::lock_guard lock(m_poolLock);
        if (!m_idle.empty()) {
            std::unique_ptr<SqliteConnection> db = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease(this, std::move(db));
        }
    }
    auto db = SqliteConnection::open(m_path);
    if (!db.ok()) return db.error();
    return Lease(this, std::move(db).value());
}

void SqliteHostStore::giveBack(std::unique_ptr<SqliteConnection> connection) {
    std::lock_guard lock(m_poolLock);
    m_idle.push_back(std::move(connection));
}

int SqliteHostStore::newestSchemaVersion() const {
    return hostMigrations().back().version;
}

Result<int> SqliteHostStore::schemaVersion() {
    auto db = lease();
    if (!db.ok()) return db.error();
    return readSchemaVersion(*db.value());
}

Status SqliteHostStore::migrate(int target) {
    const int newest = newestSchemaVersion();
    if (target < 0) target = newest;
    auto db = lease();
    if (!db.ok()) return db.error();
    std::lock_guard write(m_writeLock);
    auto current = readSchemaVersion(*db.value());
    if (!current.ok()) return current.error();
    if (current.value() > newest)
        return makeError(
            ErrorCode::InvalidArgument,
            QStringLiteral("the store is at schema version %1 but this proofdesk-host knows only up to %2: "
                           "run a newer proofdesk-host")
                .arg(current.value())
                .arg(newest),
            m_path);
    for (const HostMigration& step : hostMigrations()) {
        if (step.version <= current.value() || step.version > target) continue;
        SqlTransaction tx(*db.value());
        PD_TRY(tx.begun());
        PD_TRY(db.value()->exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations("
                                               "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")));
        if (Status s = db.value()->exec(migrationSql(step, SqlEngine::Sqlite)); !s.ok())
            return s.error().withContext(QStringLiteral("%1, migration %2").arg(m_path).arg(step.version));
        if (step.backfillSlugs) PD_TRY(backfillSlugs(*db.value()));
        auto mark =
            db.value()->prepare(QStringLiteral("INSERT INTO schema_migrations(version, applied_at) VALUES(?1, ?2)"));
        if (!mark.ok()) return mark.error();
        PD_TRY(mark->bind(1, step.version).bind(2, nowUtc()).run());
        PD_TRY(tx.commit());
    }
    return {};
}

Result<QStringList> SqliteHostStore::check() {
    auto db = lease();
    if (!db.ok()) return db.error();
    QStringList problems;
    auto integrity = db.value()->prepare(QStringLiteral("PRAGMA integrity_check"));
    if (!integrity.ok()) return integrity.error();
    for (;;) {
        auto row = integrity->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        if (integrity->text(0) != QLatin1String("ok")) problems << QStringLiteral("integrity: ") + integrity->text(0);
    }
    auto keys = db.value()->prepare(QStringLiteral("PRAGMA foreign_key_check"));
    if (!keys.ok()) return keys.error();
    for (;;) {
        auto row = keys->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        problems << QStringLiteral("foreign key: row %1 of %2 names a missing %3")
                        .arg(keys->text(1), keys->text(0), keys->text(2));
    }
    auto version = readSchemaVersion(*db.value());
    if (!version.ok()) return version.error();
    const Status shared = checkStoredContents(*this, version.value(), problems);
    if (!shared.ok()) return shared.error();
    if (version.value() == newestSchemaVersion()) PD_TRY(checkBlobs(*db.value(), problems));
    return problems;
}

Result<Photographer> SqliteHostStore::addPhotographer(const QString& name, const QString& tokenHash) {
    auto db = lease();
    if (!db.ok()) return db.error();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(*db.value());
    PD_TRY(tx.begun());
    auto taken = db.value()->prepare(QStringLiteral("SELECT count(*) FROM photographers WHERE name = ?1"));
    if (!taken.ok()) return taken.error();
    auto row = taken->bind(1, name).step();
    if (!row.ok()) return row.error();
    if (taken->int64(0) > 0)
        return makeError(ErrorCode::AlreadyExists, QStringLiteral("a photographer with this name exists"), name);
    Photographer p{QUuid::createUuid().toString(QUuid::WithoutBraces), name, tokenHash, nowUtc(), {}};
    auto st = db.value()->prepare(
        QStringLiteral("INSERT INTO photographers(id, name, token_hash, created_at) VALUES(?1, ?2, ?3, ?4)"));
    if (!st.ok()) return st.error();
    PD_TRY(st->bind(1, p.id).bind(2, p.name).bind(3, p.tokenHash).bind(4, p.createdAt).run());
    PD_TRY(tx.commit());
    return p;
}

Result<std::vector<Photographer>> SqliteHostStore::photographers() {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st =
        db.value()->prepare(QStringLiteral("SELECT %1 FROM photographers ORDER BY name").arg(kPhotographerColumns));
    if (!st.ok()) return st.error();
    std::vector<Photographer> out;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) return out;
        out.push_back(readPhotographer(st.value()));
    }
}

Result<std::optional<Photographer>> SqliteHostStore::photographerByTokenHash(const QString& tokenHash) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st = db.value()->prepare(
        QStringLiteral("SELECT %1 FROM photographers WHERE token_hash = ?1").arg(kPhotographerColumns));
    if (!st.ok()) return st.error();
    auto row = st->bind(1, tokenHash).step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<Photographer>();
    return std::optional<Photographer>(readPhotographer(st.value()));
}

Result<Photographer> SqliteHostStore::revokePhotographer(const QString& idOrName) {
    auto db = lease();
    if (!db.ok()) return db.error();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(*db.value());
    PD_TRY(tx.begun());
    auto st = db.value()->prepare(QStringLiteral("UPDATE photographers SET revoked_at = coalesce(revoked_at, ?1) "
                                                 "WHERE id = ?2 OR name = ?2"));
    if (!st.ok()) return st.error();
    PD_TRY(st->bind(1, nowUtc()).bind(2, idOrName).run());
    if (db.value()->changes() == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("no photographer has this id or name"), idOrName);
    auto read = db.value()->prepare(
        QStringLiteral("SELECT %1 FROM photographers WHERE id = ?1 OR name = ?1").arg(kPhotographerColumns));
    if (!read.ok()) return read.error();
    auto row = read->bind(1, idOrName).step();
    if (!row.ok()) return row.error();
    Photographer p = readPhotographer(read.value());
    PD_TRY(tx.commit());
    return p;
}

Result<PutOutcome> SqliteHostStore::putEvent(const EventUpdate& update) {
    const HostEvent& e = update.event;
    if (!e.slug.isEmpty() && !store::isValidSlug(e.slug))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("a slug is lower-case letters and digits joined by single hyphens"), e.slug);
    auto db = lease();
    if (!db.ok()) return db.error();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(*db.value());
    PD_TRY(tx.begun());
    auto current = db.value()->prepare(QStringLiteral("SELECT photographer_id, slug FROM events WHERE id = ?1"));
    if (!current.ok()) return current.error();
    auto found = current->bind(1, e.id).step();
    if (!found.ok()) return found.error();
    if (found.value() && current->text(0) != e.photographerId)
        return makeError(ErrorCode::NotFound, QStringLiteral("no such event"), e.id);
    const bool exists = found.value();
    // The given slug, else the stored one, else a new one.
    QString slug = e.slug;
    if (!slug.isEmpty()) {
        auto taken = slugTaken(*db.value(), slug, e.id);
        if (!taken.ok()) return taken.error();
        if (taken.value())
            return makeError(ErrorCode::AlreadyExists,
                             QStringLiteral("another gallery has the address /g/%1").arg(slug), slug);
    } else if (exists && !current->isNull(1)) {
        slug = current->text(1);
    } else {
        auto fresh = freeSlug(*db.value(), e.name, e.id);
        if (!fresh.ok()) return fresh.error();
        slug = fresh.value();
    }
    const QString now = nowUtc();
    const QString sql =
        exists
            ? QStringLiteral("UPDATE events SET name = ?3, event_date = ?4, description = ?5, price_sheet = ?6, "
                             "access_code_hash = CASE WHEN ?7 THEN ?8 ELSE access_code_hash END, expires = ?9, "
                             "proof_size = ?10, updated_at = ?11, slug = ?12, share_size = ?13, delivery = ?14 "
                             "WHERE id = ?1 AND photographer_id = ?2")
            : QStringLiteral("INSERT INTO events(id, photographer_id, name, event_date, description, price_sheet, "
                             "access_code_hash, expires, proof_size, created_at, updated_at, slug, share_size, delivery) "
                             "VALUES(?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?7 THEN ?8 END, ?9, ?10, ?11, ?11, ?12, ?13, ?14)");
    auto st = db.value()->prepare(sql);
    if (!st.ok()) return st.error();
    st->bind(1, e.id).bind(2, e.photographerId).bind(3, e.name).bindOrNull(4, e.date).bind(5, e.description);
    st->bind(6, priceSheetText(e.priceSheet)).bind(7, update.accessCodeHash ? 1 : 0);
    st->bindOrNull(8, update.accessCodeHash.value_or(QString())).bindOrNull(9, e.expires).bind(10, e.proofSize);
    PD_TRY(st->bind(11, now).bind(12, slug).bind(13, e.shareSize).bind(14, store::deliveryText(e.delivery)).run());

    auto clear = db.value()->prepare(QStringLiteral("DELETE FROM event_categories WHERE event_id = ?1"));
    if (!clear.ok()) return clear.error();
    PD_TRY(clear->bind(1, e.id).run());
    auto add = db.value()->prepare(
        QStringLiteral("INSERT INTO event_categories(event_id, position, name) VALUES(?1, ?2, ?3)"));
    if (!add.ok()) return add.error();
    for (int i = 0; i < e.categories.size(); ++i) PD_TRY(add->bind(1, e.id).bind(2, i).bind(3, e.categories[i]).run());
    PD_TRY(tx.commit());
    return exists ? PutOutcome::Updated : PutOutcome::Created;
}

Result<std::optional<HostEvent>> SqliteHostStore::event(const QString& photographerId, const QString& eventId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st = db.value()->prepare(
        QStringLiteral("SELECT %1 FROM events WHERE id = ?1 AND photographer_id = ?2").arg(kEventColumns));
    if (!st.ok()) return st.error();
    st->bind(1, eventId).bind(2, photographerId);
    return readOneEvent(*db.value(), st.value());
}

Result<std::optional<HostEvent>> SqliteHostStore::eventBySlug(const QString& slug) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st = db.value()->prepare(QStringLiteral("SELECT %1 FROM events WHERE slug = ?1").arg(kEventColumns));
    if (!st.ok()) return st.error();
    st->bind(1, slug);
    return readOneEvent(*db.value(), st.value());
}

Result<std::optional<HostEvent>> SqliteHostStore::galleryEvent(const QString& eventId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st = db.value()->prepare(QStringLiteral("SELECT %1 FROM events WHERE id = ?1").arg(kEventColumns));
    if (!st.ok()) return st.error();
    st->bind(1, eventId);
    return readOneEvent(*db.value(), st.value());
}

Result<std::vector<HostEvent>> SqliteHostStore::events(const QString& photographerId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    auto st = db.value()->prepare(QStringLiteral("SELECT %1 FROM events WHERE photographer_id = ?1 "
                                                 "ORDER BY event_date DESC NULLS LAST, name, id")
                                      .arg(kEventColumns));
    if (!st.ok()) return st.error();
    st->bind(1, photographerId);
    std::vector<HostEvent> out;
    for (;;) {
        auto row = st->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        out.push_back(readEvent(st.value()));
    }
    PD_TRY(loadCategories(*db.value(), out, photographerId));
    return out;
}

Result<bool> SqliteHostStore::deleteEvent(const QString& photographerId, const QString& eventId) {
    auto db = lease();
    if (!db.ok()) return db.error();
    std::lock_guard write(m_writeLock);
    SqlTransaction tx(*db.value());
    PD_TRY(tx.begun());
    auto used = db.value()->prepare(
        QStringLiteral("SELECT p.proof_sha256, p.thumb_sha256, p.zoom_sha256 FROM photos p "
                       "JOIN events e ON e.id = p.event_id WHERE e.id = ?1 AND e.photographer_id = ?2"));
    if (!used.ok()) return used.error();
    used->bind(1, eventId).bind(2, photographerId);
    QStringList hashes;
    for (;;) {
        auto row = used->step();
        if (!row.ok()) return row.error();
        if (!row.value()) break;
        for (int c = 0; c < 3; ++c)
            if (!used->isNull(c) && !hashes.contains(used->text(c))) hashes << used->text(c);
    }
    // Categories, photos, favourites and shares go with it (ON DELETE CASCADE); orders stay.
    auto st = db.value()->prepare(QStringLiteral("DELETE FROM events WHERE id = ?1 AND photographer_id = ?2"));
    if (!st.ok()) return st.error();
    PD_TRY(st->bind(1, eventId).bind(2, photographerId).run());
    const bool deleted = db.value()->changes() > 0;
    PD_TRY(sq::deleteUnusedBlobs(*db.value(), photographerId, hashes));
    PD_TRY(tx.commit());
    return deleted;
}

namespace sq {

Result<bool> hasRow(SqlStatement& st) {
    auto row = st.step();
    if (!row.ok()) return row.error();
    return row.value();
}

Result<bool> ownsEvent(SqliteConnection& db, const QString& photographerId, const QString& eventId) {
    auto st = db.prepare(QStringLiteral("SELECT 1 FROM events WHERE id = ?1 AND photographer_id = ?2"));
    if (!st.ok()) return st.error();
    st->bind(1, eventId).bind(2, photographerId);
    return hasRow(st.value());
}

Result<qint64> nextOrderSeq(SqliteConnection& db) {
    auto st =
        db.prepare(QStringLiteral("UPDATE counters SET value = value + 1 WHERE name = 'order_seq' RETURNING value"));
    if (!st.ok()) return st.error();
    auto row = st->step();
    if (!row.ok()) return row.error();
    if (!row.value()) return makeError(ErrorCode::Database, QStringLiteral("the order_seq counter is missing"));
    const qint64 seq = st->int64(0);
    PD_TRY(st->run()); // finishes the statement
    return seq;
}

Status deleteUnusedBlobs(SqliteConnection& db, const QString& photographerId, const QStringList& hashes) {
    if (hashes.isEmpty()) return {};
    auto st = db.prepare(
        QStringLiteral("DELETE FROM blobs WHERE photographer_id = ?1 AND sha256 = ?2 AND NOT EXISTS ("
                       "SELECT 1 FROM photos p JOIN events e ON e.id = p.event_id WHERE e.photographer_id = ?1 "
                       "AND (p.proof_sha256 = ?2 OR p.thumb_sha256 = ?2 OR p.zoom_sha256 = ?2))"));
    if (!st.ok()) return st.error();
    for (const QString& hash : hashes) PD_TRY(st->bind(1, photographerId).bind(2, hash).run());
    return {};
}

} // namespace sq

} // namespace pd::host
