// The loupe: one photo fit to the window, zoom to 100 % from the original, a filmstrip below.
#pragma once

#include <QWidget>

class QAbstractItemModel;
class QModelIndex;

namespace pd {
class Catalog;
}

namespace pd::ui {

// GUI thread only. Shows the current row of `photos` (a model with the PhotoRole roles, usually
// the grid's filter model, so the filmstrip shows what the grid shows). The preview rendition is
// shown fit to the window; zooming to 100 % decodes only the visible region of the original in
// the background (results that arrive late are dropped by a generation counter).
class LoupeView : public QWidget {
    Q_OBJECT
public:
    LoupeView(const QString& catalogDir, QAbstractItemModel* photos, QWidget* parent = nullptr);
    ~LoupeView() override;

    void setCurrentIndex(const QModelIndex& index);
    QModelIndex currentIndex() const;
    bool isZoomed() const;
    void setZoomed(bool hundredPercent);
    // The photo's preview was made again (after an edit): the cached one is dropped, and the photo
    // is shown anew when it is the one on show.
    void reloadPhoto(const QString& photoId);

signals:
    void currentIndexChanged(const QModelIndex& index);
    void closeRequested();            // Esc, Space or Enter: back to the grid
    void fullScreenToggled(bool on);  // F

private:
    struct Private;
    Private* d;
};

} // namespace pd::ui
