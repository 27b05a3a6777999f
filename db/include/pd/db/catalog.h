// The studio catalog: catalog.sqlite (events, categories, photos, renditions, jobs) and the
// folder of event vaults beside it.
#pragma once

#include "pd/core/result.h"
#include "pd/db/records.h"
#include "pd/db/sqlite_db.h"

#include <QSet>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace pd {

struct Rendition {
    int width = 0;
    int height = 0;
    QByteArray jpeg;
};

struct NewEvent {
    QString name;
    QString description;
    QDate date;
    QString photographer;
    QString location;
    QStringList categories;
};

// One connection to the catalog: use a Catalog from the thread that opened it only
// (open another Catalog on the same folder for another thread).
class Catalog {
public:
    // Opens the catalog in `dir` (created when missing, with vaults/), migrating it to the newest
    // schema. Errors: Io (folder not writable), Database (not a catalog, newer schema).
    static Result<std::unique_ptr<Catalog>> open(const QString& dir);

    // The default folder: $PROOFDESK_CATALOG, else the platform's app data folder.
    static QString defaultDir();

    const QString& dir() const { return m_dir; }
    QString vaultPath(const QString& eventId) const;
    QString vaultsDir() const;
    SqliteDb& db() { return *m_db; }

    // Events. An event is named by its id or its exact name.
    Result<EventRecord> createEvent(const NewEvent& event);   // also creates its vault
    Result<std::vector<EventRecord>> events();
    Result<std::optional<EventRecord>> findEvent(const QString& idOrName);
    Result<EventRecord> requireEvent(const QString& idOrName);   // NotFound with a clear message
    Result<std::vector<CategoryRecord>> categories(const QString& eventId);
    Result<std::optional<CategoryRecord>> findCategory(const QString& eventId, const QString& name);
    Result<int> photoCount(const QString& eventId);

    // Photos.
    Result<std::vector<PhotoRecord>> photos(const QString& eventId);
    Result<std::optional<PhotoRecord>> findPhoto(const QString& photoId);
    Result<PhotoRecord> requirePhoto(const QString& photoId);
    Result<QSet<QString>> hashesInEvent(const QString& eventId);
    Status setRating(const QString& photoId, int rating);
    Status setFlag(const QString& photoId, PhotoFlag flag);
    Status setSelected(const QStringList& photoIds, bool selected);  // all or none
    Result<std::optional<Rendition>> rendition(const QString& photoId, const QString& kind);

    // Inserts a photo with its renditions (thumb, preview) inside the caller's transaction.
    Status insertPhoto(const PhotoRecord& photo, const Rendition& thumb, const Rendition& preview);

private:
    Catalog(QString dir, std::unique_ptr<SqliteDb> db) : m_dir(std::move(dir)), m_db(std::move(db)) {}
    static PhotoRecord readPhoto(Statement& st);
    QString m_dir;
    std::unique_ptr<SqliteDb> m_db;
};

} // namespace pd
