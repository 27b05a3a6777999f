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

private:
    class Lease;
    explicit PostgresHostStore(QString uri) : m_uri(std::move(uri)) {}
    Result<Lease> lease();
    void giveBack(PGconn* connection);

    QString m_uri;
    std::mutex m_poolLock;
    std::vector<PGconn*> m_idle; // owned; closed by the destructor
};

} // namespace pd::host
