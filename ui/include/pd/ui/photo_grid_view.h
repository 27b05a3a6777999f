// The thumbnail grid: a QListView in icon mode that drags photo ids and takes dropped files.
#pragma once

#include <QListView>

namespace pd::ui {

class PhotoDelegate;

// GUI thread only. Culling keys are QActions of the main window; this view only adds the grid's
// own behaviour: uniform cells, dragging photos, and dropped files (filesDropped).
class PhotoGridView : public QListView {
    Q_OBJECT
public:
    explicit PhotoGridView(QWidget* parent = nullptr);
    void setCellSize(int px);
    int cellSize() const;

signals:
    void filesDropped(const QStringList& paths);
    void activatedForLoupe(const QModelIndex& index);

protected:
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dragMoveEvent(QDragMoveEvent* e) override;
    void dropEvent(QDropEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;

private:
    PhotoDelegate* m_delegate;
};

} // namespace pd::ui
