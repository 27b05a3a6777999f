// The studio catalog: catalog.sqlite (events, categories, photos, renditions, jobs) and the
// folder of event vaults beside it.
#pragma once

#include "pd/core/result.h"
#include "pd/db/records.h"
#include "pd/db/sqlite_db.h"

#include <QHash>
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
    qint64 editVersion = 0;   // the photo's edit version these pixels show
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
    // Photos per category id of the event (key 0: photos in no category).
    Result<QHash<qint64, int>> categoryCounts(const QString& eventId);

    // Saves every field of the event (name, description, date, photographer, location, price
    // sheet, delivery, default watermark, proof and share sizes, GPS in proofs) and refreshes the
    // vault's copy. Errors: NotFound, AlreadyExists (name taken), InvalidArgument (empty name, a
    // proof size outside 256..16384, a share size outside 256..65535 and not 0), Database (a
    // watermark preset id that does not exist).
    Status updateEvent(const EventRecord& event);

    // Categories. Names are unique within an event; a category can be deleted only when empty.
    Result<CategoryRecord> addCategory(const QString& eventId, const QString& name);
    Status renameCategory(qint64 categoryId, const QString& name);
    Status moveCategory(qint64 categoryId, int newIndex);   // reorders; other positions shift
    Status deleteCategory(qint64 categoryId);               // InvalidArgument when it holds photos
    // Moves photos into a category of their event (or none). All or nothing.
    Status setCategory(const QStringList& photoIds, std::optional<qint64> categoryId);

    // Photos.
    Result<std::vector<PhotoRecord>> photos(const QString& eventId);
    // One page of the event's photos in capture-time order (for lazily filled views).
    Result<std::vector<PhotoRecord>> photos(const QString& eventId, int offset, int limit);
    Result<std::optional<PhotoRecord>> findPhoto(const QString& photoId);
    Result<PhotoRecord> requirePhoto(const QString& photoId);
    Result<QSet<QString>> hashesInEvent(const QString& eventId);
    Status setRating(const QString& photoId, int rating);
    Status setFlag(const QString& photoId, PhotoFlag flag);
    Status setSelected(const QStringList& photoIds, bool selected);  // all or none
    Status setColorLabel(const QString& photoId, const QString& label); // one of colorLabels() or ""
    Result<std::optional<Rendition>> rendition(const QString& photoId, const QString& kind);

    // Inserts the event's row, every field, inside the caller's transaction.
    Status insertEventRow(const EventRecord& event);
    // Inserts a photo with its renditions (thumb, preview) inside the caller's transaction.
    Status insertPhoto(const PhotoRecord& photo, const Rendition& thumb, const Rendition& preview);

private:
    Status refreshVaultRecord(const QString& eventId);
    Catalog(QString dir, std::unique_ptr<SqliteDb> db) : m_dir(std::move(dir)), m_db(std::move(db)) {}
    static PhotoRecord readPhoto(Statement& st);
    QString m_dir;
    std::unique_ptr<SqliteDb> m_db;
};

} // namespace pd
