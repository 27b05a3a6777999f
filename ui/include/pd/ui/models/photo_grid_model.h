// The photos of one event as a list model: rows of metadata fetched in pages, thumbnails fetched
// lazily through the ThumbnailCache and announced with dataChanged.
#pragma once

#include "pd/db/records.h"
#include "pd/ui/models/photo_roles.h"
#include "pd/ui/models/publish_states.h"

#include <QAbstractListModel>
#include <QHash>

#include <vector>

namespace pd {
class Catalog;
}

namespace pd::ui {

class ThumbnailCache;

// GUI thread only. Reads through the GUI thread's Catalog connection.
class PhotoGridModel : public QAbstractListModel {
    Q_OBJECT
public:
    static constexpr int kPageSize = 1000;

    PhotoGridModel(Catalog& catalog, ThumbnailCache& thumbnails, QObject* parent = nullptr);

    // Shows the event's photos (empty id: none). The first page is read at once, the rest on fetchMore().
    void setEvent(const QString& eventId);
    const QString& eventId() const { return m_eventId; }

    // A photo of the shown event just arrived (import): appended if it is not there yet.
    void addPhoto(const QString& photoId);
    // Re-reads these photos' records (after a change in the catalog) and announces dataChanged.
    void refreshPhotos(const QStringList& photoIds);

    const PhotoRecord& record(int row) const { return m_rows[size_t(row)]; }
    int rowOf(const QString& photoId) const { return m_rowById.value(photoId, -1); }
    int webSelectedCount() const;

    // Publish states (PublishStateRole): re-read from the catalog (after a publish, an edit), or
    // set live from the Publisher's per-photo updates (a state in its words, see gridPublishState).
    void reloadPublishStates();
    void setPublishState(const QString& photoId, const QString& publisherState, const QString& error = {});

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    Qt::DropActions supportedDragActions() const override;
    QHash<int, QByteArray> roleNames() const override;

signals:
    void webSelectionChanged(int count);

private:
    void onThumbnailReady(const QString& photoId);
    void appendRecords(std::vector<PhotoRecord> records);

    Catalog& m_catalog;
    ThumbnailCache& m_thumbnails;
    QString m_eventId;
    std::vector<PhotoRecord> m_rows;
    QHash<QString, int> m_rowById;
    bool m_complete = true;  // every photo of the event has been read
    QHash<QString, GridPublishState> m_publish;   // photos without a badge are absent
};

} // namespace pd::ui
