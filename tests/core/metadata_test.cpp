// readPhotoMetadata and makeRenditionExif on synthetic files whose metadata is written with Exiv2
// (or, for XMP, as raw packet text) independently of the code under test.
#include <catch2/catch.hpp>

#include "pd/core/photo_metadata.h"
#include "test_support.h"

#include <exiv2/exiv2.hpp>

#include <QBuffer>
#include <QRandomGenerator>

#include <functional>
#include <thread>
#include <vector>

using pd::PhotoMetadata;
using pd::readPhotoMetadata;

namespace {

QByteArray plainJpeg() {
    static const QByteArray jpeg = pd::test::makeJpeg(pd::test::makeQuadrantImage(64, 48));
    return jpeg;
}

QByteArray app1(const QByteArray& payload) {
    const int len = int(payload.size()) + 2;
    QByteArray s;
    s.append(char(0xFF)).append(char(0xE1)).append(char(len >> 8)).append(char(len & 0xFF));
    return s + payload;
}

// A JPEG whose only metadata is `payload` as an APP1 segment right after SOI.
QByteArray jpegWithApp1(const QByteArray& payload) {
    const QByteArray jpeg = plainJpeg();
    return jpeg.left(2) + app1(payload) + jpeg.mid(2);
}

QByteArray jpegWithExif(const Exiv2::ExifData& exif) {
    Exiv2::Blob blob;
    Exiv2::ExifParser::encode(blob, Exiv2::littleEndian, exif);
    return jpegWithApp1(QByteArray("Exif\0\0", 6) + QByteArray(reinterpret_cast<const char*>(blob.data()), qsizetype(blob.size())));
}

// Rewrites the metadata of `jpeg` in memory with Exiv2 (for IPTC and XMP, which makeJpeg does not write).
QByteArray editedWithExiv2(const QByteArray& jpeg, const std::function<void(Exiv2::Image&)>& edit) {
    auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(jpeg.constData()), long(jpeg.size()));
    image->readMetadata();
    edit(*image);
    image->writeMetadata();
    Exiv2::BasicIo& io = image->io();
    io.seek(0, Exiv2::BasicIo::beg);
    const Exiv2::DataBuf buf = io.read(io.size());
    return QByteArray(reinterpret_cast<const char*>(buf.pData_), qsizetype(buf.size_));
}

// An XMP packet written by hand, with a namespace Exiv2 has never seen (its decoder registers it).
QByteArray xmpPacket(const QString& uniqueNs, const QString& body) {
    return QStringLiteral(
               "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
               "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
               "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
               " xmlns:exif=\"http://ns.adobe.com/exif/1.0/\" xmlns:%1=\"http://example.com/proofdesk-test/%1/\">"
               "%2<%1:Note>registered on first read</%1:Note>"
               "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>")
        .arg(uniqueNs, body)
        .toUtf8();
}

QByteArray jpegWithXmp(const QByteArray& packet) {
    return jpegWithApp1(QByteArray("http://ns.adobe.com/xap/1.0/\0", 29) + packet);
}

PhotoMetadata read(const QByteArray& bytes) {
    auto r = readPhotoMetadata(bytes);
    INFO((r.ok() ? QString() : r.error().toString()).toStdString());
    REQUIRE(r.ok());
    return *r;
}

// Every field, for comparing whole results and for readable failure messages.
QString describe(const PhotoMetadata& m) {
    const auto opt = [](const auto& v) { return v ? QString::number(*v, 'g', 10) : QStringLiteral("-"); };
    QString gps = QStringLiteral("-");
    if (m.gps) gps = QStringLiteral("%1,%2,%3").arg(m.gps->latitude, 0, 'f', 7).arg(m.gps->longitude, 0, 'f', 7).arg(opt(m.gps->altitude));
    return QStringList{m.capturedAt.toString(Qt::ISODateWithMs), QString::number(m.orientation), m.cameraMake,
                       m.cameraModel, m.lens, m.exposureTime, opt(m.fNumber), opt(m.iso), opt(m.focalLengthMm), gps,
                       m.copyright, m.creator, m.caption, m.keywords.join(QLatin1Char('|')),
                       QString::number(m.pixelWidth), QString::number(m.pixelHeight)}
        .join(QStringLiteral(" / "));
}

