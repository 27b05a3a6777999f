// The IIIF Image API 3.0 parser and planner as pure functions: the syntax the specification
// allows, what it refuses, and the sizes and canonical forms it works out.
#include <catch2/catch.hpp>

#include "pd/core/image_ops.h"
#include "pd/core/jp2_encoder.h"
#include "pd/host/iiif_image.h"
#include "test_support.h"
#include "pd/host/iiif_request.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace pd;
using namespace pd::host;

namespace {

IiifPlan plan(std::string_view path, QSize full = {3000, 2000}, IiifLimits limits = iiifLimitsFor({3000, 2000}, 0)) {
    Result<IiifRequest> r = parseIiifRequest(path);
    INFO(std::string(path));
    REQUIRE(r.ok());
    Result<IiifPlan> p = planIiifImage(*r, full, limits);
    if (!p.ok()) FAIL(p.error().message.toStdString());
    return *p;
}

bool refused(std::string_view path, QSize full = {3000, 2000}, IiifLimits limits = iiifLimitsFor({3000, 2000}, 0)) {
    Result<IiifRequest> r = parseIiifRequest(path);
    if (!r.ok()) return r.error().code == ErrorCode::InvalidArgument;
    Result<IiifPlan> p = planIiifImage(*r, full, limits);
    return !p.ok() && p.error().code == ErrorCode::InvalidArgument;
}

} // namespace

TEST_CASE("IIIF paths parse into info, base and image requests", "[iiif][parse]") {
    Result<IiifRequest> info = parseIiifRequest("abc-123/info.json");
    REQUIRE(info.ok());
    CHECK(info->kind == IiifRequest::Kind::Info);
    CHECK(info->identifier == "abc-123");
    CHECK(parseIiifRequest("abc-123")->kind == IiifRequest::Kind::Base);
    CHECK(parseIiifRequest("abc-123/")->kind == IiifRequest::Kind::Base);
    CHECK(parseIiifRequest("a%2Dc/info.json")->identifier == "a-c");

    Result<IiifRequest> img = parseIiifRequest("p1/pct:10,20.5,30,40/^!300,200/!270/gray.png");
    REQUIRE(img.ok());
    CHECK(img->kind == IiifRequest::Kind::Image);
    CHECK(img->region.kind == IiifRegion::Kind::Percent);
    CHECK(img->region.y == Approx(20.5));
    CHECK(img->size.kind == IiifSize::Kind::Fit);
    CHECK(img->size.upscale);
    CHECK(img->size.w == 300);
    CHECK(img->rotation == 270);
    CHECK(img->mirror);
    CHECK(img->quality == IiifQuality::Gray);
    CHECK(img->format == IiifFormat::Png);
    CHECK(parseIiifRequest("p1/full/max/360/default.jpg")->rotation == 0);
    CHECK(parseIiifRequest("p1/square/,200/90.0/bitonal.jpg")->size.kind == IiifSize::Kind::Height);
}

TEST_CASE("IIIF syntax errors are refused", "[iiif][parse]") {
    for (const char* bad : {"", "/info.json", "p1/info.xml", "p1/full/max/0", "p1/full/max/0/default.jpg/x",
                            "p1/ful/max/0/default.jpg", "p1/1,2,3/max/0/default.jpg", "p1/1,2,3,0/max/0/default.jpg",
                            "p1/-1,2,3,4/max/0/default.jpg", "p1/1e3,2,3,4/max/0/default.jpg",
                            "p1/pct:101,0,10,10/max/0/default.jpg", "p1/full/0,/0/default.jpg", "p1/full/,/0/default.jpg",
                            "p1/full/!100,/0/default.jpg", "p1/full/pct:0/0/default.jpg", "p1/full/maximum/0/default.jpg",
                            "p1/full/max/45/default.jpg", "p1/full/max/450/default.jpg", "p1/full/max/-90/default.jpg",
                            "p1/full/max/0/colour.jpg", "p1/full/max/0/default.gif", "p1/full/max/0/default",
                            "p1/full/max/0/default.jpg%", "p1%0A/info.json", "p1/full/max/0/default.jpg%00"}) {
        INFO(bad);
        CHECK(parseIiifRequest(bad).ok() == false);
    }
}

