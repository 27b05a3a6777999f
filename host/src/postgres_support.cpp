// libpq statements, results and transactions for the PostgreSQL host store.
#include "postgres_support.h"

#include <QStringList>

#include <vector>

namespace pd::host::pg {

Error serverError(PGconn* db, const PGresult* result, const QString& context) {
    QString message = QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(db)).trimmed();
    if (message.isEmpty()) message = QString::fromUtf8(PQerrorMessage(db)).trimmed();
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    if (state) message += QStringLiteral(" (SQLSTATE %1)").arg(QLatin1String(state));
    return makeError(ErrorCode::Database, message, context);
}

bool hasSqlState(const Error& error, const char* state) {
    return error.code == ErrorCode::Database &&
           error.message.endsWith(QStringLiteral("(SQLSTATE %1)").arg(QLatin1String(state)));
}

namespace {

Result<Rows> execute(PGconn* db, const char* sql, std::initializer_list<Param> params, int resultFormat) {
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    for (const Param& p : params) {
        values.push_back(p.value ? p.value->constData() : nullptr);
        lengths.push_back(p.value ? int(p.value->size()) : 0);
        formats.push_back(p.binary ? 1 : 0);
    }
    PGresult* r =
        PQexecParams(db, sql, int(values.size()), nullptr, values.data(), lengths.data(), formats.data(), resultFormat);
    Rows rows(r);
    const ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        return serverError(db, r, QString::fromUtf8(sql).simplified().left(80));
    return rows;
}

} // namespace

Result<Rows> run(PGconn* db, const char* sql, std::initializer_list<Param> params) {
    return execute(db, sql, params, 0);
}

Result<Rows> runBinary(PGconn* db, const char* sql, std::initializer_list<Param> params) {
    return execute(db, sql, params, 1);
}

Transaction::Transaction(PGconn* db) : m_db(db) {
    auto r = run(db, "BEGIN");
    if (!r.ok()) m_begin = r.error();
}

Transaction::~Transaction() {
    if (!m_done && !m_begin) (void)run(m_db, "ROLLBACK");
}

Status Transaction::begun() const {
    if (m_begin) return *m_begin;
    return {};
}

Status Transaction::commit() {
    auto r = run(m_db, "COMMIT");
    m_done = true;
    if (!r.ok()) return r.error();
    return {};
}

Result<qint64> nextOrderSeq(PGconn* db) {
    auto rows = run(db, "UPDATE counters SET value = value + 1 WHERE name = 'order_seq' RETURNING value");
    if (!rows.ok()) return rows.error();
    if (rows->count() != 1) return makeError(ErrorCode::Database, QStringLiteral("the order_seq counter is missing"));
    return rows->int64(0, 0);
}

Status lockPhotographer(PGconn* db, const QString& photographerId) {
    auto rows = run(db, "SELECT id FROM photographers WHERE id = $1 FOR NO KEY UPDATE", {photographerId});
    if (!rows.ok()) return rows.error();
    if (rows->count() == 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("no such photographer"), photographerId);
    return {};
}

Status deleteUnusedBlobs(PGconn* db, const QString& photographerId, const QStringList& hashes) {
    for (const QString& hash : hashes) {
        auto gone = run(db,
                        "DELETE FROM blobs WHERE photographer_id = $1 AND sha256 = $2 AND NOT EXISTS ("
                        "SELECT 1 FROM photos p JOIN events e ON e.id = p.event_id WHERE e.photographer_id = $1 "
                        "AND (p.proof_sha256 = $2 OR p.thumb_sha256 = $2 OR p.zoom_sha256 = $2))",
                        {photographerId, hash});
        if (!gone.ok()) return gone.error();
    }
    return {};
}

} // namespace pd::host::pg
