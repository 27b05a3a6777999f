// Delivery options end to end against a real proofdesk-host: the studio publishes them with the
// event, the gallery offers what was published, and checkout charges shipping only when offered.
#include <catch2/catch.hpp>

#include "gallery_fixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace pd::test;

namespace {

const QJsonObject kFull{{"x", 0}, {"y", 0}, {"w", 1}, {"h", 1}};

// Two 4x6 prints (500 cents each) of photo 1001, delivered as `how`, to `address` when not null.
std::string order(const char* how, const QJsonValue& address = QJsonValue()) {
    QJsonObject o{{"customer", QJsonObject{{"name", "Ann Smith"}, {"email", "ann@example.com"}, {"phone", "+44 20 7946 0958"}}},
                  {"delivery", how},
                  {"items", QJsonArray{QJsonObject{{"photo_id", "1001"}, {"product_id", 0}, {"quantity", 2}, {"crop", kFull}}}}};
    if (!address.isNull()) o.insert("address", address);
    return QJsonDocument(o).toJson().toStdString();
}

struct Gallery {
    GalleryHost& host;
    std::string id, slug, cookie, csrf;

    Gallery(GalleryHost& h, const QJsonObject& event) : host(h) {
        std::tie(id, slug) = host.putEvent(event);
        host.putPhoto(id, "1001", QStringLiteral("Ceremony"));
        cookie = host.login(slug, "rings2026");
        csrf = host.csrfOf(slug, cookie);
    }
    QJsonObject galleryDelivery() const {
        const RawResponse r = httpCall(host.port(), "GET", "/g/" + slug + "/api/gallery", "Cookie: " + cookie + "\r\n");
        REQUIRE(r.status == 200);
        return r.json().object().value("event").toObject().value("delivery").toObject();
    }
    RawResponse place(const std::string& body) const {
        return httpCall(host.port(), "POST", "/g/" + slug + "/api/orders",
                        "Cookie: " + cookie + "\r\nContent-Type: application/json\r\nX-CSRF-Token: " + csrf + "\r\n",
                        body);
    }
};

QJsonObject withDelivery(const QJsonObject& delivery) {
    QJsonObject e = weddingEvent();
    e.insert("delivery", delivery);
    return e;
}

} // namespace

TEST_CASE("a gallery offers shipping the studio published and charges it at checkout", "[host][gallery][delivery]") {
    GalleryHost host;
    const QJsonObject delivery{{"studio_pickup", true}, {"shipping", true}, {"shipping_cents", 700},
                               {"pickup_note", "Front desk, Mon-Fri 9-5"}};
    Gallery g(host, withDelivery(delivery));

    // The studio API gives back what it was sent, with the same field names.
    const RawResponse stored = host.studio("GET", "/api/v1/events/" + g.id);
    REQUIRE(stored.status == 200);
    CHECK(stored.json().object().value("delivery").toObject() == delivery);

    // The customer's gallery shows shipping and its price.
    const QJsonObject shown = g.galleryDelivery();
    CHECK(shown.value("shipping") == true);
    CHECK(shown.value("shipping_cents").toInteger() == 700);
    CHECK(shown.value("pickup") == true);
    CHECK(shown.value("pickup_note") == "Front desk, Mon-Fri 9-5");

    // Shipped: two prints at 500 plus 700 shipping.
    const RawResponse shipped = g.place(order("ship", "1 High St\nLondon"));
    INFO(shipped.body);
    REQUIRE(shipped.status == 201);
    CHECK(shipped.json().object().value("total_cents").toInteger() == 1700);
    const std::string orderId = shipped.json().object().value("id").toString().toStdString();
    const RawResponse seen = host.studio("GET", "/api/v1/orders/" + orderId);
    REQUIRE(seen.status == 200);
    const QJsonObject o = seen.json().object();
    CHECK(o.value("delivery") == "ship");
    CHECK(o.value("address") == "1 High St\nLondon");
    CHECK(o.value("shipping_cents").toInteger() == 700);
    CHECK(o.value("total_cents").toInteger() == 1700);

    // Picked up: no shipping charged.
    const RawResponse pickup = g.place(order("pickup"));
    REQUIRE(pickup.status == 201);
    CHECK(pickup.json().object().value("total_cents").toInteger() == 1000);

    // Shipping without an address is refused.
    for (const QJsonValue& address : {QJsonValue(), QJsonValue("   "), QJsonValue(5)}) {
        const RawResponse r = g.place(order("ship", address));
        INFO(r.body);
        CHECK(r.status == 422);
        CHECK_THAT(r.errorMessage(), Catch::Contains("shipping address"));
    }
}

TEST_CASE("a gallery published without delivery options offers pickup only and refuses shipping",
          "[host][gallery][delivery]") {
    GalleryHost host;
    Gallery g(host, weddingEvent());
    CHECK(host.studio("GET", "/api/v1/events/" + g.id).json().object().value("delivery").toObject() ==
          QJsonObject{{"studio_pickup", true}, {"shipping", false}, {"shipping_cents", 0}, {"pickup_note", ""}});
    const QJsonObject shown = g.galleryDelivery();
    CHECK(shown.value("pickup") == true);
    CHECK(shown.value("shipping") == false);
    const RawResponse r = g.place(order("ship", "1 High St"));
    CHECK(r.status == 422);
    CHECK_THAT(r.errorMessage(), Catch::Contains("does not ship"));
    CHECK(g.place(order("pickup")).status == 201);

    // Republished as shipping only (the access code left out, so it and the session stay):
    // pickup is refused from then on, shipping is free.
    QJsonObject republished = withDelivery(QJsonObject{{"studio_pickup", false}, {"shipping", true}});
    republished.insert("gallery", QJsonObject{{"expires", "2099-12-31"}});
    REQUIRE(host.studio("PUT", "/api/v1/events/" + g.id, QJsonDocument(republished).toJson().toStdString()).status ==
            200);
    CHECK(g.galleryDelivery().value("pickup") == false);
    const RawResponse pickup = g.place(order("pickup"));
    CHECK(pickup.status == 422);
    CHECK_THAT(pickup.errorMessage(), Catch::Contains("does not offer pickup"));
    const RawResponse shipped = g.place(order("ship", "1 High St"));
    REQUIRE(shipped.status == 201);
    CHECK(shipped.json().object().value("total_cents").toInteger() == 1000);
}

TEST_CASE("the studio API refuses malformed delivery options with 400 and keeps the event", "[host][gallery][delivery]") {
    GalleryHost host;
    const auto [id, slug] = host.putEvent(weddingEvent());
    for (const QJsonValue& bad : {QJsonValue("ship"), QJsonValue(QJsonObject{{"shipping", "yes"}}),
                                  QJsonValue(QJsonObject{{"shipping", true}, {"shipping_cents", -5}}),
                                  QJsonValue(QJsonObject{{"studio_pickup", false}, {"shipping", false}})}) {
        QJsonObject e = weddingEvent();
        e.insert("delivery", bad);
        const RawResponse r = host.studio("PUT", "/api/v1/events/" + id, QJsonDocument(e).toJson().toStdString());
        INFO(r.body);
        CHECK(r.status == 400);
        CHECK_THAT(r.errorMessage(), Catch::Contains("delivery"));
    }
    CHECK(host.studio("GET", "/api/v1/events/" + id).json().object().value("delivery").toObject().value("shipping") ==
          false);
}
