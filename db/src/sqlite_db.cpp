// SQLite connections, statements and transactions; every error becomes a pd::Error.
#include "pd/db/sqlite_db.h"

#include <sqlite3.h>

namespace pd {

namespace {
QString journalPragma(SqliteDb::Journal j) {
    return j == SqliteDb::Journal::Wal ? QStringLiteral("WAL") : QStringLiteral("TRUNCATE");
}
} // namespace

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const QString& path, const Options& options) {
    sqlite3* raw = nullptr;
    int flags = SQLITE_OPEN_NOMUTEX;
    flags |= options.readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (options.create && !options.readOnly) flags |= SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &raw, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString msg = raw ? QString::fromUtf8(sqlite3_errmsg(raw)) : QStringLiteral("out of memory");
        sqlite3_close(raw);
        return makeError(ErrorCode::Database, QStringLiteral("cannot open database: %1").arg(msg), path);
    }
    std::unique_ptr<SqliteDb> db(new SqliteDb(raw, path));
    sqlite3_busy_timeout(raw, options.busyTimeoutMs);
    sqlite3_extended_result_codes(raw, 1);
    if (options.pageSize > 0) PD_TRY(db->exec(QStringLiteral("PRAGMA page_size=%1").arg(options.pageSize)));
    if (!options.readOnly) PD_TRY(db->exec(QStringLiteral("PRAGMA journal_mode=%1").arg(journalPragma(options.journal))));
    PD_TRY(db->exec(QStringLiteral("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;")));
    return db;
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(m_db); }

Error SqliteDb::lastError(const QString& context) const {
    return makeError(ErrorCode::Database, QString::fromUtf8(sqlite3_errmsg(m_db)),
                     context.isEmpty() ? m_path : context);
}

Status SqliteDb::exec(const QString& sql) {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &err) != SQLITE_OK) {
        Error e = makeError(ErrorCode::Database, QString::fromUtf8(err ? err : "unknown error"), m_path);
        sqlite3_free(err);
        return e;
    }
    return {};
}

Result<Statement> SqliteDb::prepare(const QString& sql) {
    sqlite3_stmt* stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v2(m_db, utf8.constData(), int(utf8.size()), &stmt, nullptr) != SQLITE_OK)
        return lastError(m_path + QStringLiteral(" [") + sql.simplified().left(80) + QStringLiteral("]"));
    return Statement(this, stmt);
}

int SqliteDb::userVersion() {
    auto st = prepare(QStringLiteral("PRAGMA user_version"));
    if (!st.ok()) return -1;
    auto row = st->step();
    return row.ok() && row.value() ? st->int32(0) : -1;
}

qint64 SqliteDb::lastInsertRowId() const { return sqlite3_last_insert_rowid(m_db); }
int SqliteDb::changes() const { return sqlite3_changes(m_db); }

Statement::Statement(Statement&& o) noexcept : m_db(o.m_db), m_stmt(o.m_stmt) { o.m_stmt = nullptr; }
Statement& Statement::operator=(Statement&& o) noexcept {
    if (this != &o) {
        sqlite3_finalize(m_stmt);
        m_db = o.m_db;
        m_stmt = o.m_stmt;
        o.m_stmt = nullptr;
    }
    return *this;
}
Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bindOrNull(int i, const QString& v) { return v.isEmpty() ? bindNull(i) : bind(i, v); }
Statement& Statement::bind(int i, const QString& v) {
    const QByteArray u = v.toUtf8();
    sqlite3_bind_text(m_stmt, i, u.constData(), int(u.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bind(int i, qint64 v) { sqlite3_bind_int64(m_stmt, i, v); return *this; }
Statement& Statement::bind(int i, double v) { sqlite3_bind_double(m_stmt, i, v); return *this; }
Statement& Statement::bind(int i, const QByteArray& v) {
    sqlite3_bind_blob64(m_stmt, i, v.constData(), sqlite3_uint64(v.size()), SQLITE_TRANSIENT);
    return *this;
}
Statement& Statement::bindStatic(int i, const QByteArray& v) {
    sqlite3_bind_blob64(m_stmt, i, v.constData(), sqlite3_uint64(v.size()), SQLITE_STATIC);
    return *this;
}
Statement& Statement::bindNull(int i) { sqlite3_bind_null(m_stmt, i); return *this; }

Result<bool> Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const QString sql = QString::fromUtf8(sqlite3_sql(m_stmt)).simplified().left(80);
    Error e = m_db->lastError(m_db->path() + QStringLiteral(" [") + sql + QStringLiteral("]"));
    sqlite3_reset(m_stmt);
    return e;
}

Status Statement::run() {
    for (;;) {
        auto r = step();
        if (!r.ok()) return r.error();
        if (!r.value()) break;
    }
    reset();
    return {};
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int c) const { return sqlite3_column_type(m_stmt, c) == SQLITE_NULL; }
qint64 Statement::int64(int c) const { return sqlite3_column_int64(m_stmt, c); }
double Statement::real(int c) const { return sqlite3_column_double(m_stmt, c); }
std::optional<double> Statement::optReal(int c) const { return isNull(c) ? std::nullopt : std::optional<double>(real(c)); }
std::optional<qint64> Statement::optInt64(int c) const { return isNull(c) ? std::nullopt : std::optional<qint64>(int64(c)); }
QString Statement::text(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, c));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, c)) : QString();
}
QByteArray Statement::blob(int c) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt, c));
    return p ? QByteArray(p, sqlite3_column_bytes(m_stmt, c)) : QByteArray();
}

Transaction::Transaction(SqliteDb& db) : m_db(db) {
    m_begin = db.exec(QStringLiteral("BEGIN IMMEDIATE"));
    m_open = m_begin.ok();
}

Transaction::~Transaction() {
    if (m_open) (void)m_db.exec(QStringLiteral("ROLLBACK"));
}

Status Transaction::commit() {
    if (!m_open) return m_begin.ok() ? makeError(ErrorCode::Internal, QStringLiteral("transaction already ended")) : m_begin;
    Status s = m_db.exec(QStringLiteral("COMMIT"));
    m_open = !s.ok();  // a failed COMMIT (busy) leaves it open: the destructor rolls back
    return s;
}

} // namespace pd
