// The grid's model: catalog rows in pages, thumbnails from the cache.
#include "pd/ui/models/photo_grid_model.h"

#include "pd/db/catalog.h"
#include "pd/ui/models/event_tree_model.h"
#include "pd/ui/thumbnail_cache.h"

#include <QMimeData>

namespace pd::ui {

PhotoGridModel::PhotoGridModel(Catalog& catalog, ThumbnailCache& thumbnails, QObject* parent)
    : QAbstractListModel(parent), m_catalog(catalog), m_thumbnails(thumbnails) {
    connect(&m_thumbnails, &ThumbnailCache::thumbnailReady, this, &PhotoGridModel::onThumbnailReady);
}

void PhotoGridModel::setEvent(const QString& eventId) {
    beginResetModel();
    m_thumbnails.cancelPending();
    m_eventId = eventId;
    m_rows.clear();
    m_rowById.clear();
    m_complete = true;
    m_publish = readPublishStates(m_catalog, m_eventId);
    // The first page is part of the reset: views and proxies see it in one step.
    if (!eventId.isEmpty()) {
        auto page = m_catalog.photos(m_eventId, 0, kPageSize);
        if (page.ok()) {
            m_complete = int(page->size()) < kPageSize;
            for (PhotoRecord& r : page.value()) {
                m_rowById.insert(r.id, int(m_rows.size()));
                m_rows.push_back(std::move(r));
            }
        }
    }
    endResetModel();
    emit webSelectionChanged(webSelectedCount());
}

void PhotoGridModel::appendRecords(std::vector<PhotoRecord> records) {
    std::erase_if(records, [&](const PhotoRecord& r) { return m_rowById.contains(r.id); });
    if (records.empty()) return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(records.size()) - 1);
    for (PhotoRecord& r : records) {
        m_rowById.insert(r.id, int(m_rows.size()));
        m_rows.push_back(std::move(r));
    }
    endInsertRows();
}

bool PhotoGridModel::canFetchMore(const QModelIndex& parent) const { return !parent.isValid() && !m_complete; }

void PhotoGridModel::fetchMore(const QModelIndex& parent) {
    if (parent.isValid() || m_complete) return;
    // Pages follow the catalog's order; a photo added meanwhile is skipped if already shown.
    auto page = m_catalog.photos(m_eventId, int(m_rows.size()), kPageSize);
    if (!page.ok()) {
        m_complete = true;
        return;
    }
    m_complete = int(page->size()) < kPageSize;
    appendRecords(std::move(page).value());
}

void PhotoGridModel::addPhoto(const QString& photoId) {
    if (m_rowById.contains(photoId)) return;
    auto p = m_catalog.findPhoto(photoId);
    if (!p.ok() || !p.value() || p.value()->eventId != m_eventId) return;
    while (!m_complete) fetchMore({});  // paging by offset needs the rows before the new one
    std::vector<PhotoRecord> one;
    one.push_back(*p.value());
    appendRecords(std::move(one));
}

void PhotoGridModel::refreshPhotos(const QStringList& photoIds) {
    bool webChanged = false;
    for (const QString& id : photoIds) {
        const int row = rowOf(id);
        if (row < 0) continue;
        auto p = m_catalog.findPhoto(id);
        if (!p.ok() || !p.value()) continue;
        webChanged = webChanged || p.value()->selected != m_rows[size_t(row)].selected;
        m_rows[size_t(row)] = *p.value();
        emit dataChanged(index(row), index(row));
    }
    if (webChanged) emit webSelectionChanged(webSelectedCount());
    // An edit or a new caption makes a published photo "modified"; cheap for unpublished events.
    if (!m_publish.isEmpty()) reloadPublishStates();
}

void PhotoGridModel::reloadPublishStates() {
    QHash<QString, GridPublishState> now = readPublishStates(m_catalog, m_eventId);
    std::swap(now, m_publish);
    for (int row = 0; row < int(m_rows.size()); ++row) {
        const QString& id = m_rows[size_t(row)].id;
        const GridPublishState a = now.value(id), b = m_publish.value(id);
        if (a.state != b.state || a.error != b.error) emit dataChanged(index(row), index(row), {PublishStateRole, Qt::ToolTipRole});
    }
}

void PhotoGridModel::setPublishState(const QString& photoId, const QString& publisherState, const QString& error) {
    const QString state = gridPublishState(publisherState);
    if (state.isEmpty()) m_publish.remove(photoId);
    else m_publish.insert(photoId, {state, error});
    const int row = rowOf(photoId);
    if (row >= 0) emit dataChanged(index(row), index(row), {PublishStateRole, Qt::ToolTipRole});
}

int PhotoGridModel::webSelectedCount() const {
    int n = 0;
    for (const PhotoRecord& r : m_rows) n += r.selected ? 1 : 0;
    return n;
}

int PhotoGridModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

QVariant PhotoGridModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const PhotoRecord& r = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case FilenameRole: return r.filename;
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("%1\n%2 x %3%4").arg(r.filename).arg(r.width).arg(r.height)
            .arg(r.meta.capturedAt.isValid() ? QStringLiteral("\n") + r.meta.capturedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString());
        const GridPublishState ps = m_publish.value(r.id);
        if (!ps.state.isEmpty()) tip += QStringLiteral("\n") + tr("Gallery: %1").arg(ps.state);
        if (!ps.error.isEmpty()) tip += QStringLiteral(" (%1)").arg(ps.error);
        return tip;
    }
    case Qt::DecorationRole:
    case ThumbnailRole: return m_thumbnails.thumbnail(r.id);
    case PhotoIdRole: return r.id;
    case EventIdRole: return r.eventId;
    case CapturedAtRole: return r.meta.capturedAt;
    case RatingRole: return r.rating;
    case FlagRole: return int(r.flag);
    case ColorLabelRole: return r.colorLabel;
    case CategoryRole: return r.category;
    case CategoryIdRole: return qlonglong(r.categoryId.value_or(0));
    case SelectedRole: return r.selected;
    case EditedRole: return !r.edits.empty();
    case PublishStateRole: return m_publish.value(r.id).state;
    case PixelSizeRole: return QSize(r.width, r.height);
    default: return {};
    }
}

Qt::ItemFlags PhotoGridModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
}

QStringList PhotoGridModel::mimeTypes() const { return {QLatin1String(kPhotoIdsMimeType)}; }

QMimeData* PhotoGridModel::mimeData(const QModelIndexList& indexes) const {
    QStringList ids;
    for (const QModelIndex& i : indexes)
        if (i.isValid()) ids << i.data(PhotoIdRole).toString();
    ids.removeDuplicates();
    auto* mime = new QMimeData;
    mime->setData(QLatin1String(kPhotoIdsMimeType), ids.join(QLatin1Char('\n')).toUtf8());
    return mime;
}

Qt::DropActions PhotoGridModel::supportedDragActions() const { return Qt::MoveAction; }

QHash<int, QByteArray> PhotoGridModel::roleNames() const {
    QHash<int, QByteArray> r = QAbstractListModel::roleNames();
    r.insert(PhotoIdRole, "photoId");
    r.insert(RatingRole, "rating");
    r.insert(FlagRole, "flag");
    r.insert(ColorLabelRole, "colorLabel");
    r.insert(SelectedRole, "selected");
    return r;
}

void PhotoGridModel::onThumbnailReady(const QString& photoId) {
    const int row = rowOf(photoId);
    if (row >= 0) emit dataChanged(index(row), index(row), {Qt::DecorationRole, ThumbnailRole});
}

} // namespace pd::ui
