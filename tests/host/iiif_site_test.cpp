// IIIF over zoom proofs against a real proofdesk-host: what a gallery visitor and a share link
// may fetch, and that the pixels served are the right part of the photo, turned as asked.
// Events, photos and shares are set up in the host's SQLite file through the store, beside the
// running server (WAL lets both use it).
#include <catch2/catch.hpp>

#include "iiif_host.h"

#include "pd/core/content_hash.h"
#include "pd/core/image_ops.h"
#include "pd/core/jp2_encoder.h"
#include "pd/host/gallery_session.h"
#include "pd/host/sqlite_host_store.h"

#include <QDate>
#include <QDateTime>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>

using namespace pd;
using namespace pd::host;
using namespace pd::test;

namespace {

// The quadrants (red, green / blue, white) over a gradient: turns and flips are visible.
QImage sourceImage() {
    static const QImage image = makeQuadrantImage(1600, 1200);
    return image;
}

// The IIIF host with one zoom proof (sourceImage) and events whose photos p1 and p2 both use it.
struct Site : IiifHost {
    QString zoomSha = putZoom(sourceImage());

    // An event with photos p1 and p2 (both with the zoom proof); returns its id.
    QString addEvent(const QString& name, const QString& expires = {}) {
        const QString id = putEvent(name, expires).id;
        for (const char* photo : {"p1", "p2"}) putPhoto(id, QString::fromLatin1(photo), zoomSha);
        return id;
    }
};

QImage decoded(const RawResponse& r) {
    QImage image = QImage::fromData(QByteArray::fromStdString(r.body));
    REQUIRE(!image.isNull());
    return image.convertToFormat(QImage::Format_RGB888);
}

// The colour at a point, as "the nearest quadrant colour" of makeQuadrantImage.
std::string quadrantColour(const QImage& image, int x, int y) {
    const QColor c = image.pixelColor(x, y);
    if (c.red() > 150 && c.green() > 150 && c.blue() > 150) return "white";
    if (c.red() > c.green() && c.red() > c.blue()) return "red";
    if (c.green() > c.red() && c.green() > c.blue()) return "green";
    return "blue";
}

} // namespace

