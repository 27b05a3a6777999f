// Drawing a watermark preset onto a proof with QPainter; logos through Qt's image plugins.
#include "pd/core/watermark.h"

#include <QBuffer>
#include <QFont>
#include <QFontMetricsF>
#include <QImageReader>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace pd {

namespace {

struct PositionName {
    WatermarkPosition position;
    const char* name;
};

constexpr PositionName kPositions[] = {
    {WatermarkPosition::TopLeft, "top-left"},     {WatermarkPosition::Top, "top"},
    {WatermarkPosition::TopRight, "top-right"},   {WatermarkPosition::Left, "left"},
    {WatermarkPosition::Centre, "centre"},        {WatermarkPosition::Right, "right"},
    {WatermarkPosition::BottomLeft, "bottom-left"}, {WatermarkPosition::Bottom, "bottom"},
    {WatermarkPosition::BottomRight, "bottom-right"}, {WatermarkPosition::Tiled, "tiled"},
};

Error invalid(const QString& message) { return makeError(ErrorCode::InvalidArgument, message); }

bool looksLikeSvg(const QByteArray& bytes) {
    const QByteArray head = bytes.left(4096);
    return head.contains("<svg") && (head.trimmed().startsWith('<'));
}

// The mark (logo above text, centred) at full opacity for a picture with this short edge,
// scaled by `scale` (< 1 when it must shrink to fit).
Result<QImage> renderMark(const WatermarkPreset& p, int shortEdge, double scale) {
    const bool hasText = !p.text.trimmed().isEmpty();
    const bool hasLogo = !p.logo.isEmpty();
    QFont font(p.fontFamily);
    font.setBold(p.bold);
    font.setStyleStrategy(QFont::PreferAntialias);
    const int pixelSize = std::max(1, int(std::lround(p.textSize * shortEdge * scale)));
    font.setPixelSize(pixelSize);
    const QFontMetricsF fm(font);
    const QString text = p.text.trimmed();
    const double textW = hasText ? std::ceil(fm.horizontalAdvance(text)) : 0;
    const double textH = hasText ? std::ceil(fm.height()) : 0;

    QImage logo;
    if (hasLogo) {
        auto l = renderWatermarkLogo(p.logo, std::max(1, int(std::lround(p.logoSize * shortEdge * scale))));
        if (!l.ok()) return l.error();
        logo = std::move(l).value();
    }
    const double gap = hasText && hasLogo ? std::ceil(pixelSize * 0.25) : 0;
    const int w = int(std::max<double>(textW, logo.width()));
    const int h = int(logo.height() + gap + textH);
    QImage mark(std::max(1, w), std::max(1, h), QImage::Format_ARGB32_Premultiplied);
    mark.fill(Qt::transparent);
    QPainter painter(&mark);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    if (hasLogo) painter.drawImage(QPointF((w - logo.width()) / 2.0, 0), logo);
    if (hasText) {
        painter.setFont(font);
        painter.setPen(QColor(p.colour.red(), p.colour.green(), p.colour.blue()));
        painter.drawText(QRectF(0, logo.height() + gap, w, textH), Qt::AlignCenter, text);
    }
    painter.end();
    return mark;
}

} // namespace

QString watermarkPositionName(WatermarkPosition position) {
    for (const auto& p : kPositions)
        if (p.position == position) return QString::fromLatin1(p.name);
    return QStringLiteral("bottom-right");
}

std::optional<WatermarkPosition> watermarkPositionFromName(const QString& name) {
    const QString n = name.trimmed().toLower();
    for (const auto& p : kPositions)
        if (n == QLatin1String(p.name)) return p.position;
    if (n == QLatin1String("center")) return WatermarkPosition::Centre;
    return std::nullopt;
}