void addRational(Exiv2::ExifData& exif, const char* key, const char* rationals) {
    Exiv2::URationalValue v;
    REQUIRE(v.read(rationals) == 0);
    exif.add(Exiv2::ExifKey(key), &v);
}

void addAscii(Exiv2::ExifData& exif, const char* key, const std::string& raw) {
    Exiv2::AsciiValue v;
    REQUIRE(v.read(raw) == 0);
    exif.add(Exiv2::ExifKey(key), &v);
}

} // namespace

TEST_CASE("Every camera field of a synthetic JPEG is read back", "[core][metadata]") {
    pd::test::SyntheticExif exif;
    exif.orientation = 6;
    exif.make = QStringLiteral("Proofdesk Optical");
    exif.model = QStringLiteral("PD-1 Mark II");
    exif.lens = QStringLiteral("PD 35mm F1.4 Asph");
    exif.capturedAt = QDateTime(QDate(2023, 6, 1), QTime(14, 30, 15));
    exif.copyright = QStringLiteral("© 2023 Zoë Ångström");
    exif.artist = QStringLiteral("Zoë Ångström");
    exif.gps = true;
    const PhotoMetadata m = read(pd::test::makeJpeg(pd::test::makeQuadrantImage(120, 80), exif));
    INFO(describe(m).toStdString());

    CHECK(m.capturedAt == exif.capturedAt);
    CHECK(m.orientation == 6);
    CHECK(m.cameraMake == exif.make);
    CHECK(m.cameraModel == exif.model);
    CHECK(m.lens == exif.lens);
    CHECK(m.copyright == exif.copyright); // UTF-8 in an EXIF Ascii field, as most software writes it
    CHECK(m.creator == exif.artist);
    REQUIRE(m.gps.has_value());
    CHECK(m.gps->latitude == Approx(51.5).margin(1e-4));
    CHECK(m.gps->longitude == Approx(-0.12).margin(1e-4)); // west is negative
    CHECK_FALSE(m.gps->altitude.has_value());
    CHECK(m.pixelWidth == 120);
    CHECK(m.pixelHeight == 80);
    CHECK(m.caption.isEmpty());
    CHECK(m.keywords.isEmpty());
}

TEST_CASE("Orientation 1 to 8 is read, and absent or out of range gives 1", "[core][metadata]") {
    for (int o = 1; o <= 8; ++o) {
        pd::test::SyntheticExif exif;
        exif.orientation = o;
        exif.make = QStringLiteral("X");
        CHECK(read(pd::test::makeJpeg(pd::test::makeQuadrantImage(16, 16), exif)).orientation == o);
    }
    pd::test::SyntheticExif noOrientation;
    noOrientation.make = QStringLiteral("X");
    CHECK(read(pd::test::makeJpeg(pd::test::makeQuadrantImage(16, 16), noOrientation)).orientation == 1);
    for (uint16_t bad : {uint16_t(0), uint16_t(9), uint16_t(65535)}) {
        Exiv2::ExifData ed;
        ed["Exif.Image.Orientation"] = bad;
        CHECK(read(jpegWithExif(ed)).orientation == 1);
    }
}

TEST_CASE("A JPEG without metadata gives the defaults", "[core][metadata]") {
    const PhotoMetadata m = read(plainJpeg());
    INFO(describe(m).toStdString());
    CHECK_FALSE(m.capturedAt.isValid());
    CHECK(m.orientation == 1);
    CHECK(m.cameraMake.isEmpty());
    CHECK(m.cameraModel.isEmpty());
    CHECK(m.lens.isEmpty());
    CHECK(m.exposureTime.isEmpty());
    CHECK_FALSE(m.fNumber.has_value());
    CHECK_FALSE(m.iso.has_value());
    CHECK_FALSE(m.focalLengthMm.has_value());
    CHECK_FALSE(m.gps.has_value());
    CHECK(m.copyright.isEmpty());
    CHECK(m.creator.isEmpty());
    CHECK(m.caption.isEmpty());
    CHECK(m.keywords.isEmpty());
    // The frame header still gives the stored size.
    CHECK(m.pixelWidth == 64);
    CHECK(m.pixelHeight == 48);
}

