// Synthetic inputs for the suites, made with TurboJPEG and Exiv2 directly.
#include "test_support.h"

#include <catch2/catch.hpp>
#include <exiv2/exiv2.hpp>
#include <turbojpeg.h>

#include <QBuffer>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageReader>
#include <QRandomGenerator>
#include <QTransform>

#include <cstdio>
#include <cstdlib>

namespace pd::test {

QImage makeQuadrantImage(int width, int height) {
    QImage img(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        uchar* row = img.scanLine(y);
        for (int x = 0; x < width; ++x) {
            const bool right = x >= width / 2, bottom = y >= height / 2;
            int r = 0, g = 0, b = 0;
            if (!right && !bottom) r = 230;
            else if (right && !bottom) g = 200;
            else if (!right && bottom) b = 220;
            else r = g = b = 235;
            const int shade = (x + y) * 20 / (width + height);
            row[3 * x] = uchar(qBound(0, r + shade, 255));
            row[3 * x + 1] = uchar(qBound(0, g + shade, 255));
            row[3 * x + 2] = uchar(qBound(0, b + shade, 255));
        }
    }
    return img;
}

QImage makeDetailedImage(int width, int height, unsigned seed) {
    QImage img(width, height, QImage::Format_RGB888);
    QRandomGenerator rng(seed);
    for (int y = 0; y < height; ++y) {
        uchar* row = img.scanLine(y);
        for (int x = 0; x < width; ++x) {
            const int base = ((x / 37 + y / 29 + int(seed)) % 5) * 40;
            const int n = int(rng.bounded(24u)) - 12;
            row[3 * x] = uchar(qBound(0, base + x * 60 / width + n, 255));
            row[3 * x + 1] = uchar(qBound(0, base / 2 + y * 90 / height + n, 255));
            row[3 * x + 2] = uchar(qBound(0, 200 - base / 2 + n, 255));
        }
    }
    return img;
}

namespace {

QByteArray insertAfterSoi(const QByteArray& jpeg, const QByteArray& segments) {
    return jpeg.left(2) + segments + jpeg.mid(2);
}

QByteArray segment(uchar marker, const QByteArray& payload) {
    QByteArray s;
    const int len = int(payload.size()) + 2;
    s.append(char(0xFF)).append(char(marker)).append(char(len >> 8)).append(char(len & 0xFF));
    return s + payload;
}

} // namespace

QByteArray makeJpeg(const QImage& image, const SyntheticExif& exif, const QByteArray& icc, int quality) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    tjhandle h = tjInitCompress();
    unsigned char* out = nullptr;
    unsigned long outSize = 0;
    const int rc = tjCompress2(h, rgb.constBits(), rgb.width(), int(rgb.bytesPerLine()), rgb.height(), TJPF_RGB,
                               &out, &outSize, TJSAMP_420, quality, 0);
    REQUIRE(rc == 0);
    QByteArray jpeg(reinterpret_cast<const char*>(out), qsizetype(outSize));
    tjFree(out);
    tjDestroy(h);

    QByteArray segments;
    Exiv2::ExifData ed;
    if (exif.orientation) ed["Exif.Image.Orientation"] = uint16_t(exif.orientation);
    if (!exif.make.isEmpty()) ed["Exif.Image.Make"] = exif.make.toStdString();
    if (!exif.model.isEmpty()) ed["Exif.Image.Model"] = exif.model.toStdString();
    if (!exif.lens.isEmpty()) ed["Exif.Photo.LensModel"] = exif.lens.toStdString();
    if (exif.capturedAt.isValid())
        ed["Exif.Photo.DateTimeOriginal"] = exif.capturedAt.toString(QStringLiteral("yyyy:MM:dd HH:mm:ss")).toStdString();
    if (!exif.copyright.isEmpty()) ed["Exif.Image.Copyright"] = exif.copyright.toStdString();
    if (!exif.artist.isEmpty()) ed["Exif.Image.Artist"] = exif.artist.toStdString();
    if (exif.gps) {
        ed["Exif.GPSInfo.GPSLatitudeRef"] = "N";
        ed["Exif.GPSInfo.GPSLatitude"] = Exiv2::URationalValue(); // replaced below
        Exiv2::URationalValue lat;
        lat.read("51/1 30/1 0/1");
        ed["Exif.GPSInfo.GPSLatitude"] = lat;
        ed["Exif.GPSInfo.GPSLongitudeRef"] = "W";
        Exiv2::URationalValue lon;
        lon.read("0/1 7/1 12/1");
        ed["Exif.GPSInfo.GPSLongitude"] = lon;
    }
    if (!ed.empty()) {
        Exiv2::Blob blob;
        Exiv2::ExifParser::encode(blob, Exiv2::littleEndian, ed);
        QByteArray payload("Exif\0\0", 6);
        payload.append(reinterpret_cast<const char*>(blob.data()), qsizetype(blob.size()));
        segments += segment(0xE1, payload);
    }
    if (!icc.isEmpty()) {
        // One APP2 chunk is enough for the small profiles tests use (< 64 KB).
        REQUIRE(icc.size() < 65000);
        QByteArray payload("ICC_PROFILE\0", 12);
        payload.append(char(1)).append(char(1));
        segments += segment(0xE2, payload + icc);
    }
    return segments.isEmpty() ? jpeg : insertAfterSoi(jpeg, segments);
}

