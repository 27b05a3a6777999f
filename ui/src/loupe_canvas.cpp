// The loupe's picture area: fit and 100 % geometry, painting, click-to-zoom and drag-to-pan.
#include "loupe_canvas.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace pd::ui {

namespace {

// A neutral dark grey: judging colour needs a surround without a cast, and not pure black.
const QColor kSurround(48, 48, 48);
const QColor kMessage(200, 200, 200);

} // namespace

LoupeCanvas::LoupeCanvas(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::NoFocus); // the LoupeView takes the keys
    setMinimumSize(64, 64);
    updateCursor();
}

void LoupeCanvas::setPhoto(const QString& photoId, QSize fullSize) {
    const QSize before = m_full;
    m_photoId = photoId;
    m_full = fullSize.isValid() && !fullSize.isEmpty() ? fullSize : QSize();
    m_thumbnail = QImage();
    m_preview = QImage();
    m_fitted = QImage();
    m_region = QImage();
    m_regionRect = QRect();
    m_message.clear();
    m_pressed = m_dragging = false;
    if (m_zoomed) {
        if (m_full.isEmpty()) {
            m_zoomed = false;
            emit zoomChanged(false);
        } else if (!before.isEmpty()) {
            // Stay on the same part of the frame: a burst checked for focus at one spot.
            m_centre = QPointF(m_centre.x() / before.width() * m_full.width(),
                               m_centre.y() / before.height() * m_full.height());
        } else {
            m_centre = QPointF(m_full.width() / 2.0, m_full.height() / 2.0);
        }
        clampCentre();
    }
    updateCursor();
    update();
}

void LoupeCanvas::setThumbnail(const QString& photoId, const QImage& thumbnail) {
    if (photoId != m_photoId) return;
    m_thumbnail = thumbnail;
    if (m_preview.isNull()) update();
}

void LoupeCanvas::setPreview(const QString& photoId, const QImage& preview) {
    if (photoId != m_photoId) return;
    m_preview = preview;
    update();
}

void LoupeCanvas::setFitted(const QString& photoId, const QImage& fitted) {
    if (photoId != m_photoId) return;
    m_fitted = fitted;
    if (!m_zoomed) update();
}

void LoupeCanvas::setRegion(const QString& photoId, const QImage& pixels, const QRect& region) {
    if (photoId != m_photoId) return;
    m_region = pixels;
    m_regionRect = pixels.isNull() ? QRect() : region;
    if (m_zoomed) update();
}

void LoupeCanvas::setMessage(const QString& message) {
    if (message == m_message) return;
    m_message = message;
    update();
}

qreal LoupeCanvas::dpr() const {
    return devicePixelRatioF();
}

QSize LoupeCanvas::deviceSize() const {
    return QSize(int(std::lround(width() * dpr())), int(std::lround(height() * dpr())));
}

QSizeF LoupeCanvas::knownSize() const {
    if (!m_full.isEmpty()) return m_full;
    if (!m_preview.isNull()) return m_preview.size();
    return m_thumbnail.size();
}

QSize LoupeCanvas::fitDeviceSizeFor(QSize full) const {
    const QSize view = deviceSize();
    if (full.isEmpty() || view.isEmpty()) return {};
    // Never beyond 100 %: a small original is not blown up into something it is not.
    const double scale = std::min({double(view.width()) / full.width(), double(view.height()) / full.height(), 1.0});
    return QSize(std::max(1, int(std::lround(full.width() * scale))),
                 std::max(1, int(std::lround(full.height() * scale))));
}

QSize LoupeCanvas::fitDeviceSize() const {
    return fitDeviceSizeFor(knownSize().toSize());
}

QRectF LoupeCanvas::fitRect() const {
    const QSize view = deviceSize();
    const QSize fit = fitDeviceSize();
    if (fit.isEmpty()) return {};
    // Whole device pixels, so that the fitted picture is blitted, not resampled.
    const QPointF topLeft((view.width() - fit.width()) / 2, (view.height() - fit.height()) / 2);
    return QRectF(topLeft / dpr(), QSizeF(fit) / dpr());
}

QPoint LoupeCanvas::zoomOffset() const {
    const QSize view = deviceSize();
    return QPoint(int(std::floor(view.width() / 2.0 - m_centre.x() + 0.5)),
                  int(std::floor(view.height() / 2.0 - m_centre.y() + 0.5)));
}

void LoupeCanvas::clampCentre() {
    if (m_full.isEmpty()) return;
    const QSize view = deviceSize();
    const auto clampAxis = [](double c, int image, int viewLength) {
        if (image <= viewLength) return image / 2.0; // smaller than the view: centred
        return std::clamp(c, viewLength / 2.0, image - viewLength / 2.0);
    };
    m_centre = QPointF(clampAxis(m_centre.x(), m_full.width(), view.width()),
                       clampAxis(m_centre.y(), m_full.height(), view.height()));
}

QRect LoupeCanvas::visibleImageRect() const {
    if (!m_zoomed || m_full.isEmpty()) return {};
    return QRect(-zoomOffset(), deviceSize()) & QRect(QPoint(0, 0), m_full);
}

void LoupeCanvas::setZoomed(bool zoomed) {
    if (zoomed == m_zoomed) return;
    if (zoomed) {
        if (m_full.isEmpty()) {
            emit zoomUnavailable();
            return;
        }
        m_centre = QPointF(m_full.width() / 2.0, m_full.height() / 2.0);
        clampCentre();
    }
    m_zoomed = zoomed;
    m_pressed = m_dragging = false;
    updateCursor();
    update();
    emit zoomChanged(m_zoomed);
    emit viewChanged();
}