TEST_CASE("Exposure, aperture, ISO and focal length are read from their rationals", "[core][metadata]") {
    struct Case { const char* exposure; const char* expected; };
    for (const Case& c : {Case{"1/250", "1/250"}, Case{"10/800", "1/80"}, Case{"10/2187", "1/219"},
                          Case{"1/3", "1/3"}, Case{"5/10", "0.5"}, Case{"5/2", "2.5"}, Case{"30/1", "30"},
                          Case{"0/1", ""}, Case{"1/0", ""}}) {
        Exiv2::ExifData ed;
        addRational(ed, "Exif.Photo.ExposureTime", c.exposure);
        INFO(c.exposure);
        CHECK(read(jpegWithExif(ed)).exposureTime == QLatin1String(c.expected));
    }

    Exiv2::ExifData ed;
    addRational(ed, "Exif.Photo.FNumber", "28/10");
    addRational(ed, "Exif.Photo.FocalLength", "501/10");
    ed["Exif.Photo.ISOSpeedRatings"] = uint16_t(400);
    const PhotoMetadata m = read(jpegWithExif(ed));
    REQUIRE(m.fNumber.has_value());
    CHECK(*m.fNumber == Approx(2.8));
    REQUIRE(m.focalLengthMm.has_value());
    CHECK(*m.focalLengthMm == Approx(50.1));
    CHECK(m.iso == 400);

    SECTION("a zero denominator is no value, not a crash or infinity") {
        Exiv2::ExifData z;
        addRational(z, "Exif.Photo.FNumber", "28/0");
        addRational(z, "Exif.Photo.FocalLength", "0/0");
        const PhotoMetadata mz = read(jpegWithExif(z));
        CHECK_FALSE(mz.fNumber.has_value());
        CHECK_FALSE(mz.focalLengthMm.has_value());
    }
    SECTION("the APEX aperture stands in for a missing FNumber") {
        Exiv2::ExifData a;
        addRational(a, "Exif.Photo.ApertureValue", "4/1"); // f/4
        const PhotoMetadata ma = read(jpegWithExif(a));
        REQUIRE(ma.fNumber.has_value());
        CHECK(*ma.fNumber == Approx(4.0));
    }
    SECTION("above ISO 65535 the real value comes from RecommendedExposureIndex") {
        Exiv2::ExifData hi;
        hi["Exif.Photo.ISOSpeedRatings"] = uint16_t(65535);
        hi["Exif.Photo.RecommendedExposureIndex"] = uint32_t(102400);
        CHECK(read(jpegWithExif(hi)).iso == 102400);
    }
}