TEST_CASE("IIIF regions and sizes resolve as the specification says", "[iiif][plan]") {
    const IiifPlan full = plan("p/full/max/0/default.jpg");
    CHECK(full.region == QRect(0, 0, 3000, 2000));
    CHECK(full.size == QSize(3000, 2000));
    CHECK(full.canonical == "full/max/0/default.jpg");

    const IiifPlan square = plan("p/square/200,/0/default.jpg");
    CHECK(square.region == QRect(500, 0, 2000, 2000));
    CHECK(square.size == QSize(200, 200));
    CHECK(square.canonical == "500,0,2000,2000/200,200/0/default.jpg");

    // A region past the edge is cut to the image.
    CHECK(plan("p/2800,1900,500,500/max/0/default.jpg").region == QRect(2800, 1900, 200, 100));
    CHECK(plan("p/pct:50,50,50,50/max/0/default.jpg").region == QRect(1500, 1000, 1500, 1000));
    CHECK(plan("p/full/,500/0/default.jpg").size == QSize(750, 500));
    CHECK(plan("p/full/pct:10/0/default.jpg").size == QSize(300, 200));
    CHECK(plan("p/full/300,300/0/default.jpg").size == QSize(300, 300)); // distorted, as asked
    CHECK(plan("p/full/!300,300/0/default.jpg").size == QSize(300, 200));
    CHECK(plan("p/0,0,100,100/^200,/!90/color.png").size == QSize(200, 200));
    CHECK(plan("p/0,0,100,100/^200,/!90/color.png").canonical == "0,0,100,100/^200,200/!90/color.png");
    CHECK(plan("p/0,0,100,100/^max/0/default.jpg").size == QSize(2000, 2000)); // up to the height limit
    CHECK(plan("p/0,0,100,100/!300,300/0/default.jpg").size == QSize(100, 100)); // never larger without ^

    CHECK(refused("p/3000,0,10,10/max/0/default.jpg")); // outside
    CHECK(refused("p/full/3001,/0/default.jpg"));         // larger than the region without ^
    CHECK(refused("p/full/pct:101/0/default.jpg"));
    CHECK(refused("p/full/^3001,/0/default.jpg"));        // over the limit even with ^
    CHECK(refused("p/full/1,/0/default.jpg") == false);
    CHECK(plan("p/full/1,/0/default.jpg").size == QSize(1, 1));
}

TEST_CASE("a share's long-edge limit caps max and refuses finer resolutions", "[iiif][plan]") {
    const QSize full(3000, 2000);
    const IiifLimits limits = iiifLimitsFor(full, 600);
    CHECK(limits.maxWidth == 600);
    CHECK(limits.maxHeight == 600);
    CHECK(limits.maxScale == Approx(0.2));
    CHECK(plan("p/full/max/0/default.jpg", full, limits).size == QSize(600, 400));
    CHECK(plan("p/full/^max/0/default.jpg", full, limits).size == QSize(600, 400));
    CHECK(refused("p/full/601,/0/default.jpg", full, limits));
    // A small region at full resolution would rebuild the image beyond 600 px: refused.
    CHECK(refused("p/0,0,512,512/512,/0/default.jpg", full, limits));
    CHECK(plan("p/0,0,2048,2048/256,/0/default.jpg", full, limits).size == QSize(256, 250));
    CHECK(plan("p/0,0,504,504/max/0/default.jpg", full, limits).size == QSize(100, 100)); // floor(100.8)
    CHECK(refused("p/0,0,500,500/max/0/default.jpg", full, limits)); // off the 8-pixel grid

    // Larger than the image: its own size is the limit.
    const IiifLimits loose = iiifLimitsFor(full, 5000);
    CHECK(loose.maxWidth == 3000);
    CHECK(loose.maxHeight == 2000);
    CHECK(loose.maxScale == 0);
}