TEST_CASE("a gallery visitor gets info.json for a photo's zoom proof", "[host][iiif]") {
    Site site;
    const QString event = site.addEvent(QStringLiteral("Smith wedding"));
    const std::string cookie = site.cookieFor(event);
    const RawResponse info = site.get("/iiif/3/p1/info.json", cookie);
    REQUIRE(info.status == 200);
    CHECK(info.header("content-type") == "application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"");
    CHECK(info.header("link") == "<http://iiif.io/api/image/3/level2.json>;rel=\"profile\"");
    CHECK(info.header("access-control-allow-origin").empty()); // CORS is for share links only
    CHECK(info.header("cache-control").find("private") != std::string::npos);
    const QJsonObject doc = info.json().object();
    CHECK(doc.value("@context").toString() == "http://iiif.io/api/image/3/context.json");
    CHECK(doc.value("id").toString().endsWith("/iiif/3/p1"));
    CHECK(doc.value("type").toString() == "ImageService3");
    CHECK(doc.value("protocol").toString() == "http://iiif.io/api/image");
    CHECK(doc.value("profile").toString() == "level2");
    CHECK(doc.value("width").toInt() == 1600);
    CHECK(doc.value("height").toInt() == 1200);
    CHECK(doc.value("maxWidth").toInt() == 1600); // a visitor's limit: the zoom proof itself
    CHECK(doc.value("maxHeight").toInt() == 1200);
    const QJsonObject tiles = doc.value("tiles").toArray().at(0).toObject();
    CHECK(tiles.value("width").toInt() == 512);
    CHECK(tiles.value("scaleFactors").toArray() == QJsonArray{1, 2, 4, 8}); // 1600 -> 200: four levels
    CHECK(doc.value("sizes").toArray().contains(QJsonObject{{"width", 200}, {"height", 150}}));

    // Revalidation: the same tag gives 304 with no body.
    const std::string etag = info.header("etag");
    REQUIRE(!etag.empty());
    const RawResponse again = site.get("/iiif/3/p1/info.json", cookie + "If-None-Match: " + etag + "\r\n");
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    // The base URI redirects to info.json.
    const RawResponse base = site.get("/iiif/3/p1", cookie);
    CHECK(base.status == 303);
    CHECK(base.header("location").find("/iiif/3/p1/info.json") != std::string::npos);
}

TEST_CASE("an IIIF region at a size is that part of the photo", "[host][iiif]") {
    Site site;
    const std::string cookie = site.cookieFor(site.addEvent(QStringLiteral("Smith wedding")));
    const QImage source = sourceImage();

    const RawResponse part = site.get("/iiif/3/p1/700,500,400,300/200,/0/default.jpg", cookie);
    REQUIRE(part.status == 200);
    CHECK(part.header("content-type") == "image/jpeg");
    const QImage got = decoded(part);
    REQUIRE(got.size() == QSize(200, 150));
    const ImageDiff d = compareImages(got, resizeImage(source.copy(700, 500, 400, 300), 200, 150));
    INFO("mean " << d.mean << " max " << d.max);
    CHECK(d.mean < 6.0);

    const RawResponse pct = site.get("/iiif/3/p1/pct:50,0,50,50/!300,300/0/default.jpg", cookie);
    REQUIRE(pct.status == 200);
    const QImage topRight = decoded(pct);
    REQUIRE(topRight.size() == QSize(300, 225));
    CHECK(compareImages(topRight, resizeImage(source.copy(800, 0, 800, 600), 300, 225)).mean < 6.0);

    const RawResponse whole = site.get("/iiif/3/p1/full/max/0/default.png", cookie);
    REQUIRE(whole.status == 200);
    CHECK(whole.header("content-type") == "image/png");
    CHECK(compareImages(decoded(whole), source).mean < 3.0);
}

TEST_CASE("IIIF rotation, mirroring and qualities change the pixels as asked", "[host][iiif]") {
    Site site;
    const std::string cookie = site.cookieFor(site.addEvent(QStringLiteral("Smith wedding")));
    const auto corners = [&](const std::string& rotation) {
        const RawResponse r = site.get("/iiif/3/p1/full/400,/" + rotation + "/default.jpg", cookie);
        REQUIRE(r.status == 200);
        const QImage img = decoded(r);
        const int w = img.width(), h = img.height();
        return std::vector<std::string>{quadrantColour(img, w / 4, h / 4), quadrantColour(img, 3 * w / 4, h / 4),
                                        quadrantColour(img, w / 4, 3 * h / 4), quadrantColour(img, 3 * w / 4, 3 * h / 4)};
    };
    using V = std::vector<std::string>;
    CHECK(corners("0") == V{"red", "green", "blue", "white"});
    CHECK(corners("90") == V{"blue", "red", "white", "green"});
    CHECK(corners("180") == V{"white", "blue", "green", "red"});
    CHECK(corners("270") == V{"green", "white", "red", "blue"});
    CHECK(corners("!0") == V{"green", "red", "white", "blue"});
    CHECK(corners("!90") == V{"white", "green", "blue", "red"});
    {
        const RawResponse r = site.get("/iiif/3/p1/full/400,/90/default.jpg", cookie);
        CHECK(decoded(r).size() == QSize(300, 400));
    }

    const RawResponse gray = site.get("/iiif/3/p1/full/200,/0/gray.jpg", cookie);
    REQUIRE(gray.status == 200);
    const QImage g = decoded(gray);
    int spread = 0;
    for (int y = 0; y < g.height(); y += 7)
        for (int x = 0; x < g.width(); x += 7) {
            const QColor c = g.pixelColor(x, y);
            spread = std::max({spread, std::abs(c.red() - c.green()), std::abs(c.green() - c.blue())});
        }
    CHECK(spread <= 2);
    const RawResponse bitonal = site.get("/iiif/3/p1/full/200,/0/bitonal.png", cookie);
    REQUIRE(bitonal.status == 200);
    const QImage b = decoded(bitonal);
    bool onlyBlackAndWhite = true;
    for (int y = 0; y < b.height(); ++y)
        for (int x = 0; x < b.width(); ++x) {
            const int v = b.pixelColor(x, y).red();
            onlyBlackAndWhite = onlyBlackAndWhite && (v == 0 || v == 255);
        }
    CHECK(onlyBlackAndWhite);
}

TEST_CASE("IIIF image responses carry a tag and revalidate with 304", "[host][iiif]") {
    Site site;
    const std::string cookie = site.cookieFor(site.addEvent(QStringLiteral("Smith wedding")));
    const RawResponse first = site.get("/iiif/3/p1/0,0,512,512/256,/0/default.jpg", cookie);
    REQUIRE(first.status == 200);
    const std::string etag = first.header("etag");
    REQUIRE(etag.size() > 2);
    CHECK(first.header("cache-control").find("private") != std::string::npos);
    // The same image asked the canonical way has the same tag.
    const RawResponse canonical = site.get("/iiif/3/p1/0,0,512,512/256,256/0/default.jpg", cookie);
    CHECK(canonical.header("etag") == etag);
    const RawResponse other = site.get("/iiif/3/p1/0,0,512,512/256,/90/default.jpg", cookie);
    CHECK(other.header("etag") != etag);
    const RawResponse cached = site.get("/iiif/3/p1/0,0,512,512/256,/0/default.jpg", cookie + "If-None-Match: " + etag + "\r\n");
    CHECK(cached.status == 304);
    CHECK(cached.body.empty());
}

TEST_CASE("IIIF syntax errors are 400 and unknown photos 404", "[host][iiif]") {
    Site site;
    const std::string cookie = site.cookieFor(site.addEvent(QStringLiteral("Smith wedding")));
    for (const char* bad : {"/iiif/3/p1/full/max/45/default.jpg", "/iiif/3/p1/full/max/0/default.gif",
                            "/iiif/3/p1/full/0,/0/default.jpg", "/iiif/3/p1/5000,0,10,10/max/0/default.jpg",
                            "/iiif/3/p1/full/1601,/0/default.jpg", "/iiif/3/p1/full/^1601,/0/default.jpg",
                            "/iiif/3/p1/full/max/0", "/iiif/3/p1/info.xml", "/iiif/3/p1/full/max/0/sepia.jpg"}) {
        INFO(bad);
        const RawResponse r = site.get(bad, cookie);
        CHECK(r.status == 400);
        CHECK(!r.errorMessage().empty());
    }
    CHECK(site.get("/iiif/3/nope/info.json", cookie).status == 404);
    CHECK(site.get("/iiif/3/nope/full/max/0/default.jpg", cookie).status == 404);
}

TEST_CASE("a visitor sees only the photos of the gallery they opened, while it is open", "[host][iiif]") {
    Site site;
    const QString a = site.addEvent(QStringLiteral("Gallery A"));
    // B's photos have their own ids: p1/p2 exist in both, so ask B's by a photo only B has.
    const QString b = site.addEvent(QStringLiteral("Gallery B"));
    HostPhoto onlyB;
    onlyB.id = QStringLiteral("b-only");
    onlyB.eventId = b;
    onlyB.renditions.zoom = site.zoomSha;
    REQUIRE(site.store->putPhoto(site.annId, onlyB).ok());

    const std::string cookieA = site.cookieFor(a);
    CHECK(site.get("/iiif/3/b-only/info.json", cookieA).status == 404);
    CHECK(site.get("/iiif/3/b-only/full/max/0/default.jpg", cookieA).status == 404);
    CHECK(site.get("/iiif/3/b-only/info.json", site.cookieFor(b)).status == 200);

    // No cookie, or a forged one: refused before anything else.
    CHECK(site.get("/iiif/3/p1/info.json").status == 403);
    CHECK(site.get("/iiif/3/p1/full/max/0/default.jpg").status == 403);
    std::string forged = cookieA;
    forged[forged.size() - 4] = forged[forged.size() - 4] == 'A' ? 'B' : 'A';
    CHECK(site.get("/iiif/3/p1/info.json", forged).status == 403);

    // A gallery whose last day has passed serves nothing.
    const QString closed = site.addEvent(QStringLiteral("Closed"), QDate::currentDate().addDays(-1).toString(Qt::ISODate));
    CHECK(site.get("/iiif/3/p1/info.json", site.cookieFor(closed)).status == 410);
    const QString lastDay = site.addEvent(QStringLiteral("Last day"), QDate::currentDate().toString(Qt::ISODate));
    CHECK(site.get("/iiif/3/p1/info.json", site.cookieFor(lastDay)).status == 200);
}

TEST_CASE("a share serves its photos within its size and retrieval limits", "[host][iiif][share]") {
    Site site;
    const QString event = site.addEvent(QStringLiteral("Press day"));
    const std::string token = site.addShare(event, 400, 3, {QStringLiteral("p1")});
    const std::string base = "/s/" + token + "/iiif/3/p1";

    const RawResponse info = site.get(base + "/info.json");
    REQUIRE(info.status == 200);
    CHECK(info.header("access-control-allow-origin") == "*");
    const QJsonObject doc = info.json().object();
    CHECK(doc.value("id").toString().endsWith(QString::fromStdString(base)));
    CHECK(doc.value("maxWidth").toInt() == 400);
    CHECK(doc.value("maxHeight").toInt() == 400);
    CHECK(doc.value("tiles").toArray().at(0).toObject().value("scaleFactors").toArray() == QJsonArray{4, 8});

    // Over the limit: refused, and nothing counted.
    CHECK(site.get(base + "/full/401,/0/default.jpg").status == 400);
    CHECK(site.get(base + "/0,0,256,256/256,/0/default.jpg").status == 400); // finer than 400 px allows
    // max is clamped to the limit.
    const RawResponse max = site.get(base + "/full/max/0/default.jpg");
    REQUIRE(max.status == 200);
    CHECK(max.header("access-control-allow-origin") == "*");
    // A share with a retrieval limit: nothing may keep its images, not even the browser.
    CHECK(max.header("cache-control") == "private, no-store");
    CHECK(decoded(max).size() == QSize(400, 300));
    // A 304 does not count; two more images do; the fourth is refused with a clear message.
    const RawResponse cached = site.get(base + "/full/max/0/default.jpg", "If-None-Match: " + max.header("etag") + "\r\n");
    CHECK(cached.status == 304);
    CHECK(site.get(base + "/full/200,/0/default.jpg").status == 200);
    CHECK(site.get(base + "/full/100,/0/gray.jpg").status == 200);
    const RawResponse over = site.get(base + "/full/100,/0/default.jpg");
    CHECK(over.status == 403);
    CHECK_THAT(over.errorMessage(), Catch::Contains("retrievals"));
    CHECK(site.get(base + "/info.json").status == 200); // info.json is never counted

    // Outside the share, or a wrong token: 404.
    CHECK(site.get("/s/" + token + "/iiif/3/p2/info.json").status == 404);
    CHECK(site.get("/s/" + token + "/iiif/3/p2/full/max/0/default.jpg").status == 404);
    std::string wrong = token;
    wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
    CHECK(site.get("/s/" + wrong + "/iiif/3/p1/info.json").status == 404);
    CHECK(site.get("/s/short/iiif/3/p1/info.json").status == 404);
}

TEST_CASE("a revoked or expired share stops working, an open one lists its photos", "[host][iiif][share]") {
    Site site;
    const QString event = site.addEvent(QStringLiteral("Press <day>"));
    QString shareId;
    const std::string revoked = site.addShare(event, 0, 0, {}, {}, &shareId);
    CHECK(site.get("/s/" + revoked + "/iiif/3/p2/info.json").status == 200); // empty list: the whole event
    Result<bool> done = site.store->revokeShare(site.annId, shareId);
    REQUIRE(done.ok());
    REQUIRE(*done);
    CHECK(site.get("/s/" + revoked + "/iiif/3/p2/info.json").status == 403);
    CHECK(site.get("/s/" + revoked + "/iiif/3/p2/full/max/0/default.jpg").status == 403);

    const std::string expired = site.addShare(event, 0, 0, {}, QDate::currentDate().addDays(-1).toString(Qt::ISODate));
    CHECK(site.get("/s/" + expired + "/iiif/3/p1/info.json").status == 410);
    CHECK(site.get("/s/" + expired + "/").status == 410);

    const std::string open = site.addShare(event, 0, 5, {QStringLiteral("p2")}, QDate::currentDate().toString(Qt::ISODate));
    const RawResponse page = site.get("/s/" + open + "/");
    REQUIRE(page.status == 200);
    CHECK(page.header("content-type").find("text/html") == 0);
    CHECK(page.header("content-security-policy").find("default-src 'none'") != std::string::npos);
    CHECK(page.body.find("href=\"iiif/3/p2/full/max/0/default.jpg\"") != std::string::npos);
    CHECK(page.body.find("iiif/3/p1/") == std::string::npos);
    CHECK(page.body.find("Press &lt;day&gt;") != std::string::npos);
    CHECK(site.get("/s/" + open).status == 308);
    // Without a session cookie a share's images still need no login; the access log hides the token.
    CHECK(site.get("/s/" + open + "/iiif/3/p2/full/max/0/default.jpg").status == 200);
    CHECK(site.server->accessLog().indexOf(QString::fromStdString(open)) < 0);
}
