// The publish renditions are the same bytes for the same inputs (so an unchanged photo is never
// sent twice), are what they claim to be, and stay within their sizes.
#include <catch2/catch.hpp>

#include "test_support.h"

#include "pd/core/content_hash.h"
#include "pd/core/image_decoder.h"
#include "pd/core/proof.h"
#include "pd/core/zoom_proof.h"

using namespace pd;

namespace {

WatermarkPreset studioMark() {
    WatermarkPreset w;
    w.name = QStringLiteral("Studio");
    w.text = QStringLiteral("PROOF");
    w.position = WatermarkPosition::Tiled;
    return w;
}

} // namespace

TEST_CASE("publish renditions: proof, web thumbnail and zoom proof are byte-identical when made twice", "[publish][renditions]") {
    const QByteArray original = pd::test::makeJpeg(pd::test::makeDetailedImage(3000, 2000, 7));
    EditList edits;
    ProofOptions po;
    po.longEdge = 1600;
    po.watermark = studioMark();
    po.copyright = QStringLiteral("(c) Ann");
    ZoomProofRequest zr;
    zr.source = original;
    zr.longEdge = 2400;
    zr.watermark = studioMark();

    QString proofSha, thumbSha, zoomSha;
    for (int round = 0; round < 2; ++round) {
        auto proof = makeProofFromOriginal(original, edits, po);
        REQUIRE(proof.ok());
        auto thumb = makeWebThumbnail(proof->jpeg);
        REQUIRE(thumb.ok());
        auto zoom = makeZoomProof(zr);
        REQUIRE(zoom.ok());
        if (round == 0) {
            proofSha = sha256Hex(proof->jpeg);
            thumbSha = sha256Hex(thumb->jpeg);
            zoomSha = sha256Hex(zoom->jp2);
            CHECK(std::max(proof->width, proof->height) == 1600);
            CHECK(std::max(thumb->width, thumb->height) == kWebThumbLongEdge);
            CHECK(zoom->width == 2400);
            CHECK(zoom->height == 1600);
            CHECK(zoom->jp2.mid(4, 8) == QByteArray("jP  \r\n\x87\n", 8));   // the JP2 signature box
            auto decoded = decodeImage(zoom->jp2);
            REQUIRE(decoded.ok());
            CHECK(decoded->fullWidth == 2400);
        } else {
            CHECK(sha256Hex(proof->jpeg) == proofSha);
            CHECK(sha256Hex(thumb->jpeg) == thumbSha);
            CHECK(sha256Hex(zoom->jp2) == zoomSha);
        }
    }
    // A different watermark is different bytes (the cache key is not fooling itself).
    zr.watermark->text = QStringLiteral("OTHER");
    auto other = makeZoomProof(zr);
    REQUIRE(other.ok());
    CHECK(sha256Hex(other->jp2) != zoomSha);
}

TEST_CASE("publish renditions: a zoom proof is never enlarged past the edited picture", "[publish][renditions]") {
    const QByteArray original = pd::test::makeJpeg(pd::test::makeDetailedImage(1200, 900, 3));
    ZoomProofRequest zr;
    zr.source = original;
    zr.longEdge = kZoomProofMaxLongEdge;
    auto zoom = makeZoomProof(zr);
    REQUIRE(zoom.ok());
    CHECK(zoom->width == 1200);
    CHECK(zoom->height == 900);
}
