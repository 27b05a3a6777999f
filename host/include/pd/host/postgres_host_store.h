// The server HostStore: a PostgreSQL database reached through libpq, several hosts on one database.
#pragma once

#include "pd/host/host_store.h"

#include <memory>
#include <mutex>
#include <vector>

typedef struct pg_conn PGconn;

namespace pd::host {

// Threads: any. Each call leases one connection from a small pool (a libpq connection is used
// by one thread at a time) and every multi-statement write is one transaction. Other
// processes may write to the same database at the same time: uniqueness and ownership are
// enforced by the database (row locks, unique constraints), not by a lock in this process.
// Order seqs come from one counter row updated as the last statement of the transaction that
// changes the order: its row lock is held until COMMIT, so seqs commit in increasing order
// across processes and a feed cursor never skips one. Writes that decide whether a blob is
// still used lock the photographer's row first.
// Every statement is sent with bound parameters (PQexecParams); errors are Database errors
// carrying the server's message.
class PostgresHostStore final : public HostStore {
public:
    // True for the connection strings this store takes: postgresql://... or postgres://...
    static bool isConnectionUri(const QString& text);

    // Connects once now, so a bad URI or an unreachable server fails here. It does not migrate.
    // Errors: Database (with the server's or libpq's message; the password is never echoed).
    static Result<std::unique_ptr<PostgresHostStore>> open(const QString& uri);
    ~PostgresHostStore() override;

    Result<int> schemaVersion() override;
    int newestSchemaVersion() const override;
    Status migrate(int target = -1) override;
    Result<QStringList> check() override;

    Result<Photographer> addPhotographer(const QString& name, const QString& tokenHash) override;
    Result<std::vector<Photographer>> photographers() override;
    Result<std::optional<Photographer>> photographerByTokenHash(const QString& tokenHash) override;
    Result<Photographer> revokePhotographer(const QString& idOrName) override;

    Result<PutOutcome> putEvent(const EventUpdate& update) override;
    Result<std::optional<HostEvent>> event(const QString& photographerId, const QString& eventId) override;
    Result<std::vector<HostEvent>> events(const QString& photographerId) override;
    Result<bool> deleteEvent(const QString& photographerId, const QString& eventId) override;
    Result<std::optional<HostEvent>> eventBySlug(const QString& slug) override;
    Result<std::optional<HostEvent>> galleryEvent(const QString& eventId) override;

    Result<PutOutcome> putBlob(const QString& photographerId, const BlobInfo& info, const QByteArray& bytes,
                               const QString& uploadedFor = {}) override;
    Result<QStringList> missingBlobs(const QString& photographerId, const QStringList& sha256s) override;
    Result<std::optional<BlobInfo>> blobInfo(const QString& photographerId, const QString& sha256) override;
    Result<int> sweepUnreferencedBlobs(const QString& photographerId, const QString& eventId,
                                       const QStringList& keep) override;

    Result<PutOutcome> putPhoto(const QString& photographerId, const HostPhoto& photo) override;
    Result<std::vector<HostPhoto>> photos(const QString& photographerId, const QString& eventId) override;
    Result<bool> deletePhoto(const QString& photographerId, const QString& eventId, const QString& photoId) override;
    Result<std::vector<HostPhoto>> galleryPhotos(const QString& eventId) override;
    Result<std::optional<HostPhoto>> galleryPhoto(const QString& eventId, const QString& photoId) override;
    Result<std::optional<Blob>> photoRendition(const QString& eventId, const QString& photoId,
                                               const QString& kind) override;

    Status setFavourite(const QString& eventId, const QString& email, const QString& photoId, bool favourite) override;
    Result<QStringList> favourites(const QString& eventId, const QString& email) override;
    Result<std::vector<Favourite>> eventFavourites(const QString& photographerId, const QString& eventId) override;

    Result<HostOrder> placeOrder(const HostOrder& order) override;
    Result<std::optional<HostOrder>> galleryOrder(const QString& eventId, const QString& orderId) override;
    Result<std::optional<HostOrder>> order(const QString& photographerId, const QString& orderId) override;
    Result<std::vector<HostOrder>> orderFeed(const QString& photographerId, qint64 afterSeq, int limit) override;
    Result<int> acknowledgeOrders(const QString& photographerId, const QStringList& orderIds) override;
    Result<HostOrder> setOrderStatus(const QString& photographerId, const QString& orderId,
                                     const QString& status) override;

    Result<Share> createShare(const Share& share) override;
    Result<std::vector<Share>> shares(const QString& photographerId, const QString& eventId) override;
    Result<std::optional<Share>> shareByTokenHash(const QString& tokenHash) override;
    Result<bool> revokeShare(const QString& photographerId, const QString& shareId) override;
    Result<bool> consumeShareRetrieval(const QString& shareId) override;

    Result<QByteArray> siteSecret() override;

private:
    class Lease; // defined in src/postgres_support.h, shared by the store's source files
    explicit PostgresHostStore(QString uri) : m_uri(std::move(uri)) {}
    Result<Lease> lease();
    Result<std::optional<HostEvent>> eventWhere(const char* column, const QString& value);
    void giveBack(PGconn* connection);

    QString m_uri;
    std::mutex m_poolLock;
    std::vector<PGconn*> m_idle; // owned; closed by the destructor
    std::mutex m_secretLock;
    QByteArray m_secret; // siteSecret(), once read
};

} // namespace pd::host
