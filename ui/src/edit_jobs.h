// Internal: the edit view's background work and arithmetic as pure functions (a request in, a
// result out). loadUneditedPicture runs on the edit view's pool, never on the GUI thread.
#pragma once

#include "pd/core/edit_geometry.h"

#include <QByteArray>
#include <QImage>
#include <QString>

#include <vector>

namespace pd::ui::editing {

// The photo as the camera framed it (EXIF-oriented, sRGB, unedited) at about preview size: the
// crop tool draws on this, because the stored preview shows the edits already.
struct UneditedPictureJob {
    QString photoId;
    quint64 generation = 0;
    // When the stored preview is current and its edits are only turns and flips, the picture is
    // that preview turned back (`undo`), with no decode of the original.
    QByteArray previewJpeg;
    Dihedral undo;
    // Otherwise the original, read from the event's vault on the worker's own connection.
    QString vaultPath;
    QString sha256;
    int orientation = 1;   // EXIF orientation of the original, as the catalog records it
    int longEdge = 2048;
};
struct UneditedPictureResult {
    QString photoId;
    quint64 generation = 0;
    QImage picture;   // Format_RGB32, oriented, unedited; null on error
    QString error;
    bool fromOriginal = false;
};
UneditedPictureResult loadUneditedPicture(const UneditedPictureJob& job);

// The print sizes a crop fills, in the order a price sheet lists them.
struct PrintFit {
    QString size;        // "4x6"
    double ppi = 0;      // the crop's pixels over the print's long side
    bool enoughPixels = false;   // at least kMinPrintPpi
};
inline constexpr int kMinPrintPpi = 250;
// The usual print sizes (inches, short x long): 4x6, 5x7, 8x10, 8x12, 11x14, 12x18, 16x20.
const QStringList& usualPrintSizes();
// The sizes whose shape the crop (full-resolution pixels) has, to within `tolerance` of the
// aspect (1 %: the closest usual shapes, 8x10 and 11x14, are 1.8 % apart).
std::vector<PrintFit> printFits(QSize cropPixels, double tolerance = 0.01);

} // namespace pd::ui::editing
