// Internal: how the loupe's filmstrip draws one photo: its thumbnail, the current one outlined,
// rejects dimmed, picks and ratings marked.
#pragma once

#include <QCache>
#include <QImage>
#include <QStyledItemDelegate>

namespace pd::ui {

// GUI thread only. Works on any model with the PhotoRole roles.
class FilmstripDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    static constexpr int kCell = 100; // px, square

    explicit FilmstripDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    // Thumbnails shrunk to the cell, by photo id and the source image's cache key: shrinking a
    // 400 px thumbnail once (box filter) instead of resampling it badly on every paint.
    QImage cellImage(const QString& photoId, const QImage& thumbnail, QSize box) const;
    mutable QCache<QString, QImage> m_scaled;
};

} // namespace pd::ui
