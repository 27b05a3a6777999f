// Event vaults: originals stored once by content hash, and the event's records.
#include "pd/db/vault.h"

#include "pd/core/content_hash.h"
#include "pd/db/migrations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <sqlite3.h>

namespace pd {

namespace {
// Big pages: an original is a few MB, so fewer overflow pages and less per-page overhead.
constexpr int kVaultPageSize = 65536;
constexpr int kChunk = 1 << 20;
} // namespace

Result<std::unique_ptr<Vault>> Vault::open(const QString& path, bool create) {
    SqliteDb::Options o;
    o.journal = SqliteDb::Journal::Rollback;
    o.create = create;
    o.pageSize = kVaultPageSize;
    auto db = SqliteDb::open(path, o);
    if (!db.ok()) return db.error();
    // A vault must look like one: refuse a random SQLite file (or a catalog) handed to attach.
    if (!create) {
        auto st = (*db)->prepare(QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'originals'"));
        PD_TRY(st);
        auto r = st->step();
        PD_TRY(r);
        if (st->int32(0) == 0) return makeError(ErrorCode::CorruptData, QStringLiteral("not a Proofdesk event vault"), path);
    }
    PD_TRY(migrate(**db, vaultMigrations()));
    return std::unique_ptr<Vault>(new Vault(std::move(db).value()));
}

Result<bool> Vault::hasOriginal(const QString& sha256) {
    auto st = m_db->prepare(QStringLiteral("SELECT 1 FROM originals WHERE sha256 = ?"));
    PD_TRY(st);
    st->bind(1, sha256);
    return st->step();
}

Status Vault::putOriginal(const QString& sha256, const QByteArray& bytes) {
    // Bound as a static blob: SQLite writes the pages straight from our buffer, once.
    auto st = m_db->prepare(QStringLiteral("INSERT OR IGNORE INTO originals(sha256, byte_size, bytes) VALUES(?,?,?)"));
    PD_TRY(st);
    st->bind(1, sha256).bind(2, qint64(bytes.size())).bindStatic(3, bytes);
    return st->run();
}

Result<QByteArray> Vault::readOriginal(const QString& sha256) {
    auto st = m_db->prepare(QStringLiteral("SELECT bytes FROM originals WHERE sha256 = ?"));
    PD_TRY(st);
    st->bind(1, sha256);
    auto r = st->step();
    PD_TRY(r);
    if (!r.value()) return makeError(ErrorCode::NotFound, QStringLiteral("the original %1 is not in the vault").arg(sha256), m_db->path());
    return st->blob(0);
}

namespace {
// Calls sink(chunk) for each chunk of the original, read with incremental blob I/O.
template <typename Sink>
Status streamOriginal(SqliteDb& db, const QString& sha256, Sink&& sink) {
    auto st = db.prepare(QStringLiteral("SELECT rowid FROM originals WHERE sha256 = ?"));
    PD_TRY(st);
    st->bind(1, sha256);
    auto r = st->step();
    PD_TRY(r);
    if (!r.value()) return makeError(ErrorCode::NotFound, QStringLiteral("the original %1 is not in the vault").arg(sha256), db.path());
    sqlite3_blob* blob = nullptr;
    if (sqlite3_blob_open(db.handle(), "main", "originals", "bytes", st->int64(0), 0, &blob) != SQLITE_OK)
        return db.lastError(QStringLiteral("opening original %1").arg(sha256));
    const int size = sqlite3_blob_bytes(blob);
    QByteArray buf(kChunk, Qt::Uninitialized);
    Status status;
    for (int off = 0; off < size && status.ok(); off += kChunk) {
        const int n = std::min(kChunk, size - off);
        if (sqlite3_blob_read(blob, buf.data(), n, off) != SQLITE_OK) status = db.lastError(QStringLiteral("reading original %1").arg(sha256));
        else status = sink(buf.constData(), n);
    }
    sqlite3_blob_close(blob);
    return status;
}
} // namespace

Status Vault::exportOriginal(const QString& sha256, const QString& outPath) {
    QSaveFile out(outPath);
    if (!out.open(QIODevice::WriteOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot write: %1").arg(out.errorString()), outPath);
    PD_TRY(streamOriginal(*m_db, sha256, [&](const char* data, int n) -> Status {
        if (out.write(data, n) != n) return makeError(ErrorCode::Io, out.errorString(), outPath);
        return {};
    }));
    if (!out.commit()) return makeError(ErrorCode::Io, QStringLiteral("cannot write: %1").arg(out.errorString()), outPath);
    return {};
}

Result<bool> Vault::verifyOriginal(const QString& sha256, qint64 expectedSize) {
    Sha256 h;
    qint64 total = 0;
    PD_TRY(streamOriginal(*m_db, sha256, [&](const char* data, int n) -> Status {
        h.add(data, n);
        total += n;
        return {};
    }));
    return total == expectedSize && h.finishHex() == sha256;
}

Result<QStringList> Vault::originalHashes() {
    auto st = m_db->prepare(QStringLiteral("SELECT sha256 FROM originals ORDER BY sha256"));
    PD_TRY(st);
    QStringList out;
    PD_TRY(st->forEach([&] {
        out << st->text(0);
    }));
    return out;
}

Status Vault::writeEventRecord(const EventRecord& event, const std::vector<CategoryRecord>& categories) {
    QJsonArray cats;
    for (const auto& c : categories) cats.append(QJsonObject{{"name", c.name}, {"position", c.position}});
    const QJsonObject o{{"event", event.toJson()}, {"categories", cats}};
    auto st = m_db->prepare(QStringLiteral("INSERT OR REPLACE INTO event_record(id, event_id, json) VALUES(1, ?, ?)"));
    PD_TRY(st);
    st->bind(1, event.id).bind(2, QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
    return st->run();
}

Result<QJsonObject> Vault::eventRecord() {
    auto st = m_db->prepare(QStringLiteral("SELECT json FROM event_record WHERE id = 1"));
    PD_TRY(st);
    auto r = st->step();
    PD_TRY(r);
    if (!r.value()) return makeError(ErrorCode::CorruptData, QStringLiteral("the vault has no event record"), m_db->path());
    return QJsonDocument::fromJson(st->text(0).toUtf8()).object();
}

Status Vault::writePhotoRecord(const PhotoRecord& photo) {
    auto st = m_db->prepare(QStringLiteral("INSERT OR REPLACE INTO photo_records(photo_id, sha256, json) VALUES(?,?,?)"));
    PD_TRY(st);
    st->bind(1, photo.id).bind(2, photo.sha256)
        .bind(3, QString::fromUtf8(QJsonDocument(photo.toJson()).toJson(QJsonDocument::Compact)));
    return st->run();
}

Result<std::vector<PhotoRecord>> Vault::photoRecords() {
    auto st = m_db->prepare(QStringLiteral("SELECT json FROM photo_records ORDER BY photo_id"));
    PD_TRY(st);
    std::vector<PhotoRecord> out;
    PD_TRY(st->forEach([&] {
        out.push_back(PhotoRecord::fromJson(QJsonDocument::fromJson(st->text(0).toUtf8()).object()));
    }));
    return out;
}

Result<std::optional<QString>> Vault::photoIdFor(const QString& sha256) {
    auto st = m_db->prepare(QStringLiteral("SELECT photo_id FROM photo_records WHERE sha256 = ?"));
    PD_TRY(st);
    st->bind(1, sha256);
    auto r = st->step();
    PD_TRY(r);
    if (!r.value()) return std::optional<QString>();
    return std::optional<QString>(st->text(0));
}

} // namespace pd