TEST_CASE("GPS positions take their sign from the references and reject unusable values", "[core][metadata]") {
    auto gpsExif = [](const char* latRef, const char* lat, const char* lonRef, const char* lon) {
        Exiv2::ExifData ed;
        if (*latRef) ed["Exif.GPSInfo.GPSLatitudeRef"] = latRef;
        addRational(ed, "Exif.GPSInfo.GPSLatitude", lat);
        if (*lonRef) ed["Exif.GPSInfo.GPSLongitudeRef"] = lonRef;
        addRational(ed, "Exif.GPSInfo.GPSLongitude", lon);
        return ed;
    };

    SECTION("south and east, with an altitude below sea level") {
        Exiv2::ExifData ed = gpsExif("S", "33/1 51/1 3126/100", "E", "151/1 12/1 4050/100");
        addRational(ed, "Exif.GPSInfo.GPSAltitude", "4125/100");
        ed["Exif.GPSInfo.GPSAltitudeRef"] = uint8_t(1);
        const PhotoMetadata m = read(jpegWithExif(ed));
        REQUIRE(m.gps.has_value());
        CHECK(m.gps->latitude == Approx(-(33 + 51 / 60.0 + 31.26 / 3600)).margin(1e-7));
        CHECK(m.gps->longitude == Approx(151 + 12 / 60.0 + 40.5 / 3600).margin(1e-7));
        REQUIRE(m.gps->altitude.has_value());
        CHECK(*m.gps->altitude == Approx(-41.25));
    }
    SECTION("an altitude above sea level") {
        Exiv2::ExifData ed = gpsExif("N", "46/1 33/1 0/1", "E", "7/1 59/1 0/1");
        addRational(ed, "Exif.GPSInfo.GPSAltitude", "4158/1");
        ed["Exif.GPSInfo.GPSAltitudeRef"] = uint8_t(0);
        const PhotoMetadata m = read(jpegWithExif(ed));
        REQUIRE(m.gps.has_value());
        REQUIRE(m.gps->altitude.has_value());
        CHECK(*m.gps->altitude == Approx(4158));
    }
    SECTION("a zero denominator (no fix) gives no position") {
        CHECK_FALSE(read(jpegWithExif(gpsExif("N", "0/0 0/0 0/0", "E", "0/0 0/0 0/0"))).gps.has_value());
        CHECK_FALSE(read(jpegWithExif(gpsExif("N", "51/1 30/0 0/1", "W", "0/1 7/1 12/1"))).gps.has_value());
    }
    SECTION("all zeros (no fix) gives no position") {
        CHECK_FALSE(read(jpegWithExif(gpsExif("N", "0/1 0/1 0/1", "E", "0/1 0/1 0/1"))).gps.has_value());
    }
    SECTION("a missing hemisphere reference gives no position rather than a guess") {
        CHECK_FALSE(read(jpegWithExif(gpsExif("", "51/1 30/1 0/1", "W", "0/1 7/1 12/1"))).gps.has_value());
    }
    SECTION("an impossible latitude gives no position") {
        CHECK_FALSE(read(jpegWithExif(gpsExif("N", "91/1 0/1 0/1", "E", "1/1 0/1 0/1"))).gps.has_value());
    }
}

TEST_CASE("Capture time falls back through the other date fields and tolerates garbage", "[core][metadata]") {
    const QDateTime expected(QDate(2021, 3, 4), QTime(5, 6, 7));

    SECTION("DateTimeOriginal with its sub-seconds") {
        Exiv2::ExifData ed;
        ed["Exif.Photo.DateTimeOriginal"] = "2021:03:04 05:06:07";
        ed["Exif.Photo.SubSecTimeOriginal"] = "25";
        CHECK(read(jpegWithExif(ed)).capturedAt == expected.addMSecs(250));
    }
    SECTION("garbage in DateTimeOriginal falls back to DateTimeDigitized") {
        Exiv2::ExifData ed;
        ed["Exif.Photo.DateTimeOriginal"] = "    :  :     :  :  ";
        ed["Exif.Photo.DateTimeDigitized"] = "2021:03:04 05:06:07";
        CHECK(read(jpegWithExif(ed)).capturedAt == expected);
    }
    SECTION("only the file's DateTime") {
        Exiv2::ExifData ed;
        ed["Exif.Image.DateTime"] = "2021:03:04 05:06:07";
        CHECK(read(jpegWithExif(ed)).capturedAt == expected);
    }
    SECTION("garbage everywhere gives an invalid time") {
        for (const char* garbage : {"0000:00:00 00:00:00", "2021:13:40 05:06:07", "2021:03:04 25:61:00", "yesterday", ""}) {
            Exiv2::ExifData ed;
            ed["Exif.Photo.DateTimeOriginal"] = garbage;
            ed["Exif.Image.Make"] = "X";
            INFO(garbage);
            CHECK_FALSE(read(jpegWithExif(ed)).capturedAt.isValid());
        }
    }
    SECTION("a wall-clock time in this machine's daylight-saving gap still dates the photo") {
        // 02:30 does not exist in Berlin on 2021-03-28 (clocks jump from 02:00 to 03:00).
        struct RestoreTz {
            QByteArray old = qgetenv("TZ");
            ~RestoreTz() { old.isNull() ? void(qunsetenv("TZ")) : void(qputenv("TZ", old)); }
        } restore;
        qputenv("TZ", "Europe/Berlin");
        Exiv2::ExifData ed;
        ed["Exif.Photo.DateTimeOriginal"] = "2021:03:28 02:30:00";
        const QDateTime dt = read(jpegWithExif(ed)).capturedAt;
        REQUIRE(dt.isValid());
        CHECK(dt.toUTC() == QDateTime(QDate(2021, 3, 28), QTime(1, 30), Qt::UTC)); // 02:30 at the winter offset
    }
    SECTION("XMP's DateTimeOriginal keeps the camera's wall-clock time, not the offset") {
        const QByteArray xmp = xmpPacket(QStringLiteral("pdtdate"),
                                         QStringLiteral("<exif:DateTimeOriginal>2021-03-04T05:06:07.5+09:00</exif:DateTimeOriginal>"));
        CHECK(read(jpegWithXmp(xmp)).capturedAt == expected.addMSecs(500));
    }
}

