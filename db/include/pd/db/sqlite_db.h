// A thin RAII layer over the SQLite C API: connections, prepared statements, transactions.
#pragma once

#include "pd/core/result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>
#include <type_traits>

struct sqlite3;
struct sqlite3_stmt;

namespace pd {

class Statement;

// One connection. Owned by one thread at a time (STYLE: one connection per thread); not shared.
class SqliteDb {
public:
    enum class Journal { Wal, Rollback };
    struct Options {
        Journal journal = Journal::Wal;
        bool create = true;        // create the file when missing
        bool readOnly = false;
        int pageSize = 0;          // for new files only; 0 = SQLite's default
        int busyTimeoutMs = 10000;
    };

    // Opens (or creates) the database file and sets the pragmas (journal, foreign keys,
    // synchronous=NORMAL, busy timeout). Errors: Database with SQLite's message and the path.
    static Result<std::unique_ptr<SqliteDb>> open(const QString& path, const Options& options);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    // Runs one or more statements without parameters.
    Status exec(const QString& sql);
    // Prepares one statement. Errors carry SQLite's message and the SQL.
    Result<Statement> prepare(const QString& sql);

    int userVersion();
    qint64 lastInsertRowId() const;
    int changes() const;
    const QString& path() const { return m_path; }
    sqlite3* handle() const { return m_db; }

    // An Error of code Database built from this connection's last error.
    Error lastError(const QString& context) const;

private:
    SqliteDb(sqlite3* db, QString path) : m_db(db), m_path(std::move(path)) {}
    sqlite3* m_db;
    QString m_path;
};

// A prepared statement. Bind indices start at 1, column indices at 0.
class Statement {
public:
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    ~Statement();

    Statement& bind(int index, const QString& value);        // always text ('' for a null QString)
    Statement& bindOrNull(int index, const QString& value);  // NULL when empty
    Statement& bind(int index, qint64 value);
    Statement& bind(int index, int value) { return bind(index, qint64(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const QByteArray& value);     // copied by SQLite
    Statement& bindStatic(int index, const QByteArray& value);// caller keeps value alive until reset
    Statement& bindNull(int index);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }

    // Advances one row: true when a row is ready, false when done.
    Result<bool> step();
    // Steps to completion (for INSERT/UPDATE/DELETE).
    Status run();
    // Calls fn() for each row (read the columns inside it); fn returns void or a Status that
    // stops the walk. Errors: the first failed step, or fn's error.
    template <typename Fn>
    Status forEach(Fn&& fn) {
        for (;;) {
            auto r = step();
            if (!r.ok()) return r.error();
            if (!r.value()) return {};
            if constexpr (std::is_void_v<std::invoke_result_t<Fn>>) {
                fn();
            } else {
                Status s = fn();
                if (!s.ok()) return s;
            }
        }
    }
    void reset();

    bool isNull(int column) const;
    qint64 int64(int column) const;
    int int32(int column) const { return int(int64(column)); }
    double real(int column) const;
    std::optional<double> optReal(int column) const;
    std::optional<qint64> optInt64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;

private:
    friend class SqliteDb;
    Statement(SqliteDb* db, sqlite3_stmt* stmt) : m_db(db), m_stmt(stmt) {}
    SqliteDb* m_db;
    sqlite3_stmt* m_stmt;
};

// A write transaction that commits only on commit(); otherwise the destructor rolls back.
class Transaction {
public:
    explicit Transaction(SqliteDb& db);   // BEGIN IMMEDIATE: takes the write lock now
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    const Status& begun() const { return m_begin; }
    Status commit();

private:
    SqliteDb& m_db;
    Status m_begin;
    bool m_open = false;
};

} // namespace pd
