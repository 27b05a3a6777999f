// Encodes pixels as a JPEG 2000 zoom proof: a tiled, multi-resolution, multi-layer JP2 file that
// a IIIF server can serve any area and level of without decoding the rest.
#pragma once

#include "pd/core/result.h"

#include <QByteArray>
#include <QImage>

namespace pd {

enum class Jp2Progression {
    Rpcl, // resolution first, then position: a decoder reading a small level stops early (default)
    Lrcp, // quality layer first: a truncated file is a blurry whole image
};

struct Jp2Options {
    // Tiles are the unit a region decode touches: a IIIF tile request at full size decodes one
    // (or up to four when it straddles). 0 = one tile for the whole image.
    int tileSize = 512;
    // Resolution levels are added (each halving) until the smallest level's long edge is at most
    // this, capped by maxResolutionLevels (and by the tile size: a tile must keep >= 1 pixel).
    int smallestLevelLongEdge = 256;
    int maxResolutionLevels = 8;
    // Quality layers, each a compression ratio (uncompressed 24-bit size / layer's cumulated
    // size): the last layer reaches `compressionRatio`, each earlier one twice the one after it.
    // A decoder may stop after any layer.
    int qualityLayers = 3;
    double compressionRatio = 20.0; // the whole file: about 1.2 bits per pixel
    Jp2Progression progression = Jp2Progression::Rpcl;
    // Lossy irreversible 9/7 wavelet with the irreversible colour transform; false = reversible
    // 5/3 (lossless when compressionRatio <= 1).
    bool irreversible = true;
    // OpenJPEG encoder threads (<= 0: one per core). The bytes are the same for any count.
    int threads = 1;
};

// Encodes an RGB image (any QImage format: converted to RGB888; alpha is dropped) as a JP2 file
// (signature, header boxes, sRGB colour box, then the codestream). Errors: InvalidArgument for
// an empty image or options out of range (tileSize < 64 unless 0, qualityLayers outside 1..10,
// compressionRatio < 1), Internal when OpenJPEG refuses. Pure and thread-safe; the same pixels and
// options give the same bytes whatever `threads`. Tiles are handed to OpenJPEG one at a time, so
// beside the input it holds about one tile's samples, not the picture's.
Result<QByteArray> encodeJp2(const QImage& rgb, const Jp2Options& options = {});

// The number of resolution levels encodeJp2 uses for that size and those options.
int jp2ResolutionLevels(int width, int height, const Jp2Options& options);

} // namespace pd
