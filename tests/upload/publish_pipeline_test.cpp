// Publishing an event with the real proofdesk-cli to a real proofdesk-host: what the host holds
// after a first publish, an edit, an unselect and a publish with nothing changed.
#include <catch2/catch.hpp>

#include "publish_fixture.h"

#include "pd/db/catalog.h"

#include <QJsonDocument>

using namespace pd::test;
using pd::Catalog;

TEST_CASE("publish: the host holds exactly the selected photos, and the access code opens the gallery", "[publish]") {
    PublishSite site(4);
    REQUIRE(site.cli({"watermark", "add", "Studio", "--text", "PROOF"}).exitCode == 0);
    REQUIRE(site.cli({"event", "set", site.eventId, "--watermark", "Studio"}).exitCode == 0);
    REQUIRE(site.cli({"select", site.photoIds[3], "--off"}).exitCode == 0);

    const QJsonObject first = site.publish();
    CHECK(first.value("sent").toInt() == 3);
    CHECK(first.value("removed").toInt() == 0);
    CHECK(first.value("failed").toArray().isEmpty());
    CHECK(first.value("access_code").toString() == "rings2026");
    CHECK(first.value("gallery_url").toString().endsWith(QString::fromStdString("/g/" + site.slug())));
    CHECK(site.renditionPuts() == 9);   // proof, web thumbnail and zoom proof of each
    site.checkHostHoldsExactly(site.photoIds.mid(0, 3));
    CHECK(site.galleryLogin("wrong-code").empty());

    // The event's settings as the host keeps them.
    const QJsonObject ev = site.studio("GET", "/api/v1/events/" + site.eventId.toStdString()).json().object();
    CHECK(ev.value("name").toString() == "Smith wedding");
    CHECK(ev.value("categories").toArray() == QJsonArray{"Ceremony"});
    CHECK(ev.value("gallery").toObject().value("expires").toString() == "2030-12-31");
    CHECK(ev.value("gallery").toObject().value("access_code_set").toBool());

    // Nothing changed: no rendition goes over the wire, no photo is sent.
    site.resetCounts();
    const QJsonObject again = site.publish();
    CHECK(again.value("sent").toInt() == 0);
    CHECK(again.value("removed").toInt() == 0);
    CHECK(again.value("rendition_bytes").toInt() == 0);
    CHECK(site.renditionPuts() == 0);
    site.checkHostHoldsExactly(site.photoIds.mid(0, 3));
}

TEST_CASE("publish: an edited photo is sent again with only its new renditions, an unselected one is removed", "[publish]") {
    PublishSite site(3);
    REQUIRE(site.publish().value("sent").toInt() == 3);
    const auto before = site.hostPhotos();
    const std::string edited = site.photoIds[0].toStdString(), other = site.photoIds[1].toStdString();

    REQUIRE(site.cli({"edit", site.photoIds[0], "crop", "0.1", "0.1", "0.6", "0.6"}).exitCode == 0);
    site.resetCounts();
    const QJsonObject r = site.publish();
    CHECK(r.value("sent").toInt() == 1);
    CHECK(site.renditionPuts() == 3);
    const auto after = site.hostPhotos();
    REQUIRE(after.size() == 3);
    for (const char* kind : {"proof", "thumb", "zoom"}) {
        CHECK(after.at(edited).value(kind) != before.at(edited).value(kind));
        CHECK(after.at(other).value(kind) == before.at(other).value(kind));
    }
    site.checkHostHoldsExactly(site.photoIds);

    // Unselected after being published: removed from the gallery, nothing uploaded.
    REQUIRE(site.cli({"select", site.photoIds[1], "--off"}).exitCode == 0);
    site.resetCounts();
    const QJsonObject removed = site.publish();
    CHECK(removed.value("removed").toInt() == 1);
    CHECK(removed.value("sent").toInt() == 0);
    CHECK(site.renditionPuts() == 0);
    site.checkHostHoldsExactly({site.photoIds[0], site.photoIds[2]});
    // Its renditions went with it (no other photo uses them).
    CHECK(site.studio("GET", "/api/v1/renditions/" + before.at(other).value("proof").toString().toStdString()).status == 404);

    // An event change alone is synced without sending photos.
    REQUIRE(site.cli({"event", "set", site.eventId, "--expires", "2031-01-31", "--access-code", "newcode"}).exitCode == 0);
    site.resetCounts();
    const QJsonObject synced = site.publish();
    CHECK(synced.value("event_changed").toBool());
    CHECK(synced.value("sent").toInt() == 0);
    CHECK(synced.value("access_code").toString() == "newcode");
    CHECK(site.renditionPuts() == 0);
    const QJsonObject ev = site.studio("GET", "/api/v1/events/" + site.eventId.toStdString()).json().object();
    CHECK(ev.value("gallery").toObject().value("expires").toString() == "2031-01-31");
    CHECK_FALSE(site.galleryLogin("newcode").empty());
    CHECK(site.galleryLogin("rings2026").empty());
}

