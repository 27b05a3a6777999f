// Print files: byte-identical originals, the lossless path against jpegtran, the re-encoded path's
// geometry, DPI, EXIF and crop to the print's shape.
#include <catch2/catch.hpp>

#include "pd/core/image_decoder.h"
#include "pd/core/jpeg_lossless.h"
#include "pd/core/print_file.h"
#include "test_support.h"

#include <exiv2/exiv2.hpp>

#include <QProcess>
#include <QTemporaryDir>

using namespace pd;
using pd::test::makeJpeg;
using pd::test::makeQuadrantImage;
using pd::test::storeForOrientation;

namespace {

// Runs Debian's jpegtran (libjpeg-turbo-progs) on the bytes.
QByteArray jpegtran(const QByteArray& input, const QStringList& args) {
    QTemporaryDir dir;
    const QString in = dir.filePath("in.jpg"), out = dir.filePath("out.jpg");
    pd::test::writeFile(in, input);
    QProcess p;
    p.start(QStringLiteral("jpegtran"), args + QStringList{"-outfile", out, in});
    REQUIRE(p.waitForFinished(60000));
    INFO("jpegtran " << args.join(' ').toStdString() << ": " << p.readAllStandardError().toStdString());
    REQUIRE(p.exitCode() == 0);
    return pd::test::readFile(out);
}

// From the first quantisation table to the end: the compressed picture without its metadata.
QByteArray pictureData(const QByteArray& jpeg) {
    const qsizetype dqt = jpeg.indexOf(QByteArray("\xFF\xDB", 2));
    REQUIRE(dqt > 0);
    return jpeg.mid(dqt);
}

struct FileFacts {
    int orientation = 0;
    QString make;
    int xResolution = 0;
    int jfifDensity = 0;
    bool baseline = false;
    bool thumbnail = false;
};

FileFacts factsOf(const QByteArray& jpeg) {
    FileFacts f;
    auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(jpeg.constData()), long(jpeg.size()));
    image->readMetadata();
    const auto& exif = image->exifData();
    if (auto it = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation")); it != exif.end()) f.orientation = int(it->toLong());
    if (auto it = exif.findKey(Exiv2::ExifKey("Exif.Image.Make")); it != exif.end()) f.make = QString::fromStdString(it->toString());
    if (auto it = exif.findKey(Exiv2::ExifKey("Exif.Image.XResolution")); it != exif.end())
        f.xResolution = int(it->toRational().first / std::max<int>(1, it->toRational().second));
    f.thumbnail = exif.findKey(Exiv2::ExifKey("Exif.Thumbnail.JPEGInterchangeFormat")) != exif.end();
    const qsizetype app0 = jpeg.indexOf(QByteArray("JFIF\0", 5));
    if (app0 > 0 && app0 < jpeg.indexOf(QByteArray("\xFF\xDB", 2)) && jpeg[app0 + 7] == 1) f.jfifDensity = (uchar(jpeg[app0 + 8]) << 8) | uchar(jpeg[app0 + 9]);
    f.baseline = jpeg.contains(QByteArray("\xFF\xC0", 2)) && !jpeg.contains(QByteArray("\xFF\xC2", 2));
    return f;
}

QByteArray camera(const QImage& upright, int orientation) {
    pd::test::SyntheticExif exif;
    exif.orientation = orientation;
    exif.make = QStringLiteral("Synthetic");
    exif.model = QStringLiteral("Print Test");
    exif.copyright = QStringLiteral("Studio");
    return makeJpeg(storeForOrientation(upright, orientation), exif, {}, 95);
}

char colourAt(const QImage& img, double fx, double fy) {
    const QColor c = img.pixelColor(int(fx * (img.width() - 1)), int(fy * (img.height() - 1)));
    if (c.red() > 180 && c.green() > 180 && c.blue() > 180) return 'W';
    if (c.red() > 150 && c.green() < 90) return 'R';
    if (c.green() > 130 && c.red() < 90) return 'G';
    if (c.blue() > 150 && c.red() < 90) return 'B';
    return '?';
}

} // namespace

