// The studio API on PostgreSQL with two proofdesk-host processes sharing one database: what the
// studio publishes through one is served by the other, and a long poll on one wakes for an order
// stored by another process.
#include <catch2/catch.hpp>

#include "api_fixture.h"
#include "pg_cluster.h"
#include "test_support.h"

#include "pd/host/postgres_host_store.h"

#include <QThread>

using namespace pd::test;

TEST_CASE("two hosts on one PostgreSQL database share renditions, photos, the feed and its long poll",
          "[host][api][postgres]") {
    const QString uri = PgCluster::shared().createDatabase();
    const QStringList db{QStringLiteral("--db"), uri};
    QTemporaryDir logsA, logsB;
    HostServer a(logsA.path(), db);
    HostServer b(logsB.path(), db);
    const std::string ann = addPhotographerTo(db, QStringLiteral("Ann")).toStdString();
    const std::string bob = addPhotographerTo(db, QStringLiteral("Bob")).toStdString();

    const std::string event = newUuid();
    const std::string e = "/api/v1/events/" + event;
    REQUIRE(roundTrip(a.port(), "PUT", e, ann, R"({"name": "Smith wedding", "categories": ["Ceremony"]})").status ==
            201);

    // Renditions go up through A; B knows them, idempotently.
    const QByteArray proof = makeJpeg(480, 320, 3), thumb = makeJpeg(120, 80, 3), zoom = makeJp2(600, 400, 3);
    const QString proofSha = sha256Of(proof), thumbSha = sha256Of(thumb), zoomSha = sha256Of(zoom);
    CHECK(putBytesTo(a.port(), "/api/v1/renditions/" + proofSha.toStdString(), ann, proof, "image/jpeg").status == 201);
    CHECK(putBytesTo(b.port(), "/api/v1/renditions/" + proofSha.toStdString(), ann, proof, "image/jpeg").status == 200);
    CHECK(putBytesTo(b.port(), "/api/v1/renditions/" + zoomSha.toStdString(), ann, zoom, "image/jp2").status == 201);
    const QJsonObject manifest{
        {"photos", QJsonArray{QJsonObject{
                       {"id", "1041"},
                       {"renditions", QJsonObject{{"proof", proofSha}, {"thumb", thumbSha}, {"zoom", zoomSha}}}}}}};
    RawResponse r = roundTrip(b.port(), "POST", e + "/manifest", ann, toJson(manifest));
    INFO(r.body);
    CHECK(r.json()["missing"].toArray() == QJsonArray{thumbSha});
    CHECK(roundTrip(a.port(), "PUT", e + "/photos/1041", ann,
                    toJson(QJsonObject{{"category", "Ceremony"}, {"renditions", manifest["photos"][0]["renditions"]}}))
              .status == 409);
    CHECK(putBytesTo(a.port(), "/api/v1/renditions/" + thumbSha.toStdString(), ann, thumb, "image/jpeg").status == 201);
    r = roundTrip(a.port(), "PUT", e + "/photos/1041", ann,
                  toJson(QJsonObject{{"category", "Ceremony"}, {"renditions", manifest["photos"][0]["renditions"]}}));
    INFO(r.body);
    REQUIRE(r.status == 201);
    CHECK(r.json()["proof_width"].toInt() == 480);
    r = roundTrip(b.port(), "POST", e + "/manifest", ann, toJson(manifest));
    CHECK(r.json()["missing"].toArray().isEmpty());
    CHECK(r.json()["new_photos"].toArray().isEmpty());
    CHECK(roundTrip(b.port(), "GET", e + "/photos/1041", bob).status == 404);

    // A long poll on B wakes for an order another process stores.
    RawConnection c(b.port());
    REQUIRE(c.send(httpRequest("GET", "/api/v1/orders/feed?wait=60", ann)));
    for (int i = 0; i < 250 && !serverHasReadAll(b.pid(), b.port(), c.localPort()); ++i) QThread::msleep(20);
    QThread::msleep(300);
    auto store = pd::host::PostgresHostStore::open(uri);
    REQUIRE(store.ok());
    pd::host::HostOrder order;
    order.eventId = QString::fromStdString(event);
    order.customerName = QStringLiteral("Kim Doe");
    order.email = QStringLiteral("kim@example.com");
    order.phone = QStringLiteral("555");
    order.delivery = QStringLiteral("pickup");
    order.currency = QStringLiteral("EUR");
    order.items.push_back(pd::host::OrderItem{QStringLiteral("1041"), QStringLiteral("Print"), QStringLiteral("4x6"),
                                              QStringLiteral("gloss"), 1, 500, pd::host::CropRect{0.1, 0, 0.8, 1}});
    order.totalCents = 500;
    auto placed = store.value()->placeOrder(order);
    REQUIRE(placed.ok());
    const RawResponse woke = c.readResponse(30000);
    INFO(woke.body);
    REQUIRE(woke.status == 200);
    REQUIRE(woke.json()["orders"].toArray().size() == 1);
    CHECK(woke.json()["orders"][0]["id"].toString() == placed->id);
    CHECK(woke.json()["orders"][0]["items"][0]["crop"]["x"].toDouble() == Approx(0.1));

    // Acknowledged through A, gone from B's feed; Bob's feed never had it.
    CHECK(roundTrip(a.port(), "POST", "/api/v1/orders/ack", ann, toJson(QJsonObject{{"ids", QJsonArray{placed->id}}}))
              .json()["acknowledged"]
              .toInt() == 1);
    CHECK(roundTrip(b.port(), "GET", "/api/v1/orders/feed", ann).json()["orders"].toArray().isEmpty());
    CHECK(roundTrip(b.port(), "GET", "/api/v1/orders/feed", bob).json()["orders"].toArray().isEmpty());
    CHECK(roundTrip(b.port(), "GET", "/api/v1/orders/" + placed->id.toStdString(), bob).status == 404);
    CHECK(roundTrip(b.port(), "PUT", "/api/v1/orders/" + placed->id.toStdString() + "/status", ann,
                    R"({"status": "completed"})")
              .json()["status"]
              .toString() == "completed");
}
