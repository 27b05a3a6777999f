// Resolving an edit list into one geometry, and applying it to pixels.
#include "pd/core/edit_geometry.h"

#include "pd/core/image_ops.h"

#include <QPainter>
#include <QRegularExpression>
#include <QTransform>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>
#include <vector>

namespace pd {

// ---- Dihedral -----------------------------------------------------------------------------------

Dihedral Dihedral::rotation(int quarterTurnsClockwise) { return {((quarterTurnsClockwise % 4) + 4) % 4, false}; }

Dihedral Dihedral::flip(FlipAxis axis) {
    // A top-bottom flip is a left-right mirror followed by a half turn.
    return axis == FlipAxis::Horizontal ? Dihedral{0, true} : Dihedral{2, true};
}

Dihedral Dihedral::fromExifOrientation(int orientation) {
    switch (orientation) {
    case 2: return {0, true};
    case 3: return {2, false};
    case 4: return {2, true};
    case 5: return {3, true};   // transpose
    case 6: return {1, false};
    case 7: return {1, true};   // transverse
    case 8: return {3, false};
    default: return {};
    }
}

Dihedral Dihedral::then(const Dihedral& next) const {
    // next ∘ this = R^t2 M^m2 R^t1 M^m1, and M R^t = R^-t M.
    const int t = next.mirror ? next.turns - turns : next.turns + turns;
    return {((t % 4) + 4) % 4, mirror != next.mirror};
}

Dihedral Dihedral::inverted() const {
    if (mirror) return *this;   // (R^t M)^-1 = M R^-t = R^t M
    return rotation(-turns);
}

QSize Dihedral::map(QSize size) const { return swapsAxes() ? size.transposed() : size; }

QPointF Dihedral::mapUnit(QPointF p) const {
    if (mirror) p.setX(1 - p.x());
    for (int i = 0; i < turns; ++i) p = QPointF(1 - p.y(), p.x());
    return p;
}

QRectF Dihedral::mapUnit(const QRectF& r) const {
    return QRectF(mapUnit(r.topLeft()), mapUnit(r.bottomRight())).normalized();
}

QImage Dihedral::apply(const QImage& image) const {
    QImage out = mirror ? image.mirrored(true, false) : image;
    if (turns != 0) out = out.transformed(QTransform().rotate(90.0 * turns));
    return out;
}

// ---- aspects ------------------------------------------------------------------------------------

namespace {

constexpr double kUnitSlack = 1e-9;

std::optional<double> parseRatio(const QString& text) {
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*[:xX]\\s*(\\d+(?:\\.\\d+)?)\\s*$"));
    const auto m = re.match(text);
    if (!m.hasMatch()) return std::nullopt;
    const double a = m.captured(1).toDouble(), b = m.captured(2).toDouble();
    if (a <= 0 || b <= 0) return std::nullopt;
    return std::max(a, b) / std::min(a, b);
}

} // namespace

bool isValidCropAspect(const QString& aspect) {
    const QString a = aspect.trimmed().toLower();
    return a.isEmpty() || a == QLatin1String("free") || a == QLatin1String("original") || parseRatio(a).has_value();
}

const std::vector<CropAspectPreset>& cropAspectPresets() {
    static const std::vector<CropAspectPreset> presets{
        {QStringLiteral("Free"), QString()},           {QStringLiteral("Original"), QStringLiteral("original")},
        {QStringLiteral("1:1"), QStringLiteral("1:1")}, {QStringLiteral("2:3 (4x6)"), QStringLiteral("2:3")},
        {QStringLiteral("5:7"), QStringLiteral("5:7")}, {QStringLiteral("4:5 (8x10)"), QStringLiteral("4:5")},
        {QStringLiteral("16:9"), QStringLiteral("16:9")},
    };
    return presets;
}

std::optional<double> cropAspectRatio(const QString& aspect, QSize orientedSize) {
    const QString a = aspect.trimmed().toLower();
    if (a.isEmpty() || a == QLatin1String("free")) return std::nullopt;
    if (a == QLatin1String("original")) {
        const int lo = std::min(orientedSize.width(), orientedSize.height());
        return lo > 0 ? double(std::max(orientedSize.width(), orientedSize.height())) / lo : 0.0;
    }
    return parseRatio(a).value_or(0.0);
}

QRectF centredAspectCrop(QSizeF frame, double longOverShort) {
    if (frame.isEmpty() || longOverShort <= 0) return {0, 0, 1, 1};
    const bool landscape = frame.width() >= frame.height();
    const double want = landscape ? longOverShort : 1.0 / longOverShort;  // width / height
    double w = frame.width(), h = frame.height();
    if (w / h > want) w = h * want;
    else h = w / want;
    return {(frame.width() - w) / 2 / frame.width(), (frame.height() - h) / 2 / frame.height(),
            w / frame.width(), h / frame.height()};
}

bool hasAspect(QSize size, double longOverShort) {
    const double lo = std::min(size.width(), size.height()), hi = std::max(size.width(), size.height());
    if (lo <= 0 || longOverShort <= 0) return false;
    return std::abs(hi - lo * longOverShort) <= 1.0 || std::abs(hi / longOverShort - lo) <= 1.0;
}

// ---- resolving ----------------------------------------------------------------------------------

namespace {

QRectF clampUnit(const QRectF& r) {
    const double x0 = std::clamp(r.left(), 0.0, 1.0), y0 = std::clamp(r.top(), 0.0, 1.0);
    const double x1 = std::clamp(r.right(), 0.0, 1.0), y1 = std::clamp(r.bottom(), 0.0, 1.0);
    return QRectF(QPointF(x0, y0), QPointF(std::max(x0, x1), std::max(y0, y1)));
}

// Trims `r` (fractions of a `frame`-sized picture) about its centre to long/short = ratio,
// keeping its orientation. Left alone when it is within half a pixel of that shape.
QRectF trimToRatio(const QRectF& r, QSizeF frame, double ratio) {
    double w = r.width() * frame.width(), h = r.height() * frame.height();
    if (w <= 0 || h <= 0 || ratio <= 0) return r;
    const double want = w >= h ? ratio : 1.0 / ratio;   // width / height
    if (w / h > want) {
        const double nw = h * want;
        if (w - nw < 0.5) return r;
        w = nw;
    } else {
        const double nh = w / want;
        if (h - nh < 0.5) return r;
        h = nh;
    }
    const QPointF c = r.center();
    return QRectF(c.x() - w / frame.width() / 2, c.y() - h / frame.height() / 2, w / frame.width(), h / frame.height());
}

struct Vec { double x, y; };

// R(-θ): from the straightened frame back into the turned picture (θ clockwise, y down).
Vec unrotate(Vec v, double cosT, double sinT) { return {v.x * cosT + v.y * sinT, -v.x * sinT + v.y * cosT}; }

// The largest scale s (capped at 1) such that the rectangle centred at `m` with half-size
// (s*a, s*b) lies inside the frame's picture turned by θ. 0 when the centre is outside it.
double maxScale(Vec m, double a, double b, double W, double H, double cosT, double sinT) {
    const Vec d = unrotate({m.x - W / 2, m.y - H / 2}, cosT, sinT);
    const double hw = W / 2, hh = H / 2;
    if (std::abs(d.x) > hw || std::abs(d.y) > hh) return 0;
    double s = 1;
    for (const Vec k : {Vec{a, b}, Vec{a, -b}, Vec{-a, b}, Vec{-a, -b}}) {
        const Vec e = unrotate(k, cosT, sinT);
        if (e.x > 0) s = std::min(s, (hw - d.x) / e.x);
        if (e.x < 0) s = std::min(s, (hw + d.x) / -e.x);
        if (e.y > 0) s = std::min(s, (hh - d.y) / e.y);
        if (e.y < 0) s = std::min(s, (hh + d.y) / -e.y);
    }
    return std::max(0.0, s);
}

// Fits the crop inside the picture straightened by `degrees`: shrunk about its centre keeping its
// shape; moved towards the middle only when that alone would keep less than half its size.
QRectF fitInsideStraightened(const QRectF& crop, QSize frame, double degrees) {
    if (degrees == 0 || frame.isEmpty()) return crop;
    const double W = frame.width(), H = frame.height();
    const double rad = degrees * std::numbers::pi / 180.0, cosT = std::cos(rad), sinT = std::sin(rad);
    const double a = crop.width() * W / 2, b = crop.height() * H / 2;
    const Vec m{crop.center().x() * W, crop.center().y() * H};
    // A hair inside: rounding to whole pixels must not reach past the picture's edge.
    const double safety = 1.0 - 1e-6;
    double s = maxScale(m, a, b, W, H, cosT, sinT) * safety;
    Vec centre = m;
    if (s < 0.5) {
        constexpr int kSteps = 64;
        double best = -1;
        std::vector<double> scales(kSteps + 1);
        for (int i = 0; i <= kSteps; ++i) {
            const double t = double(i) / kSteps;
            scales[size_t(i)] = maxScale({m.x + t * (W / 2 - m.x), m.y + t * (H / 2 - m.y)}, a, b, W, H, cosT, sinT) * safety;
            best = std::max(best, scales[size_t(i)]);
        }
        for (int i = 0; i <= kSteps; ++i) {
            if (scales[size_t(i)] >= best * 0.999) {
                const double t = double(i) / kSteps;
                centre = {m.x + t * (W / 2 - m.x), m.y + t * (H / 2 - m.y)};
                s = scales[size_t(i)];
                break;
            }
        }
    }
    s = std::max(s, 1e-4);
    return clampUnit(QRectF((centre.x - s * a) / W, (centre.y - s * b) / H, 2 * s * a / W, 2 * s * b / H));
}

} // namespace

bool EditGeometry::isFullFrame() const {
    return std::abs(crop.x()) < kUnitSlack && std::abs(crop.y()) < kUnitSlack && std::abs(crop.width() - 1) < kUnitSlack &&
           std::abs(crop.height() - 1) < kUnitSlack;
}

bool EditGeometry::isIdentity() const { return transform.isIdentity() && straighten == 0 && isFullFrame(); }

QRect EditGeometry::cropPixels(QSize frame) const {
    const int W = std::max(1, frame.width()), H = std::max(1, frame.height());
    int x0 = int(std::lround(crop.left() * W)), x1 = int(std::lround(crop.right() * W));
    int y0 = int(std::lround(crop.top() * H)), y1 = int(std::lround(crop.bottom() * H));
    x0 = std::clamp(x0, 0, W - 1);
    y0 = std::clamp(y0, 0, H - 1);
    x1 = std::clamp(x1, x0 + 1, W);
    y1 = std::clamp(y1, y0 + 1, H);
    return QRect(x0, y0, x1 - x0, y1 - y0);
}

EditGeometry resolveEdits(const EditList& edits, QSize orientedSize) {
    EditGeometry g;
    QSize frame(std::max(1, orientedSize.width()), std::max(1, orientedSize.height()));
    QRectF crop(0, 0, 1, 1);
    for (const EditOperation& op : edits) {
        if (!validateEditOperation(op).ok()) continue;
        if (const auto* r = std::get_if<RotateOp>(&op)) {
            const Dihedral d = Dihedral::rotation(r->turns);
            g.transform = g.transform.then(d);
            crop = d.mapUnit(crop);
            frame = d.map(frame);
        } else if (const auto* f = std::get_if<FlipOp>(&op)) {
            const Dihedral d = Dihedral::flip(f->axis);
            g.transform = g.transform.then(d);
            crop = d.mapUnit(crop);
            g.straighten = -g.straighten;   // a mirrored tilt tilts the other way
        } else if (const auto* c = std::get_if<CropOp>(&op)) {
            crop = clampUnit(QRectF(c->x, c->y, c->width, c->height));
            g.cropAspect = c->aspect;
            if (const auto ratio = cropAspectRatio(c->aspect, orientedSize); ratio && *ratio > 0)
                crop = trimToRatio(crop, QSizeF(frame), *ratio);
        } else if (const auto* s = std::get_if<StraightenOp>(&op)) {
            g.straighten = s->degrees;
        }
    }
    if (g.straighten == 0.0) g.straighten = 0;   // no -0
    g.crop = fitInsideStraightened(crop, frame, g.straighten);
    return g;
}

// ---- pixels -------------------------------------------------------------------------------------

namespace {

// Straightens `frame` by `degrees` about its centre and keeps the pixel rectangle `crop`. The
// source is padded with copies of its edge pixels first, so a crop that touches the picture's edge
// (to within rounding) samples the picture, never the background.
QImage straightenAndCrop(const QImage& frame, double degrees, const QRect& crop) {
    const bool alpha = frame.hasAlphaChannel();
    const QImage src = frame.convertToFormat(alpha ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
    constexpr int kPad = 2;
    QImage padded(src.width() + 2 * kPad, src.height() + 2 * kPad, src.format());
    if (padded.isNull()) return {};
    for (int y = 0; y < padded.height(); ++y) {
        const int sy = std::clamp(y - kPad, 0, src.height() - 1);
        const auto* s = reinterpret_cast<const quint32*>(src.constScanLine(sy));
        auto* d = reinterpret_cast<quint32*>(padded.scanLine(y));
        std::memcpy(d + kPad, s, size_t(src.width()) * 4);
        for (int x = 0; x < kPad; ++x) {
            d[x] = s[0];
            d[kPad + src.width() + x] = s[src.width() - 1];
        }
    }
    QImage out(crop.size(), src.format());
    if (out.isNull()) return {};
    out.fill(Qt::white);
    QPainter painter(&out);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.translate(-crop.x(), -crop.y());
    painter.translate(src.width() / 2.0, src.height() / 2.0);
    painter.rotate(degrees);
    painter.translate(-src.width() / 2.0, -src.height() / 2.0);
    painter.drawImage(QPointF(-kPad, -kPad), padded);
    painter.end();
    return out.convertToFormat(alpha ? QImage::Format_RGBA8888 : QImage::Format_RGB888);
}

} // namespace

QImage renderEdits(const QImage& oriented, const EditGeometry& g) {
    const QImage frame = g.transform.apply(oriented);
    const QRect px = g.cropPixels(frame.size());
    if (g.straighten == 0) return px == frame.rect() ? frame : frame.copy(px);
    return straightenAndCrop(frame, g.straighten, px);
}

QSize fitToLongEdge(QSize size, int longEdge) {
    const int w = size.width(), h = size.height();
    if (longEdge <= 0 || std::max(w, h) <= longEdge) return size;
    if (w >= h) return {longEdge, std::max(1, int(std::lround(double(longEdge) * h / w)))};
    return {std::max(1, int(std::lround(double(longEdge) * w / h))), longEdge};
}

QImage renderEditedImage(const QImage& stored, int orientation, const EditGeometry& g, QSize outputSize) {
    const Dihedral total = Dihedral::fromExifOrientation(orientation).then(g.transform);
    const QSize frame = total.map(stored.size());
    const QRect px = g.cropPixels(frame);
    // Never larger than these pixels can give.
    const QSize out = outputSize.isEmpty() ? px.size() : outputSize.boundedTo(px.size());
    if (g.straighten != 0) {
        const QImage straight = straightenAndCrop(total.apply(stored), g.straighten, px);
        return out == straight.size() ? straight : resizeImage(straight, out.width(), out.height());
    }
    // Crop where the pixels are stored, resize, and only then turn: the turn touches the
    // output's pixels only.
    const QRectF unit(double(px.x()) / frame.width(), double(px.y()) / frame.height(),
                      double(px.width()) / frame.width(), double(px.height()) / frame.height());
    const QRectF s = total.inverted().mapUnit(unit);
    const int x0 = int(std::lround(s.left() * stored.width())), x1 = int(std::lround(s.right() * stored.width()));
    const int y0 = int(std::lround(s.top() * stored.height())), y1 = int(std::lround(s.bottom() * stored.height()));
    const QRect storedRect(x0, y0, std::max(1, x1 - x0), std::max(1, y1 - y0));
    QImage region = storedRect == stored.rect() ? stored : stored.copy(storedRect);
    const QSize storedOut = total.swapsAxes() ? out.transposed() : out;
    if (storedOut != region.size()) region = resizeImage(region, storedOut.width(), storedOut.height());
    return total.apply(region);
}

EditGeometry withPrintAspect(const EditGeometry& g, QSize orientedSize, double longOverShort) {
    if (longOverShort <= 0) return g;
    const QRect px = g.cropPixels(g.frameSize(orientedSize));
    if (hasAspect(px.size(), longOverShort)) return g;
    const QRectF sub = centredAspectCrop(QSizeF(px.size()), longOverShort);
    EditGeometry out = g;
    out.crop = QRectF(g.crop.x() + sub.x() * g.crop.width(), g.crop.y() + sub.y() * g.crop.height(),
                      sub.width() * g.crop.width(), sub.height() * g.crop.height());
    return out;
}

} // namespace pd