TEST_CASE("Make and model lose padding, and text comes from XMP, IPTC or EXIF", "[core][metadata]") {
    SECTION("trailing spaces and NULs are removed") {
        Exiv2::ExifData ed;
        addAscii(ed, "Exif.Image.Make", std::string("PENTAX Corporation \0\0\0", 22));
        addAscii(ed, "Exif.Image.Model", "  PENTAX K10D        ");
        const PhotoMetadata m = read(jpegWithExif(ed));
        CHECK(m.cameraMake == QLatin1String("PENTAX Corporation"));
        CHECK(m.cameraModel == QLatin1String("PENTAX K10D"));
    }
    SECTION("EXIF Copyright holds photographer and editor separated by NUL") {
        Exiv2::ExifData ed;
        addAscii(ed, "Exif.Image.Copyright", std::string("Jane Roe\0Edit Co.", 17));
        CHECK(read(jpegWithExif(ed)).copyright == QLatin1String("Jane Roe; Edit Co."));
    }
    SECTION("blank and camera-default captions are no caption") {
        for (const char* boilerplate : {"OLYMPUS DIGITAL CAMERA         ", "                    ", "KONICA MINOLTA DIGITAL CAMERA"}) {
            Exiv2::ExifData ed;
            ed["Exif.Image.Make"] = "OLYMPUS";
            ed["Exif.Image.ImageDescription"] = boilerplate;
            INFO(boilerplate);
            CHECK(read(jpegWithExif(ed)).caption.isEmpty());
        }
        Exiv2::ExifData same;
        same["Exif.Image.Model"] = "<Digimax i50 MP3, Samsung #1 MP3>";
        same["Exif.Image.ImageDescription"] = "<Digimax i50 MP3, Samsung #1 MP3>";
        CHECK(read(jpegWithExif(same)).caption.isEmpty());
    }
    SECTION("IPTC caption, byline, copyright and repeated keywords") {
        pd::test::SyntheticExif exif;
        exif.copyright = QStringLiteral("camera default");
        exif.artist = QStringLiteral("camera owner");
        const QByteArray jpeg = editedWithExiv2(pd::test::makeJpeg(pd::test::makeQuadrantImage(32, 32), exif), [](Exiv2::Image& img) {
            Exiv2::IptcData& iptc = img.iptcData();
            iptc["Iptc.Envelope.CharacterSet"] = "\x1B%G"; // UTF-8
            iptc["Iptc.Application2.Caption"] = "Pier at dawn, Brighton";
            iptc["Iptc.Application2.Byline"] = "Kim Lee";
            iptc["Iptc.Application2.Copyright"] = "© Kim Lee 2024";
            for (const char* k : {"pier", "dawn", "sea"}) {
                Exiv2::StringValue v(k);
                iptc.add(Exiv2::IptcKey("Iptc.Application2.Keywords"), &v);
            }
        });
        const PhotoMetadata m = read(jpeg);
        INFO(describe(m).toStdString());
        CHECK(m.caption == QLatin1String("Pier at dawn, Brighton"));
        CHECK(m.creator == QLatin1String("Kim Lee"));
        CHECK(m.copyright == QStringLiteral("© Kim Lee 2024"));
        CHECK(m.keywords == QStringList{QStringLiteral("pier"), QStringLiteral("dawn"), QStringLiteral("sea")});
    }
    SECTION("XMP description, creator, rights and subject win; keywords merge without duplicates") {
        const QByteArray jpeg = editedWithExiv2(plainJpeg(), [](Exiv2::Image& img) {
            img.exifData()["Exif.Image.ImageDescription"] = "exif caption";
            img.exifData()["Exif.Image.Artist"] = "exif artist";
            Exiv2::IptcData& iptc = img.iptcData();
            for (const char* k : {"dawn", "harbour"}) {
                Exiv2::StringValue v(k);
                iptc.add(Exiv2::IptcKey("Iptc.Application2.Keywords"), &v);
            }
            Exiv2::XmpData& xmp = img.xmpData();
            xmp["Xmp.dc.description"] = "lang=\"x-default\" Harbour lights";
            xmp["Xmp.dc.rights"] = "lang=\"x-default\" CC BY-SA 4.0 Sam Poe";
            Exiv2::XmpArrayValue creators(Exiv2::xmpSeq);
            creators.read("Sam Poe");
            creators.read("Ann Poe");
            xmp.add(Exiv2::XmpKey("Xmp.dc.creator"), &creators);
            Exiv2::XmpArrayValue subject(Exiv2::xmpBag);
            subject.read("night");
            subject.read("dawn");
            xmp.add(Exiv2::XmpKey("Xmp.dc.subject"), &subject);
        });
        const PhotoMetadata m = read(jpeg);
        INFO(describe(m).toStdString());
        CHECK(m.caption == QLatin1String("Harbour lights"));
        CHECK(m.copyright == QLatin1String("CC BY-SA 4.0 Sam Poe"));
        CHECK(m.creator == QLatin1String("Sam Poe; Ann Poe"));
        CHECK(m.keywords == QStringList{QStringLiteral("night"), QStringLiteral("dawn"), QStringLiteral("harbour")});
    }
}

