// An event vault: vaults/<event-uuid>.sqlite, the event's originals byte for byte keyed by
// SHA-256, plus a copy of the event's and photos' records, so one file archives the event.
#pragma once

#include "pd/core/result.h"
#include "pd/db/records.h"
#include "pd/db/sqlite_db.h"

#include <memory>
#include <vector>

namespace pd {

// One connection; use from one thread. The vault uses a rollback journal, not WAL: originals are
// written once, straight into the file (a WAL would write every byte twice).
class Vault {
public:
    // Opens an existing vault, or creates it when `create`. Errors: Database (not a vault, newer schema).
    static Result<std::unique_ptr<Vault>> open(const QString& path, bool create);

    SqliteDb& db() { return *m_db; }

    Result<bool> hasOriginal(const QString& sha256);
    // Stores the bytes under their hash inside the caller's transaction; a no-op when present.
    // The caller guarantees sha256 is the hash of bytes.
    Status putOriginal(const QString& sha256, const QByteArray& bytes);
    Result<QByteArray> readOriginal(const QString& sha256);
    // Streams the original into `outPath` (write-then-rename) with incremental blob I/O.
    Status exportOriginal(const QString& sha256, const QString& outPath);
    // Hashes the stored bytes again, streaming: true when they match.
    Result<bool> verifyOriginal(const QString& sha256, qint64 expectedSize);
    Result<QStringList> originalHashes();

    Status writeEventRecord(const EventRecord& event, const std::vector<CategoryRecord>& categories);
    Result<QJsonObject> eventRecord();  // {"event": {...}, "categories": [...]}
    Status writePhotoRecord(const PhotoRecord& photo);
    Result<std::vector<PhotoRecord>> photoRecords();
    // The photo id a previous (interrupted) import gave this content, if any.
    Result<std::optional<QString>> photoIdFor(const QString& sha256);

private:
    explicit Vault(std::unique_ptr<SqliteDb> db) : m_db(std::move(db)) {}
    std::unique_ptr<SqliteDb> m_db;
};

} // namespace pd
