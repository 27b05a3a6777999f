// What Proofdesk reads from a photo's EXIF, IPTC and XMP (through Exiv2).
#pragma once

#include "pd/core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace pd {

struct GpsPosition {
    double latitude = 0;   // degrees, north positive
    double longitude = 0;  // degrees, east positive
    std::optional<double> altitude; // metres above sea level
};

struct PhotoMetadata {
    QDateTime capturedAt;        // invalid when the file has none; local time as the camera wrote it
    int orientation = 1;         // EXIF orientation 1..8; 1 when absent or out of range
    QString cameraMake;
    QString cameraModel;
    QString lens;
    QString exposureTime;        // "1/250" or "2.5" seconds, as the camera wrote it
    std::optional<double> fNumber;
    std::optional<int> iso;
    std::optional<double> focalLengthMm;
    std::optional<GpsPosition> gps;
    QString copyright;
    QString creator;
    QString caption;
    QStringList keywords;
    int pixelWidth = 0;          // as stored in the metadata (may be 0); the decoder is authoritative
    int pixelHeight = 0;
};

// Reads the metadata of an image held in memory. Formats Exiv2 does not know, or files without
// metadata, give an empty PhotoMetadata (orientation 1), not an error: metadata is optional.
// An error only for bytes Exiv2 recognises but cannot parse at all.
// Thread-safe after initMetadataLibrary() has been called once.
Result<PhotoMetadata> readPhotoMetadata(const QByteArray& bytes);

// Call once before any thread reads metadata (initialises Exiv2's XMP toolkit, mutes its log).
void initMetadataLibrary();

// What a rendition carries: orientation is always written as 1.
struct RenditionTags {
    QDateTime capturedAt;
    QString copyright;
    QString creator;
};

// The payload of a JPEG APP1 "Exif" segment (starting with "Exif\0\0") holding
// Orientation=1, ColorSpace=sRGB, DateTimeOriginal, Copyright and Artist.
QByteArray makeRenditionExif(const RenditionTags& tags);

} // namespace pd
