// The pixels of one decode, with what was learnt about the source on the way.
#pragma once

#include "pd/core/image_format.h"

#include <QByteArray>
#include <QImage>

namespace pd {

struct DecodeRequest {
    // The long edge the caller needs. The decoder may return a smaller-than-full image (JPEG DCT
    // scaling, a JPEG 2000 resolution level) whose long edge is still >= this. 0 = full size.
    int minLongEdge = 0;
    // Decodes larger than this many pixels (at full size) are refused as TooLarge.
    qint64 maxPixels = 400'000'000;
};

struct DecodedImage {
    QImage image;          // Format_RGB888 (or RGBA8888 with alpha); NOT yet oriented or colour-converted
    ImageFormat format = ImageFormat::Unknown;
    int fullWidth = 0;     // the stored pixel size at full resolution, before orientation
    int fullHeight = 0;
    QByteArray iccProfile; // embedded profile, empty when none
};

} // namespace pd
