// Internal: the metadata that proofs and print files carry, built with Exiv2's in-memory
// encoders (EXIF, IPTC) and a hand-written XMP packet. Only Exiv2's own parsers and encoders
// are used, never its XMP toolkit, so these are safe to call from many threads at once.
#pragma once

#include "pd/core/photo_metadata.h"

#include <QByteArray>
#include <QDateTime>
#include <QSize>
#include <QString>

#include <optional>

namespace pd::detail {

struct OutputTags {
    QDateTime capturedAt;
    QString copyright;
    QString creator;
    std::optional<GpsPosition> gps;   // written only when set
};

// An APP1 Exif payload ("Exif\0\0" + TIFF): Orientation 1, sRGB, capture time, copyright,
// artist, and GPS when given.
QByteArray makeOutputExif(const OutputTags& tags);

// The original's Exif payload kept for a print file: Orientation set to 1, the pixel size and
// the resolution (when dpi > 0) set, the embedded thumbnail dropped (it shows the unedited
// picture). Falls back to makeOutputExif(fallback) plus the resolution when the original has
// no usable Exif block.
QByteArray makePrintExif(const QByteArray& originalExifPayload, const OutputTags& fallback, QSize size, int dpi);

// The JPEG with an XMP packet (dc:rights, dc:creator) and an IPTC record (Copyright Notice,
// By-line) added after its Exif and ICC segments. Unchanged when both texts are empty.
QByteArray addCopyrightMetadata(const QByteArray& jpeg, const QString& copyright, const QString& creator);

} // namespace pd::detail
