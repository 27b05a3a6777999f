// Decodes one region of an original at full resolution, upright and in sRGB: the loupe's 100 % view.
#pragma once

#include "pd/core/decoded_image.h"
#include "pd/core/result.h"

#include <QByteArray>
#include <QImage>
#include <QRect>
#include <QSize>

namespace pd {

struct RegionRequest {
    // The wanted pixels in oriented coordinates: the full-resolution image as it is displayed,
    // after its EXIF orientation. Clipped to the image; nothing left after clipping is InvalidArgument.
    QRect region;
    // The file's EXIF orientation 1..8 (as the catalog records it); 0 = read it from the bytes.
    int orientation = 0;
    // Originals larger than this many pixels are refused as TooLarge, as on import.
    qint64 maxPixels = DecodeRequest{}.maxPixels;
};

struct DecodedRegion {
    QImage image;                 // region.size(); Format_RGB888, or RGBA8888 with alpha; upright; sRGB
    QRect region;                 // what was decoded: the request clipped to the image, oriented coordinates
    QSize fullSize;               // the oriented full-resolution size
    bool colourConverted = false; // an embedded non-sRGB profile was applied
};

// JPEG: only the stored rows and columns the region needs are decoded (libjpeg-turbo's
// jpeg_skip_scanlines and jpeg_crop_scanline: rows above are entropy-decoded only, rows below not
// at all). Other formats are decoded whole and cropped. The region is mapped through the
// orientation to stored pixels, decoded, turned with applyExifOrientation and converted to sRGB
// with the embedded ICC profile (a profile that cannot be used leaves the pixels as they are,
// like the renditions). Errors: UnsupportedFormat, CorruptData, TooLarge, InvalidArgument.
// Pure and thread-safe: meant for worker threads (a 24 MP JPEG takes tens of milliseconds).
Result<DecodedRegion> decodeRegion(const QByteArray& original, const RegionRequest& request);

// The stored (pre-orientation) rectangle that holds `oriented` of an image stored as `storedSize`
// and shown with EXIF `orientation`; and the oriented size of a stored size.
QRect orientedToStored(const QRect& oriented, const QSize& storedSize, int orientation);
QSize orientedSize(const QSize& storedSize, int orientation);

} // namespace pd