TEST_CASE("A PNG without metadata, empty bytes and unknown formats give empty metadata", "[core][metadata]") {
    QImage img = pd::test::makeQuadrantImage(40, 30);
    QByteArray png;
    QBuffer buf(&png);
    buf.open(QIODevice::WriteOnly);
    REQUIRE(img.save(&buf, "PNG"));
    const PhotoMetadata m = read(png);
    INFO(describe(m).toStdString());
    CHECK_FALSE(m.capturedAt.isValid());
    CHECK(m.orientation == 1);
    CHECK(m.cameraMake.isEmpty());
    CHECK_FALSE(m.gps.has_value());
    CHECK(m.pixelWidth == 40);
    CHECK(m.pixelHeight == 30);

    const PhotoMetadata empty = read(QByteArray());
    CHECK(describe(empty) == describe(PhotoMetadata{}));
    const PhotoMetadata text = read(QByteArray("This is a plain text file, not a photo.\n"));
    CHECK(describe(text) == describe(PhotoMetadata{}));
}

TEST_CASE("Garbage, truncated and corrupted bytes never crash", "[core][metadata]") {
    QRandomGenerator rng(20240601);
    int errors = 0, reads = 0;
    auto attempt = [&](const QByteArray& bytes) {
        const auto r = readPhotoMetadata(bytes); // ok or a clean error; a crash fails the suite
        ++reads;
        if (!r.ok()) {
            ++errors;
            CHECK_FALSE(r.error().message.isEmpty());
        } else {
            CHECK(r->orientation >= 1);
            CHECK(r->orientation <= 8);
        }
    };

    for (int size : {1, 2, 3, 16, 100, 4096, 65536}) {
        QByteArray noise(size, Qt::Uninitialized);
        for (char& c : noise) c = char(rng.bounded(256));
        attempt(noise);
        attempt(QByteArray("\xFF\xD8\xFF\xE1", 4) + noise);      // JPEG with a random APP1
        attempt(QByteArray("II*\0", 4) + noise);                // TIFF header, random IFDs
        attempt(QByteArray("MM\0*", 4) + noise);
    }

    pd::test::SyntheticExif exif;
    exif.orientation = 3;
    exif.make = QStringLiteral("Fuzz");
    exif.model = QStringLiteral("Model");
    exif.capturedAt = QDateTime(QDate(2020, 1, 2), QTime(3, 4, 5));
    exif.copyright = QStringLiteral("c");
    exif.gps = true;
    const QByteArray jpeg = pd::test::makeJpeg(pd::test::makeQuadrantImage(32, 32), exif);
    const qsizetype exifEnd = qMin<qsizetype>(jpeg.size(), 600);
    for (qsizetype cut = 0; cut < exifEnd; cut += 7) attempt(jpeg.left(cut));
    for (int i = 0; i < 300; ++i) {
        QByteArray mutated = jpeg;
        const int flips = 1 + int(rng.bounded(8));
        for (int f = 0; f < flips; ++f) mutated[qsizetype(4 + rng.bounded(int(exifEnd - 4)))] = char(rng.bounded(256));
        attempt(mutated);
    }
    CHECK(reads > 400);
    INFO(errors << " of " << reads << " reads were errors");
    SUCCEED();
}

