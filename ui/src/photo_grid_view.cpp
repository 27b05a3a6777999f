// The grid's view behaviour: layout, drag of photos out, drop of files in.
#include "pd/ui/photo_grid_view.h"

#include "pd/ui/photo_delegate.h"

#include <QDragEnterEvent>
#include <QKeyEvent>
#include <QMimeData>
#include <QScrollBar>

namespace pd::ui {

PhotoGridView::PhotoGridView(QWidget* parent) : QListView(parent), m_delegate(new PhotoDelegate(this)) {
    setViewMode(QListView::IconMode);
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setUniformItemSizes(true);
    setLayoutMode(QListView::Batched);  // big events lay out in steps, the GUI stays responsive
    setBatchSize(500);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSpacing(2);
    setItemDelegate(m_delegate);
    setDragEnabled(true);
    setAcceptDrops(true);
    setDropIndicatorShown(false);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::MoveAction);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setWrapping(true);
    setFlow(QListView::LeftToRight);
    // After setMovement(Static), which switches the viewport's drops off: files must land here.
    viewport()->setAcceptDrops(true);
    setCellSize(m_delegate->cellSize());
    QPalette p = palette();
    p.setColor(QPalette::Base, QColor(0x26, 0x26, 0x26));
    setPalette(p);
}

void PhotoGridView::setCellSize(int px) {
    m_delegate->setCellSize(px);
    setGridSize(QSize(m_delegate->cellSize() + 4, m_delegate->sizeHint({}, {}).height() + 4));
    verticalScrollBar()->setSingleStep(m_delegate->cellSize() / 4);
    doItemsLayout();
}

int PhotoGridView::cellSize() const { return m_delegate->cellSize(); }

void PhotoGridView::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls() && e->source() == nullptr) e->acceptProposedAction();
    else QListView::dragEnterEvent(e);
}

void PhotoGridView::dragMoveEvent(QDragMoveEvent* e) {
    if (e->mimeData()->hasUrls() && e->source() == nullptr) e->acceptProposedAction();
    else e->ignore();  // photos are moved by dropping them on a category, not within the grid
}

void PhotoGridView::dropEvent(QDropEvent* e) {
    if (!e->mimeData()->hasUrls() || e->source() != nullptr) {
        e->ignore();
        return;
    }
    QStringList paths;
    for (const QUrl& u : e->mimeData()->urls())
        if (u.isLocalFile()) paths << u.toLocalFile();
    e->acceptProposedAction();
    if (!paths.isEmpty()) emit filesDropped(paths);
}

void PhotoGridView::keyPressEvent(QKeyEvent* e) {
    if ((e->key() == Qt::Key_Space || e->key() == Qt::Key_Return || e->key() == Qt::Key_Enter) && currentIndex().isValid()) {
        emit activatedForLoupe(currentIndex());
        return;
    }
    QListView::keyPressEvent(e);
}

} // namespace pd::ui