TEST_CASE("under a share's limit tiny regions never give back full-resolution pixels", "[iiif][plan]") {
    // A 4000x3000 zoom proof shared at 1000 px: a quarter of the resolution, a 4-pixel grid.
    const QSize full(4000, 3000);
    const IiifLimits limits = iiifLimitsFor(full, 1000);
    REQUIRE(limits.maxScale == Approx(0.25));
    for (const char* tiny : {"p/1200,800,1,1/1,1/0/default.png", "p/1200,800,1,1/max/0/default.png",
                             "p/1200,800,1,1/!1,1/0/default.png", "p/1200,800,1,1/pct:100/0/default.png",
                             "p/1200,800,1,1/^1,/0/default.png", "p/1200,800,1,1/^max/0/default.png",
                             "p/1200,800,2,2/max/0/default.png", "p/1200,800,3,4/1,1/0/default.png",
                             "p/0,0,4,4/2,2/0/default.png", "p/0,0,4,4/2,/0/default.png", "p/0,0,8,8/3,3/0/default.png",
                             "p/0,0,8,8/^3,/0/default.png", "p/1,0,4,4/1,1/0/default.png", "p/0,0,5,4/1,1/0/default.png",
                             "p/pct:0,0,0.01,0.01/max/0/default.png"}) {
        INFO(tiny);
        CHECK(refused(tiny, full, limits));
    }
    // One delivered pixel per 4x4 block is what the limit allows.
    CHECK(plan("p/0,0,4,4/1,1/0/default.png", full, limits).size == QSize(1, 1));
    CHECK(plan("p/0,0,4,4/max/0/default.png", full, limits).size == QSize(1, 1));
    CHECK(plan("p/0,0,8,8/!8,8/0/default.png", full, limits).size == QSize(2, 2));
    CHECK(plan("p/0,0,8,8/^max/0/default.png", full, limits).size == QSize(2, 2));
    CHECK(plan("p/0,0,8,8/max/0/default.png", full, limits).size == QSize(2, 2));
    CHECK(plan("p/full/max/0/default.png", full, limits).size == QSize(1000, 750));
    // The right and bottom edges: the last partial block still gives its one pixel.
    CHECK(plan("p/3996,2996,4,4/1,1/0/default.png", full, limits).size == QSize(1, 1));

    // Every tile info.json advertises (as a viewer computes them) is served, edge tiles included.
    for (const QSize odd : {QSize(4000, 3000), QSize(4001, 2999), QSize(4100, 3071), QSize(3333, 5001)}) {
        const IiifLimits l = iiifLimitsFor(odd, 1000);
        IiifInfo info;
        info.full = odd;
        info.limits = l;
        info.tileSize = 512;
        info.resolutionLevels = 6;
        const QJsonObject doc = QJsonDocument::fromJson(QByteArray::fromStdString(iiifInfoJson(info))).object();
        const QJsonObject tiles = doc.value("tiles").toArray().at(0).toObject();
        const int tile = tiles.value("width").toInt();
        REQUIRE(tile > 0);
        REQUIRE(!tiles.value("scaleFactors").toArray().isEmpty());
        for (const QJsonValue sf : tiles.value("scaleFactors").toArray()) {
            const int f = sf.toInt(), step = tile * f;
            for (int y = 0; y < odd.height(); y += step)
                for (int x = 0; x < odd.width(); x += step) {
                    const int w = std::min(step, odd.width() - x), h = std::min(step, odd.height() - y);
                    const std::string path = "p/" + std::to_string(x) + ',' + std::to_string(y) + ',' +
                                             std::to_string(w) + ',' + std::to_string(h) + '/' +
                                             std::to_string((w + f - 1) / f) + ',' + std::to_string((h + f - 1) / f) +
                                             "/0/default.jpg";
                    INFO(odd.width() << "x" << odd.height() << " " << path);
                    CHECK(!refused(path, odd, l));
                }
        }
        for (const QJsonValue s : doc.value("sizes").toArray()) {
            const std::string path = "p/full/" + std::to_string(s.toObject().value("width").toInt()) + ',' +
                                     std::to_string(s.toObject().value("height").toInt()) + "/0/default.jpg";
            INFO(path);
            CHECK(!refused(path, odd, l));
        }
    }
}

