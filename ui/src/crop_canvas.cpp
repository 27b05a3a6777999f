// The crop tool's picture area: painting and the drags of the crop's handles.
#include "crop_canvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace pd::ui {

namespace {

constexpr double kMargin = 28;      // around the frame, so the handles stay on screen
constexpr double kGrab = 12;        // how near a handle or an edge a press takes it
constexpr double kMinCrop = 16;     // the smallest crop a drag makes, screen px
constexpr double kHandleLength = 18;

// The overlay is neutral on purpose: white lines, black shade, whatever the theme.
const QColor kLine(255, 255, 255, 230);
const QColor kGrid(255, 255, 255, 90);
const QColor kShade(0, 0, 0, 150);

bool isCorner(CropCanvas::Handle h) {
    using H = CropCanvas::Handle;
    return h == H::TopLeft || h == H::TopRight || h == H::BottomRight || h == H::BottomLeft;
}

} // namespace

CropCanvas::CropCanvas(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 240);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void CropCanvas::setPicture(const QImage& frame) {
    m_picture = frame;
    m_scaled = QPixmap();
    if (!frame.isNull()) m_message.clear();
    update();
}

void CropCanvas::setMessage(const QString& message) {
    m_message = message;
    update();
}

void CropCanvas::setStraighten(double degrees) {
    m_straighten = degrees;
    update();
}

void CropCanvas::setCrop(const QRectF& unit) {
    m_crop = unit;
    update();
}

void CropCanvas::setAspect(double widthOverHeight) { m_aspect = std::max(0.0, widthOverHeight); }

QRectF CropCanvas::frameRect() const {
    const QRectF area = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    if (m_picture.isNull() || area.isEmpty()) return {};
    const QSizeF s = QSizeF(m_picture.size()).scaled(area.size(), Qt::KeepAspectRatio);
    return QRectF(area.center().x() - s.width() / 2, area.center().y() - s.height() / 2, s.width(), s.height());
}

QRectF CropCanvas::cropRect() const {
    const QRectF f = frameRect();
    return QRectF(f.x() + m_crop.x() * f.width(), f.y() + m_crop.y() * f.height(), m_crop.width() * f.width(),
                  m_crop.height() * f.height());
}

QPointF CropCanvas::handlePosition(Handle handle) const {
    const QRectF c = cropRect();
    switch (handle) {
    case Handle::None:
    case Handle::Move: return c.center();
    case Handle::TopLeft: return c.topLeft();
    case Handle::Top: return {c.center().x(), c.top()};
    case Handle::TopRight: return c.topRight();
    case Handle::Right: return {c.right(), c.center().y()};
    case Handle::BottomRight: return c.bottomRight();
    case Handle::Bottom: return {c.center().x(), c.bottom()};
    case Handle::BottomLeft: return c.bottomLeft();
    case Handle::Left: return {c.left(), c.center().y()};
    }
    return c.center();
}

void CropCanvas::resizeEvent(QResizeEvent* event) {
    m_scaled = QPixmap();
    QWidget::resizeEvent(event);
}

void CropCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QRectF frame = frameRect();
    if (m_picture.isNull() || frame.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const qreal dpr = devicePixelRatioF();
    const QSize device = (frame.size() * dpr).toSize();
    if (m_scaled.isNull() || m_scaled.size() != device) {
        m_scaled = QPixmap::fromImage(m_picture.scaled(device, Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
        m_scaled.setDevicePixelRatio(dpr);
    }

    // The picture straightened about the frame's centre; what turns out of the frame is cut off,
    // as the edited picture is.
    p.save();
    p.setClipRect(frame);
    p.setRenderHint(QPainter::SmoothPixmapTransform, m_straighten != 0);
    p.translate(frame.center());
    p.rotate(m_straighten);
    p.drawPixmap(QRectF(-frame.width() / 2, -frame.height() / 2, frame.width(), frame.height()), m_scaled, QRectF(m_scaled.rect()));
    p.restore();

    const QRectF c = cropRect();
    QPainterPath shade;
    shade.addRect(frame);
    QPainterPath inside;
    inside.addRect(c);
    p.fillPath(shade.subtracted(inside), kShade);

    // Rule of thirds.
    p.setPen(QPen(kGrid, 1));
    for (int i = 1; i < 3; ++i) {
        const double x = c.left() + c.width() * i / 3.0, y = c.top() + c.height() * i / 3.0;
        p.drawLine(QPointF(x, c.top()), QPointF(x, c.bottom()));
        p.drawLine(QPointF(c.left(), y), QPointF(c.right(), y));
    }
    p.setPen(QPen(kLine, 1));
    p.drawRect(c);

    // Handles: L-shapes on the corners, bars on the edges' middles.
    const double l = std::min({kHandleLength, c.width() / 3, c.height() / 3});
    QPen handlePen(kLine, 3);
    handlePen.setCapStyle(Qt::FlatCap);
    p.setPen(handlePen);
    const QPointF tl = c.topLeft(), tr = c.topRight(), br = c.bottomRight(), bl = c.bottomLeft();
    const double o = 1.5;   // the thick line sits just outside the thin border
    p.drawPolyline(QPolygonF{{tl.x() - o, tl.y() + l}, {tl.x() - o, tl.y() - o}, {tl.x() + l, tl.y() - o}});
    p.drawPolyline(QPolygonF{{tr.x() - l, tr.y() - o}, {tr.x() + o, tr.y() - o}, {tr.x() + o, tr.y() + l}});
    p.drawPolyline(QPolygonF{{br.x() + o, br.y() - l}, {br.x() + o, br.y() + o}, {br.x() - l, br.y() + o}});
    p.drawPolyline(QPolygonF{{bl.x() + l, bl.y() + o}, {bl.x() - o, bl.y() + o}, {bl.x() - o, bl.y() - l}});
    const QPointF mt(c.center().x(), c.top() - o), mb(c.center().x(), c.bottom() + o);
    const QPointF ml(c.left() - o, c.center().y()), mr(c.right() + o, c.center().y());
    p.drawLine(mt - QPointF(l / 2, 0), mt + QPointF(l / 2, 0));
    p.drawLine(mb - QPointF(l / 2, 0), mb + QPointF(l / 2, 0));
    p.drawLine(ml - QPointF(0, l / 2), ml + QPointF(0, l / 2));
    p.drawLine(mr - QPointF(0, l / 2), mr + QPointF(0, l / 2));
}

CropCanvas::Handle CropCanvas::hitTest(QPointF pos) const {
    if (m_picture.isNull()) return Handle::None;
    const QRectF c = cropRect();
    auto near = [&](QPointF a) { return std::abs(pos.x() - a.x()) <= kGrab && std::abs(pos.y() - a.y()) <= kGrab; };
    for (Handle h : {Handle::TopLeft, Handle::TopRight, Handle::BottomRight, Handle::BottomLeft})
        if (near(handlePosition(h))) return h;
    const bool withinX = pos.x() > c.left() - kGrab && pos.x() < c.right() + kGrab;
    const bool withinY = pos.y() > c.top() - kGrab && pos.y() < c.bottom() + kGrab;
    if (withinX && std::abs(pos.y() - c.top()) <= kGrab / 1.5) return Handle::Top;
    if (withinX && std::abs(pos.y() - c.bottom()) <= kGrab / 1.5) return Handle::Bottom;
    if (withinY && std::abs(pos.x() - c.left()) <= kGrab / 1.5) return Handle::Left;
    if (withinY && std::abs(pos.x() - c.right()) <= kGrab / 1.5) return Handle::Right;
    if (c.contains(pos)) return Handle::Move;
    return Handle::None;
}

void CropCanvas::updateCursor(Handle h) {
    switch (h) {
    case Handle::TopLeft:
    case Handle::BottomRight: setCursor(Qt::SizeFDiagCursor); break;
    case Handle::TopRight:
    case Handle::BottomLeft: setCursor(Qt::SizeBDiagCursor); break;
    case Handle::Left:
    case Handle::Right: setCursor(Qt::SizeHorCursor); break;
    case Handle::Top:
    case Handle::Bottom: setCursor(Qt::SizeVerCursor); break;
    case Handle::Move: setCursor(Qt::SizeAllCursor); break;
    case Handle::None: unsetCursor(); break;
    }
}

QRectF CropCanvas::dragged(QPointF pos) const {
    const QRectF frame = frameRect();
    const double W = frame.width(), H = frame.height();
    const QPointF p = pos - frame.topLeft();
    const QRectF r = m_pressCrop;
    const double a = m_aspect;
    const double minW = std::min(kMinCrop, W), minH = std::min(kMinCrop, H);

    if (m_drag == Handle::Move) {
        const QPointF d = pos - m_pressPos;
        const double x = std::clamp(r.x() + d.x(), 0.0, W - r.width());
        const double y = std::clamp(r.y() + d.y(), 0.0, H - r.height());
        return QRectF(x, y, r.width(), r.height());
    }
    if (isCorner(m_drag)) {
        // The opposite corner stays; the dragged one follows the pointer, keeping the shape.
        const bool left = m_drag == Handle::TopLeft || m_drag == Handle::BottomLeft;
        const bool top = m_drag == Handle::TopLeft || m_drag == Handle::TopRight;
        const QPointF anchor(left ? r.right() : r.left(), top ? r.bottom() : r.top());
        const double sx = left ? -1 : 1, sy = top ? -1 : 1;
        const double maxW = left ? anchor.x() : W - anchor.x(), maxH = top ? anchor.y() : H - anchor.y();
        double w = std::max(minW, (p.x() - anchor.x()) * sx), h = std::max(minH, (p.y() - anchor.y()) * sy);
        if (a > 0) {
            if (w / h > a) w = h * a;
            else h = w / a;
            if (w > maxW) { w = maxW; h = w / a; }
            if (h > maxH) { h = maxH; w = h * a; }
        } else {
            w = std::min(w, maxW);
            h = std::min(h, maxH);
        }
        return QRectF(QPointF(anchor.x() + (left ? -w : 0), anchor.y() + (top ? -h : 0)), QSizeF(w, h));
    }
    // An edge: it follows the pointer; with a shape, the other side grows about the centre line.
    const bool horizontal = m_drag == Handle::Left || m_drag == Handle::Right;
    if (horizontal) {
        const bool left = m_drag == Handle::Left;
        const double fixed = left ? r.right() : r.left();
        double w = std::clamp(left ? fixed - p.x() : p.x() - fixed, minW, left ? fixed : W - fixed);
        if (a <= 0) return QRectF(left ? fixed - w : fixed, r.y(), w, r.height());
        const double cy = r.center().y();
        double h = w / a;
        const double maxH = 2 * std::min(cy, H - cy);
        if (h > maxH) { h = maxH; w = h * a; }
        return QRectF(left ? fixed - w : fixed, cy - h / 2, w, h);
    }
    const bool top = m_drag == Handle::Top;
    const double fixed = top ? r.bottom() : r.top();
    double h = std::clamp(top ? fixed - p.y() : p.y() - fixed, minH, top ? fixed : H - fixed);
    if (a <= 0) return QRectF(r.x(), top ? fixed - h : fixed, r.width(), h);
    const double cx = r.center().x();
    double w = h * a;
    const double maxW = 2 * std::min(cx, W - cx);
    if (w > maxW) { w = maxW; h = w / a; }
    return QRectF(cx - w / 2, top ? fixed - h : fixed, w, h);
}

void CropCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    setFocus();
    m_drag = hitTest(event->position());
    if (m_drag == Handle::None) return;
    const QRectF frame = frameRect();
    m_pressPos = event->position();
    m_pressCrop = cropRect().translated(-frame.topLeft());
    emit dragStarted();
}

void CropCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (m_drag == Handle::None) {
        updateCursor(hitTest(event->position()));
        return;
    }
    const QRectF frame = frameRect();
    const QRectF r = dragged(event->position());
    emit cropRequested(QRectF(r.x() / frame.width(), r.y() / frame.height(), r.width() / frame.width(), r.height() / frame.height()),
                       false);
}

void CropCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || m_drag == Handle::None) return QWidget::mouseReleaseEvent(event);
    const QRectF frame = frameRect();
    const QRectF r = dragged(event->position());
    m_drag = Handle::None;
    emit cropRequested(QRectF(r.x() / frame.width(), r.y() / frame.height(), r.width() / frame.width(), r.height() / frame.height()),
                       true);
}

} // namespace pd::ui
