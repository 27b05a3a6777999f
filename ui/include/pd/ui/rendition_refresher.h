// After an edit: the photos' thumbnails and previews made again in the background, and the views
// told when the new ones are stored.
#pragma once

#include "pd/db/rendition_rebuilder.h"

#include <QObject>
#include <QStringList>

namespace pd {
class Catalog;
}

namespace pd::ui {

class PhotoGridModel;
class ThumbnailCache;

// GUI thread only: refresh() and the signals. The work is split as RenditionRebuilder says:
// prepare here on the GUI thread's catalog connection, make on the rebuilder's pool (which reads
// the original from the vault on its own connection), store back here, where a result for an
// edit that has since moved on is dropped (a newer one is on its way). Once stored, the cached
// thumbnail is forgotten and the grid re-reads the row, so the new thumbnail is painted.
class RenditionRefresher : public QObject {
    Q_OBJECT
public:
    RenditionRefresher(Catalog& catalog, ThumbnailCache& thumbnails, PhotoGridModel& grid, QObject* parent = nullptr);
    ~RenditionRefresher() override;   // waits for the work in flight; its results are dropped

    void refresh(const QStringList& photoIds);
    bool isBusy() const { return m_inFlight > 0; }

signals:
    void renditionsRefreshed(const QString& photoId);
    void refreshFailed(const QString& photoId, const QString& message);
    void idle();

private:
    void onMade(const RebuiltRenditions& made);

    Catalog& m_catalog;
    ThumbnailCache& m_thumbnails;
    PhotoGridModel& m_grid;
    RenditionRebuilder m_rebuilder;
    int m_inFlight = 0;
};

} // namespace pd::ui
