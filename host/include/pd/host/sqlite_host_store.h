// The embedded HostStore: one SQLite file, DIR/host.sqlite, in WAL mode.
#pragma once

#include "pd/host/host_store.h"
#include "pd/host/sqlite_connection.h"

#include <memory>
#include <mutex>
#include <vector>

namespace pd::host {

// Threads: any. Each call leases a connection from a small pool (one connection per thread at
// a time, as SQLite wants) and every write holds m_writeLock, so there is one writer at a time
// and readers never wait for it (WAL). Other processes on the same file are serialised by
// BEGIN IMMEDIATE and the busy timeout. Order seqs come from one counter row taken inside the
// write transaction, so seqs commit in increasing order and a feed cursor never skips one.
class SqliteHostStore final : public HostStore {
public:
    static QString fileName() { return QStringLiteral("host.sqlite"); }

    // Opens DIR/host.sqlite, creating the folder and the file when missing. It does not migrate:
    // call migrate() (`serve` does, `check` does not). Errors: Io (folder), Database.
    static Result<std::unique_ptr<SqliteHostStore>> open(const QString& dataDir);
    ~SqliteHostStore() override;

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

    const QString& path() const { return m_path; }

private:
    class Lease; // defined in src/sqlite_support.h, shared by the store's source files
    explicit SqliteHostStore(QString path) : m_path(std::move(path)) {}
    Result<Lease> lease();
    void giveBack(std::unique_ptr<SqliteConnection> connection);

    QString m_path;
    std::mutex m_poolLock;
    std::vector<std::unique_ptr<SqliteConnection>> m_idle;
    std::mutex m_writeLock;
    std::mutex m_secretLock;
    QByteArray m_secret; // siteSecret(), once read
};

} // namespace pd::host
