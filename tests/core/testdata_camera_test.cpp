// readPhotoMetadata on real camera and phone files from ../shared/testdata, against values read
// with the exiv2 0.27.6 command line (`exiv2 -pa FILE`), and on the corrupt files that must not crash.
#include <catch2/catch.hpp>

#include "pd/core/photo_metadata.h"
#include "test_support.h"

#include <QDir>
#include <QRandomGenerator>

#include <optional>

namespace {

struct LatLon { double lat, lon; };

// One row per file. Empty text means the field is absent or blank in the file; capturedAt is
// "yyyy-MM-dd HH:mm:ss" and comes from Exif.Photo.DateTimeOriginal unless the comment says otherwise.
struct Expected {
    const char* file;
    const char* make;
    const char* model;
    const char* capturedAt;
    int orientation;
    const char* lens = "";
    std::optional<LatLon> gps = std::nullopt;
    const char* copyright = "";
    const char* creator = "";
};

const Expected kCamera[] = {
    {"BSG1.tiff", "", "", "", 1},
    {"BlueSquare.jpg", "", "", "2005-09-07 15:07:40", 1},  // Xmp.xmp.CreateDate (wall clock of ...-07:00)
    {"Canon_40D.jpg", "Canon", "Canon EOS 40D", "2008-05-30 15:56:01", 1},
    {"Canon_40D_photoshop_import.jpg", "", "", "2008-07-31 10:05:49", 1},  // Exif.Image.DateTime only
    {"Canon_DIGITAL_IXUS_400.jpg", "Canon", "Canon DIGITAL IXUS 400", "2004-08-27 13:52:55", 1}, // no Orientation tag
    {"Canon_PowerShot_S40.jpg", "Canon", "Canon PowerShot S40", "2003-12-14 12:01:44", 1},
    {"DSCN0010.jpg", "NIKON", "COOLPIX P6000", "2008-10-22 16:28:39", 1, "",
     LatLon{43 + 28 / 60.0 + 2.814 / 3600, 11 + 53 / 60.0 + 6.45599999 / 3600}},  // N 43/1 28/1 281400000/100000000, E 11/1 53/1 645599999/100000000
    {"DudleyLeavittUtah.tiff", "", "", "2009-09-26 01:11:52", 1, "", std::nullopt, "", "Russell Leavitt"}, // Exif.Image.DateTime, Exif.Image.Artist
    {"Fujifilm_FinePix6900ZOOM.jpg", "FUJIFILM", "FinePix6900ZOOM", "2001-02-19 06:40:05", 1}, // Copyright is 4 spaces
    {"Fujifilm_FinePix_E500.jpg", "FUJIFILM", "FinePix E500", "2006-08-17 09:24:48", 1},       // model padded with spaces
    {"Kodak_CX7530.jpg", "EASTMAN KODAK COMPANY", "KODAK CX7530 ZOOM DIGITAL CAMERA", "2005-08-13 09:47:23", 1, "",
     LatLon{-(22.278 / 60), 36 + 3.385 / 60}},  // S 0/1 22278/1000 0/1, E 36/1 3385/1000 0/1
    {"Konica_Minolta_DiMAGE_Z3.jpg", "KONICA MINOLTA", "DiMAGE Z3", "2005-03-10 15:10:48", 1},
    {"Nikon_COOLPIX_P1.jpg", "NIKON", "COOLPIX P1", "2008-03-07 09:55:46", 1},
    {"Nikon_D70.jpg", "NIKON CORPORATION", "NIKON D70", "2008-03-15 09:52:01", 1, "100.0 mm f/2.8"}, // Xmp.aux.Lens
    {"Olympus_C8080WZ.jpg", "OLYMPUS CORPORATION", "C8080WZ", "2006-10-22 15:44:29", 1}, // Artist is empty
    {"PaintTool_sample.jpg", "", "", "", 1},
    {"Panasonic_DMC-FZ30.jpg", "Panasonic", "DMC-FZ30", "2008-07-16 11:33:20", 1},
    {"Pentax_K10D.jpg", "PENTAX Corporation", "PENTAX K10D", "2008-05-04 16:47:24", 1, "", std::nullopt,
     "Laitche (This file is in the public domain.)", "Laitche"},  // Exif.Image.Copyright = Xmp.dc.rights; Xmp.dc.creator
    {"Reconyx_HC500_Hyperfire.jpg", "", "", "", 1},  // only ExposureTime, ISO and pixel dimensions
    {"Ricoh_Caplio_RR330.jpg", "Caplio", "RR330", "2004-08-31 19:52:58", 1},  // no Orientation tag
    {"Samsung_Digimax_i50_MP3.jpg", "Samsung Techwin", "<Digimax i50 MP3, Samsung #1 MP3>", "2006-08-15 17:50:57", 1, "",
     std::nullopt, "COPYRIGHT, 2005"},
    {"Sony_HDR-HC3.jpg", "SONY", "HDR-HC3", "2007-06-15 04:42:32", 1},
    {"WWL_(Polaroid)_ION230.jpg", "WWL", "ION230", "2026-11-24 14:41:16", 1},  // the camera's clock was wrong
    {"canon_hdr_YES.jpg", "Canon", "Canon PowerShot SX60 HS", "2015-02-09 22:48:10", 6},
    {"long_description.jpg", "", "", "2003-08-31 00:00:00", 1, "", std::nullopt, "", "SSG KYLE DAVIS"}, // Xmp.photoshop.DateCreated is a date only
    {"no_exif.jpg", "", "", "2013-09-23 10:09:46", 1, "", std::nullopt, "", "CREDIT"}, // Xmp.xmp.CreateDate; Xmp.dc.creator
};

const Expected kPhone[] = {
    {"HMD_Nokia_8.3_5G.jpg", "HMD Global", "Nokia 8.3 5G", "2022-08-14 14:12:31", 1, "",
     LatLon{60 + 8 / 60.0 + 48.14 / 3600, 24 + 54 / 60.0 + 24.38 / 3600}},  // SRational N 60/1 8/1 4814/100, E 24/1 54/1 2438/100
    {"jolla.jpg", "Jolla", "Jolla", "2014-09-21 16:00:56", 1},
};

pd::PhotoMetadata readOk(const QString& path) {
    auto r = pd::readPhotoMetadata(pd::test::readFile(path));
    INFO(path.toStdString() << ": " << (r.ok() ? std::string() : r.error().toString().toStdString()));
    REQUIRE(r.ok());
    return *r;
}

template <size_t N>
void checkFolder(const QString& dir, const Expected (&table)[N], const QStringList& ignored = {}) {
    QStringList listed;
    for (const Expected& e : table) listed << QLatin1String(e.file);
    // Every file of the folder has a row (a new file needs its values checked and added) and vice versa.
    QStringList files = QDir(dir).entryList(QDir::Files, QDir::Name);
    for (const QString& f : ignored) files.removeAll(f);
    listed.sort();
    CHECK(files == listed);

    for (const Expected& e : table) {
        INFO(e.file);
        const pd::PhotoMetadata m = readOk(dir + QLatin1Char('/') + QLatin1String(e.file));
        CHECK(m.cameraMake == QLatin1String(e.make));
        CHECK(m.cameraModel == QLatin1String(e.model));
        CHECK(m.capturedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) == QLatin1String(e.capturedAt));
        CHECK(m.orientation == e.orientation);
        CHECK(m.lens == QLatin1String(e.lens));
        CHECK(m.copyright == QLatin1String(e.copyright));
        CHECK(m.creator == QLatin1String(e.creator));
        REQUIRE(m.gps.has_value() == e.gps.has_value());
        if (e.gps) {
            CHECK(m.gps->latitude == Approx(e.gps->lat).margin(1e-6));
            CHECK(m.gps->longitude == Approx(e.gps->lon).margin(1e-6));
            CHECK_FALSE(m.gps->altitude.has_value()); // DSCN0010 has an AltitudeRef but no altitude
        }
    }
}

} // namespace

