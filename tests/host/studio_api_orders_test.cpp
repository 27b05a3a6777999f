// The studio API's order feed and shares against a real proofdesk-host: orders placed by
// customers come through the feed with their crops, stay until acknowledged, follow a cursor,
// wake a waiting long poll; shares are made with a token shown once and revoked.
#include <catch2/catch.hpp>

#include "api_fixture.h"
#include "test_support.h"

#include <QThread>

#include <future>

using namespace pd::test;

namespace {

QStringList ids(const QJsonArray& orders) {
    QStringList out;
    for (const QJsonValue& o : orders) out << o["id"].toString();
    return out;
}

} // namespace

TEST_CASE("orders come through the feed with their crops until the studio acknowledges them", "[host][api]") {
    ApiSite site;
    const std::string event = site.createEvent(site.ann);
    site.publishPhoto(site.ann, event, QStringLiteral("1041"), 1);
    RawResponse r = site.call("GET", "/api/v1/orders/feed", site.ann);
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json()["orders"].toArray().isEmpty());
    CHECK(r.json()["cursor"].toInteger() == 0);

    const pd::host::HostOrder first =
        site.placeOrder(event, QStringLiteral("1041"), QStringLiteral("Kim Doe"), {0.05, 0.0, 0.9, 1.0});
    const pd::host::HostOrder second = site.placeOrder(event, QStringLiteral("1041"), QStringLiteral("Lee Roe"));

    r = site.call("GET", "/api/v1/orders/feed", site.ann);
    const QJsonArray all = r.json()["orders"].toArray();
    REQUIRE(all.size() == 2);
    CHECK(ids(all) == QStringList{first.id, second.id});
    const QJsonObject o = all[0].toObject();
    CHECK(o["event_id"].toString().toStdString() == event);
    CHECK(o["status"].toString() == "placed");
    CHECK(o["customer"]["name"].toString() == "Kim Doe");
    CHECK(o["customer"]["email"].toString() == "kimdoe@example.com");
    CHECK(o["total_cents"].toInteger() == 1500);
    CHECK(o["currency"].toString() == "EUR");
    const QJsonObject item = o["items"][0].toObject();
    CHECK(item["photo_id"].toString() == "1041");
    CHECK(item["size"].toString() == "5x7");
    CHECK(item["quantity"].toInt() == 2);
    CHECK(item["unit_cents"].toInteger() == 750);
    CHECK(item["crop"]["x"].toDouble() == Approx(0.05));
    CHECK(item["crop"]["w"].toDouble() == Approx(0.9));
    CHECK(item["crop"]["h"].toDouble() == Approx(1.0));
    CHECK(r.json()["cursor"].toInteger() == second.seq);

    // The cursor and the limit page through the feed.
    r = site.call("GET", "/api/v1/orders/feed?limit=1", site.ann);
    CHECK(ids(r.json()["orders"].toArray()) == QStringList{first.id});
    CHECK(r.json()["cursor"].toInteger() == first.seq);
    r = site.call("GET", "/api/v1/orders/feed?after=" + std::to_string(first.seq), site.ann);
    CHECK(ids(r.json()["orders"].toArray()) == QStringList{second.id});
    r = site.call("GET", "/api/v1/orders/feed?after=" + std::to_string(second.seq), site.ann);
    CHECK(r.json()["orders"].toArray().isEmpty());
    CHECK(r.json()["cursor"].toInteger() == second.seq);
    CHECK(site.call("GET", "/api/v1/orders/feed?after=-1", site.ann).status == 400);
    CHECK(site.call("GET", "/api/v1/orders/feed?limit=0", site.ann).status == 400);
    CHECK(site.call("GET", "/api/v1/orders/feed?wait=soon", site.ann).status == 400);

    // Acknowledged orders leave the feed; unknown and repeated ids are not counted.
    r = site.call("POST", "/api/v1/orders/ack", site.ann,
                  QJsonObject{{"ids", QJsonArray{first.id, first.id, QString::fromStdString(newUuid())}}});
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json()["acknowledged"].toInt() == 1);
    CHECK(site.call("POST", "/api/v1/orders/ack", site.ann, QJsonObject{{"ids", QJsonArray{first.id}}})
              .json()["acknowledged"]
              .toInt() == 0);
    CHECK(ids(site.call("GET", "/api/v1/orders/feed", site.ann).json()["orders"].toArray()) == QStringList{second.id});
    CHECK(site.call("POST", "/api/v1/orders/ack", site.ann, R"({"ids": ["not-an-id"]})").status == 400);
    CHECK(site.call("POST", "/api/v1/orders/ack", site.ann, R"({"ids": "x"})").status == 400);

    // Still readable by id, and its status can move on.
    r = site.call("GET", "/api/v1/orders/" + first.id.toStdString(), site.ann);
    REQUIRE(r.status == 200);
    CHECK(r.json()["acknowledged"].toBool());
    r = site.call("PUT", "/api/v1/orders/" + first.id.toStdString() + "/status", site.ann,
                  R"({"status": "sent_to_lab"})");
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json()["status"].toString() == "sent_to_lab");
    CHECK(r.json()["seq"].toInteger() > second.seq);
    CHECK(site.call("GET", "/api/v1/orders/" + first.id.toStdString(), site.ann).json()["status"].toString() ==
          "sent_to_lab");
    const auto stored = site.store().order(first.photographerId, first.id);
    REQUIRE(stored.ok());
    REQUIRE(stored.value());
    CHECK(stored.value()->status == "sent_to_lab");
    r = site.call("PUT", "/api/v1/orders/" + first.id.toStdString() + "/status", site.ann, R"({"status": "lost"})");
    CHECK(r.status == 400);
    CHECK_THAT(r.errorMessage(), Catch::Contains("sent_to_lab"));
    CHECK(site.call("GET", "/api/v1/orders/" + newUuid(), site.ann).status == 404);
    CHECK(site.call("PUT", "/api/v1/orders/" + newUuid() + "/status", site.ann, R"({"status": "ready"})").status ==
          404);
}