TEST_CASE("a print file of an unedited JPEG is byte-identical to the original", "[core][print]") {
    const QByteArray original = camera(makeQuadrantImage(1200, 800), 1);
    for (const auto& size : {std::optional<PrintSize>(), parsePrintSize(QStringLiteral("4x6"))}) {
        auto print = makePrintFile({original, {}, size});
        REQUIRE(print.ok());
        CHECK(print->method == PrintMethod::OriginalBytes);
        CHECK(print->jpeg == original);   // 3:2 is already the shape of a 4x6
        CHECK(print->width == 1200);
    }
    // An untagged JPEG too.
    const QByteArray plain = makeJpeg(makeQuadrantImage(640, 480));
    auto print = makePrintFile({plain, {}, {}});
    REQUIRE(print.ok());
    CHECK(print->jpeg == plain);
}

TEST_CASE("the lossless path gives the same bytes as jpegtran -perfect", "[core][print]") {
    // 1024 x 768: whole 16 px blocks, so every turn and flip is perfect.
    const QByteArray original = camera(pd::test::makeDetailedImage(1024, 768, 3), 1);
    struct Case { Dihedral d; QStringList args; };
    const Case cases[] = {
        {Dihedral::rotation(1), {"-rotate", "90"}},
        {Dihedral::rotation(2), {"-rotate", "180"}},
        {Dihedral::rotation(3), {"-rotate", "270"}},
        {Dihedral::flip(FlipAxis::Horizontal), {"-flip", "horizontal"}},
        {Dihedral::flip(FlipAxis::Vertical), {"-flip", "vertical"}},
        {Dihedral::fromExifOrientation(5), {"-transpose"}},
        {Dihedral::fromExifOrientation(7), {"-transverse"}},
    };
    for (const Case& c : cases) {
        INFO("jpegtran " << c.args.join(' ').toStdString());
        auto ours = transformJpegLossless(original, {c.d, {}});
        REQUIRE(ours.ok());
        CHECK(ours.value() == jpegtran(original, c.args + QStringList{"-perfect", "-copy", "all"}));
    }
    // Turned and cropped on block boundaries of the output.
    auto ours = transformJpegLossless(original, {Dihedral::rotation(1), QRect(16, 32, 500, 700)});
    REQUIRE(ours.ok());
    CHECK(ours.value() == jpegtran(original, {"-rotate", "90", "-perfect", "-copy", "all", "-crop", "500x700+16+32"}));
    // Not on a boundary, or a partial block that would have to move: refused, never approximated.
    CHECK_FALSE(transformJpegLossless(original, {Dihedral::rotation(1), QRect(8, 32, 500, 700)}).ok());
    const QByteArray ragged = camera(pd::test::makeDetailedImage(1001, 667, 3), 1);
    auto layout = readJpegLayout(ragged);
    REQUIRE(layout.ok());
    CHECK_FALSE(isPerfectLosslessTransform(layout.value(), {Dihedral::rotation(1), {}}));
    CHECK(isPerfectLosslessTransform(layout.value(), {Dihedral::fromExifOrientation(5), {}}));   // transpose always is
}

TEST_CASE("a turned photo's print file is jpegtran's lossless turn with orientation 1 and the DPI", "[core][print]") {
    // Stored sideways (EXIF 6) and turned once more by the photographer: 180 degrees in all.
    const QImage upright = makeQuadrantImage(768, 1024);
    const QByteArray original = camera(upright, 6);
    auto print = makePrintFile({original, {RotateOp{1}}, parsePrintSize(QStringLiteral("6x8"))});
    REQUIRE(print.ok());
    CHECK(print->method == PrintMethod::LosslessTransform);
    CHECK(pictureData(print->jpeg) == pictureData(jpegtran(original, {"-rotate", "180", "-perfect", "-copy", "all"})));
    CHECK(QSize(print->width, print->height) == QSize(1024, 768));
    CHECK(print->dpi == 128);   // 1024 px over 8 inches
    const FileFacts f = factsOf(print->jpeg);
    CHECK(f.orientation == 1);
    CHECK(f.make == "Synthetic");   // the original's EXIF is kept
    CHECK(f.xResolution == 128);
    CHECK(f.jfifDensity == 128);
    CHECK(f.baseline);
    const QImage img = pd::test::decodeJpegWithQt(print->jpeg);
    // Upright portrait turned clockwise: blue top-left, red top-right, white bottom-left, green bottom-right.
    CHECK(colourAt(img, 0.2, 0.2) == 'B');
    CHECK(colourAt(img, 0.8, 0.2) == 'R');
    CHECK(colourAt(img, 0.2, 0.8) == 'W');
    CHECK(colourAt(img, 0.8, 0.8) == 'G');
}