TEST_CASE("Real camera files give the values exiv2 shows", "[core][metadata][testdata]") {
    PD_REQUIRE_TESTDATA(dir, "camera");
    checkFolder(dir, kCamera);

    SECTION("exposure settings, captions and keywords of a few files") {
        const pd::PhotoMetadata canon = readOk(dir + QStringLiteral("/Canon_40D.jpg"));
        CHECK(canon.exposureTime == QLatin1String("1/160"));  // 1/160
        REQUIRE(canon.fNumber.has_value());
        CHECK(*canon.fNumber == Approx(7.1));                 // 71/10
        CHECK(canon.iso == 100);
        REQUIRE(canon.focalLengthMm.has_value());
        CHECK(*canon.focalLengthMm == Approx(135));           // 135/1

        const pd::PhotoMetadata nikon = readOk(dir + QStringLiteral("/DSCN0010.jpg"));
        CHECK(nikon.exposureTime == QLatin1String("1/75"));   // 4/300
        CHECK(nikon.caption.isEmpty());                       // ImageDescription is all spaces

        const pd::PhotoMetadata blue = readOk(dir + QStringLiteral("/BlueSquare.jpg"));
        CHECK(blue.caption == QLatin1String(
                                  "XMPFiles BlueSquare test file, created in Photoshop CS2, saved as .psd, .jpg, and .tif."));
        CHECK(blue.keywords == QStringList{QStringLiteral("XMP"), QStringLiteral("Blue Square"),
                                           QStringLiteral("test file"), QStringLiteral("Photoshop"), QStringLiteral(".jpg")});

        const pd::PhotoMetadata goalie = readOk(dir + QStringLiteral("/no_exif.jpg"));
        CHECK(goalie.caption == QLatin1String("Der Goalie bin ig"));
        CHECK(goalie.keywords == QStringList{QStringLiteral("tag")});

        // "KONICA MINOLTA DIGITAL CAMERA" and "WWL" (the make) are what the camera writes by default.
        CHECK(readOk(dir + QStringLiteral("/Konica_Minolta_DiMAGE_Z3.jpg")).caption.isEmpty());
        CHECK(readOk(dir + QStringLiteral("/WWL_(Polaroid)_ION230.jpg")).caption.isEmpty());
        CHECK(readOk(dir + QStringLiteral("/long_description.jpg")).caption.startsWith(QLatin1String("Operation Mountain Viper")));
    }
}

