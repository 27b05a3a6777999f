// Two proofdesk-host processes on one PostgreSQL database serve the same galleries and orders:
// a customer's session cookie from one works on the other (both sign with the site secret the
// database holds), and favourites, orders and their status are the same seen from either host.
#include <catch2/catch.hpp>

#include "gallery_fixture.h"
#include "pg_cluster.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

using namespace pd::test;

namespace {

std::string cookieHeader(const std::string& cookie) {
    return "Cookie: " + cookie + "\r\n";
}

RawResponse postJson(GalleryHost& host, const std::string& target, const std::string& cookie, const std::string& csrf,
                     const QJsonObject& body) {
    return httpCall(host.port(), "POST", target,
                    cookieHeader(cookie) + "Content-Type: application/json\r\nX-CSRF-Token: " + csrf + "\r\n",
                    QJsonDocument(body).toJson().toStdString());
}

QJsonObject galleryJson(GalleryHost& host, const std::string& slug, const std::string& cookie) {
    const RawResponse r = httpCall(host.port(), "GET", "/g/" + slug + "/api/gallery", cookieHeader(cookie));
    INFO(r.body.substr(0, 300));
    REQUIRE(r.status == 200);
    return r.json().object();
}

} // namespace

TEST_CASE("two hosts on one PostgreSQL database serve the same galleries and favourites and orders",
          "[host][gallery][postgres]") {
    const QString uri = PgCluster::shared().createDatabase();
    const QStringList db{QStringLiteral("--db"), uri};
    const std::string token = addPhotographerTo(db, QStringLiteral("Ann")).toStdString();
    GalleryHost a(db, token);
    GalleryHost b(db, token);

    // Published through A.
    QJsonObject event = weddingEvent();
    event.insert("delivery", QJsonObject{{"studio_pickup", true}, {"shipping", true}, {"shipping_cents", 450}});
    const auto [eventId, slug] = a.putEvent(event);
    const PublishedPhoto photo = a.putPhoto(eventId, "1001", QStringLiteral("Ceremony"));

    // Logged in on B; the cookie works on A, whose JSON and images are the same.
    const std::string cookie = b.login(slug, "rings2026", "kim@example.com");
    const QJsonObject onA = galleryJson(a, slug, cookie);
    CHECK(onA.value("email") == "kim@example.com");
    REQUIRE(onA.value("photos").toArray().size() == 1);
    CHECK(onA.value("photos")[0]["id"] == "1001");
    CHECK(onA.value("event")["delivery"]["shipping_cents"].toInteger() == 450);
    const std::string proofUrl = onA.value("photos")[0]["proof"].toString().toStdString();
    REQUIRE(!proofUrl.empty());
    const RawResponse image = httpCall(a.port(), "GET", proofUrl, cookieHeader(cookie));
    REQUIRE(image.status == 200);
    CHECK(image.header("content-type") == "image/jpeg");
    CHECK(image.body == photo.proof.toStdString());
    const QJsonObject onB = galleryJson(b, slug, cookie);
    CHECK(onB.value("photos") == onA.value("photos"));
    CHECK(onB.value("csrf") == onA.value("csrf")); // the same secret signs both
    const std::string csrf = onA.value("csrf").toString().toStdString();

    // A favourite marked on A is one on B.
    CHECK(galleryJson(b, slug, cookie).value("favourites").toArray().isEmpty());
    const RawResponse fav = postJson(a, "/g/" + slug + "/api/favourites", cookie, csrf,
                                     QJsonObject{{"photo_id", "1001"}, {"favourite", true}});
    INFO(fav.body);
    REQUIRE(fav.status / 100 == 2);
    CHECK(galleryJson(b, slug, cookie).value("favourites").toArray() == QJsonArray{"1001"});

    // A studio long poll on A wakes for the order placed on B, which A's feed then has exactly once.
    RawConnection poll(a.port());
    REQUIRE(poll.send(httpRequest("GET", "/api/v1/orders/feed?wait=60", token)));
    for (int i = 0; i < 250 && !serverHasReadAll(a.server->pid(), a.port(), poll.localPort()); ++i) QThread::msleep(20);
    const QJsonObject order{
        {"customer", QJsonObject{{"name", "Kim Doe"}, {"email", "kim@example.com"}, {"phone", "+44 20 7946 0000"}}},
        {"delivery", "ship"},
        {"address", "1 High St\nLondon"},
        {"items", QJsonArray{QJsonObject{{"photo_id", "1001"},
                                         {"product_id", 0},
                                         {"quantity", 2},
                                         {"crop", QJsonObject{{"x", 0}, {"y", 0}, {"w", 1}, {"h", 1}}}}}}};
    const RawResponse placed = postJson(b, "/g/" + slug + "/api/orders", cookie, csrf, order);
    INFO(placed.body);
    REQUIRE(placed.status == 201);
    const QString orderId = placed.json().object().value("id").toString();
    CHECK(placed.json().object().value("total_cents").toInteger() == 2 * 500 + 450);

    const RawResponse woke = poll.readResponse(30000);
    INFO(woke.body);
    REQUIRE(woke.status == 200);
    const QJsonArray first = woke.json()["orders"].toArray();
    REQUIRE(first.size() == 1);
    CHECK(first[0]["id"].toString() == orderId);
    CHECK(first[0]["total_cents"].toInteger() == 1450);
    CHECK(first[0]["delivery"] == "ship");
    const qint64 cursor = woke.json()["cursor"].toInteger();
    // Following the feed from its cursor brings nothing more; from the start, the one order.
    const RawResponse next = roundTrip(a.port(), "GET", "/api/v1/orders/feed?after=" + std::to_string(cursor), token);
    CHECK(next.json()["orders"].toArray().isEmpty());
    const QJsonArray all = roundTrip(a.port(), "GET", "/api/v1/orders/feed", token).json()["orders"].toArray();
    REQUIRE(all.size() == 1);
    CHECK(all[0]["id"].toString() == orderId);
    REQUIRE(roundTrip(a.port(), "POST", "/api/v1/orders/ack", token,
                      QJsonDocument(QJsonObject{{"ids", QJsonArray{orderId}}}).toJson().toStdString())
                .json()["acknowledged"]
                .toInt() == 1);
    CHECK(roundTrip(b.port(), "GET", "/api/v1/orders/feed", token).json()["orders"].toArray().isEmpty());

    // Its status set on A shows on B's order page.
    const std::string page = "/g/" + slug + "/orders/" + orderId.toStdString();
    CHECK_THAT(httpCall(b.port(), "GET", page, cookieHeader(cookie)).body,
               Catch::Contains("<dd id=\"order-status\">Placed</dd>"));
    REQUIRE(roundTrip(a.port(), "PUT", "/api/v1/orders/" + orderId.toStdString() + "/status", token,
                      R"({"status":"sent_to_lab"})")
                .status == 200);
    const RawResponse later = httpCall(b.port(), "GET", page, cookieHeader(cookie));
    REQUIRE(later.status == 200);
    CHECK_THAT(later.body, Catch::Contains("<dd id=\"order-status\">Sent to the lab</dd>"));
}
