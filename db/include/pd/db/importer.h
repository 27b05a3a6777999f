// The import pipeline: files in, originals into the event's vault, renditions and metadata into
// the catalog. Decode once per file, one image per core, a bounded queue with read-ahead.
#pragma once

#include "pd/core/cancel_token.h"
#include "pd/core/result.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace pd {

class Catalog;

struct ImportRequest {
    QString event;      // id or exact name
    QString category;   // a category of the event, or empty for none
    QStringList paths;  // files, and folders searched recursively for images
    int jobs = 0;       // decode threads; 0 = one per core
    // Run the import's threads at a lower CPU priority (nice 10), so that an interactive
    // program's GUI thread always gets the CPU first. This includes the calling thread, which
    // must then be a background thread of its own. The CLI leaves it off.
    bool background = false;
};

enum class ImportOutcome { Imported, Duplicate, Failed };

struct ImportedFile {
    QString path;
    ImportOutcome outcome = ImportOutcome::Failed;
    QString photoId;    // Imported: the new photo; Duplicate: empty
    QString error;      // Failed: why, in words a photographer can act on
};

struct ImportFailure {
    QString path;
    QString error;
};

struct ImportSummary {
    qint64 jobId = 0;
    int total = 0;      // files this run looked at
    int imported = 0;
    int duplicates = 0;
    std::vector<ImportFailure> failed;
    bool cancelled = false;

    // Adds another run's counts (several batches reported as one).
    void add(const ImportSummary& other) {
        total += other.total;
        imported += other.imported;
        duplicates += other.duplicates;
        failed.insert(failed.end(), other.failed.begin(), other.failed.end());
        cancelled = cancelled || other.cancelled;
    }
};

// How the CLI and the GUI hear about an import. Every call comes from the thread that called
// runImport/resumeImport (never from a worker), so implementations need no locking against
// the importer; a GUI forwards them to its own thread with a queued signal.
class ImportProgress {
public:
    virtual ~ImportProgress() = default;
    virtual void importStarted(int totalFiles) { (void)totalFiles; }
    virtual void fileFinished(const ImportedFile& file, int done, int total) { (void)file; (void)done; (void)total; }
};

// Imports the request's files. A file that fails is recorded with its reason and the rest goes
// on; files already in the event (same SHA-256) are counted as duplicates and add nothing.
// The job and each file's state are kept in the catalog, so an interrupted import can be
// finished by resumeImport (or by importing the same files again). Cancellation stops
// reading new files; what is already decoded is still stored. Errors: the event or category
// does not exist, a database failure (the import stops; nothing half-written remains).
Result<ImportSummary> runImport(Catalog& catalog, const ImportRequest& request, ImportProgress* progress,
                                const CancelToken& cancel);

// Finishes the pending files of an interrupted import job.
Result<ImportSummary> resumeImport(Catalog& catalog, qint64 jobId, int jobs, ImportProgress* progress,
                                   const CancelToken& cancel, bool background = false);

struct UnfinishedJob {
    qint64 id = 0;
    QString kind;
    QString eventId;
    int pending = 0;
};
// Import jobs that were interrupted (the process died or the machine stopped).
Result<std::vector<UnfinishedJob>> unfinishedJobs(Catalog& catalog);

// The image files a set of paths names: files as given, folders searched recursively for files
// that look like images (by magic bytes or extension), sorted. Missing paths are `missing`.
struct ImportFiles {
    QStringList files;
    QStringList missing;
};
ImportFiles collectImportFiles(const QStringList& paths);

} // namespace pd
