// What the grid shows, and in which order.
#include "pd/ui/models/photo_filter_model.h"

#include "pd/ui/models/photo_grid_model.h"

namespace pd::ui {

PhotoFilterModel::PhotoFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setDynamicSortFilter(true);
    sort(0, Qt::AscendingOrder);
}

const PhotoGridModel* PhotoFilterModel::grid() const { return qobject_cast<const PhotoGridModel*>(sourceModel()); }

void PhotoFilterModel::setPhotoFilter(const PhotoFilter& filter) {
    if (filter == m_filter) return;
    m_filter = filter;
    invalidateFilter();
}

void PhotoFilterModel::setSortKey(SortKey key, Qt::SortOrder order) {
    m_sortKey = key;
    invalidate();
    sort(0, order);
}

bool PhotoFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    const PhotoGridModel* g = grid();
    if (!g || sourceParent.isValid()) return true;
    const PhotoRecord& r = g->record(sourceRow);
    const PhotoFilter& f = m_filter;
    if (r.rating < f.minRating) return false;
    switch (f.flag) {
    case PhotoFilter::Flag::Any: break;
    case PhotoFilter::Flag::Picks: if (r.flag != PhotoFlag::Pick) return false; break;
    case PhotoFilter::Flag::Rejects: if (r.flag != PhotoFlag::Reject) return false; break;
    case PhotoFilter::Flag::Unflagged: if (r.flag != PhotoFlag::None) return false; break;
    case PhotoFilter::Flag::NotRejected: if (r.flag == PhotoFlag::Reject) return false; break;
    }
    if (!f.colorLabel.isEmpty() && r.colorLabel != f.colorLabel) return false;
    if (f.categoryId && r.categoryId.value_or(0) != *f.categoryId) return false;
    if (f.editedOnly && !g->index(sourceRow).data(EditedRole).toBool()) return false;
    if (f.webOnly && !r.selected) return false;
    if (!f.text.isEmpty()) {
        const QStringList hay{r.filename, r.meta.caption, r.meta.keywords.join(QLatin1Char(' ')), r.meta.cameraModel, r.category};
        bool found = false;
        for (const QString& h : hay) found = found || h.contains(f.text, Qt::CaseInsensitive);
        if (!found) return false;
    }
    return true;
}

bool PhotoFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const PhotoGridModel* g = grid();
    const PhotoRecord& a = g->record(left.row());
    const PhotoRecord& b = g->record(right.row());
    switch (m_sortKey) {
    case SortKey::FileName: {
        const int c = QString::compare(a.filename, b.filename, Qt::CaseInsensitive);
        if (c != 0) return c < 0;
        break;
    }
    case SortKey::Rating:
        if (a.rating != b.rating) return a.rating > b.rating;  // best first
        break;
    case SortKey::CaptureTime:
        if (a.meta.capturedAt != b.meta.capturedAt) return a.meta.capturedAt < b.meta.capturedAt;
        break;
    }
    return left.row() < right.row();  // stable: import order breaks ties
}

} // namespace pd::ui
