// The studio API against a real proofdesk-host process: authentication, one photographer never
// reaching another's events, the event round trip, and hostile JSON.
#include <catch2/catch.hpp>

#include "host_process.h"
#include "raw_http.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUuid>

using namespace pd::test;

namespace {

std::string newEventPath() {
    return "/api/v1/events/" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

constexpr const char* kWedding = R"({
  "name": "Smith wedding", "date": "2026-06-01", "description": "St Mary's, then the barn",
  "categories": ["Ceremony", "Party"],
  "price_sheet": {"currency": "EUR", "products": [{"name": "Print", "size": "4x6", "finish": "gloss", "price_cents": 500}]},
  "gallery": {"access_code": "rings2026", "expires": "2026-12-31", "proof_size": 1600}
})";

struct Site {
    QTemporaryDir dir;
    std::string ann, bob;
    std::unique_ptr<HostServer> server;
    Site() {
        REQUIRE(dir.isValid());
        ann = addPhotographer(dir.path(), QStringLiteral("Ann")).toStdString();
        bob = addPhotographer(dir.path(), QStringLiteral("Bob")).toStdString();
        server = std::make_unique<HostServer>(dir.path());
    }
    RawResponse call(std::string_view method, std::string_view target, std::string_view token,
                     std::string_view body = {}) {
        return roundTrip(server->port(), method, target, token, body);
    }
};

} // namespace

