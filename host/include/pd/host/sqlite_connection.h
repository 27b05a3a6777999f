// The host's own small RAII layer over the SQLite C API (host/ may not use db/'s): one
// connection, prepared statements with bound parameters only, and write transactions.
#pragma once

#include "pd/core/result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace pd::host {

class SqlStatement;

// One connection, used by one thread at a time (the store leases connections to threads).
class SqliteConnection {
public:
    // Opens (creating it when missing) with WAL, foreign keys on, synchronous=NORMAL and a busy
    // timeout. Errors: Database, with SQLite's message and the path.
    static Result<std::unique_ptr<SqliteConnection>> open(const QString& path, int busyTimeoutMs = 10000);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    // Runs statements that take no parameters (schema, pragmas). Never pass data in `sql`.
    Status exec(const QString& sql);
    // Prepares one statement; values go in through SqlStatement::bind. A statement of the same
    // SQL that was used before on this connection is reused (reset, unbound): the host runs the
    // same few queries for every request, and compiling them was most of their cost.
    Result<SqlStatement> prepare(const QString& sql);
    int changes() const;
    const QString& path() const { return m_path; }
    Error lastError(const QString& context) const;

private:
    friend class SqlStatement;
    SqliteConnection(sqlite3* db, QString path) : m_db(db), m_path(std::move(path)) {}
    // From ~SqlStatement: keeps `stmt` for the next prepare() of its SQL, or finalizes it.
    void recycle(sqlite3_stmt* stmt);
    sqlite3* m_db;
    QString m_path;
    std::unordered_map<std::string, std::vector<sqlite3_stmt*>> m_idleStatements; // by SQL text
};

// A prepared statement. Bind indices start at 1, column indices at 0. It must not outlive its
// connection, nor be destroyed while another thread uses that connection.
class SqlStatement {
public:
    SqlStatement(SqlStatement&& other) noexcept;
    SqlStatement& operator=(SqlStatement&& other) noexcept;
    ~SqlStatement();

    SqlStatement& bind(int index, const QString& value);       // always text ('' for a null QString)
    SqlStatement& bindOrNull(int index, const QString& value); // NULL when empty
    SqlStatement& bind(int index, qint64 value);
    SqlStatement& bind(int index, int value) { return bind(index, qint64(value)); }
    SqlStatement& bindNull(int index);
    SqlStatement& bindBytes(int index, const QByteArray& value); // a BLOB

    // One row: true when a row is ready, false when done.
    Result<bool> step();
    // Steps to completion (INSERT/UPDATE/DELETE).
    Status run();

    bool isNull(int column) const;
    qint64 int64(int column) const;
    QString text(int column) const;     // an empty QString for NULL
    QByteArray bytes(int column) const; // a BLOB's bytes (empty for NULL)

private:
    friend class SqliteConnection;
    SqlStatement(SqliteConnection* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    SqliteConnection* m_db;
    sqlite3_stmt* m_stmt;
};

// BEGIN IMMEDIATE now; COMMIT on commit(), ROLLBACK otherwise (destructor).
class SqlTransaction {
public:
    explicit SqlTransaction(SqliteConnection& db);
    ~SqlTransaction();
    SqlTransaction(const SqlTransaction&) = delete;
    SqlTransaction& operator=(const SqlTransaction&) = delete;

    const Status& begun() const { return m_begin; }
    Status commit();

private:
    SqliteConnection& m_db;
    Status m_begin;
    bool m_open = false;
};

} // namespace pd::host
