// The PostgreSQL HostStore: a pool of libpq connections, bound parameters, one transaction per
// write. Photographers, events and the schema live here; blobs, photos and favourites in
// postgres_host_media.cpp; orders, shares and the site secret in postgres_host_orders.cpp.
#include "pd/host/postgres_host_store.h"

#include "postgres_support.h"
#include "store_values.h"

#include "pd/host/host_migrations.h"

#include <QUrl>
#include <QUuid>

#include <map>

namespace pd::host {

using namespace pg;
using store::nowUtc;
using store::priceSheetFromText;
using store::priceSheetText;

namespace {

// Any number the program picks; every process migrating a database takes this advisory lock,
// so two hosts starting together apply each step once.
constexpr long long kMigrationLock = 0x70646d6967; // "pdmig"
constexpr std::size_t kMaxIdle = 8;

// The URI without its password, for error contexts.
QString redacted(const QString& uri) {
    QUrl url(uri);
    if (!url.isValid()) return QStringLiteral("postgresql://...");
    url.setPassword(QString());
    return url.toString();
}

#define PD_PG_PHOTOGRAPHER_COLUMNS "id, name, token_hash, created_at, revoked_at"

Photographer readPhotographer(const Rows& rows, int r) {
    return Photographer{rows.text(r, 0), rows.text(r, 1), rows.text(r, 2), rows.text(r, 3), rows.text(r, 4)};
}

#define PD_PG_EVENT_COLUMNS                                                                                            \
    "id, photographer_id, name, event_date, description, price_sheet, access_code_hash, expires, proof_size, "         \
    "created_at, updated_at, slug, share_size, delivery"

HostEvent readEvent(const Rows& rows, int r) {
    HostEvent e;
    e.id = rows.text(r, 0);
    e.photographerId = rows.text(r, 1);
    e.name = rows.text(r, 2);
    e.date = rows.text(r, 3);
    e.description = rows.text(r, 4);
    e.priceSheet = priceSheetFromText(rows.text(r, 5));
    e.accessCodeHash = rows.text(r, 6);
    e.expires = rows.text(r, 7);
    e.proofSize = rows.text(r, 8).toInt();
    e.createdAt = rows.text(r, 9);
    e.updatedAt = rows.text(r, 10);
    e.slug = rows.text(r, 11);
    e.shareSize = rows.text(r, 12).toInt();
    e.delivery = store::deliveryFromText(rows.text(r, 13));
    return e;
}

Result<int> readSchemaVersion(PGconn* db) {
    auto exists = run(db, "SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (!exists.ok()) return exists.error();
    if (exists->text(0, 0) != QLatin1String("t")) return 0;
    auto max = run(db, "SELECT coalesce(max(version), 0) FROM schema_migrations");
    if (!max.ok()) return max.error();
    return max->text(0, 0).toInt();
}

// Whether another event than `eventId` holds `slug`.
Result<bool> slugTaken(PGconn* db, const QString& slug, const QString& eventId) {
    auto rows = run(db, "SELECT 1 FROM events WHERE slug = $1 AND id <> $2", {slug, eventId});
    if (!rows.ok()) return rows.error();
    return rows->count() > 0;
}

// The first of the store's slug candidates for the event, from `firstAttempt` on, that no
// other event holds.
Result<QString> freeSlug(PGconn* db, const QString& name, const QString& eventId, int firstAttempt) {
    for (int attempt = firstAttempt;; ++attempt) {
        const QString candidate = store::slugCandidate(name, eventId, attempt);
        auto taken = slugTaken(db, candidate, eventId);
        if (!taken.ok()) return taken.error();
        if (!taken.value()) return candidate;
    }
}

// Migration step 4: every event without a slug gets the one it would have been given on create.
Status backfillSlugs(PGconn* db) {
    auto rows = run(db, "SELECT id, name FROM events WHERE slug IS NULL ORDER BY id COLLATE \"C\"");
    if (!rows.ok()) return rows.error();
    for (int r = 0; r < rows->count(); ++r) {
        auto slug = freeSlug(db, rows->text(r, 1), rows->text(r, 0), 0);
        if (!slug.ok()) return slug.error();
        PD_TRY(run(db, "UPDATE events SET slug = $1 WHERE id = $2", {slug.value(), rows->text(r, 0)}));
    }
    return {};
}

// One attempt at putEvent's transaction; the caller retries when a generated slug lost a race.
Result<PutOutcome> putEventOnce(PGconn* db, const EventUpdate& update, int slugAttempt) {
    const HostEvent& e = update.event;
    Transaction tx(db);
    PD_TRY(tx.begun());
    auto current = run(db, "SELECT photographer_id, slug FROM events WHERE id = $1", {e.id});
    if (!current.ok()) return current.error();
    if (current->count() > 0 && current->text(0, 0) != e.photographerId)
        return makeError(ErrorCode::NotFound, QStringLiteral("no such event"), e.id);
    // The given slug, else the stored one, else a new one.
    QString slug = e.slug;
    if (!slug.isEmpty()) {
        auto taken = slugTaken(db, slug, e.id);
        if (!taken.ok()) return taken.error();
        if (taken.value())
            return makeError(ErrorCode::AlreadyExists,
                             QStringLiteral("another gallery has the address /g/%1").arg(slug), slug);
    } else if (current->count() > 0 && !current->isNull(0, 1)) {
        slug = current->text(0, 1);
    } else {
        auto fresh = freeSlug(db, e.name, e.id, slugAttempt);
        if (!fresh.ok()) return fresh.error();
        slug = fresh.value();
    }
    // One upsert, atomic against other processes: it updates only the owner's row (no row comes
    // back for another photographer's id), and xmax = 0 tells an insert from an update.
    auto put =
        run(db,
            "INSERT INTO events(id, photographer_id, name, event_date, description, price_sheet, "
            "access_code_hash, expires, proof_size, created_at, updated_at, slug, share_size, delivery) "
            "VALUES($1, $2, $3, $4, $5, $6, CASE WHEN $7::boolean THEN $8 END, $9, $10::integer, $11, $11, $12, "
            "$13::integer, $14) "
            "ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, event_date = EXCLUDED.event_date, "
            "description = EXCLUDED.description, price_sheet = EXCLUDED.price_sheet, "
            "access_code_hash = CASE WHEN $7::boolean THEN $8 ELSE events.access_code_hash END, "
            "expires = EXCLUDED.expires, proof_size = EXCLUDED.proof_size, updated_at = EXCLUDED.updated_at, "
            "slug = EXCLUDED.slug, share_size = EXCLUDED.share_size, delivery = EXCLUDED.delivery "
            "WHERE events.photographer_id = EXCLUDED.photographer_id "
            "RETURNING (xmax = 0)",
            {e.id, e.photographerId, e.name, Param::nullIfEmpty(e.date), e.description, priceSheetText(e.priceSheet),
             bool(update.accessCodeHash), Param::nullIfEmpty(update.accessCodeHash.value_or(QString())),
             Param::nullIfEmpty(e.expires), e.proofSize, nowUtc(), slug, e.shareSize, store::deliveryText(e.delivery)});
    if (!put.ok()) return put.error();
    if (put->count() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no such event"), e.id);
    const bool created = put->text(0, 0) == QLatin1String("t");
    auto clear = run(db, "DELETE FROM event_categories WHERE event_id = $1", {e.id});
    if (!clear.ok()) return clear.error();
    for (int i = 0; i < e.categories.size(); ++i) {
        auto add = run(db, "INSERT INTO event_categories(event_id, position, name) VALUES($1, $2, $3)",
                       {e.id, i, e.categories[i]});
        if (!add.ok()) return add.error();
    }
    PD_TRY(tx.commit());
    return created ? PutOutcome::Created : PutOutcome::Updated;
}

// check(): every blob's bytes against its size and key, one blob in memory at a time.
Status checkBlobs(PGconn* db, QStringList& problems) {
    auto keys = run(db, "SELECT photographer_id, sha256 FROM blobs ORDER BY photographer_id, sha256");
    if (!keys.ok()) return keys.error();
    for (int r = 0; r < keys->count(); ++r) {
        auto blob =
            runBinary(db, "SELECT mime, size::text, bytes FROM blobs WHERE photographer_id = $1 AND sha256 = $2",
                      {keys->text(r, 0), keys->text(r, 1)});
        if (!blob.ok()) return blob.error();
        if (blob->count() == 0) continue; // deleted meanwhile
        const BlobInfo stored{keys->text(r, 1), blob->text(0, 0), 0, 0, blob->int64(0, 1)};
        store::checkBlobBytes(keys->text(r, 0), stored, blob->bytes(0, 2), problems);
    }
    return {};
}

} // namespace

bool PostgresHostStore::isConnectionUri(const QString& text) {
    return text.startsWith(QLatin1String("postgresql://")) || text.startsWith(QLatin1String("postgres://"));
}

Result<std::unique_ptr<PostgresHostStore>> PostgresHostStore::open(const QString& uri) {
    if (!isConnectionUri(uri))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a PostgreSQL store is named by postgresql://..."),
                         redacted(uri));
    std::unique_ptr<PostgresHostStore> store(new PostgresHostStore(uri));
    auto first = store->lease(); // connects now, so a bad URI fails here
    if (!first.ok()) return first.error();
    return store;
}

PostgresHostStore::~PostgresHostStore() {
    for (PGconn* db : m_idle) PQfinish(db);
}

Result<PostgresHostStore::Lease> PostgresHostStore::lease() {
    {
        std::lock_guard lock(m_poolLock);
        if (!m_idle.empty()) {
            PGconn* db = m_idle.back();
            m_idle.pop_back();
            return Lease(this, db);
        }
    }
    PGconn* db = PQconnectdb(m_uri.toUtf8().constData());
    if (!db || PQstatus(db) != CONNECTION_OK) {
        const QString message = db ? QString::fromUtf8(PQerrorMessage(db)).trimmed() : QStringLiteral("out of memory");
        PQfinish(db);
        return makeError(ErrorCode::Database, QStringLiteral("cannot connect to PostgreSQL: %1").arg(message),
                         redacted(m_uri));
    }
    // NOTICEs ("relation already exists, skipping") are for people at psql, not for the host's stderr.
    PQsetNoticeProcessor(
        db, [](void*, const char*) {}, nullptr);
    if (PQsetClientEncoding(db, "UTF8") != 0) {
        const QString message = QString::fromUtf8(PQerrorMessage(db)).trimmed();
        PQfinish(db);
        return makeError(ErrorCode::Database, message, redacted(m_uri));
    }
    return Lease(this, db);
}

void PostgresHostStore::giveBack(PGconn* db) {
    // A dropped connection, or one left inside a transaction, is closed rather than reused.
    if (PQstatus(db) != CONNECTION_OK || PQtransactionStatus(db) != PQTRANS_IDLE) {
        PQfinish(db);
        return;
    }
    std::lock_guard lock(m_poolLock);
    if (m_idle.size() >= kMaxIdle) {
        PQfinish(db);
        return;
    }
    m_idle.push_back(db);
}

int PostgresHostStore::newestSchemaVersion() const {
    return hostMigrations().back().version;
}

Result<int> PostgresHostStore::schemaVersion() {
    auto db = lease();
    if (!db.ok()) return db.error();
    return readSchemaVersion(db->get());
}

Status PostgresHostStore::migrate(int target) {
    const int newest = newestSchemaVersion();
    if (target < 0) target = newest;
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    auto locked = run(db, "SELECT pg_advisory_lock($1::bigint)", {QString::number(kMigrationLock)});
    if (!locked.ok()) return locked.error();
    const auto unlock = [&] {
        (void)run(db, "SELECT pg_advisory_unlock($1::bigint)", {QString::number(kMigrationLock)});
    };
    auto current = readSchemaVersion(db);
    if (!current.ok()) {
        unlock();
        return current.error();
    }
    if (current.value() > newest) {
        unlock();
        return makeError(
            ErrorCode::InvalidArgument,
            QStringLiteral("the store is at schema version %1 but this proofdesk-host knows only up to %2: "
                           "run a newer proofdesk-host")
                .arg(current.value())
                .arg(newest),
            redacted(m_uri));
    }
    for (const HostMigration& step : hostMigrations()) {
        if (step.version <= current.value() || step.version > target) continue;
        Status s = [&]() -> Status {
            Transaction tx(db);
            PD_TRY(tx.begun());
            auto table = run(db, "CREATE TABLE IF NOT EXISTS schema_migrations("
                                 "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            if (!table.ok()) return table.error();
            // The step's SQL is a script of several statements without values: PQexec runs it.
            const QByteArray sql = migrationSql(step, SqlEngine::Postgres).toUtf8();
            Rows script(PQexec(db, sql.constData()));
            if (PQresultStatus(script.raw()) != PGRES_COMMAND_OK)
                return serverError(db, script.raw(), QString())
                    .withContext(QStringLiteral("%1, migration %2").arg(redacted(m_uri)).arg(step.version));
            if (step.backfillSlugs) PD_TRY(backfillSlugs(db));
            auto mark =
                run(db, "INSERT INTO schema_migrations(version, applied_at) VALUES($1, $2)", {step.version, nowUtc()});
            if (!mark.ok()) return mark.error();
            return tx.commit();
        }();
        if (!s.ok()) {
            unlock();
            return s;
        }
    }
    unlock();
    return {};
}

Result<QStringList> PostgresHostStore::check() {
    // The server keeps its own pages and foreign keys consistent (there is no integrity_check to
    // run); what is left to check is the schema version and what the program writes.
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    QStringList problems;
    auto version = readSchemaVersion(lent->get());
    if (!version.ok()) return version.error();
    const Status shared = checkStoredContents(*this, version.value(), problems);
    if (!shared.ok()) return shared.error();
    if (version.value() == newestSchemaVersion()) PD_TRY(checkBlobs(lent->get(), problems));
    return problems;
}

Result<Photographer> PostgresHostStore::addPhotographer(const QString& name, const QString& tokenHash) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    // One statement: the unique constraint decides, also against another host process.
    Photographer p{QUuid::createUuid().toString(QUuid::WithoutBraces), name, tokenHash, nowUtc(), {}};
    auto added = run(lent->get(),
                     "INSERT INTO photographers(id, name, token_hash, created_at) VALUES($1, $2, $3, $4) "
                     "ON CONFLICT (name) DO NOTHING RETURNING id",
                     {p.id, p.name, p.tokenHash, p.createdAt});
    if (!added.ok()) return added.error();
    if (added->count() == 0)
        return makeError(ErrorCode::AlreadyExists, QStringLiteral("a photographer with this name exists"), name);
    return p;
}

Result<std::vector<Photographer>> PostgresHostStore::photographers() {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    // COLLATE "C": byte order, as SQLite sorts, whatever the database's locale.
    auto rows =
        run(lent->get(), "SELECT " PD_PG_PHOTOGRAPHER_COLUMNS " FROM photographers ORDER BY name COLLATE \"C\"");
    if (!rows.ok()) return rows.error();
    std::vector<Photographer> out;
    for (int r = 0; r < rows->count(); ++r) out.push_back(readPhotographer(rows.value(), r));
    return out;
}

Result<std::optional<Photographer>> PostgresHostStore::photographerByTokenHash(const QString& tokenHash) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    auto rows =
        run(lent->get(), "SELECT " PD_PG_PHOTOGRAPHER_COLUMNS " FROM photographers WHERE token_hash = $1", {tokenHash});
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0) return std::optional<Photographer>();
    return std::optional<Photographer>(readPhotographer(rows.value(), 0));
}