void LoupeCanvas::zoomAt(QPointF widgetPos) {
    if (m_zoomed) return;
    if (m_full.isEmpty()) {
        emit zoomUnavailable();
        return;
    }
    const QRectF fit = fitRect();
    if (fit.isEmpty()) return;
    // The full-resolution point under the cursor, then the centre that keeps it there.
    const double scale = m_full.width() / fit.width();
    QPointF image = (widgetPos - fit.topLeft()) * scale;
    image = QPointF(std::clamp(image.x(), 0.0, double(m_full.width())),
                    std::clamp(image.y(), 0.0, double(m_full.height())));
    const QSize view = deviceSize();
    m_centre = QPointF(view.width() / 2.0, view.height() / 2.0) - widgetPos * dpr() + image;
    clampCentre();
    m_zoomed = true;
    updateCursor();
    update();
    emit zoomChanged(true);
    emit viewChanged();
}

void LoupeCanvas::panBy(QPointF devicePixels) {
    if (!m_zoomed) return;
    const QPoint before = zoomOffset();
    m_centre += devicePixels;
    clampCentre();
    if (zoomOffset() == before) return;
    update();
    emit viewChanged();
}

void LoupeCanvas::updateCursor() {
    if (m_zoomed)
        setCursor(m_dragging ? Qt::ClosedHandCursor : Qt::OpenHandCursor);
    else if (!m_full.isEmpty())
        setCursor(Qt::PointingHandCursor); // a click zooms
    else
        unsetCursor();
}

void LoupeCanvas::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), kSurround);
    if (m_zoomed)
        paintZoomed(painter);
    else
        paintFit(painter);
    if (!m_message.isEmpty()) {
        painter.setPen(kMessage);
        painter.drawText(rect().adjusted(16, 16, -16, -16), Qt::AlignCenter | Qt::TextWordWrap, m_message);
    }
}

void LoupeCanvas::paintFit(QPainter& painter) {
    const QRectF target = fitRect();
    if (target.isEmpty()) return;
    if (hasFitted()) {
        painter.drawImage(target, m_fitted);
        return;
    }
    // Until the worker's fitted copy arrives (after a resize, or while the preview decodes):
    // the painter's bilinear scaling of what there is.
    const QImage& picture = !m_preview.isNull() ? m_preview : m_thumbnail;
    if (picture.isNull()) return;
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, picture);
}

void LoupeCanvas::paintZoomed(QPainter& painter) {
    // In device pixels: at 100 % one image pixel is one device pixel.
    painter.save();
    painter.scale(1 / dpr(), 1 / dpr());
    const QPoint offset = zoomOffset();
    const QRect visible = QRect(offset, m_full) & QRect(QPoint(0, 0), deviceSize());
    const QRect region = m_region.isNull() ? QRect() : m_regionRect.translated(offset) & visible;

    // Where the original's pixels have not arrived: the preview (or thumbnail) scaled up.
    const QImage& picture = !m_preview.isNull() ? m_preview : m_thumbnail;
    if (!picture.isNull() && region != visible) {
        if (!region.isEmpty()) painter.setClipRegion(QRegion(visible).subtracted(QRegion(region)));
        const double scale = double(picture.width()) / m_full.width();
        const QRectF source(QPointF(visible.topLeft() - offset) * scale, QSizeF(visible.size()) * scale);
        painter.setRenderHint(QPainter::SmoothPixmapTransform);
        painter.drawImage(QRectF(visible), picture, source);
        painter.setClipping(false);
    }
    if (!m_region.isNull()) painter.drawImage(m_regionRect.topLeft() + offset, m_region);
    painter.restore();
}

void LoupeCanvas::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    clampCentre();
    emit viewChanged();
}

void LoupeCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    m_pressed = true;
    m_dragging = false;
    m_pressPos = event->position();
    m_pressCentre = m_centre;
    event->accept();
}

void LoupeCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (!m_pressed || !m_zoomed) return QWidget::mouseMoveEvent(event);
    const QPointF moved = event->position() - m_pressPos;
    if (!m_dragging && moved.manhattanLength() < QApplication::startDragDistance()) return;
    if (!m_dragging) {
        m_dragging = true;
        updateCursor();
    }
    // The picture follows the hand.
    const QPoint before = zoomOffset();
    m_centre = m_pressCentre - moved * dpr();
    clampCentre();
    if (zoomOffset() != before) {
        update();
        emit viewChanged();
    }
}

void LoupeCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !m_pressed) return QWidget::mouseReleaseEvent(event);
    m_pressed = false;
    const bool dragged = m_dragging;
    m_dragging = false;
    if (!dragged) {
        if (m_zoomed)
            setZoomed(false);
        else
            zoomAt(event->position());
    }
    updateCursor();
}

void LoupeCanvas::wheelEvent(QWheelEvent* event) {
    if (!m_zoomed) return QWidget::wheelEvent(event);
    QPointF delta = event->pixelDelta();
    if (delta.isNull()) delta = QPointF(event->angleDelta()) * (100.0 / 120.0); // one notch: 100 px
    panBy(-delta * dpr());
    event->accept();
}

} // namespace pd::ui
