// Reads EXIF, IPTC and XMP into PhotoMetadata with Exiv2 0.27, and writes the small EXIF block renditions carry.
#include "pd/core/photo_metadata.h"

#include "pd/core/image_format.h"

#include <exiv2/exiv2.hpp>
#include <exiv2/webpimage.hpp>

#include <QStringDecoder>

#include <cmath>
#include <exception>
#include <initializer_list>
#include <mutex>
#include <string>

namespace pd {

namespace {

// Exiv2 0.27 calls its EXIF and IPTC code reentrant but leans on process-wide state for XMP (a
// namespace registry that decoding a packet writes to, the XMP toolkit's globals), and projects that
// read from many threads (darktable) serialise their Exiv2 reads after crashes there. One lock
// covers the Exiv2 part of a read: it is held for 0.03 ms (no metadata) to ~2 ms (a large XMP
// packet) per photo, small against decoding its pixels, so import threads barely wait on it.
std::mutex g_readMutex;

// Exiv2's hook for serialising XMP namespace registration: a lock of its own because it is taken
// while g_readMutex is held, recursive in case Exiv2 nests it.
std::recursive_mutex g_xmpNamespaceMutex;

void lockXmpNamespaces(void* data, bool lock) {
    auto* m = static_cast<std::recursive_mutex*>(data);
    if (lock) m->lock();
    else m->unlock();
}

// ---- text ---------------------------------------------------------------------------------------

// Metadata text is nominally ASCII but in practice UTF-8 or Latin-1: UTF-8 when it decodes cleanly.
QString decodeText(const std::string& raw) {
    std::string s = raw;
    const auto nul = s.find('\0');
    if (nul != std::string::npos) s.resize(nul);
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = utf8(QByteArrayView(s.data(), qsizetype(s.size())));
    if (utf8.hasError()) text = QString::fromLatin1(s.data(), qsizetype(s.size()));
    return text.trimmed();
}

// An EXIF Ascii value, optionally keeping the parts after embedded NULs (Copyright holds
// "photographer\0editor", with a lone space for a missing photographer).
QString exifAscii(const Exiv2::Exifdatum& d, bool joinNulParts = false) {
    if (d.count() < 1) return {};
    if (!joinNulParts) return decodeText(d.toString());
    std::string raw(size_t(d.size()), '\0');
    if (raw.empty()) return {};
    d.copy(reinterpret_cast<Exiv2::byte*>(raw.data()), Exiv2::littleEndian);
    QStringList parts;
    size_t start = 0;
    while (start <= raw.size()) {
        size_t end = raw.find('\0', start);
        if (end == std::string::npos) end = raw.size();
        const QString part = decodeText(raw.substr(start, end - start));
        if (!part.isEmpty()) parts << part;
        start = end + 1;
    }
    return parts.join(QStringLiteral("; "));
}

// XMP text: x-default of a language alternative, items of an array joined by "; ", or plain text.
QString xmpText(const Exiv2::Xmpdatum& d) {
    const Exiv2::Value& v = d.value();
    if (const auto* alt = dynamic_cast<const Exiv2::LangAltValue*>(&v)) {
        const auto def = alt->value_.find("x-default");
        if (def != alt->value_.end()) return decodeText(def->second);
        for (const auto& [lang, text] : alt->value_) {
            const QString t = decodeText(text);
            if (!t.isEmpty()) return t;
        }
        return {};
    }
    if (const auto* arr = dynamic_cast<const Exiv2::XmpArrayValue*>(&v)) {
        QStringList items;
        for (long i = 0; i < arr->count(); ++i) {
            const QString t = decodeText(arr->toString(i));
            if (!t.isEmpty()) items << t;
        }
        return items.join(QStringLiteral("; "));
    }
    return decodeText(d.toString());
}

QStringList xmpItems(const Exiv2::Xmpdatum& d) {
    QStringList items;
    if (const auto* arr = dynamic_cast<const Exiv2::XmpArrayValue*>(&d.value())) {
        for (long i = 0; i < arr->count(); ++i) items << decodeText(arr->toString(i));
    } else {
        items << xmpText(d);
    }
    return items;
}

// ---- lookups (every key name here is a built-in Exiv2 key; an unknown one would throw) ----------

const Exiv2::Exifdatum* findExif(const Exiv2::ExifData& exif, const char* key) {
    const auto it = exif.findKey(Exiv2::ExifKey(key));
    return it == exif.end() || it->count() < 1 ? nullptr : &*it;
}

const Exiv2::Xmpdatum* findXmp(const Exiv2::XmpData& xmp, const char* key) {
    if (xmp.empty()) return nullptr;
    const auto it = xmp.findKey(Exiv2::XmpKey(key));
    return it == xmp.end() || it->count() < 1 ? nullptr : &*it;
}

QString exifString(const Exiv2::ExifData& exif, const char* key) {
    const Exiv2::Exifdatum* d = findExif(exif, key);
    return d ? exifAscii(*d) : QString();
}

QString xmpString(const Exiv2::XmpData& xmp, const char* key) {
    const Exiv2::Xmpdatum* d = findXmp(xmp, key);
    return d ? xmpText(*d) : QString();
}

// Every IPTC Application Record dataset `tag`, in file order (Keywords and Byline repeat).
QStringList iptcStrings(const Exiv2::IptcData& iptc, uint16_t tag) {
    QStringList out;
    for (const Exiv2::Iptcdatum& d : iptc) {
        if (d.record() != Exiv2::IptcDataSets::application2 || d.tag() != tag) continue;
        const QString t = decodeText(d.toString());
        if (!t.isEmpty()) out << t;
    }
    return out;
}

QString firstNonEmpty(std::initializer_list<QString> candidates) {
    for (const QString& c : candidates)
        if (!c.isEmpty()) return c;
    return {};
}

// ---- numbers ------------------------------------------------------------------------------------

bool isIntegerType(Exiv2::TypeId t) {
    switch (t) {
    case Exiv2::unsignedByte: case Exiv2::unsignedShort: case Exiv2::unsignedLong:
    case Exiv2::signedByte: case Exiv2::signedShort: case Exiv2::signedLong:
        return true;
    default:
        return false;
    }
}

// The first component as an integer; text values ("6") are parsed rather than read as bytes.
std::optional<long> integerOf(const Exiv2::Metadatum& d) {
    if (d.count() < 1) return std::nullopt;
    if (isIntegerType(d.typeId())) return d.toLong(0);
    bool ok = false;
    const long v = decodeText(d.toString(0)).toLong(&ok);
    return ok ? std::optional<long>(v) : std::nullopt;
}

struct Fraction {
    double num = 0;
    double den = 1;
    double value() const { return num / den; }
};

// Component i of a rational (or integer) value; nullopt when missing or the denominator is 0.
// Unsigned rationals are read directly: Value::toRational would squeeze them into int32.
std::optional<Fraction> fractionAt(const Exiv2::Value& v, long i) {
    if (i >= v.count()) return std::nullopt;
    Fraction f;
    if (const auto* ur = dynamic_cast<const Exiv2::URationalValue*>(&v)) {
        f = {double(ur->value_[size_t(i)].first), double(ur->value_[size_t(i)].second)};
    } else if (const auto* sr = dynamic_cast<const Exiv2::RationalValue*>(&v)) {
        f = {double(sr->value_[size_t(i)].first), double(sr->value_[size_t(i)].second)};
    } else if (isIntegerType(v.typeId())) {
        f = {double(v.toLong(i)), 1};
    } else {
        const Exiv2::Rational r = v.toRational(i);
        if (!v.ok()) return std::nullopt;
        f = {double(r.first), double(r.second)};
    }
    if (f.den == 0 || !std::isfinite(f.value())) return std::nullopt;
    return f;
}

std::optional<double> positiveRational(const Exiv2::ExifData& exif, const char* key) {
    const Exiv2::Exifdatum* d = findExif(exif, key);
    if (!d) return std::nullopt;
    const auto f = fractionAt(d->value(), 0);
    if (!f || f->value() <= 0) return std::nullopt;
    return f->value();
}

// "1/250" below 0.3 s (how cameras show it), "0.5", "2.5" or "30" above.
QString formatExposure(const Fraction& f) {
    const double t = f.value();
    if (t <= 0) return {};
    if (f.num == 1 && f.den == std::floor(f.den)) return f.den == 1 ? QStringLiteral("1") : QStringLiteral("1/%1").arg(qint64(f.den));
    if (t < 0.3) return QStringLiteral("1/%1").arg(qint64(std::llround(1.0 / t)));
    QString s = QString::number(std::round(t * 10) / 10, 'f', 1);
    if (s.endsWith(QLatin1String(".0"))) s.chop(2);
    return s;
}

// ---- dates --------------------------------------------------------------------------------------

// Reads n digits at s[pos]; advances pos.
bool readDigits(const QString& s, qsizetype& pos, int n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (int k = 0; k < n; ++k) {
        const QChar c = s[pos + k];
        if (!c.isDigit()) return false;
        v = v * 10 + c.digitValue();
    }
    out = v;
    pos += n;
    return true;
}

// Milliseconds from the digits of a decimal fraction ("5" = 500, "05" = 50, "123456" = 123).
int fractionToMs(const QString& digits) {
    int ms = 0, scale = 100;
    for (const QChar c : digits) {
        if (!c.isDigit() || scale == 0) break;
        ms += c.digitValue() * scale;
        scale /= 10;
    }
    return ms;
}

// EXIF "YYYY:MM:DD HH:MM:SS" and XMP "YYYY-MM-DDTHH:MM:SS.sss+hh:mm" (or just "YYYY-MM-DD").
// The wall-clock time is kept and any UTC offset dropped: capturedAt is the camera's local time.
// Blank, zeroed ("0000:00:00 00:00:00") or otherwise malformed text gives an invalid QDateTime.
QDateTime parseDateTime(const QString& text) {
    const QString s = text.trimmed();
    qsizetype pos = 0;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
    auto sep = [&](std::initializer_list<char> allowed) {
        if (pos >= s.size()) return false;
        for (char a : allowed)
            if (s[pos] == QLatin1Char(a)) { ++pos; return true; }
        return false;
    };
    if (!readDigits(s, pos, 4, y) || !sep({':', '-'}) || !readDigits(s, pos, 2, mo) || !sep({':', '-'}) ||
        !readDigits(s, pos, 2, d))
        return {};
    const QDate date(y, mo, d);
    if (!date.isValid() || y < 1800) return {}; // before photography: a placeholder, not a date
    if (pos < s.size()) {
        if (!sep({' ', 'T'}) || !readDigits(s, pos, 2, h) || !sep({':'}) || !readDigits(s, pos, 2, mi)) return {};
        if (pos < s.size() && s[pos] == QLatin1Char(':')) {
            ++pos;
            if (!readDigits(s, pos, 2, sec)) return {};
            if (pos < s.size() && s[pos] == QLatin1Char('.')) {
                ++pos;
                const qsizetype start = pos;
                while (pos < s.size() && s[pos].isDigit()) ++pos;
                ms = fractionToMs(s.mid(start, pos - start));
            }
        }
    }
    const QTime time(h, mi, sec, ms);
    if (!time.isValid()) return {};
    const QDateTime local(date, time);
    if (local.isValid()) return local;
    // The wall-clock time falls in this machine's daylight-saving gap (02:30 on a spring-forward
    // night), which Qt cannot hold as local time: take it at the offset in force the day before,
    // an hour later on the clock, rather than lose the date of the photo.
    const QDateTime dayBefore(date.addDays(-1), time);
    if (!dayBefore.isValid()) return {};
    return QDateTime(date, time, Qt::UTC).addSecs(-dayBefore.offsetFromUtc()).toLocalTime();
}

QDateTime exifDateTime(const Exiv2::ExifData& exif, const char* key, const char* subSecKey) {
    QDateTime dt = parseDateTime(exifString(exif, key));
    if (dt.isValid() && dt.time().msec() == 0) {
        const QString sub = exifString(exif, subSecKey);
        if (!sub.isEmpty()) dt = dt.addMSecs(fractionToMs(sub));
    }
    return dt;
}

// The moment the photo was taken, most trustworthy source first: the original capture time
// (EXIF, then its XMP mirrors), then the digitisation time, then EXIF's "file changed" time.
QDateTime captureTime(const Exiv2::ExifData& exif, const Exiv2::XmpData& xmp) {
    const QDateTime candidates[] = {
        exifDateTime(exif, "Exif.Photo.DateTimeOriginal", "Exif.Photo.SubSecTimeOriginal"),
        parseDateTime(xmpString(xmp, "Xmp.exif.DateTimeOriginal")),
        parseDateTime(xmpString(xmp, "Xmp.photoshop.DateCreated")),
        exifDateTime(exif, "Exif.Photo.DateTimeDigitized", "Exif.Photo.SubSecTimeDigitized"),
        parseDateTime(xmpString(xmp, "Xmp.exif.DateTimeDigitized")),
        parseDateTime(xmpString(xmp, "Xmp.xmp.CreateDate")),
        exifDateTime(exif, "Exif.Image.DateTime", "Exif.Photo.SubSecTime"),
    };
    for (const QDateTime& dt : candidates)
        if (dt.isValid()) return dt;
    return {};
}

// ---- individual fields --------------------------------------------------------------------------

int orientationOf(const Exiv2::ExifData& exif) {
    const Exiv2::Exifdatum* d = findExif(exif, "Exif.Image.Orientation");
    const auto v = d ? integerOf(*d) : std::nullopt;
    return v && *v >= 1 && *v <= 8 ? int(*v) : 1;
}

// A maker-note lens description that names no lens: "n/a", "Unknown ...", or a bare id "(65535)".
bool isPlaceholderLens(const QString& s) {
    if (s.isEmpty() || s.compare(QLatin1String("n/a"), Qt::CaseInsensitive) == 0 ||
        s.startsWith(QLatin1String("unknown"), Qt::CaseInsensitive) || s.startsWith(QLatin1String("----")))
        return true;
    QString core = s;
    if (core.startsWith(QLatin1Char('(')) && core.endsWith(QLatin1Char(')'))) core = core.mid(1, core.size() - 2);
    bool isNumber = false;
    core.toLongLong(&isNumber);
    return isNumber;
}

QString lensOf(const Exiv2::ExifData& exif, const Exiv2::XmpData& xmp) {
    for (const QString& s : {exifString(exif, "Exif.Photo.LensModel"), xmpString(xmp, "Xmp.exifEX.LensModel"),
                             xmpString(xmp, "Xmp.aux.Lens")})
        if (!isPlaceholderLens(s)) return s;
    // Maker notes store a lens id; Exiv2 picks the best key and its print() names the lens.
    const auto it = Exiv2::lensName(exif);
    if (it != exif.end() && it->count() > 0) {
        const QString s = decodeText(it->print(&exif));
        if (!isPlaceholderLens(s)) return s;
    }
    return {};
}

std::optional<int> isoOf(const Exiv2::ExifData& exif, const Exiv2::XmpData& xmp) {
    // ISOSpeedRatings is a 16-bit field: cameras write 65535 above that and the real value elsewhere.
    constexpr long kSaturated = 65535;
    std::optional<long> saturated;
    for (const char* key : {"Exif.Photo.ISOSpeedRatings", "Exif.Photo.RecommendedExposureIndex", "Exif.Photo.ISOSpeed"}) {
        const Exiv2::Exifdatum* d = findExif(exif, key);
        const auto v = d ? integerOf(*d) : std::nullopt;
        if (!v || *v <= 0) continue;
        if (*v == kSaturated) { saturated = v; continue; }
        return int(*v);
    }
    if (saturated) return int(*saturated);
    if (const Exiv2::Xmpdatum* d = findXmp(xmp, "Xmp.exif.ISOSpeedRatings")) {
        bool ok = false;
        const int v = xmpItems(*d).value(0).toInt(&ok);
        if (ok && v > 0) return v;
    }
    return std::nullopt;
}

std::optional<double> fNumberOf(const Exiv2::ExifData& exif) {
    if (const auto f = positiveRational(exif, "Exif.Photo.FNumber")) return f;
    // ApertureValue is APEX: N = 2^(Av/2).
    if (const Exiv2::Exifdatum* d = findExif(exif, "Exif.Photo.ApertureValue")) {
        if (const auto av = fractionAt(d->value(), 0); av && av->value() >= 0 && av->value() < 64)
            return std::round(std::pow(2.0, av->value() / 2) * 10) / 10;
    }
    return std::nullopt;
}

// Degrees from EXIF's degrees/minutes/seconds triple and its N/S or E/W reference.
std::optional<double> gpsCoordinate(const Exiv2::ExifData& exif, const char* key, const char* refKey,
                                    char positive, char negative) {
    const Exiv2::Exifdatum* d = findExif(exif, key);
    const QString ref = exifString(exif, refKey).toUpper();
    if (!d || ref.isEmpty()) return std::nullopt; // without its reference the hemisphere is a guess
    const QChar r = ref.at(0);
    if (r != QLatin1Char(positive) && r != QLatin1Char(negative)) return std::nullopt;
    double degrees = 0;
    const double scale[] = {1, 60, 3600};
    for (long i = 0; i < std::min<long>(d->count(), 3); ++i) {
        const auto f = fractionAt(d->value(), i);
        if (!f) return std::nullopt;
        degrees += std::abs(f->value()) / scale[i];
    }
    return r == QLatin1Char(negative) ? -degrees : degrees;
}

std::optional<GpsPosition> gpsOf(const Exiv2::ExifData& exif) {
    const auto lat = gpsCoordinate(exif, "Exif.GPSInfo.GPSLatitude", "Exif.GPSInfo.GPSLatitudeRef", 'N', 'S');
    const auto lon = gpsCoordinate(exif, "Exif.GPSInfo.GPSLongitude", "Exif.GPSInfo.GPSLongitudeRef", 'E', 'W');
    if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180) return std::nullopt;
    // Cameras without a fix write 0/0 or zeros; a real photo at exactly 0,0 is in the sea.
    if (*lat == 0 && *lon == 0) return std::nullopt;
    GpsPosition gps{*lat, *lon, std::nullopt};
    if (const Exiv2::Exifdatum* alt = findExif(exif, "Exif.GPSInfo.GPSAltitude")) {
        if (const auto f = fractionAt(alt->value(), 0)) {
            const Exiv2::Exifdatum* ref = findExif(exif, "Exif.GPSInfo.GPSAltitudeRef");
            const auto below = ref ? integerOf(*ref) : std::nullopt;
            gps.altitude = (below && *below == 1) ? -std::abs(f->value()) : f->value();
        }
    }
    return gps;
}

// Text cameras put in ImageDescription when the owner wrote none.
bool isCameraBoilerplate(const QString& caption, const PhotoMetadata& m) {
    if (caption.compare(m.cameraMake, Qt::CaseInsensitive) == 0 ||
        caption.compare(m.cameraModel, Qt::CaseInsensitive) == 0)
        return true;
    if (caption.endsWith(QLatin1String("DIGITAL CAMERA"), Qt::CaseInsensitive)) return true; // OLYMPUS, KONICA MINOLTA
    for (const char* s : {"SONY DSC", "MINOLTA DSC", "SAMSUNG CAMERA PICTURES", "DCIM"})
        if (caption.compare(QLatin1String(s), Qt::CaseInsensitive) == 0) return true;
    return false;
}

QStringList keywordsOf(const Exiv2::IptcData& iptc, const Exiv2::XmpData& xmp) {
    QStringList all;
    if (const Exiv2::Xmpdatum* d = findXmp(xmp, "Xmp.dc.subject")) all = xmpItems(*d);
    all += iptcStrings(iptc, Exiv2::IptcDataSets::Keywords);
    QStringList out;
    for (const QString& k : all)
        if (!k.isEmpty() && !out.contains(k)) out << k;
    return out;
}

int dimension(const Exiv2::ExifData& exif, const char* key) {
    const Exiv2::Exifdatum* d = findExif(exif, key);
    const auto v = d ? integerOf(*d) : std::nullopt;
    return v && *v > 0 && *v <= 1'000'000 ? int(*v) : 0;
}

// Everything from an Exiv2 image whose metadata has been read. Caller holds g_readMutex.
PhotoMetadata extract(Exiv2::Image& image) {
    const Exiv2::ExifData& exif = image.exifData();
    const Exiv2::IptcData& iptc = image.iptcData();
    const Exiv2::XmpData& xmp = image.xmpData();
    PhotoMetadata m;
    m.capturedAt = captureTime(exif, xmp);
    m.orientation = orientationOf(exif);
    m.cameraMake = firstNonEmpty({exifString(exif, "Exif.Image.Make"), xmpString(xmp, "Xmp.tiff.Make")});
    m.cameraModel = firstNonEmpty({exifString(exif, "Exif.Image.Model"), xmpString(xmp, "Xmp.tiff.Model")});
    m.lens = lensOf(exif, xmp);
    if (const Exiv2::Exifdatum* d = findExif(exif, "Exif.Photo.ExposureTime"))
        if (const auto f = fractionAt(d->value(), 0)) m.exposureTime = formatExposure(*f);
    m.fNumber = fNumberOf(exif);
    m.iso = isoOf(exif, xmp);
    m.focalLengthMm = positiveRational(exif, "Exif.Photo.FocalLength");
    m.gps = gpsOf(exif);

    // What people type (in Lightroom, Photo Mechanic, ...) lands in XMP and IPTC; EXIF text is
    // mostly what the camera was set up with, so it comes last.
    const Exiv2::Exifdatum* copyright = findExif(exif, "Exif.Image.Copyright");
    m.copyright = firstNonEmpty({xmpString(xmp, "Xmp.dc.rights"),
                                 iptcStrings(iptc, Exiv2::IptcDataSets::Copyright).value(0),
                                 copyright ? exifAscii(*copyright, true) : QString()});
    m.creator = firstNonEmpty({xmpString(xmp, "Xmp.dc.creator"),
                               iptcStrings(iptc, Exiv2::IptcDataSets::Byline).join(QStringLiteral("; ")),
                               exifString(exif, "Exif.Image.Artist")});
    for (const QString& c : {xmpString(xmp, "Xmp.dc.description"),
                             iptcStrings(iptc, Exiv2::IptcDataSets::Caption).value(0),
                             exifString(exif, "Exif.Image.ImageDescription")}) {
        if (!c.isEmpty() && !isCameraBoilerplate(c, m)) { m.caption = c; break; }
    }
    m.keywords = keywordsOf(iptc, xmp);

    // The frame header (SOF, IHDR, TIFF IFD0) describes the pixels actually stored; EXIF's
    // PixelXDimension is often left over from before a crop or resize.
    m.pixelWidth = image.pixelWidth() > 0 ? image.pixelWidth() : dimension(exif, "Exif.Photo.PixelXDimension");
    m.pixelHeight = image.pixelHeight() > 0 ? image.pixelHeight() : dimension(exif, "Exif.Photo.PixelYDimension");
    return m;
}

} // namespace