Result<Photographer> PostgresHostStore::revokePhotographer(const QString& idOrName) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    auto rows = run(lent->get(),
                    "UPDATE photographers SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2 OR name = $2 "
                    "RETURNING " PD_PG_PHOTOGRAPHER_COLUMNS,
                    {nowUtc(), idOrName});
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("no photographer has this id or name"), idOrName);
    return readPhotographer(rows.value(), 0);
}

Result<PutOutcome> PostgresHostStore::putEvent(const EventUpdate& update) {
    const QString& given = update.event.slug;
    if (!given.isEmpty() && !store::isValidSlug(given))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("a slug is lower-case letters and digits joined by single hyphens"), given);
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    // A unique violation can only be the slug: another process took it between our look and our
    // write. A given slug is then taken; a generated one is tried again with the next candidate.
    for (int attempt = 0;; ++attempt) {
        auto put = putEventOnce(lent->get(), update, attempt);
        if (put.ok() || !hasSqlState(put.error(), "23505")) return put;
        if (!given.isEmpty() || attempt >= 8)
            return makeError(ErrorCode::AlreadyExists,
                             QStringLiteral("another gallery has the address /g/%1").arg(given), given);
    }
}

Result<std::optional<HostEvent>> PostgresHostStore::event(const QString& photographerId, const QString& eventId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    // One snapshot for the event and its categories, so a concurrent PUT is seen whole or not at all.
    Transaction tx(db);
    PD_TRY(tx.begun());
    PD_TRY(run(db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
    auto rows = run(db, "SELECT " PD_PG_EVENT_COLUMNS " FROM events WHERE id = $1 AND photographer_id = $2",
                    {eventId, photographerId});
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0) return std::optional<HostEvent>();
    HostEvent e = readEvent(rows.value(), 0);
    auto cats = run(db, "SELECT name FROM event_categories WHERE event_id = $1 ORDER BY position", {eventId});
    if (!cats.ok()) return cats.error();
    for (int r = 0; r < cats->count(); ++r) e.categories.append(cats->text(r, 0));
    PD_TRY(tx.commit());
    return std::optional<HostEvent>(std::move(e));
}

Result<std::vector<HostEvent>> PostgresHostStore::events(const QString& photographerId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    Transaction tx(db);
    PD_TRY(tx.begun());
    PD_TRY(run(db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
    auto rows = run(db,
                    "SELECT " PD_PG_EVENT_COLUMNS " FROM events WHERE photographer_id = $1 "
                    "ORDER BY event_date DESC NULLS LAST, name COLLATE \"C\", id COLLATE \"C\"",
                    {photographerId});
    if (!rows.ok()) return rows.error();
    std::vector<HostEvent> out;
    for (int r = 0; r < rows->count(); ++r) out.push_back(readEvent(rows.value(), r));
    if (!out.empty()) {
        std::map<QString, HostEvent*> byId;
        for (HostEvent& e : out) byId[e.id] = &e;
        auto cats = run(db,
                        "SELECT c.event_id, c.name FROM event_categories c JOIN events e ON e.id = c.event_id "
                        "WHERE e.photographer_id = $1 ORDER BY c.event_id, c.position",
                        {photographerId});
        if (!cats.ok()) return cats.error();
        for (int r = 0; r < cats->count(); ++r)
            if (const auto it = byId.find(cats->text(r, 0)); it != byId.end())
                it->second->categories.append(cats->text(r, 1));
    }
    PD_TRY(tx.commit());
    return out;
}

Result<bool> PostgresHostStore::deleteEvent(const QString& photographerId, const QString& eventId) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    Transaction tx(db);
    PD_TRY(tx.begun());
    if (Status locked = lockPhotographer(db, photographerId); !locked.ok())
        return locked.error().code == ErrorCode::NotFound ? Result<bool>(false) : Result<bool>(locked.error());
    auto used =
        run(db,
            "SELECT p.proof_sha256, p.thumb_sha256, p.zoom_sha256 FROM photos p JOIN events e ON e.id = p.event_id "
            "WHERE e.id = $1 AND e.photographer_id = $2",
            {eventId, photographerId});
    if (!used.ok()) return used.error();
    QStringList hashes;
    for (int r = 0; r < used->count(); ++r)
        for (int c = 0; c < 3; ++c)
            if (!used->isNull(r, c) && !hashes.contains(used->text(r, c))) hashes << used->text(r, c);
    // Categories, photos, favourites and shares go with it (ON DELETE CASCADE); orders stay.
    auto gone = run(db, "DELETE FROM events WHERE id = $1 AND photographer_id = $2", {eventId, photographerId});
    if (!gone.ok()) return gone.error();
    PD_TRY(deleteUnusedBlobs(db, photographerId, hashes));
    PD_TRY(tx.commit());
    return gone->affected() > 0;
}

// One event found by a unique column ("slug" or "id"), whoever owns it, with its categories.
Result<std::optional<HostEvent>> PostgresHostStore::eventWhere(const char* column, const QString& value) {
    auto lent = lease();
    if (!lent.ok()) return lent.error();
    PGconn* db = lent->get();
    Transaction tx(db);
    PD_TRY(tx.begun());
    PD_TRY(run(db, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
    const std::string sql = std::string("SELECT " PD_PG_EVENT_COLUMNS " FROM events WHERE ") + column + " = $1";
    auto rows = run(db, sql.c_str(), {value});
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0) return std::optional<HostEvent>();
    HostEvent e = readEvent(rows.value(), 0);
    auto cats = run(db, "SELECT name FROM event_categories WHERE event_id = $1 ORDER BY position", {e.id});
    if (!cats.ok()) return cats.error();
    for (int r = 0; r < cats->count(); ++r) e.categories.append(cats->text(r, 0));
    PD_TRY(tx.commit());
    return std::optional<HostEvent>(std::move(e));
}

Result<std::optional<HostEvent>> PostgresHostStore::eventBySlug(const QString& slug) {
    return eventWhere("slug", slug);
}

Result<std::optional<HostEvent>> PostgresHostStore::galleryEvent(const QString& eventId) {
    return eventWhere("id", eventId);
}

} // namespace pd::host
