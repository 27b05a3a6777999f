// What an edit list does to a picture's geometry, resolved once per photo into a small value,
// and the pixel operation that applies it. Pure functions, safe on any thread.
#pragma once

#include "pd/core/edit_operations.h"

#include <QImage>
#include <QRectF>
#include <QSize>

#include <optional>
#include <vector>

namespace pd {

// One of the eight ways to turn and flip a picture without resampling: a left-right mirror
// (first, when set), then `turns` quarter turns clockwise. EXIF orientations are such values.
struct Dihedral {
    int turns = 0;        // 0..3
    bool mirror = false;

    static Dihedral rotation(int quarterTurnsClockwise);
    static Dihedral flip(FlipAxis axis);
    // The transform that shows pixels stored under EXIF orientation 1..8 upright.
    static Dihedral fromExifOrientation(int orientation);

    Dihedral then(const Dihedral& next) const;   // this first, then next
    Dihedral inverted() const;
    bool isIdentity() const { return turns == 0 && !mirror; }
    bool swapsAxes() const { return turns % 2 == 1; }

    QSize map(QSize size) const;
    // Points and rectangles given as fractions of the input picture, to fractions of the output.
    QPointF mapUnit(QPointF p) const;
    QRectF mapUnit(const QRectF& r) const;
    // Exact (no resampling).
    QImage apply(const QImage& image) const;

    bool operator==(const Dihedral&) const = default;
};

// An edit list resolved against a picture: turn/flip the oriented image, straighten it about its
// centre, then keep `crop` of that frame. Every rectangle is in fractions, so one geometry serves
// the original and any reduced decode of it alike.
struct EditGeometry {
    Dihedral transform;             // the turns and flips, applied to the EXIF-oriented image
    double straighten = 0;          // degrees clockwise, after `transform`
    QRectF crop{0, 0, 1, 1};        // fractions of the turned frame; always inside the straightened picture
    QString cropAspect;             // the aspect the crop was drawn with ("" = free)

    bool isIdentity() const;        // nothing changes the pixels
    bool isFullFrame() const;       // no crop (and so no straighten either)
    QSize frameSize(QSize oriented) const { return transform.map(oriented); }
    // The crop in whole pixels of a frame of this size (at least 1 x 1).
    QRect cropPixels(QSize frame) const;
    // The size of the edited picture made from an oriented image of this size.
    QSize outputSize(QSize oriented) const { return cropPixels(frameSize(oriented)).size(); }
};

// Folds the list into one geometry for a picture whose EXIF-oriented size is `orientedSize`.
// Operations apply in order: a turn or flip carries the crop with it; a crop replaces the
// previous one (with a ratio aspect it is trimmed about its centre to that ratio, so a pasted
// crop keeps its print shape); straighten sets the angle. The crop is then fitted inside the
// straightened picture: shrunk about its centre, keeping its shape (moved towards the middle only
// when shrinking alone would lose more than half of it). Invalid records are skipped.
EditGeometry resolveEdits(const EditList& edits, QSize orientedSize);

// Applies the geometry to the EXIF-oriented pixels (any resolution of the oriented image).
// Turns, flips and crops copy pixels exactly; straightening resamples bilinearly.
QImage renderEdits(const QImage& oriented, const EditGeometry& geometry);

// The same picture as renderEdits(applyExifOrientation(stored, orientation), geometry), resized
// to `outputSize` (empty: the size these pixels give; never larger than that), made for speed:
// without straighten it crops in the stored frame first, resizes, and turns only the result.
// Accepts RGB888, RGBA8888 and Grayscale8 and keeps the format (straighten gives RGB888, or
// RGBA8888 with alpha).
QImage renderEditedImage(const QImage& stored, int orientation, const EditGeometry& geometry, QSize outputSize = {});

// `size` scaled so its long edge is at most `longEdge` (never enlarged; 0 = unchanged).
QSize fitToLongEdge(QSize size, int longEdge);

// Crop aspects. `aspect` is "free"/"" (none), "original" (the oriented picture's shape), "W:H"
// ("2:3"), or a print size "4x6" (inches). Returns long side / short side; nullopt for free;
// 0 for something unreadable.
bool isValidCropAspect(const QString& aspect);
// The choices a crop tool offers, in order: Free, Original, 1:1, 2:3 (4x6), 5:7, 4:5 (8x10), 16:9.
// Any other "W:H" is a custom aspect.
struct CropAspectPreset {
    QString label;    // "2:3 (4x6)"
    QString aspect;   // what CropOp::aspect holds: "", "original", "2:3"
};
const std::vector<CropAspectPreset>& cropAspectPresets();
std::optional<double> cropAspectRatio(const QString& aspect, QSize orientedSize);
// The largest rectangle of `longOverShort` centred in `frame` (pixels), turned to match the
// frame (a portrait frame gets a portrait crop), in fractions of the frame.
QRectF centredAspectCrop(QSizeF frame, double longOverShort);
// True when `size` has the shape long/short = ratio (in either orientation) to within a pixel.
bool hasAspect(QSize size, double longOverShort);

// The geometry with the crop narrowed, about the crop's centre, to a print's shape (long/short),
// unless the crop already has that shape. For print files ordered at a size.
EditGeometry withPrintAspect(const EditGeometry& geometry, QSize orientedSize, double longOverShort);

} // namespace pd