void initMetadataLibrary() {
    static std::once_flag once;
    std::call_once(once, [] {
        Exiv2::LogMsg::setLevel(Exiv2::LogMsg::mute);
        Exiv2::XmpParser::initialize(&lockXmpNamespaces, &g_xmpNamespaceMutex);
    });
}

Result<PhotoMetadata> readPhotoMetadata(const QByteArray& bytes) {
    initMetadataLibrary(); // idempotent and cheap after the first call; makes a forgotten call harmless
    // Only the image formats Proofdesk imports reach Exiv2. Its 0.27 video readers (QuickTime,
    // RIFF, Matroska) loop forever on crafted containers: fuzz_region_decode found a 108-byte
    // "ftyp" file that hung QuickTimeVideo::fileTypeDecoder.
    if (bytes.isEmpty() || !isImportable(sniffImageFormat(bytes))) return PhotoMetadata{};
    const auto* data = reinterpret_cast<const Exiv2::byte*>(bytes.constData());
    const long size = long(bytes.size());
    try {
        std::lock_guard lock(g_readMutex);
        // Exiv2 judges the type by its own rules, which can differ from our sniff on crafted
        // bytes (a second fuzz input looked importable to us and like QuickTime to Exiv2):
        // only its image readers are allowed, never its video containers.
        switch (Exiv2::ImageFactory::getType(data, size)) {
        case Exiv2::ImageType::jpeg:
        case Exiv2::ImageType::tiff:
        case Exiv2::ImageType::png:
        case Exiv2::ImageType::webp:
        case Exiv2::ImageType::jp2:
        case Exiv2::ImageType::bmp:
        case Exiv2::ImageType::gif:
            break;
        default:
            return PhotoMetadata{};
        }
        auto image = Exiv2::ImageFactory::open(data, size); // reads from the buffer, no copy
        image->readMetadata();
        return extract(*image);
    } catch (const Exiv2::AnyError& e) {
        return makeError(ErrorCode::CorruptData,
                         QStringLiteral("The photo's metadata cannot be read (Exiv2: %1)").arg(decodeText(e.what())));
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::CorruptData, QStringLiteral("The photo's metadata claims an impossible size"));
    } catch (const std::exception& e) {
        return makeError(ErrorCode::CorruptData,
                         QStringLiteral("The photo's metadata cannot be read (%1)").arg(decodeText(e.what())));
    } catch (...) {
        return makeError(ErrorCode::Internal, QStringLiteral("Exiv2 failed while reading the photo's metadata"));
    }
}

