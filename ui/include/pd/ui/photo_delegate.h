// Paints one grid cell: the thumbnail on a grey mat, with its rating, flag, colour label and the
// web, edited and published badges. Everything but the photo is drawn as vectors, so it is crisp
// at any device pixel ratio.
#pragma once

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
    int m_cell = 200;
};

} // namespace pd::ui
