// The host's SQLite connections, statements and transactions; every error becomes a pd::Error.
#include "pd/host/sqlite_connection.h"

#include <sqlite3.h>

namespace pd::host {

namespace {
// Bounds of the per-connection statement cache: distinct SQL texts, and idle copies of each.
constexpr std::size_t kMaxCachedSql = 256;
constexpr std::size_t kMaxIdlePerSql = 4;
} // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const QString& path, int busyTimeoutMs) {
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path.toUtf8().constData(), &raw, flags, nullptr) != SQLITE_OK) {
        const QString msg = raw ? QString::fromUtf8(sqlite3_errmsg(raw)) : QStringLiteral("out of memory");
        sqlite3_close(raw);
        return makeError(ErrorCode::Database, QStringLiteral("cannot open database: %1").arg(msg), path);
    }
    std::unique_ptr<SqliteConnection> db(new SqliteConnection(raw, path));
    sqlite3_busy_timeout(raw, busyTimeoutMs);
    sqlite3_extended_result_codes(raw, 1);
    // mmap_size: image bytes are read from the mapped file instead of one pread() per page, which
    // was a tenth of the time of a thumbnail request (bench/host).
    PD_TRY(db->exec(QStringLiteral("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; "
                                   "PRAGMA mmap_size=1073741824;")));
    return db;
}

SqliteConnection::~SqliteConnection() {
    for (auto& [sql, idle] : m_idleStatements)
        for (sqlite3_stmt* stmt : idle) sqlite3_finalize(stmt);
    sqlite3_close_v2(m_db);
}

void SqliteConnection::recycle(sqlite3_stmt* stmt) {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    const char* sql = sqlite3_sql(stmt);
    auto it = sql ? m_idleStatements.find(sql) : m_idleStatements.end();
    if (sql && it == m_idleStatements.end() && m_idleStatements.size() < kMaxCachedSql)
        it = m_idleStatements.emplace(sql, std::vector<sqlite3_stmt*>()).first;
    if (it == m_idleStatements.end() || it->second.size() >= kMaxIdlePerSql) {
        sqlite3_finalize(stmt);
        return;
    }
    it->second.push_back(stmt);
}

Error SqliteConnection::lastError(const QString& context) const {
    return makeError(ErrorCode::Database, QString::fromUtf8(sqlite3_errmsg(m_db)),
                     context.isEmpty() ? m_path : context);
}

Status SqliteConnection::exec(const QString& sql) {
    char* err = nullptr;
    if (sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &err) != SQLITE_OK) {
        Error e = makeError(ErrorCode::Database, QString::fromUtf8(err ? err : "unknown error"), m_path);
        sqlite3_free(err);
        return e;
    }
    return {};
}

Result<SqlStatement> SqliteConnection::prepare(const QString& sql) {
    sqlite3_stmt* stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (auto it = m_idleStatements.find(std::string(utf8.constData(), std::size_t(utf8.size())));
        it != m_idleStatements.end() && !it->second.empty()) {
        stmt = it->second.back();
        it->second.pop_back();
        return SqlStatement(this, stmt);
    }
    if (sqlite3_prepare_v3(m_db, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK)
        return lastError(m_path + QStringLiteral(" [") + sql.simplified().left(80) + QStringLiteral("]"));
    return SqlStatement(this, stmt);
}

int SqliteConnection::changes() const {
    return sqlite3_changes(m_db);
}

SqlStatement::SqlStatement(SqlStatement&& o) noexcept : m_db(o.m_db), m_stmt(o.m_stmt) {
    o.m_stmt = nullptr;
}
SqlStatement& SqlStatement::operator=(SqlStatement&& o) noexcept {
    if (this != &o) {
        if (m_stmt) m_db->recycle(m_stmt);
        m_db = o.m_db;
        m_stmt = o.m_stmt;
        o.m_stmt = nullptr;
    }
    return *this;
}
SqlStatement::~SqlStatement() {
    if (m_stmt) m_db->recycle(m_stmt);
}

SqlStatement& SqlStatement::bindOrNull(int i, const QString& v) {
    return v.isEmpty() ? bindNull(i) : bind(i, v);
}
SqlStatement& SqlStatement::bind(int i, const QString& v) {
    const QByteArray u = v.toUtf8();
    sqlite3_bind_text(m_stmt, i, u.constData(), int(u.size()), SQLITE_TRANSIENT);
    return *this;
}
SqlStatement& SqlStatement::bind(int i, qint64 v) {
    sqlite3_bind_int64(m_stmt, i, v);
    return *this;
}
SqlStatement& SqlStatement::bindBytes(int i, const QByteArray& v) {
    // A zero-length BLOB, not NULL, for empty bytes.
    sqlite3_bind_blob64(m_stmt, i, v.isEmpty() ? "" : v.constData(), sqlite3_uint64(v.size()), SQLITE_TRANSIENT);
    return *this;
}
SqlStatement& SqlStatement::bindNull(int i) {
    sqlite3_bind_null(m_stmt, i);
    return *this;
}

Result<bool> SqlStatement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const QString sql = QString::fromUtf8(sqlite3_sql(m_stmt)).simplified().left(80);
    Error e = m_db->lastError(m_db->path() + QStringLiteral(" [") + sql + QStringLiteral("]"));
    sqlite3_reset(m_stmt);
    return e;
}

Status SqlStatement::run() {
    for (;;) {
        auto r = step();
        if (!r.ok()) return r.error();
        if (!r.value()) break;
    }
    sqlite3_reset(m_stmt);
    return {};
}

bool SqlStatement::isNull(int c) const {
    return sqlite3_column_type(m_stmt, c) == SQLITE_NULL;
}
qint64 SqlStatement::int64(int c) const {
    return sqlite3_column_int64(m_stmt, c);
}
QString SqlStatement::text(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, c));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, c)) : QString();
}

QByteArray SqlStatement::bytes(int c) const {
    const void* p = sqlite3_column_blob(m_stmt, c);
    return p ? QByteArray(static_cast<const char*>(p), sqlite3_column_bytes(m_stmt, c)) : QByteArray();
}

SqlTransaction::SqlTransaction(SqliteConnection& db) : m_db(db) {
    m_begin = db.exec(QStringLiteral("BEGIN IMMEDIATE"));
    m_open = m_begin.ok();
}

SqlTransaction::~SqlTransaction() {
    if (m_open) (void)m_db.exec(QStringLiteral("ROLLBACK"));
}

Status SqlTransaction::commit() {
    if (!m_open)
        return m_begin.ok() ? makeError(ErrorCode::Internal, QStringLiteral("transaction already ended")) : m_begin;
    Status s = m_db.exec(QStringLiteral("COMMIT"));
    m_open = !s.ok(); // a failed COMMIT (busy) stays open: the destructor rolls back
    return s;
}

} // namespace pd::host