TEST_CASE("info.json lists level 2 with tiles and sizes within the limits", "[iiif][info]") {
    IiifInfo info;
    info.id = "https://example.org/s/tok/iiif/3/p1";
    info.full = QSize(3000, 2000);
    info.limits = iiifLimitsFor(info.full, 600);
    info.tileSize = 512;
    info.resolutionLevels = 5;
    const QJsonObject doc = QJsonDocument::fromJson(QByteArray::fromStdString(iiifInfoJson(info))).object();
    CHECK(doc.value("@context").toString() == "http://iiif.io/api/image/3/context.json");
    CHECK(doc.value("id").toString() == "https://example.org/s/tok/iiif/3/p1");
    CHECK(doc.value("type").toString() == "ImageService3");
    CHECK(doc.value("protocol").toString() == "http://iiif.io/api/image");
    CHECK(doc.value("profile").toString() == "level2");
    CHECK(doc.value("width").toInt() == 3000);
    CHECK(doc.value("maxWidth").toInt() == 600);
    CHECK(doc.value("maxHeight").toInt() == 600);
    const QJsonObject tiles = doc.value("tiles").toArray().at(0).toObject();
    CHECK(tiles.value("width").toInt() == 512);
    CHECK(tiles.value("scaleFactors").toArray() == QJsonArray{8, 16});
    for (const QJsonValue& s : doc.value("sizes").toArray()) CHECK(s.toObject().value("width").toInt() <= 600);
    CHECK(doc.value("sizes").toArray().contains(QJsonObject{{"width", 600}, {"height", 400}}));

    CHECK(iiifReductionFor({3000, 2000}, {375, 250}, 5) == 3);
    CHECK(iiifReductionFor({3000, 2000}, {376, 250}, 5) == 2);
    CHECK(iiifReductionFor({512, 512}, {512, 512}, 5) == 0);
    CHECK(iiifReductionFor({3000, 2000}, {10, 10}, 5) == 4);
}

TEST_CASE("rendering decodes only the level and area a request needs", "[iiif][render]") {
    const QImage source = pd::test::makeQuadrantImage(1600, 1200);
    Result<QByteArray> zoom = encodeJp2(source, Jp2Options{});
    REQUIRE(zoom.ok());
    // The whole image at 200 px wide: the 200x150 level (reduction 3), nothing finer.
    Result<IiifRendered> small = renderIiifImage(*zoom, plan("p/full/200,/0/default.jpg", {1600, 1200}, iiifLimitsFor({1600, 1200}, 0)));
    REQUIRE(small.ok());
    CHECK(small->reduction == 3);
    CHECK(small->decodedSamples == 200LL * 150 * 3);
    CHECK(small->size == QSize(200, 150));
    // 300 px of a 1200 px wide region: the 300-wide level of that region only.
    Result<IiifRendered> part = renderIiifImage(*zoom, plan("p/400,300,1200,900/300,/0/default.jpg", {1600, 1200}, iiifLimitsFor({1600, 1200}, 0)));
    REQUIRE(part.ok());
    CHECK(part->reduction == 2);
    CHECK(part->decodedSamples == 300LL * 225 * 3);
    // 301 px needs the next finer level.
    Result<IiifRendered> finer = renderIiifImage(*zoom, plan("p/400,300,1200,900/301,/0/default.jpg", {1600, 1200}, iiifLimitsFor({1600, 1200}, 0)));
    REQUIRE(finer.ok());
    CHECK(finer->reduction == 1);
    const QImage got = QImage::fromData(part->bytes);
    REQUIRE(got.size() == QSize(300, 225));
    CHECK(pd::test::compareImages(got, resizeImage(source.copy(400, 300, 1200, 900), 300, 225)).mean < 6.0);
}