QString watermarkLogoFormat(const QByteArray& logo) {
    if (logo.isEmpty()) return {};
    if (looksLikeSvg(logo)) return QStringLiteral("svg");
    QBuffer buffer;
    buffer.setData(logo);
    buffer.open(QIODevice::ReadOnly);
    return QString::fromLatin1(QImageReader::imageFormat(&buffer));
}

Result<QImage> renderWatermarkLogo(const QByteArray& logo, int width) {
    if (logo.isEmpty()) return makeError(ErrorCode::InvalidArgument, QStringLiteral("no logo"));
    width = std::max(1, width);
    QBuffer buffer;
    buffer.setData(logo);
    buffer.open(QIODevice::ReadOnly);
    const bool svg = looksLikeSvg(logo);
    QImageReader reader(&buffer, svg ? QByteArray("svg") : QByteArray());
    const QSize natural = reader.size();
    if (!natural.isValid() || natural.isEmpty())
        return makeError(svg ? ErrorCode::CorruptData : ErrorCode::UnsupportedFormat,
                         svg ? QStringLiteral("the SVG logo cannot be read (is the Qt svg image plugin installed?)")
                             : QStringLiteral("the logo is neither a PNG/JPEG nor an SVG picture"));
    const QSize target(width, std::max(1, int(std::lround(double(width) * natural.height() / natural.width()))));
    if (svg) reader.setScaledSize(target);   // rendered at the size it is shown: crisp edges
    QImage image;
    if (!reader.read(&image) || image.isNull())
        return makeError(ErrorCode::CorruptData, QStringLiteral("the logo cannot be decoded: %1").arg(reader.errorString()));
    if (image.size() != target) image = image.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    return image.convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

Status WatermarkPreset::validate() const {
    if (text.trimmed().isEmpty() && logo.isEmpty()) return invalid(QStringLiteral("a watermark needs a text, a logo or both"));
    if (!(textSize > 0 && textSize <= 1)) return invalid(QStringLiteral("the text size is a fraction of the short edge above 0 and at most 1"));
    if (!(logoSize > 0 && logoSize <= 1)) return invalid(QStringLiteral("the logo size is a fraction of the short edge above 0 and at most 1"));
    if (!(opacity >= 0 && opacity <= 1)) return invalid(QStringLiteral("the opacity is 0 to 1"));
    if (!(margin >= 0 && margin <= 0.5)) return invalid(QStringLiteral("the margin is a fraction of the short edge from 0 to 0.5"));
    if (!(tileSpacing >= 0 && tileSpacing <= 2)) return invalid(QStringLiteral("the tile spacing is a fraction of the short edge from 0 to 2"));
    if (!std::isfinite(tileAngle) || std::abs(tileAngle) > 90) return invalid(QStringLiteral("the tile angle is -90 to 90 degrees"));
    if (!colour.isValid()) return invalid(QStringLiteral("the colour is not a colour (use #RRGGBB)"));
    if (!logo.isEmpty()) {
        auto l = renderWatermarkLogo(logo, 64);
        if (!l.ok()) return l.error();
    }
    return {};
}

QJsonObject WatermarkPreset::toJson(bool withLogo) const {
    QJsonObject o{{"name", name},
                  {"text", text},
                  {"font", fontFamily},
                  {"bold", bold},
                  {"text_size", textSize},
                  {"colour", colour.name(QColor::HexRgb)},
                  {"opacity", opacity},
                  {"logo_size", logoSize},
                  {"position", watermarkPositionName(position)},
                  {"margin", margin},
                  {"tile_spacing", tileSpacing},
                  {"tile_angle", tileAngle},
                  {"has_logo", !logo.isEmpty()}};
    if (withLogo && !logo.isEmpty()) {
        o.insert("logo", QString::fromLatin1(logo.toBase64()));
        o.insert("logo_format", watermarkLogoFormat(logo));
    }
    return o;
}

Result<WatermarkPreset> WatermarkPreset::fromJson(const QJsonObject& o) {
    WatermarkPreset p;
    p.name = o.value("name").toString();
    p.text = o.value("text").toString();
    p.fontFamily = o.value("font").toString(p.fontFamily);
    p.bold = o.value("bold").toBool(p.bold);
    p.textSize = o.value("text_size").toDouble(p.textSize);
    p.opacity = o.value("opacity").toDouble(p.opacity);
    p.logoSize = o.value("logo_size").toDouble(p.logoSize);
    p.margin = o.value("margin").toDouble(p.margin);
    p.tileSpacing = o.value("tile_spacing").toDouble(p.tileSpacing);
    p.tileAngle = o.value("tile_angle").toDouble(p.tileAngle);
    if (o.contains("colour")) {
        const QColor c = QColor::fromString(o.value("colour").toString());
        if (!c.isValid()) return invalid(QStringLiteral("the watermark colour \"%1\" is not a colour").arg(o.value("colour").toString()));
        p.colour = c;
    }
    if (o.contains("position")) {
        const auto pos = watermarkPositionFromName(o.value("position").toString());
        if (!pos) return invalid(QStringLiteral("unknown watermark position \"%1\"").arg(o.value("position").toString()));
        p.position = *pos;
    }
    if (o.value("logo").isString()) p.logo = QByteArray::fromBase64(o.value("logo").toString().toLatin1());
    return p;
}

Result<QImage> applyWatermark(const QImage& image, const WatermarkPreset& p) {
    if (image.isNull()) return invalid(QStringLiteral("no picture to watermark"));
    if (p.text.trimmed().isEmpty() && p.logo.isEmpty()) return invalid(QStringLiteral("a watermark needs a text, a logo or both"));
    const int W = image.width(), H = image.height();
    const int shortEdge = std::min(W, H);
    const double margin = std::max(0.0, p.margin) * shortEdge;

    auto mark = renderMark(p, shortEdge, 1.0);
    if (!mark.ok()) return mark.error();
    // Too wide (a long text on a narrow crop): shrink the whole mark so it fits between the margins.
    const double room = std::max(1.0, W - 2 * margin);
    if (mark->width() > room) {
        mark = renderMark(p, shortEdge, room / mark->width());
        if (!mark.ok()) return mark.error();
    }
    const QImage& m = mark.value();

    const bool alpha = image.hasAlphaChannel();
    QImage out = image.convertToFormat(alpha ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
    if (out.isNull()) return makeError(ErrorCode::TooLarge, QStringLiteral("cannot allocate the pixels"));
    QPainter painter(&out);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::SmoothPixmapTransform);
    painter.setOpacity(std::clamp(p.opacity, 0.0, 1.0));
    if (p.position == WatermarkPosition::Tiled) {
        const double spacing = std::max(0.0, p.tileSpacing) * shortEdge;
        const double stepX = m.width() + spacing, stepY = m.height() + spacing;
        const double reach = std::hypot(W, H) / 2 + std::max(stepX, stepY);
        painter.translate(W / 2.0, H / 2.0);
        painter.rotate(p.tileAngle);
        int row = 0;
        for (double y = -reach; y <= reach; y += stepY, ++row) {
            const double offset = (row % 2) ? stepX / 2 : 0;   // staggered rows
            for (double x = -reach - offset; x <= reach; x += stepX)
                painter.drawImage(QPointF(x - m.width() / 2.0, y - m.height() / 2.0), m);
        }
    } else {
        const int col = int(p.position) % 3, row = int(p.position) / 3;   // 3 x 3 grid, row-major
        const double x = col == 0 ? margin : col == 1 ? (W - m.width()) / 2.0 : W - margin - m.width();
        const double y = row == 0 ? margin : row == 1 ? (H - m.height()) / 2.0 : H - margin - m.height();
        painter.drawImage(QPointF(std::round(x), std::round(y)), m);
    }
    painter.end();
    return out.convertToFormat(alpha ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
}

} // namespace pd