TEST_CASE("a long poll on the feed answers when an order is placed during the wait", "[host][api]") {
    ApiSite site;
    const std::string event = site.createEvent(site.ann);
    site.publishPhoto(site.ann, event, QStringLiteral("7"), 7);

    // Nothing comes: after the wait, an empty list with the cursor unchanged.
    RawResponse r = site.call("GET", "/api/v1/orders/feed?after=0&wait=1", site.ann);
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json()["orders"].toArray().isEmpty());
    CHECK(r.json()["cursor"].toInteger() == 0);

    // An order placed while the request waits: it comes back with that order. The request is on
    // the wire (the server has read all of it) before the order is placed.
    RawConnection c(site.server->port());
    REQUIRE(c.send(httpRequest("GET", "/api/v1/orders/feed?wait=60", site.ann)));
    REQUIRE(c.localPort() != 0);
    for (int i = 0; i < 250 && !serverHasReadAll(site.server->pid(), site.server->port(), c.localPort()); ++i)
        QThread::msleep(20);
    QThread::msleep(300); // a poll or two with nothing there
    // Meanwhile the server answers others.
    CHECK(site.call("GET", "/healthz", {}).status == 200);
    const pd::host::HostOrder placed = site.placeOrder(event, QStringLiteral("7"), QStringLiteral("Kim Doe"));
    const RawResponse woke = c.readResponse(30000);
    INFO(woke.body);
    REQUIRE(woke.status == 200);
    CHECK(ids(woke.json()["orders"].toArray()) == QStringList{placed.id});
    CHECK(woke.json()["cursor"].toInteger() == placed.seq);

    // Bob's long poll does not wake for Ann's order.
    r = site.call("GET", "/api/v1/orders/feed?wait=1", site.bob);
    CHECK(r.status == 200);
    CHECK(r.json()["orders"].toArray().isEmpty());
}

