// Internal: the edit view's picture area. Shows the turned frame straightened about its centre,
// and the crop over it: the rest shaded, a rule-of-thirds grid, handles on the corners and edges.
#pragma once

#include <QImage>
#include <QPixmap>
#include <QRectF>
#include <QWidget>

namespace pd::ui {

// GUI thread only. Knows nothing of edit lists: it draws what it is given and reports the crop a
// drag asks for (fractions of the frame); the edit view decides what the crop becomes (fitted
// inside the straightened picture, as the core does) and sets it back.
class CropCanvas : public QWidget {
    Q_OBJECT
public:
    enum class Handle { None, Move, TopLeft, Top, TopRight, Right, BottomRight, Bottom, BottomLeft, Left };

    explicit CropCanvas(QWidget* parent = nullptr);

    // The frame: the unedited picture turned and flipped as the edits say (not straightened).
    void setPicture(const QImage& frame);
    bool hasPicture() const { return !m_picture.isNull(); }
    void setMessage(const QString& message);   // shown instead of the picture until one is set
    void setStraighten(double degrees);
    void setCrop(const QRectF& unit);
    QRectF crop() const { return m_crop; }
    // The shape drags keep: width / height of the crop (in the frame's pixels); 0 = free.
    void setAspect(double widthOverHeight);

    // Where things are on screen, for the tests' mouse drags.
    QRectF frameRect() const;                 // the frame, fit in the widget
    QRectF cropRect() const;                  // the crop, in widget coordinates
    QPointF handlePosition(Handle handle) const;

signals:
    void dragStarted();
    // A drag asks for this crop (fractions of the frame); `finished` on the release.
    void cropRequested(const QRectF& unit, bool finished);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    Handle hitTest(QPointF pos) const;
    QRectF dragged(QPointF pos) const;   // the crop the current drag asks for, frame-local px
    void updateCursor(Handle handle);

    QImage m_picture;
    QPixmap m_scaled;   // m_picture at the frame rect's device size
    QString m_message;
    double m_straighten = 0;
    QRectF m_crop{0, 0, 1, 1};
    double m_aspect = 0;

    Handle m_drag = Handle::None;
    QPointF m_pressPos;
    QRectF m_pressCrop;   // frame-local px
};

} // namespace pd::ui