TEST_CASE("the studio API needs a valid, unrevoked bearer token", "[host][api]") {
    Site site;
    const RawResponse me = site.call("GET", "/api/v1/me", site.ann);
    REQUIRE(me.status == 200);
    CHECK(me.json().object().value("name").toString() == "Ann");
    CHECK(me.headers.at("content-type") == "application/json");

    const RawResponse none = site.call("GET", "/api/v1/me", {});
    CHECK(none.status == 401);
    CHECK(none.headers.count("www-authenticate") == 1);
    CHECK_THAT(none.errorMessage(), Catch::Contains("Bearer"));
    CHECK(site.call("GET", "/api/v1/me", "not-a-token").status == 401);
    CHECK(site.call("GET", "/api/v1/events", site.ann + "x").status == 401);
    CHECK(site.call("GET", "/api/v1/me", std::string(5000, 'A')).status == 401);
    {
        RawConnection c(site.server->port());
        REQUIRE(c.send("GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + site.ann + "\r\n\r\n"));
        CHECK(c.readResponse().status == 401);
    }

    // Revoked while the server runs: the very next request is refused.
    REQUIRE(runHost({QStringLiteral("photographer"), QStringLiteral("revoke"), QStringLiteral("Ann"),
                     QStringLiteral("--data"), site.dir.path()})
                .exitCode == 0);
    const RawResponse revoked = site.call("GET", "/api/v1/me", site.ann);
    CHECK(revoked.status == 401);
    CHECK_THAT(revoked.errorMessage(), Catch::Contains("revoked"));
    CHECK(site.call("PUT", newEventPath(), site.ann, kWedding).status == 401);
    CHECK(site.call("GET", "/api/v1/me", site.bob).status == 200);
}

TEST_CASE("an event goes up, reads back, changes, lists and goes away", "[host][api]") {
    Site site;
    const std::string path = newEventPath();
    const RawResponse created = site.call("PUT", path, site.ann, kWedding);
    INFO(created.body);
    REQUIRE(created.status == 201);
    const QJsonObject e = created.json().object();
    CHECK(e.value("name").toString() == "Smith wedding");
    CHECK(e.value("date").toString() == "2026-06-01");
    CHECK(e.value("categories").toArray() == QJsonArray{"Ceremony", "Party"});
    CHECK(e.value("price_sheet").toObject().value("products").toArray().size() == 1);
    const QJsonObject gallery = e.value("gallery").toObject();
    CHECK(gallery.value("access_code_set").toBool());
    CHECK(!gallery.contains("access_code"));
    CHECK(gallery.value("expires").toString() == "2026-12-31");
    CHECK(gallery.value("proof_size").toInt() == 1600);
    CHECK(!created.body.empty());
    CHECK(created.body.find("rings2026") == std::string::npos);

    const RawResponse read = site.call("GET", path, site.ann);
    REQUIRE(read.status == 200);
    CHECK(read.json() == created.json());

    // A replace without an access code keeps it; other fields are replaced.
    const RawResponse updated =
        site.call("PUT", path, site.ann, R"({"name": "Smith & Jones", "categories": ["Party"]})");
    REQUIRE(updated.status == 200);
    CHECK(updated.json().object().value("name").toString() == "Smith & Jones");
    CHECK(updated.json().object().value("categories").toArray() == QJsonArray{"Party"});
    CHECK(updated.json().object().value("date").isNull());
    CHECK(updated.json().object().value("gallery").toObject().value("access_code_set").toBool());
    const RawResponse open =
        site.call("PUT", path, site.ann, R"({"name": "Smith & Jones", "gallery": {"access_code": null}})");
    CHECK(open.json().object().value("gallery").toObject().value("access_code_set").toBool() == false);

    REQUIRE(site.call("PUT", newEventPath(), site.ann, R"({"name": "School photos", "date": "2026-09-10"})").status ==
            201);
    const QJsonArray list = site.call("GET", "/api/v1/events", site.ann).json().object().value("events").toArray();
    REQUIRE(list.size() == 2);
    CHECK(list[0].toObject().value("name").toString() == "School photos"); // newest date first

    const RawResponse gone = site.call("DELETE", path, site.ann);
    CHECK(gone.status == 204);
    CHECK(gone.body.empty());
    CHECK(site.call("GET", path, site.ann).status == 404);
    CHECK(site.call("DELETE", path, site.ann).status == 404);
    CHECK(site.call("GET", "/api/v1/events", site.ann).json().object().value("events").toArray().size() == 1);
}

TEST_CASE("one photographer never reaches another's events", "[host][api]") {
    Site site;
    const std::string path = newEventPath();
    REQUIRE(site.call("PUT", path, site.ann, kWedding).status == 201);

    const RawResponse peek = site.call("GET", path, site.bob);
    CHECK(peek.status == 404); // not 403: Bob does not learn that it exists
    CHECK(peek.body == site.call("GET", newEventPath(), site.bob).body);
    CHECK(site.call("PUT", path, site.bob, R"({"name": "taken over"})").status == 404);
    CHECK(site.call("DELETE", path, site.bob).status == 404);
    CHECK(site.call("GET", "/api/v1/events", site.bob).json().object().value("events").toArray().isEmpty());

    const RawResponse still = site.call("GET", path, site.ann);
    REQUIRE(still.status == 200);
    CHECK(still.json().object().value("name").toString() == "Smith wedding");
}

TEST_CASE("broken JSON, wrong types and bad routes get 4xx with a JSON message", "[host][api]") {
    Site site;
    const std::string path = newEventPath();
    const auto put = [&](std::string_view body) { return site.call("PUT", path, site.ann, body); };

    RawResponse r = put(R"({"name": "Smith",)");
    CHECK(r.status == 400);
    CHECK_THAT(r.errorMessage(), Catch::Contains("not valid JSON"));
    r = put(R"({"name": ["Smith"]})");
    CHECK(r.status == 400);
    CHECK_THAT(r.errorMessage(), Catch::Contains("name must be a string"));
    r = put(R"({"name": "Smith", "price_sheet": {"products": [{"name": "Print", "price_cents": "five"}]}})");
    CHECK(r.status == 400);
    CHECK_THAT(r.errorMessage(), Catch::Contains("price_cents"));
    CHECK(put("").status == 400);
    CHECK(put(std::string(100000, '[')).status == 400); // nested too deep: refused, not a crash
    CHECK(put("\xff\xfe{\"name\": \"x\"}").status == 400);
    CHECK(site.call("GET", path, site.ann).status == 404); // nothing half-stored

    CHECK(site.call("PUT", "/api/v1/events/not-a-uuid", site.ann, R"({"name": "x"})").status == 400);
    CHECK(site.call("GET", "/api/v1/events/not-a-uuid", site.ann).status == 404);
    CHECK(site.call("GET", "/api/v1/nothing", site.ann).status == 404);
    const RawResponse post = site.call("POST", "/api/v1/events", site.ann, "{}");
    CHECK(post.status == 405);
    CHECK(post.headers.count("allow") == 1);
    CHECK(site.call("GET", "/nowhere", {}).status == 404);
    CHECK(site.call("GET", "/healthz", {}).status == 200);
}

TEST_CASE("SQL metacharacters in every field are stored verbatim", "[host][api]") {
    Site site;
    const std::string path = newEventPath();
    const QString nasty =
        QStringLiteral("Robert'); DROP TABLE events; -- \" ` \\ % _ ; /* */ ?1 :name $1 \u00e9\u4e2d");
    const QJsonObject body{{"name", nasty},
                           {"description", nasty + QStringLiteral("\nline two\ttab")},
                           {"categories", QJsonArray{nasty, QStringLiteral("' OR '1'='1")}},
                           {"price_sheet", QJsonObject{{"currency", "EUR"},
                                                       {"products", QJsonArray{QJsonObject{{"name", nasty},
                                                                                           {"size", "5x7'; --"},
                                                                                           {"finish", "\"gloss\""},
                                                                                           {"price_cents", 1}}}}}},
                           {"gallery", QJsonObject{{"access_code", nasty}}}};
    const std::string json = QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString();
    REQUIRE(site.call("PUT", path, site.ann, json).status == 201);

    const QJsonObject e = site.call("GET", path, site.ann).json().object();
    CHECK(e.value("name").toString() == nasty);
    CHECK(e.value("description").toString() == nasty + QStringLiteral("\nline two\ttab"));
    CHECK(e.value("categories").toArray() == body.value("categories").toArray());
    const QJsonObject product = e.value("price_sheet").toObject().value("products").toArray()[0].toObject();
    CHECK(product.value("name").toString() == nasty);
    CHECK(product.value("size").toString() == "5x7'; --");
    CHECK(product.value("finish").toString() == "\"gloss\"");
    // The tables are all still there and whole.
    CHECK(site.call("GET", "/api/v1/events", site.ann).json().object().value("events").toArray().size() == 1);
    CHECK(site.call("GET", "/api/v1/me", site.bob).status == 200);
    site.server.reset();
    const HostResult check = runHost({QStringLiteral("check"), QStringLiteral("--data"), site.dir.path()});
    CHECK(check.outText() == "ok");
}
