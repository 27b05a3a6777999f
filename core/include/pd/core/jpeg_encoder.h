// Encodes pixels as baseline JPEG through TurboJPEG, with the segments a rendition carries.
#pragma once

#include "pd/core/result.h"

#include <QByteArray>
#include <QImage>

namespace pd {

struct JpegEncodeOptions {
    int quality = 85;
    bool subsample420 = true;    // 4:2:0 chroma; false = 4:4:4
    QByteArray exifApp1;         // payload of an APP1 Exif segment (from makeRenditionExif), or empty
    QByteArray iccProfile;       // written as APP2 ICC_PROFILE segments, or empty
    int dpi = 0;                 // JFIF density in dots per inch; 0 leaves 72
};

// Errors only on an empty image or an encoder failure.
Result<QByteArray> encodeJpeg(const QImage& image, const JpegEncodeOptions& options);

} // namespace pd
