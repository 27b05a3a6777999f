// Renditions made again after edits: prepared and stored on the GUI thread, made on a pool.
#include "pd/ui/rendition_refresher.h"

#include "pd/db/catalog.h"
#include "pd/ui/models/photo_grid_model.h"
#include "pd/ui/thumbnail_cache.h"

#include <QFuture>

namespace pd::ui {

namespace {
// Two at a time: a paste onto a selection keeps the cores busy, the GUI thread still gets its share.
constexpr int kRenditionThreads = 2;
} // namespace

RenditionRefresher::RenditionRefresher(Catalog& catalog, ThumbnailCache& thumbnails, PhotoGridModel& grid, QObject* parent)
    : QObject(parent), m_catalog(catalog), m_thumbnails(thumbnails), m_grid(grid), m_rebuilder(kRenditionThreads) {}

RenditionRefresher::~RenditionRefresher() = default;

void RenditionRefresher::refresh(const QStringList& photoIds) {
    for (const QString& id : photoIds) {
        auto job = prepareRenditionJob(m_catalog, id);
        if (!job.ok()) {
            emit refreshFailed(id, job.error().toString());
            continue;
        }
        ++m_inFlight;
        m_rebuilder.submit(std::move(job).value()).then(this, [this](const RebuiltRenditions& made) { onMade(made); });
    }
    if (m_inFlight == 0) emit idle();
}

void RenditionRefresher::onMade(const RebuiltRenditions& made) {
    --m_inFlight;
    if (made.error) {
        emit refreshFailed(made.photoId, made.error->toString());
    } else {
        auto stored = storeRenditions(m_catalog, made);
        if (!stored.ok()) {
            emit refreshFailed(made.photoId, stored.error().toString());
        } else if (stored.value()) {
            m_thumbnails.invalidate(made.photoId);
            m_grid.refreshPhotos({made.photoId});
            emit renditionsRefreshed(made.photoId);
        }
        // else: edited again since; the newer job stores its own.
    }
    if (m_inFlight == 0) emit idle();
}

} // namespace pd::ui
