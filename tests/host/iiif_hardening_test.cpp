// The security review's IIIF findings against a real proofdesk-host: a share's size limit that
// tiny regions bypassed, shares outliving their gallery or cached publicly, visitor sessions that
// survived a change of access code, and rendering that a burst of requests could pile onto.
#include <catch2/catch.hpp>

#include "iiif_host.h"

#include "pd/core/content_hash.h"
#include "pd/core/jp2_encoder.h"
#include "pd/host/gallery_session.h"
#include "pd/host/secrets.h"
#include "pd/host/sqlite_host_store.h"

#include <QDate>
#include <QDateTime>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>
#include <vector>

using namespace pd;
using namespace pd::host;
using namespace pd::test;

namespace {

QSize imageSize(const RawResponse& r) {
    const QImage image = QImage::fromData(QByteArray::fromStdString(r.body));
    return image.isNull() ? QSize() : image.size();
}

} // namespace

TEST_CASE("a share's size limit cannot be bypassed with tiny regions", "[host][iiif][share][security]") {
    IiifHost host;
    const QString zoom = host.putZoom({4000, 3000});
    const QString event = host.putEvent(QStringLiteral("Press day")).id;
    host.putPhoto(event, QStringLiteral("p1"), zoom);
    // 1000 px on the long edge: a quarter of the resolution, so no pixel may stand for less
    // than 4x4 of the original.
    const std::string base = "/s/" + host.addShare(event, 1000, 0) + "/iiif/3/p1/";

    for (const char* tiny : {"1200,800,1,1/1,1/0/default.png", "1200,800,1,1/max/0/default.png",
                             "1200,800,1,1/!1,1/0/default.png", "1200,800,1,1/pct:100/0/default.png",
                             "1200,800,1,1/^1,/0/default.png", "1200,800,2,2/max/0/default.png",
                             "0,0,4,4/2,2/0/default.png", "1201,800,4,4/1,1/0/default.png"}) {
        INFO(tiny);
        const RawResponse r = host.get(base + tiny);
        CHECK(r.status == 400);
        CHECK(!r.errorMessage().empty());
        CHECK(r.body.find("\x89PNG") == std::string::npos);
    }
    // One pixel for a 4x4 block is what the limit allows; the whole image at 1000x750.
    const RawResponse block = host.get(base + "1200,800,4,4/1,1/0/default.png");
    CHECK(block.status == 200);
    CHECK(imageSize(block) == QSize(1, 1));
    const RawResponse all = host.get(base + "full/max/0/default.jpg");
    CHECK(all.status == 200);
    CHECK(imageSize(all) == QSize(1000, 750));

    // The tiles info.json advertises are all served at the sizes a viewer asks, edge ones too.
    const RawResponse info = host.get(base + "info.json");
    REQUIRE(info.status == 200);
    const QJsonObject tiles = info.json().object().value("tiles").toArray().at(0).toObject();
    const int tile = tiles.value("width").toInt();
    const int factor = tiles.value("scaleFactors").toArray().at(0).toInt();
    REQUIRE(tile * factor > 0);
    const int step = tile * factor;
    const int lastX = (4000 - 1) / step * step, lastY = (3000 - 1) / step * step;
    const int w = 4000 - lastX, h = 3000 - lastY;
    const std::string edge = std::to_string(lastX) + ',' + std::to_string(lastY) + ',' + std::to_string(w) + ',' +
                             std::to_string(h) + '/' + std::to_string((w + factor - 1) / factor) + ',' +
                             std::to_string((h + factor - 1) / factor) + "/0/default.jpg";
    INFO(edge);
    CHECK(host.get(base + edge).status == 200);
}