TEST_CASE("publish: a photo the host refuses is reported with the host's message and the rest go on", "[publish]") {
    PublishSite site(2);
    REQUIRE(site.publish().value("sent").toInt() == 2);
    REQUIRE(site.cli({"edit", site.photoIds[0], "rotate", "cw"}).exitCode == 0);
    REQUIRE(site.cli({"edit", site.photoIds[1], "rotate", "cw"}).exitCode == 0);
    // Requests of the next publish: event PUT, then per photo manifest, renditions, metadata.
    // A 403 answered by the proxy for the very first request after the event is a refusal of
    // one photo (its manifest), never retried.
    site.proxy->script({pd::test::Fault::pass(), pd::test::Fault::respond(403)});
    const auto r = site.cli({"publish", site.eventId, "--json"});
    CHECK(r.exitCode == 3);
    const QJsonObject o = r.json().object();
    CHECK(o.value("sent").toInt() == 1);
    REQUIRE(o.value("failed").toArray().size() == 1);
    CHECK(o.value("failed").toArray()[0].toObject().value("error").toString().contains("403"));
    // The next publish sends the failed photo again and succeeds.
    const QJsonObject again = site.publish();
    CHECK(again.value("sent").toInt() == 1);
    site.checkHostHoldsExactly(site.photoIds);
}

TEST_CASE("publish: through cut connections, stalls, 500, 503 and 429 the host still ends with exactly the selection", "[publish]") {
    PublishSite site(4);
    using pd::test::Fault;
    site.proxy->setRandomFaults(20261121, {{0.12, Fault::cut(20000)},
                                           {0.05, Fault::stall(1500, 1000)},
                                           {0.06, Fault::respond(500)},
                                           {0.06, Fault::respond(503)},
                                           {0.06, Fault::respond(429, 1)}});
    const QJsonObject r = site.publish();
    CHECK(r.value("sent").toInt() == 4);
    CHECK(r.value("failed").toArray().isEmpty());
    std::map<std::string, int> faults;
    for (const auto& seen : site.proxy->requests()) ++faults[seen.fault.describe()];
    INFO("faults injected: " << faults.size());
    CHECK(faults.size() > 1);   // something other than pass-through happened
    site.proxy->setRandomFaults(1, {});
    site.checkHostHoldsExactly(site.photoIds);
}

TEST_CASE("publish: the event renamed, a category added and the price sheet changed reach the host, and a photo moved "
          "to the new category is sent again as metadata only",
          "[publish]") {
    PublishSite site(2);
    REQUIRE(site.publish().value("sent").toInt() == 2);

    // The photographer's changes, made as the app makes them (Event details dialog, grid drag).
    {
        auto opened = Catalog::open(site.catalog());
        REQUIRE(opened.ok());
        Catalog& c = **opened;
        auto event = c.requireEvent(site.eventId);
        REQUIRE(event.ok());
        event->name = QStringLiteral("Smith & Jones wedding");
        event->priceSheet.currency = QStringLiteral("GBP");
        event->priceSheet.products = {{QStringLiteral("Print"), QStringLiteral("5x7"), QStringLiteral("gloss"), 1250},
                                      {QStringLiteral("Canvas"), QStringLiteral("8x12"), QString(), 6900}};
        REQUIRE(c.updateEvent(event.value()).ok());
        auto reception = c.addCategory(site.eventId, QStringLiteral("Reception"));
        REQUIRE(reception.ok());
        REQUIRE(c.setCategory({site.photoIds[1]}, reception->id).ok());
    }
    site.resetCounts();
    const QJsonObject r = site.publish();
    CHECK(r.value("event_changed").toBool());
    CHECK(r.value("sent").toInt() == 1);   // the re-described photo
    CHECK(site.renditionPuts() == 0);      // its pictures did not change

    const QJsonObject ev = site.studio("GET", "/api/v1/events/" + site.eventId.toStdString()).json().object();
    CHECK(ev.value("name").toString() == "Smith & Jones wedding");
    CHECK(ev.value("categories").toArray() == (QJsonArray{"Ceremony", "Reception"}));
    const QJsonObject sheet = ev.value("price_sheet").toObject();
    CHECK(sheet.value("currency").toString() == "GBP");
    const QJsonArray products = sheet.value("products").toArray();
    REQUIRE(products.size() == 2);
    CHECK(products[0].toObject().value("size").toString() == "5x7");
    CHECK(products[0].toObject().value("price_cents").toInteger() == 1250);
    CHECK(products[1].toObject().value("name").toString() == "Canvas");
    CHECK(products[1].toObject().value("price_cents").toInteger() == 6900);

    const auto photos = site.studio("GET", "/api/v1/events/" + site.eventId.toStdString() + "/photos").json().object();
    std::map<QString, QString> categoryOf;
    for (const auto& v : photos.value("photos").toArray())
        categoryOf[v.toObject().value("id").toString()] = v.toObject().value("category").toString();
    CHECK(categoryOf[site.photoIds[1]] == "Reception");
    CHECK(categoryOf[site.photoIds[0]] != "Reception");
    site.checkHostHoldsExactly(site.photoIds);

    // Published again with nothing changed: nothing is sent.
    site.resetCounts();
    const QJsonObject again = site.publish();
    CHECK_FALSE(again.value("event_changed").toBool());
    CHECK(again.value("sent").toInt() == 0);
    CHECK(site.renditionPuts() == 0);
}