QByteArray makeRenditionExif(const RenditionTags& tags) {
    // A JPEG APP1 segment holds at most 65533 bytes: long text is cut well below that.
    constexpr qsizetype kMaxTextChars = 2000;
    try {
        Exiv2::ExifData ed;
        ed["Exif.Image.Orientation"] = uint16_t(1);
        ed["Exif.Photo.ColorSpace"] = uint16_t(1);
        if (tags.capturedAt.isValid())
            ed["Exif.Photo.DateTimeOriginal"] = tags.capturedAt.toString(QStringLiteral("yyyy:MM:dd HH:mm:ss")).toStdString();
        if (!tags.copyright.trimmed().isEmpty())
            ed["Exif.Image.Copyright"] = tags.copyright.trimmed().left(kMaxTextChars).toStdString();
        if (!tags.creator.trimmed().isEmpty())
            ed["Exif.Image.Artist"] = tags.creator.trimmed().left(kMaxTextChars).toStdString();
        Exiv2::Blob blob;
        Exiv2::ExifParser::encode(blob, Exiv2::littleEndian, ed);
        QByteArray payload("Exif\0\0", 6);
        payload.append(reinterpret_cast<const char*>(blob.data()), qsizetype(blob.size()));
        return payload;
    } catch (...) {
        // Only allocation can fail here; a rendition without EXIF is still a correct picture.
        return {};
    }
}

} // namespace pd
