// What every suite shares: synthetic inputs made independently of the code under test, temp
// folders, and the rule for suites that read ../shared/testdata.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QImage>
#include <QString>

#include <lcms2.h>

namespace pd::test {

// Whether this build runs under AddressSanitizer, whose quarantine holds freed memory back for a
// while: resident-memory bounds say nothing there, so memory tests only report them.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif


// A w x h RGB888 picture whose four quadrants have distinct colours (red top-left, green
// top-right, blue bottom-left, white bottom-right) over a soft gradient: any rotation or flip
// is visible in a thumbnail.
QImage makeQuadrantImage(int width, int height);

// A w x h RGB888 picture with camera-like detail and noise (deterministic for a seed).
QImage makeDetailedImage(int width, int height, unsigned seed);

struct SyntheticExif {
    int orientation = 0;          // 0 = no Orientation tag
    QString make, model, lens;
    QDateTime capturedAt;
    QString copyright, artist;
    bool gps = false;             // 51.5N 0.12W
};

// Encodes with TurboJPEG directly (quality 92, 4:2:0) and adds an EXIF APP1 (Exiv2) and an
// ICC profile APP2 when given. Independent of pd::encodeJpeg.
QByteArray makeJpeg(const QImage& image, const SyntheticExif& exif = {}, const QByteArray& icc = {},
                    int quality = 92);

// The pixels of the image stored under EXIF orientation `orientation`, i.e. the inverse
// transform, so that a correct reader shows `upright` again.
QImage storeForOrientation(const QImage& upright, int orientation);

// Decoded with Qt's JPEG plugin (no EXIF auto-transform), independent of the code under test.
QImage decodeJpegWithQt(const QByteArray& jpeg);

// The bytes of a Little CMS profile (which it closes), for embedding in test files.
QByteArray saveIccProfile(cmsHPROFILE profile);

// Mean and max absolute channel difference of two same-sized images (converted to RGB888).
struct ImageDiff { double mean = 1e9; int max = 255; };
ImageDiff compareImages(const QImage& a, const QImage& b);

// ../shared/testdata (or $PROOFDESK_TESTDATA); empty when it is not there.
QString testdataDir();

// Call first in a test that reads ../shared/testdata. Returns the folder, or, when it is
// missing, reports a skip: under ctest the process exits with code 77 (ctest shows SKIP with the
// reason); run by hand it warns and the caller returns.
QString requireTestdata(const char* subfolder);

// A folder of mixed inputs as a photographer's card might hold: `jpegs` camera-like JPEGs
// (long edge around `longEdge`, EXIF orientations 1, 6, 3 and 8 in turn, capture times), one PNG,
// one truncated JPEG, one text file named .jpg, an exact copy of the first JPEG in a subfolder,
// and a notes.txt that is not an image at all (ignored when the folder is imported).
struct MixedBatch {
    QString dir;
    QStringList valid;       // files that must import (JPEGs and the PNG)
    QStringList invalid;     // files that must fail with a reason
    QStringList duplicates;  // copies of a valid file
};
MixedBatch makeMixedBatch(const QString& dir, int jpegs, int longEdge);

// SHA-256 hex with Qt's implementation (independent of pd::sha256Hex).
QString sha256Of(const QByteArray& bytes);

QByteArray readFile(const QString& path);
void writeFile(const QString& path, const QByteArray& bytes);

} // namespace pd::test

// Skips the enclosing test case when the corpus is missing.
#define PD_REQUIRE_TESTDATA(var, sub)                 \
    const QString var = ::pd::test::requireTestdata(sub); \
    if (var.isEmpty()) return