TEST_CASE("shares are made with a token shown once, listed without it, and revoked", "[host][api]") {
    ApiSite site;
    const std::string event = site.createEvent(site.ann);
    site.publishPhoto(site.ann, event, QStringLiteral("1"), 1);
    site.publishPhoto(site.ann, event, QStringLiteral("2"), 2);
    const std::string path = "/api/v1/events/" + event + "/shares";

    RawResponse r = site.call("POST", path, site.ann,
                              QJsonObject{{"name", "Daily Courier"},
                                          {"photos", QJsonArray{"2"}},
                                          {"max_px", 1000},
                                          {"expires", "2099-12-31"},
                                          {"max_retrievals", 5}});
    INFO(r.body);
    REQUIRE(r.status == 201);
    const QJsonObject share = r.json().object();
    const QString token = share["token"].toString();
    CHECK(token.size() == 43); // 32 bytes, base64url without padding
    CHECK(!token.contains(QLatin1Char('=')));
    CHECK(!token.contains(QLatin1Char('+')));
    CHECK(!token.contains(QLatin1Char('/')));
    CHECK(share["url"].toString() == "/s/" + token + "/");
    CHECK(share["iiif_base"].toString() == "/s/" + token + "/iiif/3/");
    CHECK(share["photos"].toArray() == QJsonArray{"2"});
    CHECK(share["max_px"].toInt() == 1000);
    CHECK(share["expires"].toString() == "2099-12-31");
    CHECK(share["max_retrievals"].toInt() == 5);
    CHECK(share["retrievals"].toInt() == 0);

    // Only the token's hash is stored, and it finds the share.
    const auto found = site.store().shareByTokenHash(sha256Of(token.toUtf8()));
    REQUIRE(found.ok());
    REQUIRE(found.value());
    CHECK(found.value()->id == share["id"].toString());
    CHECK(found.value()->tokenHash != token);

    r = site.call("POST", path, site.ann, QJsonObject{{"name", "Venue"}});
    REQUIRE(r.status == 201);
    CHECK(r.json()["photos"].toArray().isEmpty());
    CHECK(r.json()["token"].toString() != token);

    r = site.call("GET", path, site.ann);
    REQUIRE(r.status == 200);
    const QJsonArray listed = r.json()["shares"].toArray();
    CHECK(listed.size() == 2);
    CHECK(r.body.find(token.toStdString()) == std::string::npos);
    for (const QJsonValue& s : listed) {
        CHECK(!s.toObject().contains("token"));
        CHECK(s["revoked_at"].isNull());
    }

    // Bad requests: a photo that is not in the event, no name, a wrong date.
    r = site.call("POST", path, site.ann, QJsonObject{{"name", "x"}, {"photos", QJsonArray{"3"}}});
    CHECK(r.status == 422);
    CHECK_THAT(r.errorMessage(), Catch::Contains("\"3\""));
    CHECK(site.call("POST", path, site.ann, R"({"photos": []})").status == 400);
    CHECK(site.call("POST", path, site.ann, R"({"name": "x", "expires": "tomorrow"})").status == 400);
    CHECK(site.call("POST", path, site.ann, R"({"name": "x", "max_px": -1})").status == 400);
    CHECK(site.call("POST", "/api/v1/events/" + newUuid() + "/shares", site.ann, R"({"name": "x"})").status == 404);

    const std::string sharePath = "/api/v1/shares/" + share["id"].toString().toStdString();
    CHECK(site.call("DELETE", sharePath, site.ann).status == 204);
    r = site.call("GET", path, site.ann);
    int revoked = 0;
    for (const QJsonValue& s : r.json()["shares"].toArray())
        if (!s["revoked_at"].isNull()) ++revoked;
    CHECK(revoked == 1);
    CHECK(site.call("DELETE", "/api/v1/shares/" + newUuid(), site.ann).status == 404);
    CHECK(site.call("DELETE", "/api/v1/shares/nope", site.ann).status == 404);
}
