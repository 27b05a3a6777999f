// Pure pixel operations used to make renditions: orientation, colour, resize.
#pragma once

#include "pd/core/result.h"

#include <QByteArray>
#include <QImage>

namespace pd {

// Returns the image turned so that it displays upright for EXIF orientation 1..8.
QImage applyExifOrientation(const QImage& image, int orientation);

// True when the ICC profile describes sRGB (or is empty): no conversion needed.
bool isSrgbProfile(const QByteArray& iccProfile);

// Converts pixels from the given embedded ICC profile to sRGB (Little CMS, perceptual intent).
// An empty or sRGB profile returns the image unchanged. A profile Little CMS cannot parse, or
// one that is not RGB/grey, is an error (callers usually log it and keep the pixels as they are).
Result<QImage> convertToSrgb(const QImage& image, const QByteArray& iccProfile);

// A compact sRGB ICC profile to embed in outputs.
const QByteArray& srgbIccProfile();

// Resizes so the long edge is `longEdge` px (aspect kept, never enlarges), with an antialiasing
// (triangle, support scaled by the reduction) filter. Accepts RGB888, RGBA8888 and Grayscale8.
QImage resizeToLongEdge(const QImage& image, int longEdge);

// Resizes to exactly width x height with the same filter.
QImage resizeImage(const QImage& image, int width, int height);

} // namespace pd
