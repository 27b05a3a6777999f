// Sorting and filtering of the grid: by capture time, file name or rating; by rating, flag,
// colour label, category, edited, web selection and text.
#pragma once

#include <QSortFilterProxyModel>

#include <optional>

namespace pd::ui {

class PhotoGridModel;

struct PhotoFilter {
    enum class Flag { Any, Picks, Rejects, Unflagged, NotRejected };
    int minRating = 0;
    Flag flag = Flag::Any;
    QString colorLabel;                  // "" = any
    std::optional<qint64> categoryId;    // nullopt = any; 0 = photos in no category
    bool editedOnly = false;
    bool webOnly = false;
    QString text;                        // matches file name, caption, keywords, camera, category

    bool operator==(const PhotoFilter&) const = default;
};

// GUI thread only. The source must be a PhotoGridModel.
class PhotoFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class SortKey { CaptureTime, FileName, Rating };

    explicit PhotoFilterModel(QObject* parent = nullptr);

    void setPhotoFilter(const PhotoFilter& filter);
    const PhotoFilter& photoFilter() const { return m_filter; }
    void setSortKey(SortKey key, Qt::SortOrder order = Qt::AscendingOrder);
    SortKey sortKey() const { return m_sortKey; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    const PhotoGridModel* grid() const;
    PhotoFilter m_filter;
    SortKey m_sortKey = SortKey::CaptureTime;
};

} // namespace pd::ui
