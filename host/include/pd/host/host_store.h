// The host's store: one interface, one implementation per database engine (SQLite,
// PostgreSQL), the same schema and migrations in both.
#pragma once

#include "pd/core/result.h"
#include "pd/host/host_records.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace pd::host {

// Every method is safe to call from any thread at the same time (implementations lease one
// connection per call and serialise writes). Errors: Database for engine failures; the other
// codes where stated. Queries about events are always scoped by the owner's id: an event of
// another photographer is "not found", never "forbidden".
class HostStore {
public:
    virtual ~HostStore() = default;

    // The schema version of the database, and the newest this program knows.
    virtual Result<int> schemaVersion() = 0;
    virtual int newestSchemaVersion() const = 0;
    // Applies the missing migrations up to `target` (-1: newest), each in its own transaction.
    // A database newer than this program is refused (InvalidArgument), never downgraded.
    virtual Status migrate(int target = -1) = 0;
    // Integrity and consistency checks; an empty list when all is well.
    virtual Result<QStringList> check() = 0;

    // AlreadyExists when the name is taken.
    virtual Result<Photographer> addPhotographer(const QString& name, const QString& tokenHash) = 0;
    virtual Result<std::vector<Photographer>> photographers() = 0;
    // The photographer whose token hashes to `tokenHash`, revoked or not.
    virtual Result<std::optional<Photographer>> photographerByTokenHash(const QString& tokenHash) = 0;
    // Revokes by id or exact name; NotFound when neither matches. Revoking twice keeps the first time.
    virtual Result<Photographer> revokePhotographer(const QString& idOrName) = 0;

    // Creates the event for `update.event.photographerId` or replaces its fields. NotFound when
    // the id belongs to another photographer.
    virtual Result<PutOutcome> putEvent(const EventUpdate& update) = 0;
    virtual Result<std::optional<HostEvent>> event(const QString& photographerId, const QString& eventId) = 0;
    // The photographer's events, newest date first.
    virtual Result<std::vector<HostEvent>> events(const QString& photographerId) = 0;
    // False when there was no such event of this photographer.
    virtual Result<bool> deleteEvent(const QString& photographerId, const QString& eventId) = 0;
};

// The checks every backend makes after its engine's own: the schema is the newest this program
// knows (if not, the rest is skipped: it needs the newest tables), and every stored token hash is
// a hex SHA-256. Appends what it finds to `problems`; errors only when the store cannot be read.
Status checkStoredContents(HostStore& store, int schemaVersion, QStringList& problems);

} // namespace pd::host
