// Paints one grid cell: the thumbnail on a grey mat, with its rating, flag, colour label and the
// web, edited and published badges. Everything but the photo is drawn as vectors, so it is crisp
// at any device pixel ratio.
#pragma once

#include <QCache>
#include <QPixmap>
#include <QStyledItemDelegate>

namespace pd::ui {

class PhotoDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit PhotoDelegate(QObject* parent = nullptr);

    void setCellSize(int px);   // the square cell's edge
    int cellSize() const { return m_cell; }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    static QColor labelColor(const QString& label);

private:
    // Thumbnails scaled to the cell, keyed by the image and the size: a repaint is a blit, and
    // the smooth (area-averaging) scale happens once per photo and cell size.
    const QPixmap& scaledThumbnail(const QImage& thumb, QSize devicePixels, qreal dpr) const;

    int m_cell = 200;
    mutable QCache<QString, QPixmap> m_scaled{64 << 20};
};

} // namespace pd::ui
