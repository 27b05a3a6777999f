// Internal: the marker segments of a JPEG header (SOI to SOS), to read and replace metadata
// segments without touching the compressed picture.
#pragma once

#include <QByteArray>

#include <optional>
#include <vector>

namespace pd::detail {

struct JpegSegment {
    unsigned char marker = 0;   // 0xE0 APP0 ... 0xEF APP15, 0xDB DQT, 0xC0 SOF0, ...
    qsizetype offset = 0;       // of the 0xFF byte
    qsizetype size = 0;         // 2 (marker) + 2 (length) + payload
    QByteArray payload(const QByteArray& jpeg) const { return jpeg.mid(offset + 4, size - 4); }
};

// The segments between SOI and the first SOS (not included). nullopt when the bytes are not a
// well-formed JPEG header.
std::optional<std::vector<JpegSegment>> jpegHeaderSegments(const QByteArray& jpeg);

// A complete segment (marker, length, payload). Payloads over 65533 bytes are the caller's error.
QByteArray jpegSegment(unsigned char marker, const QByteArray& payload);

bool isExifSegment(const JpegSegment& s, const QByteArray& jpeg);
bool isXmpSegment(const JpegSegment& s, const QByteArray& jpeg);
bool isJfifSegment(const JpegSegment& s, const QByteArray& jpeg);

// The payload of the first APP1 Exif segment ("Exif\0\0" + TIFF), or empty.
QByteArray jpegExifPayload(const QByteArray& jpeg);
// The embedded ICC profile (APP2 ICC_PROFILE chunks in sequence order), or empty.
QByteArray jpegIccProfile(const QByteArray& jpeg);

// The JPEG with every segment for which drop(segment) is true removed and `insert` (complete
// segments) placed after the JFIF APP0 if there is one, else right after SOI.
template <typename Drop>
QByteArray rewriteJpegHeader(const QByteArray& jpeg, const std::vector<JpegSegment>& segments, Drop&& drop,
                             const QByteArray& insert) {
    QByteArray out;
    out.reserve(jpeg.size() + insert.size());
    out.append(jpeg.left(2));
    bool inserted = false;
    qsizetype end = 2;
    for (const JpegSegment& s : segments) {
        const bool jfif = isJfifSegment(s, jpeg);
        if (!inserted && !jfif) { out.append(insert); inserted = true; }
        if (!drop(s)) out.append(jpeg.constData() + s.offset, s.size);
        if (!inserted && jfif) { out.append(insert); inserted = true; }
        end = s.offset + s.size;
    }
    if (!inserted) out.append(insert);
    out.append(jpeg.constData() + end, jpeg.size() - end);
    return out;
}

// Sets the JFIF APP0's density to `dpi` dots per inch, inserting a JFIF APP0 after SOI when the
// file has none.
QByteArray setJfifDensity(const QByteArray& jpeg, int dpi);

} // namespace pd::detail
