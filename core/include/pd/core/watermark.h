// Watermark presets (text and/or a logo, placed at an anchor or tiled) and the pure function
// that draws one onto a proof. Only proofs carry marks: never originals, studio renditions or
// print files (the callers that make those never call this).
#pragma once

#include "pd/core/result.h"

#include <QByteArray>
#include <QColor>
#include <QImage>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace pd {

enum class WatermarkPosition { TopLeft, Top, TopRight, Left, Centre, Right, BottomLeft, Bottom, BottomRight, Tiled };

// "top-left", "top", ..., "centre", ..., "bottom-right", "tiled" (stable: stored in the catalog).
QString watermarkPositionName(WatermarkPosition position);
std::optional<WatermarkPosition> watermarkPositionFromName(const QString& name);

// Every length is a fraction of the short edge of the picture the mark goes on, so the mark
// looks the same size on portrait and landscape photos and after any crop.
struct WatermarkPreset {
    QString name;
    QString text;                                   // empty: no text
    QString fontFamily = QStringLiteral("DejaVu Sans");
    bool bold = true;
    double textSize = 0.04;                         // the font's pixel height
    QColor colour = QColor(255, 255, 255);
    double opacity = 0.6;                           // 0..1, for text and logo alike
    QByteArray logo;                                // PNG or SVG bytes (alpha kept); empty: no logo
    double logoSize = 0.25;                         // the logo's width
    WatermarkPosition position = WatermarkPosition::BottomRight;
    double margin = 0.03;                           // from the picture's edges (anchored marks)
    double tileSpacing = 0.12;                      // gap between tiled marks
    double tileAngle = -30;                         // degrees; negative rises to the right

    // InvalidArgument naming the field: no text and no logo, sizes out of range, a logo that
    // decodes as neither PNG/JPEG nor SVG.
    Status validate() const;

    // The settings as JSON; the logo (base64, with "logo_format") only when withLogo.
    QJsonObject toJson(bool withLogo = false) const;
    // Tolerant of missing fields (defaults); InvalidArgument for malformed ones.
    static Result<WatermarkPreset> fromJson(const QJsonObject& o);

    bool operator==(const WatermarkPreset&) const = default;
};

// "svg" or "png"/"jpeg"... for logo bytes; empty when unrecognised.
QString watermarkLogoFormat(const QByteArray& logo);

// The logo at `width` px wide (aspect kept) as ARGB32 premultiplied: an SVG is rendered at that
// size through Qt's svg image plugin (crisp at any size), a bitmap is resampled.
// Errors: UnsupportedFormat / CorruptData.
Result<QImage> renderWatermarkLogo(const QByteArray& logo, int width);

// A copy of `image` with the mark drawn on it (same size and format family: RGB888 in, RGB888
// out). A mark wider than the picture allows is scaled down to fit. Pure and thread-safe (needs a
// QGuiApplication for fonts). Errors: those of validate().
Result<QImage> applyWatermark(const QImage& image, const WatermarkPreset& preset);

} // namespace pd
