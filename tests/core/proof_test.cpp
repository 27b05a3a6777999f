// Proofs: size, sRGB, copyright and creator in IPTC and XMP, GPS only when allowed, and the same
// picture whether made from the edited preview or from the original.
#include <catch2/catch.hpp>

#include "pd/core/edited_renditions.h"
#include "pd/core/image_decoder.h"
#include "pd/core/proof.h"
#include "test_support.h"

#include <exiv2/exiv2.hpp>

using namespace pd;
using pd::test::compareImages;
using pd::test::decodeJpegWithQt;
using pd::test::makeJpeg;

namespace {

struct ReadBack {
    QString iptcCopyright, iptcByline, xmpRights, xmpCreator, exifCopyright;
    int orientation = 0;
    bool gps = false;
};

// Read with Exiv2 directly, independently of pd::readPhotoMetadata.
ReadBack readBack(const QByteArray& jpeg) {
    ReadBack r;
    auto image = Exiv2::ImageFactory::open(reinterpret_cast<const Exiv2::byte*>(jpeg.constData()), long(jpeg.size()));
    image->readMetadata();
    const auto& iptc = image->iptcData();
    const auto& xmp = image->xmpData();
    const auto& exif = image->exifData();
    if (auto it = iptc.findKey(Exiv2::IptcKey("Iptc.Application2.Copyright")); it != iptc.end())
        r.iptcCopyright = QString::fromStdString(it->toString());
    if (auto it = iptc.findKey(Exiv2::IptcKey("Iptc.Application2.Byline")); it != iptc.end())
        r.iptcByline = QString::fromStdString(it->toString());
    if (auto it = xmp.findKey(Exiv2::XmpKey("Xmp.dc.rights")); it != xmp.end()) {
        const auto& alt = dynamic_cast<const Exiv2::LangAltValue&>(it->value());
        r.xmpRights = QString::fromStdString(alt.value_.at("x-default"));
    }
    if (auto it = xmp.findKey(Exiv2::XmpKey("Xmp.dc.creator")); it != xmp.end())
        r.xmpCreator = QString::fromStdString(it->toString(0));
    if (auto it = exif.findKey(Exiv2::ExifKey("Exif.Image.Copyright")); it != exif.end())
        r.exifCopyright = QString::fromStdString(it->toString());
    if (auto it = exif.findKey(Exiv2::ExifKey("Exif.Image.Orientation")); it != exif.end()) r.orientation = int(it->toLong());
    r.gps = exif.findKey(Exiv2::ExifKey("Exif.GPSInfo.GPSLatitude")) != exif.end();
    return r;
}

// An upright width x height picture stored under the EXIF orientation.
QByteArray cameraJpeg(int orientation, bool gps, int width = 2400, int height = 1600) {
    pd::test::SyntheticExif exif;
    exif.orientation = orientation;
    exif.gps = gps;
    exif.copyright = QStringLiteral("camera default");
    return makeJpeg(pd::test::storeForOrientation(pd::test::makeDetailedImage(width, height, 7), orientation), exif);
}

} // namespace

TEST_CASE("Exiv2 reads the copyright and creator back from a proof, in IPTC and XMP", "[core][proof]") {
    ProofOptions o;
    o.longEdge = 1200;
    o.copyright = QStringLiteral("\u00A9 2026 Ann Lee Photography");
    o.creator = QStringLiteral("Ann Lee");
    o.capturedAt = QDateTime(QDate(2026, 6, 20), QTime(15, 4, 5));
    auto proof = makeProofFromOriginal(cameraJpeg(6, true), {}, o);
    REQUIRE(proof.ok());
    const ReadBack r = readBack(proof->jpeg);
    CHECK(r.iptcCopyright == o.copyright);
    CHECK(r.iptcByline == o.creator);
    CHECK(r.xmpRights == o.copyright);
    CHECK(r.xmpCreator == o.creator);
    CHECK(r.exifCopyright == o.copyright);
    CHECK(r.orientation == 1);
    CHECK_FALSE(r.gps);   // the event did not allow it

    // Upright, at the proof size, sRGB.
    const QImage img = decodeJpegWithQt(proof->jpeg);
    CHECK(img.size() == QSize(1200, 800));
    CHECK(QSize(proof->width, proof->height) == img.size());
    auto decoded = decodeImage(proof->jpeg);
    REQUIRE(decoded.ok());
    CHECK_FALSE(decoded->iccProfile.isEmpty());
    // The readers Proofdesk uses itself agree.
    auto meta = readPhotoMetadata(proof->jpeg);
    REQUIRE(meta.ok());
    CHECK(meta->copyright == o.copyright);
    CHECK(meta->creator == o.creator);
    CHECK(meta->capturedAt == o.capturedAt);
}

