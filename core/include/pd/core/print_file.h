// Print files: what the lab prints. The original at full resolution with the edits, cropped to
// the print's shape, sRGB, baseline JPEG q95 with the DPI of the print size and the original's
// EXIF (orientation 1). Never watermarked.
#pragma once

#include "pd/core/edit_operations.h"
#include "pd/core/result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace pd {

inline constexpr int kPrintQuality = 95;

// A print size in inches: "4x6", "5x7", "8x10", "8.5x11", "11x14" (either order; "in" allowed).
struct PrintSize {
    double shortInches = 0;
    double longInches = 0;
    double aspect() const { return shortInches > 0 ? longInches / shortInches : 0; }   // long / short
};
std::optional<PrintSize> parsePrintSize(const QString& text);

struct PrintRequest {
    QByteArray original;
    EditList edits;
    std::optional<PrintSize> size;   // none: the edited picture as it is, no DPI
    int quality = kPrintQuality;
};

enum class PrintMethod {
    OriginalBytes,       // nothing changes the pixels: the original's bytes as they are
    LosslessTransform,   // turns, flips and iMCU-aligned crops in the DCT domain (tjTransform)
    Reencoded,           // decoded, edited, encoded again at `quality`
};
QString printMethodName(PrintMethod method);   // "original", "lossless", "reencoded"

struct PrintFile {
    QByteArray jpeg;
    int width = 0;
    int height = 0;
    int dpi = 0;        // written into the file; 0 when the original's bytes went out unchanged
    PrintMethod method = PrintMethod::Reencoded;
};

// The crop for a size: the edits' own crop when it already has the print's shape, otherwise a
// centre crop of the edited picture to that shape. The cheapest faithful way is chosen: the
// original's bytes when nothing changes the pixels (a JPEG, EXIF orientation 1 or none, sRGB or
// untagged, no edits, already of the print's shape); the lossless transform when the edits and
// the EXIF orientation are only quarter turns, flips and crops whose left/top edges lie on iMCU
// boundaries (a centre crop made for the size is moved by less than half a block to get there);
// otherwise a full-resolution decode and a baseline q95 4:4:4 encode.
// Pure and thread-safe. Errors as decodeImage.
Result<PrintFile> makePrintFile(const PrintRequest& request);

} // namespace pd
