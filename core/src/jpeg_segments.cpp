// Walking and rewriting JPEG header segments.
#include "jpeg_segments.h"

#include <algorithm>
#include <map>

namespace pd::detail {

namespace {
const uchar* bytesOf(const QByteArray& b) { return reinterpret_cast<const uchar*>(b.constData()); }

bool payloadStartsWith(const JpegSegment& s, const QByteArray& jpeg, const char* prefix, qsizetype n) {
    return s.size - 4 >= n && std::equal(prefix, prefix + n, jpeg.constData() + s.offset + 4);
}
} // namespace

std::optional<std::vector<JpegSegment>> jpegHeaderSegments(const QByteArray& jpeg) {
    const uchar* b = bytesOf(jpeg);
    const qsizetype n = jpeg.size();
    if (n < 4 || b[0] != 0xFF || b[1] != 0xD8) return std::nullopt;
    std::vector<JpegSegment> out;
    qsizetype pos = 2;
    while (pos + 4 <= n) {
        if (b[pos] != 0xFF) return std::nullopt;
        if (b[pos + 1] == 0xFF) { ++pos; continue; }   // fill bytes
        const uchar marker = b[pos + 1];
        if (marker == 0xDA) return out;                // SOS: the compressed data follows
        if (marker == 0xD9 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) return std::nullopt;
        const qsizetype len = (qsizetype(b[pos + 2]) << 8) | b[pos + 3];
        if (len < 2 || pos + 2 + len > n) return std::nullopt;
        out.push_back({marker, pos, len + 2});
        pos += 2 + len;
    }
    return std::nullopt;
}

QByteArray jpegSegment(unsigned char marker, const QByteArray& payload) {
    const int len = int(payload.size()) + 2;
    QByteArray s;
    s.reserve(payload.size() + 4);
    s.append(char(0xFF)).append(char(marker)).append(char(len >> 8)).append(char(len & 0xFF));
    return s + payload;
}

bool isExifSegment(const JpegSegment& s, const QByteArray& jpeg) {
    return s.marker == 0xE1 && payloadStartsWith(s, jpeg, "Exif\0\0", 6);
}

bool isXmpSegment(const JpegSegment& s, const QByteArray& jpeg) {
    static const char kXmp[] = "http://ns.adobe.com/xap/1.0/";
    return s.marker == 0xE1 && payloadStartsWith(s, jpeg, kXmp, sizeof kXmp - 1);
}

bool isJfifSegment(const JpegSegment& s, const QByteArray& jpeg) {
    return s.marker == 0xE0 && payloadStartsWith(s, jpeg, "JFIF\0", 5) && s.size >= 4 + 14;
}

QByteArray jpegExifPayload(const QByteArray& jpeg) {
    const auto segments = jpegHeaderSegments(jpeg);
    if (!segments) return {};
    for (const JpegSegment& s : *segments)
        if (isExifSegment(s, jpeg)) return s.payload(jpeg);
    return {};
}

QByteArray jpegIccProfile(const QByteArray& jpeg) {
    const auto segments = jpegHeaderSegments(jpeg);
    if (!segments) return {};
    std::map<int, QByteArray> chunks;
    for (const JpegSegment& s : *segments)
        if (s.marker == 0xE2 && payloadStartsWith(s, jpeg, "ICC_PROFILE\0", 12) && s.size - 4 >= 14)
            chunks[uchar(jpeg[s.offset + 4 + 12])] = jpeg.mid(s.offset + 4 + 14, s.size - 4 - 14);
    QByteArray out;
    for (const auto& [seq, bytes] : chunks) out += bytes;
    return out;
}

QByteArray setJfifDensity(const QByteArray& jpeg, int dpi) {
    dpi = qBound(1, dpi, 0xFFFF);
    const auto segments = jpegHeaderSegments(jpeg);
    if (segments) {
        for (const JpegSegment& s : *segments) {
            if (!isJfifSegment(s, jpeg)) continue;
            QByteArray out = jpeg;
            const qsizetype p = s.offset + 4 + 7;   // "JFIF\0", version (2), then units
            out[p] = char(1);
            out[p + 1] = char(dpi >> 8);
            out[p + 2] = char(dpi & 0xFF);
            out[p + 3] = char(dpi >> 8);
            out[p + 4] = char(dpi & 0xFF);
            return out;
        }
    }
    QByteArray app0("JFIF\0\x01\x01", 7);
    app0.append(char(1)).append(char(dpi >> 8)).append(char(dpi & 0xFF)).append(char(dpi >> 8)).append(char(dpi & 0xFF));
    app0.append(char(0)).append(char(0));   // no thumbnail
    return jpeg.left(2) + jpegSegment(0xE0, app0) + jpeg.mid(2);
}

} // namespace pd::detail