TEST_CASE("GPS goes into a proof only when the event allows it", "[core][proof]") {
    const QByteArray original = cameraJpeg(1, true);
    auto source = readPhotoMetadata(original);
    REQUIRE(source.ok());
    REQUIRE(source->gps.has_value());
    ProofOptions o;
    o.longEdge = 600;
    auto without = makeProofFromOriginal(original, {}, o);
    REQUIRE(without.ok());
    CHECK_FALSE(readPhotoMetadata(without->jpeg)->gps.has_value());
    o.gps = source->gps;
    auto with = makeProofFromOriginal(original, {}, o);
    REQUIRE(with.ok());
    const auto gps = readPhotoMetadata(with->jpeg)->gps;
    REQUIRE(gps.has_value());
    CHECK(gps->latitude == Approx(source->gps->latitude).margin(1e-4));
    CHECK(gps->longitude == Approx(source->gps->longitude).margin(1e-4));
}

TEST_CASE("a proof from the edited preview shows what a proof from the original shows", "[core][proof]") {
    const QByteArray original = cameraJpeg(8, false, 3000, 2000);
    const EditList edits{CropOp{0.1, 0.05, 0.8, 0.9, {}}, FlipOp{FlipAxis::Horizontal}};
    auto renditions = makeEditedRenditions(original, edits);
    REQUIRE(renditions.ok());
    // 3000 x 2000 upright, cropped to 2400 x 1800: the preview is 2048 x 1536.
    const QSize preview(renditions->preview.width, renditions->preview.height);
    CHECK(std::max(preview.width(), preview.height()) == 2048);
    for (int longEdge : {2048, 1024}) {
        INFO("proof size " << longEdge);
        ProofOptions o;
        o.longEdge = longEdge;
        CHECK(previewCoversProof(preview, QSize(2400, 1800), longEdge));
        auto fromPreview = makeProofFromPreview(renditions->preview.jpeg, o);
        auto fromOriginal = makeProofFromOriginal(original, edits, o);
        REQUIRE(fromPreview.ok());
        REQUIRE(fromOriginal.ok());
        const QImage a = decodeJpegWithQt(fromPreview->jpeg), b = decodeJpegWithQt(fromOriginal->jpeg);
        CHECK(std::max(a.width(), a.height()) == longEdge);
        REQUIRE(std::abs(a.width() - b.width()) <= 1);
        REQUIRE(std::abs(a.height() - b.height()) <= 1);
        const QSize common = a.size().boundedTo(b.size());
        const auto diff = compareImages(a.copy(QRect(QPoint(), common)), b.copy(QRect(QPoint(), common)));
        CHECK(diff.mean < 6.0);   // two generations of q85 on detailed noise, not a different picture
    }
    // A larger proof than the preview needs the original; a small photo's preview covers anything.
    CHECK_FALSE(previewCoversProof(preview, QSize(2400, 1800), 3000));
    CHECK(previewCoversProof(QSize(900, 600), QSize(900, 600), 2048));
    CHECK_FALSE(previewCoversProof(QSize(), QSize(900, 600), 2048));
}
