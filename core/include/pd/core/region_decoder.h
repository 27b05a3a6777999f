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
// like the renditions). JPEG 2000 decodes only the tiles the region touches (decodeRegionAtLevel
// at level 0). Errors: UnsupportedFormat, CorruptData, TooLarge, InvalidArgument.
// Pure and thread-safe: meant for worker threads (a 24 MP JPEG takes tens of milliseconds).
Result<DecodedRegion> decodeRegion(const QByteArray& original, const RegionRequest& request);

// --- JPEG 2000 zoom proofs: one area at one resolution level --------------------------------

// What a JPEG 2000 main header says about how the codestream is organised.
struct Jp2Layout {
    int width = 0, height = 0;         // full resolution
    int tileWidth = 0, tileHeight = 0; // nominal tile size (edge tiles are clipped)
    int tilesAcross = 0, tilesDown = 0;
    int resolutionLevels = 0;          // decomposition levels + 1 (the fewest over the components)
    int qualityLayers = 0;
    bool irreversible = false;         // 9/7 wavelet (lossy) rather than 5/3
    int progression = 0;               // OpenJPEG's OPJ_PROG_ORDER: 0 LRCP, 1 RLCP, 2 RPCL, 3 PCRL, 4 CPRL
    bool jp2 = false;                  // a JP2 file rather than a raw codestream
};
// From the main header alone (cheap). Errors: CorruptData.
Result<Jp2Layout> probeJp2Layout(const QByteArray& jpeg2000);

struct LevelRegionRequest {
    QRect region;      // full-resolution pixels (zoom proofs are stored upright); empty: all
    int reduction = 0; // resolution level to decode: 0 full size, each step halves (clamped)
    qint64 maxPixels = DecodeRequest{}.maxPixels; // full-size limit, as on import
};
struct LevelRegion {
    QImage image;      // the region at that level: about region.size() / 2^reduction; RGB888 or RGBA8888; sRGB
    QRect region;      // what was decoded, full-resolution pixels (the request clipped)
    int reduction = 0; // the level decoded (lower than asked when the tiles lack the levels)
    QSize fullSize;
    // How much work it was: samples OpenJPEG decoded (all components) and tiles it touched.
    qint64 decodedSamples = 0;
    int tilesDecoded = 0;
    int tileCount = 0;
};
// Decodes only `region` and only up to `reduction` (OpenJPEG's decode area and resolution
// factor): the code-blocks of other tiles and of finer levels are never decoded. The edge of the
// level grid rounds outwards (ceil), so the image may be one pixel larger than
// region.size() / 2^reduction. Errors: UnsupportedFormat (not JPEG 2000), CorruptData, TooLarge,
// InvalidArgument (region outside the image). Pure and thread-safe.
Result<LevelRegion> decodeRegionAtLevel(const QByteArray& jpeg2000, const LevelRegionRequest& request);

// The stored (pre-orientation) rectangle that holds `oriented` of an image stored as `storedSize`
// and shown with EXIF `orientation`; and the oriented size of a stored size.
QRect orientedToStored(const QRect& oriented, const QSize& storedSize, int orientation);
QSize orientedSize(const QSize& storedSize, int orientation);

} // namespace pd