TEST_CASE("a print size crops to the print's shape about the centre, losslessly when blocks allow", "[core][print]") {
    const QByteArray original = camera(makeQuadrantImage(1600, 1200), 1);   // 4:3
    auto print = makePrintFile({original, {}, parsePrintSize(QStringLiteral("4x6"))});
    REQUIRE(print.ok());
    CHECK(print->method == PrintMethod::LosslessTransform);
    CHECK(print->width == 1600);
    CHECK(std::abs(print->height - 1067) <= 1);
    CHECK(print->dpi == 267);   // 1600 / 6
    const QImage img = pd::test::decodeJpegWithQt(print->jpeg);
    CHECK(img.size() == QSize(print->width, print->height));
    // The crop stays centred to within half a block: the quadrant boundary is near the middle.
    int boundary = 0;
    for (int y = 1; y < img.height(); ++y)
        if (colourAt(img, 0.1, double(y - 1) / (img.height() - 1)) == 'R' && colourAt(img, 0.1, double(y) / (img.height() - 1)) == 'B') boundary = y;
    CHECK(std::abs(boundary - img.height() / 2) <= 9);
    CHECK(factsOf(print->jpeg).orientation == 1);
}

TEST_CASE("straightened or ragged edits are decoded and encoded again at q95 with the right geometry", "[core][print]") {
    // 1001 x 667: partial blocks, so a quarter turn cannot be lossless.
    const QImage upright = makeQuadrantImage(1001, 667);
    for (int o : {1, 3, 6, 8}) {
        INFO("EXIF orientation " << o);
        const QByteArray original = camera(upright, o);
        auto print = makePrintFile({original, {RotateOp{-1}, CropOp{0, 0, 1, 0.5, {}}}, parsePrintSize(QStringLiteral("5x7"))});
        REQUIRE(print.ok());
        // Stored under EXIF 6, the turn back cancels the camera's: only a crop is left, and that
        // one lies on blocks. Every other combination needs a partial block to move.
        CHECK(print->method == (o == 6 ? PrintMethod::LosslessTransform : PrintMethod::Reencoded));
        // Turned counter-clockwise: 667 x 1001 (green, white over red, blue); its top half is
        // green beside white, 667 x 501; then 5:7 of that.
        const QImage img = pd::test::decodeJpegWithQt(print->jpeg);
        CHECK(img.size() == QSize(print->width, print->height));
        CHECK(std::max(img.width(), img.height()) == 667);
        CHECK(std::abs(double(img.width()) / img.height() - 7.0 / 5.0) < 0.01);
        CHECK(colourAt(img, 0.25, 0.5) == 'G');
        CHECK(colourAt(img, 0.75, 0.5) == 'W');
        const FileFacts f = factsOf(print->jpeg);
        CHECK(f.orientation == 1);
        CHECK(f.make == "Synthetic");
        CHECK_FALSE(f.thumbnail);
        CHECK(f.baseline);
        CHECK(f.jfifDensity == int(std::lround(667 / 7.0)));
        auto decoded = decodeImage(print->jpeg);
        REQUIRE(decoded.ok());
        CHECK_FALSE(decoded->iccProfile.isEmpty());   // sRGB, tagged
    }
    auto straight = makePrintFile({camera(upright, 1), {StraightenOp{3}}, {}});
    REQUIRE(straight.ok());
    CHECK(straight->method == PrintMethod::Reencoded);
    CHECK(straight->dpi == 0);
    CHECK(parsePrintSize(QStringLiteral("8 x 10"))->aspect() == Approx(1.25));
    CHECK(parsePrintSize(QStringLiteral("10x8"))->longInches == 10);
    CHECK_FALSE(parsePrintSize(QStringLiteral("big")).has_value());
}
