// The PostgreSQL host store's own small layer over libpq, shared by its source files: bound
// parameters, result rows, RAII transactions and the connection lease. Not a public header.
#pragma once

#include "pd/host/postgres_host_store.h"

#include <libpq-fe.h>

#include <QByteArray>
#include <QString>

#include <initializer_list>
#include <memory>
#include <optional>

namespace pd::host::pg {

// One bound parameter, sent as text (the server infers its type from where it is used) or, for
// bytea, as raw bytes.
struct Param {
    std::optional<QByteArray> value; // nullopt: SQL NULL
    bool binary = false;
    Param(const QString& s) : value(s.toUtf8()) {}
    Param(int n) : value(QByteArray::number(n)) {}
    Param(qint64 n) : value(QByteArray::number(n)) {}
    Param(bool b) : value(QByteArray(b ? "true" : "false")) {}
    Param(const char*) = delete; // would silently become a bool
    static Param nullIfEmpty(const QString& s) {
        Param p(s);
        if (s.isEmpty()) p.value.reset();
        return p;
    }
    static Param bytes(const QByteArray& b) {
        Param p(0);
        p.value = b;
        p.binary = true;
        return p;
    }
};

// A finished statement's rows; owns the PGresult.
class Rows {
public:
    explicit Rows(PGresult* r) : m_result(r, &PQclear) {}
    int count() const { return PQntuples(m_result.get()); }
    QString text(int row, int column) const {
        return QString::fromUtf8(PQgetvalue(m_result.get(), row, column), PQgetlength(m_result.get(), row, column));
    }
    qint64 int64(int row, int column) const { return text(row, column).toLongLong(); }
    bool isNull(int row, int column) const { return PQgetisnull(m_result.get(), row, column) != 0; }
    // The raw value: a bytea's bytes when the statement asked for binary results (runBinary).
    QByteArray bytes(int row, int column) const {
        return QByteArray(PQgetvalue(m_result.get(), row, column), PQgetlength(m_result.get(), row, column));
    }
    // Rows changed by an INSERT, UPDATE or DELETE.
    int affected() const { return QByteArray(PQcmdTuples(m_result.get())).toInt(); }
    const PGresult* raw() const { return m_result.get(); }

private:
    std::unique_ptr<PGresult, void (*)(PGresult*)> m_result;
};

Error serverError(PGconn* db, const PGresult* result, const QString& context);
// True when the error came from the server with this SQLSTATE ("23505": unique violation).
bool hasSqlState(const Error& error, const char* state);

// Runs one statement with bound parameters (PQexecParams: never text pasted into SQL).
Result<Rows> run(PGconn* db, const char* sql, std::initializer_list<Param> params = {});
// The same, with every result column in binary form: select only text and bytea columns (cast
// numbers to text), whose binary form is their bytes.
Result<Rows> runBinary(PGconn* db, const char* sql, std::initializer_list<Param> params = {});

// RAII transaction: BEGIN now; ROLLBACK unless commit() succeeded.
class Transaction {
public:
    explicit Transaction(PGconn* db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Status begun() const;
    Status commit();

private:
    PGconn* m_db;
    std::optional<Error> m_begin;
    bool m_done = false;
};

// Takes the next order seq from the counters row. Call it as the last statement before COMMIT:
// the row stays locked until then, so seqs commit in the order they are handed out.
Result<qint64> nextOrderSeq(PGconn* db);

// Serialises, across every process on the database, the writes that decide whether a
// photographer's blob is still used (putPhoto, deletePhoto, deleteEvent): a row lock on the
// photographer until the transaction ends. NotFound when there is no such photographer.
Status lockPhotographer(PGconn* db, const QString& photographerId);

// Deletes those of the photographer's blobs (by hash) that no photo of the photographer uses.
// Call it under lockPhotographer, after the photos changed.
Status deleteUnusedBlobs(PGconn* db, const QString& photographerId, const QStringList& hashes);

} // namespace pd::host::pg

namespace pd::host {

// A connection lent to one thread for one call; returned to the pool when it goes.
class PostgresHostStore::Lease {
public:
    Lease(PostgresHostStore* store, PGconn* db) : m_store(store), m_db(db) {}
    Lease(Lease&& other) noexcept : m_store(other.m_store), m_db(std::exchange(other.m_db, nullptr)) {}
    ~Lease() {
        if (m_db) m_store->giveBack(m_db);
    }
    PGconn* get() const { return m_db; }

private:
    PostgresHostStore* m_store;
    PGconn* m_db;
};

} // namespace pd::host