TEST_CASE("a share closes with its gallery and is never cached by shared caches", "[host][iiif][share][security]") {
    IiifHost host;
    const QString zoom = host.putZoom({800, 600});
    const QString open = host.putEvent(QStringLiteral("Open")).id;
    host.putPhoto(open, QStringLiteral("p1"), zoom);

    // No retrieval limit: private caching for a while; with one, not even the browser keeps it.
    const std::string unlimited = "/s/" + host.addShare(open, 0, 0) + "/iiif/3/p1/";
    const RawResponse free = host.get(unlimited + "full/200,/0/default.jpg");
    REQUIRE(free.status == 200);
    CHECK(free.header("cache-control") == "private, max-age=300");
    CHECK(host.get(unlimited + "info.json").header("cache-control") == "private, max-age=300");
    const std::string counted = "/s/" + host.addShare(open, 0, 5) + "/iiif/3/p1/";
    const RawResponse once = host.get(counted + "full/200,/0/default.jpg");
    REQUIRE(once.status == 200);
    CHECK(once.header("cache-control") == "private, no-store");

    // The share itself never expires, but its gallery closed yesterday: the share is closed too.
    const QString yesterday = QDate::currentDate().addDays(-1).toString(Qt::ISODate);
    const QString closed = host.putEvent(QStringLiteral("Closed"), yesterday).id;
    host.putPhoto(closed, QStringLiteral("p1"), zoom);
    const std::string token = host.addShare(closed, 0, 0);
    CHECK(host.get("/s/" + token + "/").status == 410);
    CHECK(host.get("/s/" + token + "/iiif/3/p1/info.json").status == 410);
    const RawResponse image = host.get("/s/" + token + "/iiif/3/p1/full/200,/0/default.jpg");
    CHECK(image.status == 410);
    CHECK(imageSize(image).isEmpty());
    // Its last day is still open.
    const QString today = host.putEvent(QStringLiteral("Last day"), QDate::currentDate().toString(Qt::ISODate)).id;
    host.putPhoto(today, QStringLiteral("p1"), zoom);
    CHECK(host.get("/s/" + host.addShare(today, 0, 0) + "/iiif/3/p1/info.json").status == 200);
}

TEST_CASE("a visitor's IIIF access ends when the photographer changes the access code", "[host][iiif][security]") {
    IiifHost host;
    const QString zoom = host.putZoom({800, 600});
    Result<QString> first = hashAccessCode(QStringLiteral("rings2026"));
    REQUIRE(first.ok());
    const HostEvent event = host.putEvent(QStringLiteral("Smith wedding"), {}, *first);
    host.putPhoto(event.id, QStringLiteral("p1"), zoom);

    const std::string cookie = host.cookieFor(event.id, *first);
    CHECK(host.get("/iiif/3/p1/info.json", cookie).status == 200);
    CHECK(host.get("/iiif/3/p1/full/100,/0/default.jpg", cookie).status == 200);
    // A session signed by the site but made before the gallery had this code: refused.
    CHECK(host.get("/iiif/3/p1/info.json", host.cookieFor(event.id)).status == 403);

    Result<QString> second = hashAccessCode(QStringLiteral("vows2026"));
    REQUIRE(second.ok());
    host.putEvent(event.name, {}, *second, event.id);
    const RawResponse after = host.get("/iiif/3/p1/full/100,/0/default.jpg", cookie);
    CHECK(after.status == 403);
    CHECK(imageSize(after).isEmpty());
    CHECK(host.get("/iiif/3/p1/info.json", cookie).status == 403);
    CHECK(host.get("/iiif/3/p1/info.json", host.cookieFor(event.id, *second)).status == 200);
}

TEST_CASE("a burst of IIIF renders is bounded: the overflow is told to retry, cached images still come",
          "[host][iiif][security]") {
    IiifHost host;
    const QString zoom = host.putZoom({1600, 1200});
    const QString event = host.putEvent(QStringLiteral("Smith wedding")).id;
    host.putPhoto(event, QStringLiteral("p1"), zoom);
    const std::string cookie = host.cookieFor(event);
    const std::string cachedUrl = "/iiif/3/p1/full/400,/0/default.jpg";
    const RawResponse before = host.get(cachedUrl, cookie);
    REQUIRE(before.status == 200);

    // Forty different full-size PNGs at once: more than the two renderers and their queue hold.
    std::vector<std::unique_ptr<RawConnection>> burst;
    for (int i = 0; i < 40; ++i) {
        burst.push_back(std::make_unique<RawConnection>(host.server->port()));
        const std::string target = "/iiif/3/p1/full/" + std::to_string(1600 - i) + ",/0/default.png";
        REQUIRE(burst.back()->send(httpRequest("GET", target, {}, {}, cookie + "Connection: close\r\n")));
    }
    // Rendered before: answered from the cache, whatever the queue holds.
    const RawResponse again = host.get(cachedUrl, cookie);
    CHECK(again.status == 200);
    CHECK(again.body == before.body);

    int rendered = 0, busy = 0;
    for (int i = 0; i < 40; ++i) {
        const RawResponse r = burst[size_t(i)]->readResponse(120000);
        INFO("request " << i << ": " << r.status << " " << r.errorMessage());
        if (r.status == 503) {
            ++busy;
            CHECK(r.header("retry-after") == "1");
        } else {
            REQUIRE(r.status == 200);
            CHECK(imageSize(r).width() == 1600 - i);
            ++rendered;
        }
    }
    INFO(rendered << " rendered, " << busy << " told to retry");
    CHECK(busy > 0);
    CHECK(rendered >= 2);
    // The server is still fine afterwards.
    CHECK(host.get("/iiif/3/p1/full/1600,/0/default.png", cookie).status == 200);
}