TEST_CASE("Real phone JPEGs give the values exiv2 shows", "[core][metadata][testdata]") {
    PD_REQUIRE_TESTDATA(dir, "phone");
    // The HEIC is not importable and Exiv2's BMFF reader is left off: it reads as empty metadata.
    checkFolder(dir, kPhone, {QStringLiteral("iphone_13_pro_max.heic")});
    const pd::PhotoMetadata heic = readOk(dir + QStringLiteral("/iphone_13_pro_max.heic"));
    CHECK(heic.cameraMake.isEmpty());
}

TEST_CASE("The orientation corpus gives the orientation in each file name", "[core][metadata][testdata]") {
    PD_REQUIRE_TESTDATA(dir, "orientation");
    for (const char* shape : {"landscape", "portrait"}) {
        for (int o = 1; o <= 8; ++o) {
            const QString path = QStringLiteral("%1/%2_%3.jpg").arg(dir, QLatin1String(shape)).arg(o);
            INFO(path.toStdString());
            CHECK(readOk(path).orientation == o);
        }
    }
}

TEST_CASE("Corrupt files give metadata or an error, never a crash", "[core][metadata][testdata]") {
    PD_REQUIRE_TESTDATA(dir, "bad");
    QStringList paths;
    for (const QString& f : QDir(dir).entryList({QStringLiteral("*.jpg")}, QDir::Files)) paths << dir + QLatin1Char('/') + f;
    const QString jp2 = dir + QStringLiteral("/jp2");
    for (const QString& f : QDir(jp2).entryList(QDir::Files)) paths << jp2 + QLatin1Char('/') + f;
    REQUIRE(paths.size() >= 8);
    for (const QString& path : paths) {
        INFO(path.toStdString());
        const auto r = pd::readPhotoMetadata(pd::test::readFile(path));
        if (r.ok()) {
            CHECK(r->orientation >= 1);
            CHECK(r->orientation <= 8);
        } else {
            CHECK_FALSE(r.error().message.isEmpty());
        }
    }
    // corrupted.jpg has damaged maker notes but readable EXIF; its boilerplate caption is dropped.
    const pd::PhotoMetadata olympus = readOk(dir + QStringLiteral("/corrupted.jpg"));
    CHECK(olympus.cameraMake == QLatin1String("OLYMPUS IMAGING CORP."));
    CHECK(olympus.cameraModel == QLatin1String("u1020,S1020"));
    CHECK(olympus.caption.isEmpty()); // "OLYMPUS DIGITAL CAMERA"
}

TEST_CASE("Truncated and damaged camera files never crash", "[core][metadata][testdata]") {
    PD_REQUIRE_TESTDATA(dir, "camera");
    // Maker notes (Canon, Nikon, Olympus, ...) are where metadata parsers break: cut and flip bytes
    // in the metadata part of every real file.
    QRandomGenerator rng(1234);
    int reads = 0;
    for (const QString& f : QDir(dir).entryList(QDir::Files, QDir::Name)) {
        const QByteArray bytes = pd::test::readFile(dir + QLatin1Char('/') + f);
        const qsizetype span = qMin<qsizetype>(bytes.size(), 16384);
        INFO(f.toStdString());
        for (int i = 1; i <= 8; ++i) {
            (void)pd::readPhotoMetadata(bytes.left(span * i / 9));
            ++reads;
        }
        for (int i = 0; i < 24; ++i) {
            QByteArray mutated = bytes;
            for (int k = 0; k < 4; ++k) mutated[qsizetype(rng.bounded(int(span)))] = char(rng.bounded(256));
            const auto r = pd::readPhotoMetadata(mutated);
            ++reads;
            if (r.ok()) CHECK((r->orientation >= 1 && r->orientation <= 8));
        }
    }
    CHECK(reads > 500);
}
