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
// and readers never wait for it (WAL).
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

    const QString& path() const { return m_path; }

private:
    class Lease;
    explicit SqliteHostStore(QString path) : m_path(std::move(path)) {}
    Result<Lease> lease();
    void giveBack(std::unique_ptr<SqliteConnection> connection);

    QString m_path;
    std::mutex m_poolLock;
    std::vector<std::unique_ptr<SqliteConnection>> m_idle;
    std::mutex m_writeLock;
};

} // namespace pd::host
