// Internal: the loupe's picture area: one photo fit to the widget, or at 100 % around a centre.
#pragma once

#include <QImage>
#include <QPointF>
#include <QRect>
#include <QString>
#include <QWidget>

namespace pd::ui {

// GUI thread only. Holds no pixels it has to compute: the fitted picture and the 100 % region
// are made by workers and handed in; until they arrive it draws what it has (the preview or the
// thumbnail, scaled by the painter). Geometry is in device pixels where it meets image pixels:
// at 100 % one original pixel is one device pixel.
class LoupeCanvas : public QWidget {
    Q_OBJECT
public:
    explicit LoupeCanvas(QWidget* parent = nullptr);

    // A new photo with its oriented full-resolution size (empty when unknown: no 100 % then).
    // Forgets the pictures of the previous one; a zoomed view stays zoomed at the same relative place.
    void setPhoto(const QString& photoId, QSize fullSize);
    const QString& photoId() const { return m_photoId; }
    QSize fullSize() const { return m_full; }

    // Pictures of the current photo; those for another photo id are ignored.
    void setThumbnail(const QString& photoId, const QImage& thumbnail);
    void setPreview(const QString& photoId, const QImage& preview);
    void setFitted(const QString& photoId, const QImage& fitted); // fitDeviceSize() pixels
    void setRegion(const QString& photoId, const QImage& pixels, const QRect& region);
    void setMessage(const QString& message); // drawn over the picture area; empty = none

    bool hasPreview() const { return !m_preview.isNull(); }
    bool hasFitted() const { return !m_fitted.isNull() && m_fitted.size() == fitDeviceSize(); }
    QRect regionRect() const { return m_regionRect; }

    // The device-pixel size of the fit view for the current photo, or for a photo of `fullSize`.
    QSize fitDeviceSize() const;
    QSize fitDeviceSizeFor(QSize fullSize) const;

    bool isZoomed() const { return m_zoomed; }
    // 100 % around the image centre, or back to fit.
    void setZoomed(bool zoomed);
    // 100 % with the image point under `widgetPos` (in the fit view) kept under it.
    void zoomAt(QPointF widgetPos);
    // Moves the 100 % view by device pixels (positive: towards the right / bottom of the image).
    void panBy(QPointF devicePixels);
    // Oriented full-resolution pixels visible at 100 % (empty when not zoomed).
    QRect visibleImageRect() const;

signals:
    void zoomChanged(bool zoomed);
    void zoomUnavailable(); // 100 % was asked for a photo whose full size is unknown
    void viewChanged();     // resized or panned: the fitted picture or the region may need redoing

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    qreal dpr() const;
    QSize deviceSize() const;
    QSizeF knownSize() const;  // full size, else the preview's or thumbnail's
    QRectF fitRect() const;    // where the fit picture goes, logical pixels
    QPoint zoomOffset() const; // device position of image pixel (0, 0) at 100 %
    void clampCentre();
    void updateCursor();
    void paintFit(QPainter& painter);
    void paintZoomed(QPainter& painter);

    QString m_photoId;
    QSize m_full;
    QImage m_thumbnail;
    QImage m_preview;
    QImage m_fitted;
    QImage m_region;
    QRect m_regionRect;
    QString m_message;

    bool m_zoomed = false;
    QPointF m_centre; // the image point (full-resolution pixels) at the view's centre
    QPointF m_pressPos;
    QPointF m_pressCentre;
    bool m_pressed = false;
    bool m_dragging = false;
};

} // namespace pd::ui