TEST_CASE("Concurrent reads from four threads give the serial results", "[core][metadata]") {
    // Distinct, never-seen XMP namespaces per file: Exiv2 registers them while decoding, the case
    // that races in Exiv2 0.27 without serialisation.
    const QString run = QString::number(QRandomGenerator::global()->generate(), 36);
    std::vector<QByteArray> files;
    for (int i = 0; i < 12; ++i) {
        const QString ns = QStringLiteral("pdt%1x%2").arg(run).arg(i);
        files.push_back(jpegWithXmp(xmpPacket(
            ns, QStringLiteral("<dc:subject><rdf:Bag><rdf:li>k%1</rdf:li><rdf:li>shared</rdf:li></rdf:Bag></dc:subject>"
                               "<exif:DateTimeOriginal>2022-01-%2T10:00:00</exif:DateTimeOriginal>")
                    .arg(i)
                    .arg(i + 10))));
        pd::test::SyntheticExif exif;
        exif.orientation = 1 + i % 8;
        exif.make = QStringLiteral("Make %1").arg(i);
        exif.capturedAt = QDateTime(QDate(2019, 5, 1 + i), QTime(12, i, 0));
        exif.gps = i % 2 == 0;
        files.push_back(pd::test::makeJpeg(pd::test::makeQuadrantImage(24 + i, 16), exif));
    }
    constexpr int kThreads = 4, kRounds = 5;
    std::vector<std::vector<QString>> seen(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < kRounds; ++round) {
                for (size_t k = 0; k < files.size(); ++k) {
                    const size_t idx = (k + size_t(t) * 5) % files.size(); // threads start on different files
                    const auto r = readPhotoMetadata(files[idx]);
                    seen[size_t(t)].push_back(QString::number(idx) + QLatin1String(": ") +
                                              (r.ok() ? describe(*r) : QStringLiteral("error ") + r.error().toString()));
                }
            }
        });
    }
    for (auto& th : threads) th.join();

    std::vector<QString> serial(files.size());
    for (size_t i = 0; i < files.size(); ++i) serial[i] = QString::number(i) + QLatin1String(": ") + describe(read(files[i]));
    CHECK(serial[0].contains(QLatin1String("k0|shared")));
    for (int t = 0; t < kThreads; ++t) {
        REQUIRE(seen[size_t(t)].size() == files.size() * kRounds);
        for (const QString& s : seen[size_t(t)]) {
            const size_t idx = s.section(QLatin1Char(':'), 0, 0).toUInt();
            INFO("thread " << t);
            CHECK(s == serial[idx]);
        }
    }
}