QImage storeForOrientation(const QImage& upright, int orientation) {
    // Orientation N says how to turn the stored pixels to display them; storing applies the inverse.
    QTransform t;
    switch (orientation) {
    case 2: return upright.mirrored(true, false);
    case 3: t.rotate(180); break;
    case 4: return upright.mirrored(false, true);
    case 5: return upright.transformed(QTransform().rotate(90)).mirrored(true, false);
    case 6: t.rotate(-90); break;
    case 7: return upright.transformed(QTransform().rotate(-90)).mirrored(true, false);
    case 8: t.rotate(90); break;
    default: return upright;
    }
    return upright.transformed(t);
}

QImage decodeJpegWithQt(const QByteArray& jpeg) {
    QBuffer buffer;
    buffer.setData(jpeg);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer, "jpeg");
    reader.setAutoTransform(false);
    return reader.read().convertToFormat(QImage::Format_RGB888);
}

QByteArray saveIccProfile(cmsHPROFILE profile) {
    REQUIRE(profile);
    cmsUInt32Number size = 0;
    REQUIRE(cmsSaveProfileToMem(profile, nullptr, &size));
    QByteArray bytes(qsizetype(size), '\0');
    REQUIRE(cmsSaveProfileToMem(profile, bytes.data(), &size));
    cmsCloseProfile(profile);
    return bytes;
}

ImageDiff compareImages(const QImage& a0, const QImage& b0) {
    if (a0.size() != b0.size() || a0.isNull()) return {};
    const QImage a = a0.convertToFormat(QImage::Format_RGB888);
    const QImage b = b0.convertToFormat(QImage::Format_RGB888);
    double sum = 0;
    int mx = 0;
    for (int y = 0; y < a.height(); ++y) {
        const uchar* ra = a.constScanLine(y);
        const uchar* rb = b.constScanLine(y);
        for (int x = 0; x < a.width() * 3; ++x) {
            const int d = std::abs(int(ra[x]) - int(rb[x]));
            sum += d;
            mx = std::max(mx, d);
        }
    }
    return {sum / (double(a.width()) * a.height() * 3), mx};
}

QString testdataDir() {
    QString dir = qEnvironmentVariable("PROOFDESK_TESTDATA");
    if (dir.isEmpty()) dir = QStringLiteral(PD_DEFAULT_TESTDATA_DIR);
    return QFileInfo(dir).isDir() ? QDir(dir).absolutePath() : QString();
}

QString requireTestdata(const char* subfolder) {
    const QString root = testdataDir();
    const QString dir = root.isEmpty() ? QString() : root + QLatin1Char('/') + QLatin1String(subfolder);
    if (!dir.isEmpty() && QFileInfo(dir).isDir()) return dir;
    const QString reason = QStringLiteral("SKIP: the real-file corpus ../shared/testdata/%1 is not on this machine "
                                          "(set PROOFDESK_TESTDATA to use it)").arg(QLatin1String(subfolder));
    if (qEnvironmentVariableIsSet("PD_SKIP_EXIT_CODE")) {
        std::fprintf(stdout, "%s\n", qPrintable(reason));
        std::fflush(stdout);
        std::_Exit(qEnvironmentVariableIntValue("PD_SKIP_EXIT_CODE"));
    }
    WARN(reason.toStdString());
    return {};
}

MixedBatch makeMixedBatch(const QString& dir, int jpegs, int longEdge) {
    MixedBatch b;
    b.dir = dir;
    static const int kOrientations[] = {1, 6, 3, 8};
    for (int i = 0; i < jpegs; ++i) {
        const int w = longEdge - (i % 3) * longEdge / 10, h = w * 2 / 3;
        SyntheticExif exif;
        exif.orientation = kOrientations[i % 4];
        exif.make = QStringLiteral("Synthetic");
        exif.model = QStringLiteral("Test Camera %1").arg(i % 2 ? "II" : "I");
        exif.capturedAt = QDateTime(QDate(2026, 5, 1), QTime(14, 0, 0)).addSecs(i * 37);
        exif.copyright = QStringLiteral("Test Studio");
        const QString path = QStringLiteral("%1/card/IMG_%2.JPG").arg(dir).arg(1000 + i);
        writeFile(path, makeJpeg(makeDetailedImage(w, h, unsigned(i + 1)), exif));
        b.valid << path;
    }
    {
        QByteArray png;
        QBuffer buf(&png);
        buf.open(QIODevice::WriteOnly);
        makeQuadrantImage(640, 480).save(&buf, "PNG");
        writeFile(dir + QStringLiteral("/card/scan.png"), png);
        b.valid << dir + QStringLiteral("/card/scan.png");
    }
    const QByteArray whole = makeJpeg(makeDetailedImage(1200, 800, 99));
    writeFile(dir + QStringLiteral("/card/IMG_TRUNC.JPG"), whole.left(whole.size() * 6 / 10));
    writeFile(dir + QStringLiteral("/card/IMG_TEXT.JPG"), QByteArray("this is not a picture\n"));
    b.invalid << dir + QStringLiteral("/card/IMG_TRUNC.JPG") << dir + QStringLiteral("/card/IMG_TEXT.JPG");
    if (!b.valid.isEmpty()) {
        const QString copy = dir + QStringLiteral("/card/backup/copy_of_first.jpg");
        writeFile(copy, readFile(b.valid.first()));
        b.duplicates << copy;
    }
    writeFile(dir + QStringLiteral("/card/notes.txt"), QByteArray("shot list\n"));
    return b;
}

QString sha256Of(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QByteArray readFile(const QString& path) {
    QFile f(path);
    REQUIRE(f.open(QIODevice::ReadOnly));
    return f.readAll();
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    REQUIRE(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    REQUIRE(f.write(bytes) == bytes.size());
}

} // namespace pd::test
