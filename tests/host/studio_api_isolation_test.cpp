// The studio API's walls and hostile JSON against a real proofdesk-host: one photographer never
// reaches another's events, photos, renditions, orders or shares on any route (always 404, the
// same as for something that does not exist); SQL metacharacters in every text field come back
// verbatim; broken JSON on every body route is a 400.
#include <catch2/catch.hpp>

#include "api_fixture.h"
#include "test_support.h"

using namespace pd::test;

TEST_CASE("one photographer never reaches another's photos, renditions, orders or shares", "[host][api]") {
    ApiSite site;
    const std::string event = site.createEvent(site.ann);
    const QJsonObject photo = site.publishPhoto(site.ann, event, QStringLiteral("1041"), 1);
    const std::string proof = photo["renditions"]["proof"].toString().toStdString();
    const pd::host::HostOrder order = site.placeOrder(event, QStringLiteral("1041"), QStringLiteral("Kim Doe"));
    const RawResponse share =
        site.call("POST", "/api/v1/events/" + event + "/shares", site.ann, R"({"name": "Press"})");
    REQUIRE(share.status == 201);
    const std::string shareId = share.json()["id"].toString().toStdString();
    REQUIRE(site.store()
                .setFavourite(QString::fromStdString(event), QStringLiteral("kim@example.com"), QStringLiteral("1041"),
                              true)
                .ok());

    const std::string e = "/api/v1/events/" + event;
    const std::string o = "/api/v1/orders/" + order.id.toStdString();
    const QJsonObject photoBody{{"renditions", QJsonObject{{"proof", QString::fromStdString(proof)}}}};
    struct Probe {
        std::string method, target, body;
    };
    const std::vector<Probe> probes = {
        {"GET", e, {}},
        {"PUT", e, R"({"name": "taken over"})"},
        {"GET", e + "/photos", {}},
        {"GET", e + "/photos/1041", {}},
        {"PUT", e + "/photos/1041", toJson(photoBody)},
        {"PUT", e + "/photos/2000", R"({})"},
        {"DELETE", e + "/photos/1041", {}},
        {"POST", e + "/manifest", R"({"photos": []})"},
        {"GET", e + "/favourites", {}},
        {"GET", e + "/shares", {}},
        {"POST", e + "/shares", R"({"name": "Bob's"})"},
        {"GET", "/api/v1/renditions/" + proof, {}},
        {"GET", o, {}},
        {"PUT", o + "/status", R"({"status": "cancelled"})"},
        {"DELETE", "/api/v1/shares/" + shareId, {}},
        {"DELETE", e, {}},
    };
    for (const Probe& p : probes) {
        const RawResponse r = site.call(p.method, p.target, site.bob, p.body);
        INFO(p.method << " " << p.target << ": " << r.body);
        CHECK(r.status == 404);
        CHECK(r.body.find("1041") == std::string::npos);
        CHECK(r.body.find("Smith") == std::string::npos);
    }

    // Bob's feed, acknowledgement and event list see nothing of Ann's.
    CHECK(site.call("GET", "/api/v1/orders/feed", site.bob).json()["orders"].toArray().isEmpty());
    CHECK(site.call("POST", "/api/v1/orders/ack", site.bob, QJsonObject{{"ids", QJsonArray{order.id}}})
              .json()["acknowledged"]
              .toInt() == 0);
    CHECK(site.call("GET", "/api/v1/events", site.bob).json()["events"].toArray().isEmpty());
    // Bob's manifest of the same bytes is told to upload them: he holds none of Ann's renditions.
    const std::string bobEvent = site.createEvent(site.bob, QStringLiteral("Bob's"));
    const RawResponse manifest = site.call(
        "POST", "/api/v1/events/" + bobEvent + "/manifest", site.bob,
        QJsonObject{{"photos",
                     QJsonArray{QJsonObject{{"id", "1"},
                                            {"renditions", QJsonObject{{"proof", QString::fromStdString(proof)}}}}}}});
    CHECK(manifest.json()["missing"].toArray() == QJsonArray{QString::fromStdString(proof)});
    CHECK(site.call("PUT", "/api/v1/events/" + bobEvent + "/photos/1", site.bob, photoBody).status == 409);

    // Ann's things are all still there, unchanged.
    CHECK(site.call("GET", e, site.ann).json()["name"].toString() == "Smith wedding");
    CHECK(site.call("GET", e + "/photos/1041", site.ann).json() == QJsonDocument(photo));
    CHECK(site.call("GET", "/api/v1/renditions/" + proof, site.ann).status == 200);
    CHECK(site.call("GET", o, site.ann).json()["status"].toString() == "placed");
    CHECK(site.call("GET", e + "/favourites", site.ann).json()["favourites"].toArray().size() == 1);
    const QJsonArray shares = site.call("GET", e + "/shares", site.ann).json()["shares"].toArray();
    REQUIRE(shares.size() == 1);
    CHECK(shares[0]["revoked_at"].isNull());
    CHECK(site.call("GET", "/api/v1/orders/feed", site.ann).json()["orders"].toArray().size() == 1);
}

TEST_CASE("SQL metacharacters in every photo, share and event field come back verbatim", "[host][api]") {
    ApiSite site;
    const QString nasty =
        QStringLiteral("Robert'); DROP TABLE photos; -- \" ` \\ % _ ; /* */ ?1 :name $1 \u00e9\u4e2d");
    const std::string event = newUuid();
    RawResponse r = site.call("PUT", "/api/v1/events/" + event, site.ann,
                              QJsonObject{{"name", nasty}, {"categories", QJsonArray{nasty}}, {"slug", "x-1"}});
    INFO(r.body);
    REQUIRE(r.status == 201);
    const QByteArray proof = makeJpeg(200, 100, 5);
    REQUIRE(site.putRendition(site.ann, proof).status == 201);
    const QJsonObject photo{{"category", nasty},
                            {"filename", nasty + ".jpg"},
                            {"caption", nasty + "\nline two"},
                            {"captured_at", "2026-06-01T14:03:22"},
                            {"renditions", QJsonObject{{"proof", sha256Of(proof)}}}};
    r = site.call("PUT", "/api/v1/events/" + event + "/photos/p-1", site.ann, photo);
    INFO(r.body);
    REQUIRE(r.status == 201);
    const QJsonObject back = site.call("GET", "/api/v1/events/" + event + "/photos/p-1", site.ann).json().object();
    CHECK(back["category"].toString() == nasty);
    CHECK(back["filename"].toString() == nasty + ".jpg");
    CHECK(back["caption"].toString() == nasty + "\nline two");
    CHECK(back["captured_at"].toString() == "2026-06-01T14:03:22");

    r = site.call("POST", "/api/v1/events/" + event + "/shares", site.ann,
                  QJsonObject{{"name", nasty}, {"photos", QJsonArray{"p-1"}}});
    REQUIRE(r.status == 201);
    const QJsonArray shares =
        site.call("GET", "/api/v1/events/" + event + "/shares", site.ann).json()["shares"].toArray();
    REQUIRE(shares.size() == 1);
    CHECK(shares[0]["name"].toString() == nasty);

    // Ids and hashes with metacharacters never reach the store: they are refused at the door.
    CHECK(site.call("PUT", "/api/v1/events/" + event + "/photos/1'%20OR%20'1'='1", site.ann, photo).status == 400);
    CHECK(site.call("GET", "/api/v1/renditions/'%3B%20DROP%20TABLE%20blobs", site.ann).status == 404);
    CHECK(site.call("POST", "/api/v1/events/" + event + "/shares", site.ann,
                    QJsonObject{{"name", "x"}, {"photos", QJsonArray{"1'; --"}}})
              .status == 400);

    CHECK(site.call("GET", "/api/v1/events/" + event + "/photos", site.ann).json()["photos"].toArray().size() == 1);
    site.server.reset();
    const HostResult check = runHost({QStringLiteral("check"), QStringLiteral("--data"), site.dir.path()});
    CHECK(check.outText() == "ok");
}

TEST_CASE("broken JSON on every body route is a 400 that names the problem", "[host][api]") {
    ApiSite site;
    const std::string event = site.createEvent(site.ann);
    const std::vector<std::pair<std::string, std::string>> routes = {
        {"PUT", "/api/v1/events/" + event + "/photos/1"},   {"POST", "/api/v1/events/" + event + "/manifest"},
        {"POST", "/api/v1/events/" + event + "/shares"},    {"POST", "/api/v1/orders/ack"},
        {"PUT", "/api/v1/orders/" + newUuid() + "/status"},
    };
    for (const auto& [method, target] : routes) {
        for (const std::string& body : {std::string(R"({"name": "x",)"), std::string("[1, 2]"), std::string(""),
                                       std::string(100000, '['), std::string("\xff\xfe{}")}) {
            const RawResponse r = site.call(method, target, site.ann, body);
            INFO(method << " " << target << " with " << body.substr(0, 20) << ": " << r.body);
            CHECK(r.status == 400);
            CHECK(!r.errorMessage().empty());
        }
    }
    const RawResponse wrongType =
        site.call("PUT", "/api/v1/events/" + event + "/photos/1", site.ann, R"({"position": "first"})");
    CHECK(wrongType.status == 400);
    CHECK_THAT(wrongType.errorMessage(), Catch::Contains("position"));
    const RawResponse badHash =
        site.call("PUT", "/api/v1/events/" + event + "/photos/1", site.ann, R"({"renditions": {"thumb": "zz"}})");
    CHECK(badHash.status == 400);
    CHECK_THAT(badHash.errorMessage(), Catch::Contains("renditions.thumb"));
    CHECK(site.call("GET", "/healthz", {}).status == 200);
}

TEST_CASE("an event's gallery address and share size go up and come back", "[host][api]") {
    ApiSite site;
    const std::string id = newUuid();
    RawResponse r = site.call("PUT", "/api/v1/events/" + id, site.ann,
                              R"({"name": "Smith wedding", "slug": "smith-2026", "gallery": {"share_size": 3000}})");
    INFO(r.body);
    REQUIRE(r.status == 201);
    CHECK(r.json()["slug"].toString() == "smith-2026");
    CHECK(r.json()["gallery_url"].toString() == "/g/smith-2026");
    CHECK(r.json()["gallery"]["share_size"].toInt() == 3000);

    // Without a slug, the stored one stays; with none ever given, the host makes one.
    r = site.call("PUT", "/api/v1/events/" + id, site.ann, R"json({"name": "Smith wedding (edited)"})json");
    CHECK(r.json()["slug"].toString() == "smith-2026");
    const std::string other = newUuid();
    r = site.call("PUT", "/api/v1/events/" + other, site.ann, R"({"name": "School photos"})");
    REQUIRE(r.status == 201);
    const QString made = r.json()["slug"].toString();
    CHECK(!made.isEmpty());
    CHECK(r.json()["gallery_url"].toString() == "/g/" + made);

    // Taken by another event, even another photographer's: 409. Malformed: 400.
    r = site.call("PUT", "/api/v1/events/" + newUuid(), site.bob, R"({"name": "Mine", "slug": "smith-2026"})");
    CHECK(r.status == 409);
    CHECK_THAT(r.errorMessage(), Catch::Contains("smith-2026"));
    for (const char* slug : {"Smith", "a--b", "-a", "a b", "../x", "x/y"}) {
        r = site.call("PUT", "/api/v1/events/" + other, site.ann,
                      toJson(QJsonObject{{"name", "x"}, {"slug", QString::fromLatin1(slug)}}));
        INFO(slug);
        CHECK(r.status == 400);
    }
    CHECK(site.call("PUT", "/api/v1/events/" + other, site.ann, R"({"name": "x", "gallery": {"share_size": -5}})")
              .status == 400);
}
