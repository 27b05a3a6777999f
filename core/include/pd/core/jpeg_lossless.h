// Lossless JPEG transforms through libjpeg-turbo (tjTransform): quarter turns, flips and crops
// on iMCU boundaries done on the DCT coefficients, with no decode and no second compression.
#pragma once

#include "pd/core/edit_geometry.h"
#include "pd/core/result.h"

#include <QByteArray>
#include <QRect>

namespace pd {

struct JpegLayout {
    int width = 0;
    int height = 0;
    int mcuWidth = 8;       // the iMCU block: 8 or 16 px, by the chroma subsampling
    int mcuHeight = 8;
    bool colour = true;     // YCbCr (false: greyscale)
    bool cmyk = false;      // CMYK or YCCK: not a print file's colour space
};

// From the JPEG header. Errors: CorruptData, UnsupportedFormat (an unusual subsampling).
Result<JpegLayout> readJpegLayout(const QByteArray& jpeg);

struct LosslessTransform {
    Dihedral transform;     // from the stored pixels to the output
    QRect crop;             // in output pixels; empty = the whole picture
};

// True when tjTransform can do it perfectly: no partial iMCU block has to move to the top or
// left of the picture (jpegtran -perfect would refuse otherwise), and the crop's left and top
// edges lie on iMCU boundaries of the output.
bool isPerfectLosslessTransform(const JpegLayout& layout, const LosslessTransform& t);

// The transformed JPEG: byte for byte what `jpegtran -perfect -copy all` with the same
// -rotate/-flip/-transpose/-transverse and -crop WxH+X+Y writes (every marker copied as it is,
// EXIF orientation included: callers fix it). Errors: InvalidArgument when the transform is not
// perfect; CorruptData for a broken JPEG.
Result<QByteArray> transformJpegLossless(const QByteArray& jpeg, const LosslessTransform& t);

} // namespace pd
