// Making a photo's thumbnail and preview again from its original after its edits changed.
// The work is split by thread: prepare on the catalog's thread (reads the edits), make on a small
// pool (reads the original from the vault, decodes once, edits, encodes), store on the
// catalog's thread again (only if the photo's edit_version is still the one the pixels show:
// a late result for an edit that has since moved on is dropped).
#pragma once

#include "pd/core/cancel_token.h"
#include "pd/core/edit_operations.h"
#include "pd/core/result.h"
#include "pd/db/catalog.h"

#include <QFuture>
#include <QStringList>
#include <QThreadPool>

#include <optional>
#include <vector>

namespace pd {

struct RenditionJob {
    QString photoId;
    QString vaultPath;
    QString sha256;
    EditList edits;
    qint64 editVersion = 0;
};

struct RebuiltRenditions {
    QString photoId;
    qint64 editVersion = 0;
    Rendition thumbnail;          // carry editVersion
    Rendition preview;
    std::optional<Error> error;   // set when they could not be made (then nothing else is)
};

// Catalog thread. Errors: NotFound.
Result<RenditionJob> prepareRenditionJob(Catalog& catalog, const QString& photoId);
// Any thread: opens the event's vault on its own connection. Never watermarked.
RebuiltRenditions makeRenditions(const RenditionJob& job);
// Catalog thread. True when stored; false when the photo's edits moved on since the job was
// prepared (or the photo is gone): the result is dropped and a newer job will follow.
Result<bool> storeRenditions(Catalog& catalog, const RebuiltRenditions& made);
// Photos whose thumbnail or preview shows an older edit version than the photo has (all events,
// or one), e.g. after a crash between an edit and its rebuild.
Result<QStringList> photosWithStaleRenditions(Catalog& catalog, const QString& eventId = {});

struct RebuildSummary {
    int rebuilt = 0;
    int superseded = 0;                          // dropped: edited again meanwhile
    std::vector<std::pair<QString, Error>> failed;   // photo id, why
};

// One bounded pool for rendition work. The GUI uses submit() and stores the result with
// QFuture::then(context, ...) on its catalog's thread; the CLI uses rebuild(), which blocks.
class RenditionRebuilder {
public:
    explicit RenditionRebuilder(int threads = 2);
    ~RenditionRebuilder();   // waits for the work already submitted
    RenditionRebuilder(const RenditionRebuilder&) = delete;
    RenditionRebuilder& operator=(const RenditionRebuilder&) = delete;

    // Any thread. The future's value comes from a pool thread; never store it from there.
    QFuture<RebuiltRenditions> submit(RenditionJob job);
    // Catalog thread: prepare, make on the pool (several photos at once), store each as it is
    // done. A photo that fails is listed and the rest goes on. Cancellation stops submitting.
    Result<RebuildSummary> rebuild(Catalog& catalog, const QStringList& photoIds, const CancelToken* cancel = nullptr);

private:
    QThreadPool m_pool;
};

} // namespace pd
