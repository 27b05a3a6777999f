// Grid cells in the Lightroom manner: the photo large, its state in a quiet strip below.
#include "pd/ui/photo_delegate.h"

#include "pd/ui/models/photo_roles.h"

#include <QPainter>
#include <QPainterPath>

namespace pd::ui {

namespace {

constexpr int kStrip = 22;   // the info strip under the photo
constexpr int kPad = 8;

void drawStar(QPainter* p, QPointF c, double r, bool filled) {
    QPainterPath path;
    for (int i = 0; i < 10; ++i) {
        const double a = -M_PI / 2 + i * M_PI / 5;
        const double rr = i % 2 ? r * 0.45 : r;
        const QPointF pt(c.x() + rr * std::cos(a), c.y() + rr * std::sin(a));
        i == 0 ? path.moveTo(pt) : path.lineTo(pt);
    }
    path.closeSubpath();
    if (filled) p->fillPath(path, QColor(0xe8, 0xe8, 0xe8));
    else p->strokePath(path, QPen(QColor(0x70, 0x70, 0x70), 1));
}

void drawFlag(QPainter* p, QRectF r, int flag) {
    if (flag == 0) return;
    const QColor c = flag > 0 ? QColor(0xf0, 0xf0, 0xf0) : QColor(0xd0, 0x45, 0x45);
    QPainterPath pole;
    pole.moveTo(r.left() + 2, r.bottom());
    pole.lineTo(r.left() + 2, r.top());
    p->strokePath(pole, QPen(c, 1.6));
    QPainterPath cloth;
    cloth.moveTo(r.left() + 2, r.top());
    cloth.lineTo(r.right(), r.top() + r.height() * 0.25);
    cloth.lineTo(r.left() + 2, r.top() + r.height() * 0.5);
    cloth.closeSubpath();
    if (flag > 0) p->fillPath(cloth, c);
    else {
        p->setPen(QPen(c, 1.8));
        p->drawLine(r.topLeft() + QPointF(1, 1), r.bottomRight() - QPointF(1, 1));
        p->drawLine(QPointF(r.right() - 1, r.top() + 1), QPointF(r.left() + 1, r.bottom() - 1));
    }
}

void drawBadge(QPainter* p, QRectF r, const QString& text, QColor bg) {
    QPainterPath path;
    path.addRoundedRect(r, 3, 3);
    p->fillPath(path, bg);
    p->setPen(Qt::white);
    QFont f = p->font();
    f.setPixelSize(int(r.height() * 0.7));
    f.setBold(true);
    p->setFont(f);
    p->drawText(r, Qt::AlignCenter, text);
}

} // namespace

PhotoDelegate::PhotoDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

void PhotoDelegate::setCellSize(int px) {
    m_cell = std::clamp(px, 80, 480);
    m_scaled.clear();
}

const QPixmap& PhotoDelegate::scaledThumbnail(const QImage& thumb, QSize devicePixels, qreal dpr) const {
    const QString key = QStringLiteral("%1/%2x%3").arg(thumb.cacheKey()).arg(devicePixels.width()).arg(devicePixels.height());
    if (const QPixmap* hit = m_scaled.object(key)) return *hit;
    auto* pm = new QPixmap(QPixmap::fromImage(thumb.scaled(devicePixels, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)));
    pm->setDevicePixelRatio(dpr);
    m_scaled.insert(key, pm, qsizetype(devicePixels.width()) * devicePixels.height() * 4);
    static const QPixmap none;
    const QPixmap* stored = m_scaled.object(key);
    return stored ? *stored : none;
}

QColor PhotoDelegate::labelColor(const QString& label) {
    if (label == QLatin1String("red")) return QColor(0xc8, 0x3c, 0x3c);
    if (label == QLatin1String("yellow")) return QColor(0xd8, 0xb8, 0x30);
    if (label == QLatin1String("green")) return QColor(0x4a, 0xa0, 0x4a);
    if (label == QLatin1String("blue")) return QColor(0x3d, 0x6f, 0xc6);
    if (label == QLatin1String("purple")) return QColor(0x90, 0x55, 0xb8);
    return {};
}

QSize PhotoDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const { return {m_cell, m_cell + kStrip}; }

void PhotoDelegate::paint(QPainter* p, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    p->setRenderHint(QPainter::SmoothPixmapTransform);
    const QRectF cell = QRectF(option.rect).adjusted(2, 2, -2, -2);
    const bool selected = option.state & QStyle::State_Selected;
    const bool current = option.state & QStyle::State_HasFocus;
    const int flag = index.data(FlagRole).toInt();

    // The mat: neutral grey, lighter when selected, so the photo is judged against grey.
    p->fillRect(cell, selected ? QColor(0x4a, 0x4a, 0x4a) : QColor(0x33, 0x33, 0x33));
    const QColor label = labelColor(index.data(ColorLabelRole).toString());
    if (label.isValid()) p->fillRect(QRectF(cell.left(), cell.bottom() - 3, cell.width(), 3), label);
    if (selected || current) {
        p->setPen(QPen(selected ? option.palette.highlight().color() : QColor(0x88, 0x88, 0x88), current ? 2 : 1));
        p->drawRect(cell.adjusted(1, 1, -1, -1));
    }

    const QRectF photoArea(cell.left() + kPad, cell.top() + kPad, cell.width() - 2 * kPad, cell.height() - 2 * kPad - kStrip + 4);
    const QImage thumb = index.data(ThumbnailRole).value<QImage>();
    if (!thumb.isNull()) {
        QSizeF s = QSizeF(thumb.size()).scaled(photoArea.size(), Qt::KeepAspectRatio);
        const QRectF target(photoArea.center().x() - s.width() / 2, photoArea.center().y() - s.height() / 2, s.width(), s.height());
        const qreal dpr = option.widget ? option.widget->devicePixelRatioF() : 1.0;
        const QSize devicePixels = (target.size() * dpr).toSize();
        if (flag < 0) p->setOpacity(0.35);  // rejects recede
        if (devicePixels.isEmpty()) p->drawImage(target, thumb);
        else p->drawPixmap(target.topLeft(), scaledThumbnail(thumb, devicePixels, dpr));
        p->setOpacity(1);
    } else {
        // Loading: the photo's shape as a placeholder, so the grid does not jump.
        const QSize px = index.data(PixelSizeRole).toSize();
        QSizeF s = px.isValid() ? QSizeF(px).scaled(photoArea.size(), Qt::KeepAspectRatio) : photoArea.size() * 0.8;
        p->fillRect(QRectF(photoArea.center().x() - s.width() / 2, photoArea.center().y() - s.height() / 2, s.width(), s.height()),
                    QColor(0x3c, 0x3c, 0x3c));
    }

    // The strip: stars on the left, the flag, then badges on the right.
    const double y = cell.bottom() - kStrip + 2;
    const int rating = index.data(RatingRole).toInt();
    for (int i = 0; i < 5; ++i) drawStar(p, QPointF(cell.left() + kPad + 5 + i * 12, y + 8), 5, i < rating);
    drawFlag(p, QRectF(cell.left() + kPad + 66, y + 1, 10, 14), flag);
    double right = cell.right() - kPad;
    auto badge = [&](const QString& text, QColor bg) {
        const double w = 10 + 7 * text.size();
        drawBadge(p, QRectF(right - w, y + 2, w, 13), text, bg);
        right -= w + 4;
    };
    if (index.data(SelectedRole).toBool()) badge(QStringLiteral("WEB"), QColor(0x3d, 0x6f, 0xb6));
    if (index.data(EditedRole).toBool()) badge(QStringLiteral("ED"), QColor(0x5a, 0x5a, 0x5a));
    // The gallery: queued (grey arrow), sending (blue arrow), published (green tick), modified
    // since (amber tick: to send again), failed (red, the reason in the tooltip).
    const QString publish = index.data(PublishStateRole).toString();
    if (publish == QLatin1String("published")) badge(QStringLiteral("✓"), QColor(0x3a, 0x8a, 0x4a));
    else if (publish == QLatin1String("modified")) badge(QStringLiteral("✓"), QColor(0xb8, 0x86, 0x2c));
    else if (publish == QLatin1String("failed")) badge(QStringLiteral("!"), QColor(0xb0, 0x40, 0x40));
    else if (publish == QLatin1String("sending")) badge(QStringLiteral("↑"), QColor(0x3d, 0x8f, 0xd6));
    else if (!publish.isEmpty()) badge(QStringLiteral("↑"), QColor(0x70, 0x70, 0x70));
    p->restore();
}

} // namespace pd::ui
