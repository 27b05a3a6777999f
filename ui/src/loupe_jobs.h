// Internal: the loupe's background work as pure functions (a request in, a result out), run on
// the loupe's thread pools. Never called from the GUI thread.
#pragma once

#include <QByteArray>
#include <QImage>
#include <QRect>
#include <QSize>
#include <QString>

#include <atomic>
#include <memory>

namespace pd::ui::loupe {

// Decodes a preview rendition and, when fitSize is not empty, scales it to that size.
struct PreviewJob {
    QString photoId;
    QByteArray jpeg; // the preview rendition's bytes
    QSize fitSize;   // device pixels of the fit view; empty = no fitted copy
};
struct PreviewResult {
    QString photoId;
    QImage preview; // Format_RGB32, the whole rendition (sRGB, upright)
    QImage fitted;  // Format_RGB32, fitSize; null when not asked or on error
    QString error;  // set when the rendition does not decode
};
PreviewResult loadPreview(const PreviewJob& job);

// The picture scaled to exactly `size` with an antialiasing filter, as Format_RGB32.
QImage fitImage(const QImage& picture, QSize size);

// Decodes one region of a photo's original at 100 % (see pd::decodeRegion). Reads the original
// from the event's vault with its own connection unless the caller already holds its bytes.
struct RegionJob {
    QString photoId;
    QString vaultPath;
    QString sha256;
    QByteArray original; // the original's bytes when already read; empty = read from the vault
    QRect region;        // oriented full-resolution pixels
    int orientation = 1; // EXIF orientation of the original, as the catalog records it
    quint64 generation = 0;
    // The generation the loupe wants now: the job stops between stages when it has moved on.
    std::shared_ptr<const std::atomic<quint64>> wanted;
};
struct RegionResult {
    QString photoId;
    quint64 generation = 0;
    QByteArray original; // the bytes read, for the next region of the same photo
    QImage image;        // Format_RGB32, region.size()
    QRect region;        // what was decoded (clipped to the image)
    QString error;
    bool cancelled = false; // a newer generation was wanted before the decode began
};
RegionResult decodeOriginalRegion(const RegionJob& job);

} // namespace pd::ui::loupe