TEST_CASE("makeRenditionExif writes orientation 1, sRGB, date, copyright and artist", "[core][metadata]") {
    pd::RenditionTags tags;
    tags.capturedAt = QDateTime(QDate(2024, 7, 8), QTime(9, 10, 11));
    tags.copyright = QStringLiteral("© 2024 Zoë Ångström");
    tags.creator = QStringLiteral("Zoë Ångström");
    const QByteArray payload = pd::makeRenditionExif(tags);
    REQUIRE(payload.startsWith(QByteArray("Exif\0\0", 6)));
    REQUIRE(payload.size() < 65533); // fits one APP1 segment

    SECTION("Exiv2 decodes the tags") {
        Exiv2::ExifData ed;
        const auto* tiff = reinterpret_cast<const Exiv2::byte*>(payload.constData() + 6);
        Exiv2::ExifParser::decode(ed, tiff, uint32_t(payload.size() - 6));
        auto value = [&](const char* key) {
            const auto it = ed.findKey(Exiv2::ExifKey(key));
            return it == ed.end() ? std::string("<missing>") : it->toString();
        };
        CHECK(value("Exif.Image.Orientation") == "1");
        CHECK(value("Exif.Photo.ColorSpace") == "1");
        CHECK(value("Exif.Photo.DateTimeOriginal") == "2024:07:08 09:10:11");
        CHECK(QString::fromStdString(value("Exif.Image.Copyright")) == tags.copyright);
        CHECK(QString::fromStdString(value("Exif.Image.Artist")) == tags.creator);
    }
    SECTION("spliced into a JPEG, readPhotoMetadata reads it back") {
        const PhotoMetadata m = read(jpegWithApp1(payload));
        CHECK(m.orientation == 1);
        CHECK(m.capturedAt == tags.capturedAt);
        CHECK(m.copyright == tags.copyright);
        CHECK(m.creator == tags.creator);
    }
    SECTION("without a date or text only orientation and colour space are written") {
        const QByteArray bare = pd::makeRenditionExif({});
        Exiv2::ExifData ed;
        Exiv2::ExifParser::decode(ed, reinterpret_cast<const Exiv2::byte*>(bare.constData() + 6), uint32_t(bare.size() - 6));
        CHECK(ed.findKey(Exiv2::ExifKey("Exif.Photo.DateTimeOriginal")) == ed.end());
        CHECK(ed.findKey(Exiv2::ExifKey("Exif.Image.Copyright")) == ed.end());
        CHECK(ed.findKey(Exiv2::ExifKey("Exif.Image.Orientation")) != ed.end());
        const PhotoMetadata m = read(jpegWithApp1(bare));
        CHECK(m.orientation == 1);
        CHECK_FALSE(m.capturedAt.isValid());
    }
    SECTION("huge text still fits one APP1 segment") {
        pd::RenditionTags big;
        big.copyright = QString(200000, QLatin1Char('c'));
        big.creator = QString(200000, QChar(0x00E9));
        const QByteArray p = pd::makeRenditionExif(big);
        REQUIRE(p.startsWith(QByteArray("Exif\0\0", 6)));
        CHECK(p.size() < 65533);
        CHECK(read(jpegWithApp1(p)).copyright.startsWith(QLatin1String("cccc")));
    }
}

// Found by fuzz_region_decode: Exiv2 0.27's QuickTime reader loops forever on this "ftyp" box.
// Bytes that are not an importable image must never reach Exiv2's video readers.
TEST_CASE("A crafted video container gives empty metadata at once, not a hang", "[core][metadata]") {
    static const char kInput[] =
    "\x4f\x89\x0a\x31\x00\xff\x4f\xff\x05\x66\x74\x79\x70\x00\x53\xbf\xbf\xbf\xbf\xbf"
    "\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf"
    "\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf"
    "\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf"
    "\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\xbf\x01\x08\x53\x65\x63\x54\x69\x6d\x65\x44"
    "\x69\x67\x69\x74\x00\x50\x00\x00";
    const QByteArray bytes(kInput, sizeof kInput - 1);
    REQUIRE(bytes.size() == 108);
    const auto m = pd::readPhotoMetadata(bytes);
    REQUIRE(m.ok());
    CHECK(m->orientation == 1);
    CHECK_FALSE(m->capturedAt.isValid());
    // The second input: it looks importable to our sniff, and like QuickTime to Exiv2.
    static const char kSecond[] =
        "\x89\x50\x4e\x0d\x24\x4d\x4d\x00\x2b\x66\x74\x79\x70\x89\x5f\x0d\x49\x74\x79\x70"
        "\x89\x5f\x0d\x4e\x49\x47\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
        "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
        "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
        "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
        "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x49\xb9\xfe\xc6\xc7\x61\x49\x46\x20\x03";
    const auto second = pd::readPhotoMetadata(QByteArray(kSecond, sizeof kSecond - 1));
    REQUIRE(second.ok());
    CHECK(second->orientation == 1);
}
