// Archiving an event to one self-contained vault file, and attaching such a file again.
#pragma once

#include "pd/core/result.h"
#include "pd/db/records.h"

namespace pd {

class Catalog;

struct ArchivedEvent {
    QString file;
    int photos = 0;
    qint64 bytes = 0;
};

// Brings the vault's copy of the event's records up to date, copies the vault to `toFile`
// (default: <catalog>/archive/<event-id>.pdvault; never overwrites), checks the copy, and only
// then removes the event from the catalog and its vault from vaults/.
// Errors: NotFound, AlreadyExists (toFile exists), Io, Database. On error nothing is removed.
Result<ArchivedEvent> archiveEvent(Catalog& catalog, const QString& event, const QString& toFile);

// Brings an archived vault back: the event, its categories and photos (with their ratings,
// flags and selections) return to the catalog, and the thumbnails and previews are made again
// from the originals. Errors: CorruptData (not a vault), AlreadyExists (the event, or one with
// its name, is in the catalog), Io, Database. All or nothing.
Result<EventRecord> attachEvent(Catalog& catalog, const QString& file, int jobs = 0);

} // namespace pd
