// The filmstrip cell: thumbnail, current outline, reject dimming, pick flag and rating dots.
#include "filmstrip_delegate.h"

#include "pd/ui/models/photo_roles.h"

#include <QPainter>
#include <QPainterPath>

namespace pd::ui {

namespace {

constexpr int kPadding = 5; // between the cell's edge and the thumbnail
constexpr int kOutline = 3; // the current photo's outline

} // namespace

FilmstripDelegate::FilmstripDelegate(QObject* parent) : QStyledItemDelegate(parent), m_scaled(4 * 1024 * 1024) {}

QSize FilmstripDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const {
    return {kCell, kCell};
}

QImage FilmstripDelegate::cellImage(const QString& photoId, const QImage& thumbnail, QSize box) const {
    const QSize size = thumbnail.size().scaled(box, Qt::KeepAspectRatio);
    const QString key =
        QStringLiteral("%1:%2:%3x%4").arg(photoId).arg(thumbnail.cacheKey()).arg(size.width()).arg(size.height());
    if (const QImage* hit = m_scaled.object(key)) return *hit;
    QImage scaled =
        thumbnail.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation).convertToFormat(QImage::Format_RGB32);
    m_scaled.insert(key, new QImage(scaled), qMax<qsizetype>(1, scaled.sizeInBytes()));
    return scaled;
}

void FilmstripDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    painter->save();
    const QRect cell = option.rect;
    const bool current = option.state & QStyle::State_Selected;
    const QPalette& pal = option.palette;
    painter->fillRect(cell, current ? pal.color(QPalette::Mid) : pal.color(QPalette::Base));

    const QRect box = cell.adjusted(kPadding, kPadding, -kPadding, -kPadding);
    const QImage thumbnail = index.data(ThumbnailRole).value<QImage>();
    const int flag = index.data(FlagRole).toInt();
    QRect picture = box;
    if (thumbnail.isNull()) {
        // Still loading: a quiet placeholder in the photo's shape.
        const QSize full = index.data(PixelSizeRole).toSize();
        if (!full.isEmpty()) picture = QRect(QPoint(), full.scaled(box.size(), Qt::KeepAspectRatio));
        picture.moveCenter(box.center());
        painter->fillRect(picture, pal.color(QPalette::AlternateBase));
    } else {
        const QImage scaled = cellImage(index.data(PhotoIdRole).toString(), thumbnail, box.size());
        picture = QRect(QPoint(), scaled.size());
        picture.moveCenter(box.center());
        if (flag < 0) painter->setOpacity(0.35); // rejected: still findable, clearly out
        painter->drawImage(picture.topLeft(), scaled);
        painter->setOpacity(1.0);
    }

    if (current) {
        QPen pen(pal.color(QPalette::Highlight), kOutline);
        pen.setJoinStyle(Qt::MiterJoin);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(QRectF(cell).adjusted(kOutline / 2.0, kOutline / 2.0, -kOutline / 2.0, -kOutline / 2.0));
    }

    painter->setRenderHint(QPainter::Antialiasing);
    // Rating: small dots along the bottom of the picture, on a shadow so they read on white.
    const int rating = qBound(0, index.data(RatingRole).toInt(), 5);
    if (rating > 0) {
        const int d = 5, gap = 3;
        const int w = rating * d + (rating - 1) * gap;
        QRect strip(0, 0, w + 6, d + 4);
        strip.moveBottomLeft(picture.bottomLeft() + QPoint(2, -2));
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0, 0, 0, 140));
        painter->drawRoundedRect(strip, 3, 3);
        painter->setBrush(QColor(255, 210, 60));
        for (int i = 0; i < rating; ++i)
            painter->drawEllipse(QRect(strip.left() + 3 + i * (d + gap), strip.top() + 2, d, d));
    }
    // Pick: a small white flag in the top-right corner; reject: a red cross there.
    if (flag != 0) {
        QRect mark(0, 0, 14, 14);
        mark.moveTopRight(picture.topRight() + QPoint(-2, 2));
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0, 0, 0, 150));
        painter->drawEllipse(mark);
        if (flag > 0) {
            QPainterPath path;
            path.moveTo(mark.left() + 4.5, mark.bottom() - 2.5);
            path.lineTo(mark.left() + 4.5, mark.top() + 3);
            path.lineTo(mark.right() - 3, mark.top() + 5.5);
            path.lineTo(mark.left() + 4.5, mark.top() + 8);
            painter->setPen(QPen(Qt::white, 1.4));
            painter->setBrush(Qt::white);
            painter->drawPath(path);
        } else {
            painter->setPen(QPen(QColor(255, 90, 80), 2));
            painter->drawLine(mark.topLeft() + QPointF(4.5, 4.5), mark.bottomRight() - QPointF(3.5, 3.5));
            painter->drawLine(QPointF(mark.right() - 3.5, mark.top() + 4.5),
                              QPointF(mark.left() + 4.5, mark.bottom() - 3.5));
        }
    }
    painter->restore();
}

} // namespace pd::ui
