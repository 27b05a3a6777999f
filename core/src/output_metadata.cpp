// EXIF, IPTC and XMP for proofs and print files.
#include "output_metadata.h"

#include "jpeg_segments.h"

#include <exiv2/exiv2.hpp>

#include <cmath>

namespace pd::detail {

namespace {

constexpr qsizetype kMaxSegmentPayload = 65533;
constexpr qsizetype kMaxTextChars = 2000;

QByteArray exifPayload(const Exiv2::ExifData& ed, Exiv2::ByteOrder order) {
    Exiv2::Blob blob;
    Exiv2::ExifParser::encode(blob, order, ed);
    QByteArray payload("Exif\0\0", 6);
    payload.append(reinterpret_cast<const char*>(blob.data()), qsizetype(blob.size()));
    return payload;
}

void setResolution(Exiv2::ExifData& ed, int dpi) {
    if (dpi <= 0) return;
    ed["Exif.Image.XResolution"] = Exiv2::URational(uint32_t(dpi), 1);
    ed["Exif.Image.YResolution"] = Exiv2::URational(uint32_t(dpi), 1);
    ed["Exif.Image.ResolutionUnit"] = uint16_t(2);   // inches
}

void setGps(Exiv2::ExifData& ed, const GpsPosition& gps) {
    auto dms = [](double degrees) {
        const double a = std::abs(degrees);
        const double d = std::floor(a), m = std::floor((a - d) * 60);
        const double s = ((a - d) * 60 - m) * 60;
        Exiv2::URationalValue v;
        v.value_.push_back({uint32_t(d), 1});
        v.value_.push_back({uint32_t(m), 1});
        v.value_.push_back({uint32_t(std::lround(s * 1000)), 1000});
        return v;
    };
    Exiv2::DataValue version(Exiv2::unsignedByte);
    version.read("2 3 0 0");
    ed["Exif.GPSInfo.GPSVersionID"] = version;
    ed["Exif.GPSInfo.GPSLatitudeRef"] = std::string(gps.latitude < 0 ? "S" : "N");
    ed["Exif.GPSInfo.GPSLatitude"] = dms(gps.latitude);
    ed["Exif.GPSInfo.GPSLongitudeRef"] = std::string(gps.longitude < 0 ? "W" : "E");
    ed["Exif.GPSInfo.GPSLongitude"] = dms(gps.longitude);
    if (gps.altitude) {
        Exiv2::DataValue ref(Exiv2::unsignedByte);
        ref.read(*gps.altitude < 0 ? "1" : "0");
        ed["Exif.GPSInfo.GPSAltitudeRef"] = ref;
        ed["Exif.GPSInfo.GPSAltitude"] = Exiv2::URational(uint32_t(std::lround(std::abs(*gps.altitude) * 100)), 100);
    }
}

void setTags(Exiv2::ExifData& ed, const OutputTags& tags) {
    ed["Exif.Image.Orientation"] = uint16_t(1);
    ed["Exif.Photo.ColorSpace"] = uint16_t(1);
    if (tags.capturedAt.isValid())
        ed["Exif.Photo.DateTimeOriginal"] = tags.capturedAt.toString(QStringLiteral("yyyy:MM:dd HH:mm:ss")).toStdString();
    if (!tags.copyright.trimmed().isEmpty()) ed["Exif.Image.Copyright"] = tags.copyright.trimmed().left(kMaxTextChars).toStdString();
    if (!tags.creator.trimmed().isEmpty()) ed["Exif.Image.Artist"] = tags.creator.trimmed().left(kMaxTextChars).toStdString();
    if (tags.gps) setGps(ed, *tags.gps);
}

// UTF-8 cut to at most maxBytes without splitting a character (IPTC fields have byte limits).
std::string utf8Within(const QString& text, int maxBytes) {
    QByteArray u = text.trimmed().toUtf8();
    if (u.size() > maxBytes) {
        qsizetype n = maxBytes;
        while (n > 0 && (uchar(u[n]) & 0xC0) == 0x80) --n;
        u.truncate(n);
    }
    return u.toStdString();
}

QString xmlEscaped(const QString& s) { return s.trimmed().left(kMaxTextChars).toHtmlEscaped(); }

QByteArray xmpPacket(const QString& copyright, const QString& creator) {
    QString body;
    if (!copyright.trimmed().isEmpty())
        body += QStringLiteral("   <dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">%1</rdf:li></rdf:Alt></dc:rights>\n"
                               "   <xmpRights:Marked>True</xmpRights:Marked>\n").arg(xmlEscaped(copyright));
    if (!creator.trimmed().isEmpty())
        body += QStringLiteral("   <dc:creator><rdf:Seq><rdf:li>%1</rdf:li></rdf:Seq></dc:creator>\n").arg(xmlEscaped(creator));
    const QString packet = QStringLiteral(
        "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
        "    xmlns:xmpRights=\"http://ns.adobe.com/xap/1.0/rights/\">\n"
        "%1"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        "<?xpacket end=\"w\"?>").arg(body);
    return packet.toUtf8();
}

} // namespace

QByteArray makeOutputExif(const OutputTags& tags) {
    try {
        Exiv2::ExifData ed;
        setTags(ed, tags);
        QByteArray payload = exifPayload(ed, Exiv2::littleEndian);
        return payload.size() <= kMaxSegmentPayload ? payload : QByteArray();
    } catch (...) {
        return {};   // only allocation fails here; a file without EXIF is still a correct picture
    }
}

QByteArray makePrintExif(const QByteArray& original, const OutputTags& fallback, QSize size, int dpi) {
    try {
        if (original.size() > 6 && original.startsWith(QByteArray("Exif\0\0", 6))) {
            Exiv2::ExifData ed;
            const auto* tiff = reinterpret_cast<const Exiv2::byte*>(original.constData()) + 6;
            Exiv2::ByteOrder order = Exiv2::ExifParser::decode(ed, tiff, uint32_t(original.size() - 6));
            if (!ed.empty()) {
                Exiv2::ExifThumb(ed).erase();   // the camera's thumbnail shows the unedited picture
                for (const char* key : {"Exif.Image.ImageWidth", "Exif.Image.ImageLength"}) {
                    const auto it = ed.findKey(Exiv2::ExifKey(key));
                    if (it != ed.end()) ed.erase(it);
                }
                ed["Exif.Image.Orientation"] = uint16_t(1);
                ed["Exif.Photo.PixelXDimension"] = uint32_t(size.width());
                ed["Exif.Photo.PixelYDimension"] = uint32_t(size.height());
                setResolution(ed, dpi);
                QByteArray payload = exifPayload(ed, order == Exiv2::invalidByteOrder ? Exiv2::littleEndian : order);
                if (payload.size() <= kMaxSegmentPayload) return payload;
            }
        }
    } catch (...) {
        // An Exif block Exiv2 cannot re-encode (a broken maker note): fall back to the basics.
    }
    try {
        Exiv2::ExifData ed;
        setTags(ed, fallback);
        ed["Exif.Photo.PixelXDimension"] = uint32_t(size.width());
        ed["Exif.Photo.PixelYDimension"] = uint32_t(size.height());
        setResolution(ed, dpi);
        return exifPayload(ed, Exiv2::littleEndian);
    } catch (...) {
        return {};
    }
}

QByteArray addCopyrightMetadata(const QByteArray& jpeg, const QString& copyright, const QString& creator) {
    if (copyright.trimmed().isEmpty() && creator.trimmed().isEmpty()) return jpeg;
    const auto segments = jpegHeaderSegments(jpeg);
    if (!segments) return jpeg;

    static const QByteArray kXmpHeader("http://ns.adobe.com/xap/1.0/\0", 29);
    const QByteArray xmp = jpegSegment(0xE1, kXmpHeader + xmpPacket(copyright, creator));
    QByteArray iptcSegment;
    try {
        Exiv2::IptcData iptc;
        iptc["Iptc.Envelope.CharacterSet"] = std::string("\x1b%G");   // UTF-8
        if (!copyright.trimmed().isEmpty()) iptc["Iptc.Application2.Copyright"] = utf8Within(copyright, 128);
        if (!creator.trimmed().isEmpty()) iptc["Iptc.Application2.Byline"] = utf8Within(creator, 32);
        const Exiv2::DataBuf irb = Exiv2::Photoshop::setIptcIrb(nullptr, 0, iptc);
        if (irb.size_ > 0)
            iptcSegment = jpegSegment(0xED, QByteArray("Photoshop 3.0\0", 14) +
                                                QByteArray(reinterpret_cast<const char*>(irb.pData_), qsizetype(irb.size_)));
    } catch (...) {
        // Without IPTC the XMP still carries both texts.
    }

    // Order: APP0 JFIF, APP1 Exif, APP1 XMP, APP2 ICC, APP13 IPTC, then the tables.
    QByteArray out = jpeg.left(2);
    bool xmpDone = false, iptcDone = false;
    qsizetype end = 2;
    for (const JpegSegment& s : *segments) {
        const bool app = s.marker >= 0xE0 && s.marker <= 0xEF;
        if (!xmpDone && !(s.marker == 0xE0 || isExifSegment(s, jpeg))) { out += xmp; xmpDone = true; }
        if (!iptcDone && !(app && s.marker <= 0xE2)) { out += iptcSegment; iptcDone = true; }
        out.append(jpeg.constData() + s.offset, s.size);
        end = s.offset + s.size;
    }
    if (!xmpDone) out += xmp;
    if (!iptcDone) out += iptcSegment;
    out.append(jpeg.constData() + end, jpeg.size() - end);
    return out;
}

} // namespace pd::detail
