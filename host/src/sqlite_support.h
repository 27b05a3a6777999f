// What the SQLite host store's source files share: the connection lease and the few statements
// more than one of them runs. Not a public header.
#pragma once

#include "pd/host/sqlite_host_store.h"

#include <QStringList>

namespace pd::host {

// A connection lent to one thread for one call; returned to the pool when it goes.
class SqliteHostStore::Lease {
public:
    Lease(SqliteHostStore* store, std::unique_ptr<SqliteConnection> db) : m_store(store), m_db(std::move(db)) {}
    Lease(Lease&&) noexcept = default;
    ~Lease() {
        if (m_db) m_store->giveBack(std::move(m_db));
    }
    SqliteConnection& operator*() { return *m_db; }
    SqliteConnection* operator->() { return m_db.get(); }

private:
    SqliteHostStore* m_store;
    std::unique_ptr<SqliteConnection> m_db;
};

namespace sq {

// Whether the statement, bound, yields a row.
Result<bool> hasRow(SqlStatement& st);

// Whether the photographer owns the event.
Result<bool> ownsEvent(SqliteConnection& db, const QString& photographerId, const QString& eventId);

// Takes the next order seq from the counters row, inside a write transaction (which the file's
// write lock makes the only one): seqs commit in the order they are handed out.
Result<qint64> nextOrderSeq(SqliteConnection& db);

// Deletes those of the photographer's blobs (by hash) that no photo of the photographer uses.
// Call it inside the write transaction that changed the photos.
Status deleteUnusedBlobs(SqliteConnection& db, const QString& photographerId, const QStringList& hashes);

} // namespace sq

} // namespace pd::host
