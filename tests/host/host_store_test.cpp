// The host store on both engines (an SQLite file in a temp folder, a database in a throwaway
// PostgreSQL cluster): migrations from every earlier version, photographers, events scoped by
// owner, and the secrets the store keeps in place of tokens and codes.
#include <catch2/catch.hpp>

#include "store_backends.h"

#include "pd/host/event_json.h"
#include "pd/host/host_migrations.h"
#include "pd/host/secrets.h"

#include <QJsonObject>
#include <QRegularExpression>

#include <thread>

using namespace pd;
using namespace pd::host;

using namespace pd::test;

namespace {

// Rows a store at `version` could hold, written with that version's tables only.
void fillAtVersion(TestStore& db, int version) {
    db.exec(QStringLiteral("INSERT INTO photographers(id, name, token_hash, created_at) "
                           "VALUES('p1', 'Ann', '%1', '2026-01-01T00:00:00Z')")
                .arg(QString(64, QLatin1Char('a'))));
    if (version >= 4) {
        db.exec(QStringLiteral("INSERT INTO events(id, photographer_id, name, created_at, updated_at, slug) "
                               "VALUES('e1', 'p1', 'Smith wedding', 'x', 'x', 'smith-wedding-e1')"));
    } else if (version >= 2) {
        db.exec(QStringLiteral("INSERT INTO events(id, photographer_id, name, created_at, updated_at) "
                               "VALUES('e1', 'p1', 'Smith wedding', 'x', 'x')"));
    }
    if (version >= 2 && version < 4) {
        // Same name, id with the same first six letters: the backfill must still make two slugs.
        db.exec(QStringLiteral("INSERT INTO events(id, photographer_id, name, created_at, updated_at) "
                               "VALUES('3f2a9c-0001', 'p1', 'Smith Wedding!', 'x', 'x'), "
                               "('3f2a9c-0002', 'p1', 'Smith wedding', 'x', 'x')"));
    }
    if (version >= 6)
        db.exec(QStringLiteral("INSERT INTO orders(id, event_id, photographer_id, seq, customer_name, email, delivery, "
                               "currency, total_cents, items, status, created_at, updated_at) VALUES('o1', 'e1', "
                               "'p1', 1, 'Jo', 'jo@example.com', 'pickup', 'EUR', 500, '[]', 'placed', 'x', 'x'); "
                               "UPDATE counters SET value = 1 WHERE name = 'order_seq'"));
}

} // namespace

TEST_CASE("a host store migrates to the newest schema from every earlier version", "[host][store]") {
    const int newest = hostMigrations().back().version;
    REQUIRE(newest >= 2);
    PD_EACH_BACKEND();
    for (int from = 1; from < newest; ++from) {
        DYNAMIC_SECTION("from version " << from) {
            {
                auto store = under->open(false);
                REQUIRE(store->migrate(from).ok());
                REQUIRE(store->schemaVersion().value() == from);
                fillAtVersion(*under, from);
            }
            auto store = under->open();
            CHECK(store->schemaVersion().value() == newest);
            const auto people = store->photographers().value();
            REQUIRE(people.size() == 1);
            CHECK(people[0].name == "Ann");
            if (from >= 2) {
                const auto old = store->event(QStringLiteral("p1"), QStringLiteral("e1")).value();
                REQUIRE(old);
                CHECK(old->name == "Smith wedding");
                CHECK(old->proofSize == 2048);
                CHECK(old->categories.isEmpty());
                // Delivery options came with version 8: older events offer studio pickup only.
                if (from < 8) CHECK(old->delivery == DeliveryOptions{});
                CHECK(old->delivery.studioPickup);
                CHECK_FALSE(old->delivery.shipping);
                if (from < 4) {
                    // Slugs made by the migration: name words and the id's first letters, unique.
                    CHECK(old->slug == "smith-wedding-e1");
                    const QString a = store->event(QStringLiteral("p1"), QStringLiteral("3f2a9c-0001")).value()->slug;
                    const QString b = store->event(QStringLiteral("p1"), QStringLiteral("3f2a9c-0002")).value()->slug;
                    CHECK(a == "smith-wedding-3f2a9c");
                    CHECK(b == "smith-wedding-3f2a9c0002");
                }
                const auto bySlug = store->eventBySlug(QStringLiteral("smith-wedding-e1")).value();
                REQUIRE(bySlug);
                CHECK(bySlug->id == "e1");
            }
            if (from >= 6) {
                // An order from before is still there with its seq.
                CHECK(store->order(QStringLiteral("p1"), QStringLiteral("o1")).value()->seq == 1);
            }
            // The newest tables work on the migrated file.
            const QString id = newId();
            REQUIRE(store->putEvent(makeEvent(QStringLiteral("p1"), id, QStringLiteral("New"))).ok());
            CHECK(store->event(QStringLiteral("p1"), id).value()->categories ==
                  QStringList{QStringLiteral("Ceremony"), QStringLiteral("Party")});
            CHECK(store->check().value().isEmpty());
        }
    }
}

TEST_CASE("migrating twice changes nothing and a newer store is refused", "[host][store]") {
    PD_EACH_BACKEND();
    auto store = under->open();
    REQUIRE(store->migrate().ok());
    CHECK(store->schemaVersion().value() == store->newestSchemaVersion());
    under->exec(QStringLiteral("INSERT INTO schema_migrations VALUES(999, 'future')"));
    const Status s = store->migrate();
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message.contains(QStringLiteral("newer proofdesk-host")));
    CHECK_FALSE(store->check().value().isEmpty());
}

TEST_CASE("photographers are unique by name, found by token hash and revoked by name or id", "[host][store]") {
    PD_EACH_BACKEND();
    auto store = under->open();
    const QString hashA = tokenHash(QStringLiteral("token-a")), hashB = tokenHash(QStringLiteral("token-b"));
    const Photographer ann = store->addPhotographer(QStringLiteral("Ann"), hashA).value();
    const Photographer bob = store->addPhotographer(QStringLiteral("Bob"), hashB).value();
    auto duplicate = store->addPhotographer(QStringLiteral("Ann"), tokenHash(QStringLiteral("token-c")));
    REQUIRE_FALSE(duplicate.ok());
    CHECK(duplicate.error().code == ErrorCode::AlreadyExists);

    CHECK(store->photographerByTokenHash(hashA).value()->id == ann.id);
    CHECK_FALSE(store->photographerByTokenHash(tokenHash(QStringLiteral("nope"))).value());

    const Photographer revoked = store->revokePhotographer(QStringLiteral("Ann")).value();
    CHECK(revoked.revoked());
    CHECK(store->photographerByTokenHash(hashA).value()->revoked());
    CHECK(store->revokePhotographer(ann.id).value().revokedAt == revoked.revokedAt); // the first time stays
    CHECK(store->revokePhotographer(bob.id).value().revoked());
    auto missing = store->revokePhotographer(QStringLiteral("Carol"));
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::NotFound);
    CHECK(store->photographers().value().size() == 2);
}

TEST_CASE("events are created, replaced, listed and deleted only by their owner", "[host][store]") {
    PD_EACH_BACKEND();
    auto store = under->open();
    const QString ann = store->addPhotographer(QStringLiteral("Ann"), tokenHash(QStringLiteral("a"))).value().id;
    const QString bob = store->addPhotographer(QStringLiteral("Bob"), tokenHash(QStringLiteral("b"))).value().id;
    const QString id = newId();

    EventUpdate put = makeEvent(ann, id, QStringLiteral("Smith wedding"));
    put.accessCodeHash = hashAccessCode(QStringLiteral("secret")).value();
    CHECK(store->putEvent(put).value() == PutOutcome::Created);
    auto stored = store->event(ann, id).value();
    REQUIRE(stored);
    CHECK(stored->priceSheet == put.event.priceSheet);
    CHECK(verifyAccessCode(QStringLiteral("secret"), stored->accessCodeHash));

    // Bob can neither see, replace nor delete it.
    CHECK_FALSE(store->event(bob, id).value());
    CHECK(store->events(bob).value().empty());
    auto stolen = store->putEvent(makeEvent(bob, id, QStringLiteral("Mine now")));
    REQUIRE_FALSE(stolen.ok());
    CHECK(stolen.error().code == ErrorCode::NotFound);
    CHECK_FALSE(store->deleteEvent(bob, id).value());
    CHECK(store->event(ann, id).value()->name == "Smith wedding");

    // A replace without an access code keeps the stored one; an empty one removes it.
    EventUpdate rename = makeEvent(ann, id, QStringLiteral("Smith & Jones wedding"));
    rename.event.categories = {QStringLiteral("Party"), QStringLiteral("Ceremony"), QStringLiteral("Portraits")};
    CHECK(store->putEvent(rename).value() == PutOutcome::Updated);
    stored = store->event(ann, id).value();
    CHECK(stored->name == "Smith & Jones wedding");
    CHECK(stored->categories == rename.event.categories);
    CHECK(verifyAccessCode(QStringLiteral("secret"), stored->accessCodeHash));
    rename.accessCodeHash = QString();
    REQUIRE(store->putEvent(rename).ok());
    CHECK(store->event(ann, id).value()->accessCodeHash.isEmpty());

    REQUIRE(store->putEvent(makeEvent(ann, newId(), QStringLiteral("Second"))).ok());
    CHECK(store->events(ann).value().size() == 2);
    CHECK(store->deleteEvent(ann, id).value());
    CHECK_FALSE(store->event(ann, id).value());
    CHECK(store->events(ann).value().size() == 1);
    CHECK(store->check().value().isEmpty());
}

TEST_CASE("an event's delivery options are stored and read back on both engines", "[host][store]") {
    PD_EACH_BACKEND();
    auto store = under->open();
    const QString ann = store->addPhotographer(QStringLiteral("Ann"), tokenHash(QStringLiteral("a"))).value().id;
    const QString id = newId();
    EventUpdate put = makeEvent(ann, id, QStringLiteral("Shipped"));
    CHECK(put.event.delivery == DeliveryOptions{}); // the default: pickup only
    put.event.delivery = DeliveryOptions{false, true, 795, QStringLiteral("Back door, ring twice; 'quotes' ✓")};
    REQUIRE(store->putEvent(put).value() == PutOutcome::Created);
    CHECK(store->event(ann, id).value()->delivery == put.event.delivery);
    CHECK(under->open()->event(ann, id).value()->delivery == put.event.delivery); // another process
    CHECK(store->eventBySlug(store->event(ann, id).value()->slug).value()->delivery == put.event.delivery);
    CHECK(store->galleryEvent(id).value()->delivery == put.event.delivery);
    CHECK(store->events(ann).value().at(0).delivery == put.event.delivery);

    // Replaced by the next PUT like every other field.
    put.event.delivery = DeliveryOptions{true, true, 0, QString()};
    REQUIRE(store->putEvent(put).value() == PutOutcome::Updated);
    CHECK(store->event(ann, id).value()->delivery == put.event.delivery);
    CHECK(store->check().value().isEmpty());
}

TEST_CASE("gallery slugs are made from the name and id, kept on update and unique across the host", "[host][store]") {
    PD_EACH_BACKEND();
    auto store = under->open();
    const QString ann = store->addPhotographer(QStringLiteral("Ann"), tokenHash(QStringLiteral("a"))).value().id;
    const QString bob = store->addPhotographer(QStringLiteral("Bob"), tokenHash(QStringLiteral("b"))).value().id;

    const QString id = QStringLiteral("3f2a9c11-2222-4333-8444-555566667777");
    REQUIRE(store->putEvent(makeEvent(ann, id, QStringLiteral("Smith & Jones — Hochzeit in Köln"))).ok());
    auto made = store->event(ann, id).value();
    CHECK(made->slug == "smith-jones-hochzeit-in-koln-3f2a9c");
    CHECK(store->eventBySlug(made->slug).value()->id == id);
    CHECK(store->eventBySlug(made->slug).value()->photographerId == ann); // whoever owns it
    CHECK_FALSE(store->eventBySlug(QStringLiteral("smith")).value());
    // A gallery session names its event by id: found whoever owns it, unknown ids are not.
    CHECK(store->galleryEvent(id).value()->slug == made->slug);
    CHECK(store->galleryEvent(id).value()->photographerId == ann);
    CHECK_FALSE(store->galleryEvent(QStringLiteral("no-such-event")).value());

    // A rename keeps the address customers already have.
    REQUIRE(store->putEvent(makeEvent(ann, id, QStringLiteral("Renamed"))).ok());
    CHECK(store->event(ann, id).value()->slug == made->slug);

    // Bob's event with the same name and an id starting alike gets a longer slug.
    const QString twin = QStringLiteral("3f2a9c99-2222-4333-8444-555566667777");
    REQUIRE(store->putEvent(makeEvent(bob, twin, QStringLiteral("Smith & Jones — Hochzeit in Köln"))).ok());
    CHECK(store->event(bob, twin).value()->slug == "smith-jones-hochzeit-in-koln-3f2a9c992222");

    // A slug the studio chooses: used, refused when another event has it, refused when malformed.
    EventUpdate chosen = makeEvent(ann, id, QStringLiteral("Renamed"));
    chosen.event.slug = QStringLiteral("smith-2026");
    REQUIRE(store->putEvent(chosen).ok());
    CHECK(store->event(ann, id).value()->slug == "smith-2026");
    CHECK_FALSE(store->eventBySlug(made->slug).value());
    EventUpdate clash = makeEvent(bob, twin, QStringLiteral("x"));
    clash.event.slug = QStringLiteral("smith-2026");
    auto taken = store->putEvent(clash);
    REQUIRE_FALSE(taken.ok());
    CHECK(taken.error().code == ErrorCode::AlreadyExists);
    auto taken2 = store->putEvent([&] {
        EventUpdate u = makeEvent(bob, newId(), QStringLiteral("y"));
        u.event.slug = QStringLiteral("smith-2026");
        return u;
    }());
    REQUIRE_FALSE(taken2.ok());
    CHECK(taken2.error().code == ErrorCode::AlreadyExists);
    clash.event.slug = QStringLiteral("Bad Slug'; DROP TABLE events; --");
    auto bad = store->putEvent(clash);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::InvalidArgument);
    CHECK(store->event(bob, twin).value()->slug == "smith-jones-hochzeit-in-koln-3f2a9c992222");

    // A name with no letters at all still gets an address.
    const QString plain = newId();
    REQUIRE(store->putEvent(makeEvent(ann, plain, QStringLiteral("★ ★ ★"))).ok());
    CHECK(store->event(ann, plain).value()->slug == QStringLiteral("gallery-") + plain.left(6));
    CHECK(store->check().value().isEmpty());
}

TEST_CASE("the store takes writes from many threads at once", "[host][store]") {
    PD_EACH_BACKEND();
    auto store = under->open();
    const QString owner = store->addPhotographer(QStringLiteral("Ann"), tokenHash(QStringLiteral("a"))).value().id;
    constexpr int kThreads = 4, kEach = 25;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                if (!store->putEvent(makeEvent(owner, newId(), QStringLiteral("e%1-%2").arg(t).arg(i))).ok())
                    ++failures;
                if (!store->events(owner).ok()) ++failures;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    CHECK(store->events(owner).value().size() == std::size_t(kThreads * kEach));
}

TEST_CASE("tokens are random base64url and access codes are salted slow hashes", "[host][secrets]") {
    const QString a = generateToken().value(), b = generateToken().value();
    static const QRegularExpression base64url(QStringLiteral("^[A-Za-z0-9_-]{43}$"));
    CHECK(base64url.match(a).hasMatch());
    CHECK(a != b);
    CHECK(tokenHash(a).size() == 64);
    CHECK(tokenHash(a) != tokenHash(b));
    CHECK(constantTimeEquals(tokenHash(a), tokenHash(a)));
    CHECK_FALSE(constantTimeEquals(tokenHash(a), tokenHash(b)));

    const QString h1 = hashAccessCode(QStringLiteral("1234")).value(),
                  h2 = hashAccessCode(QStringLiteral("1234")).value();
    CHECK(h1 != h2); // salted
    CHECK(verifyAccessCode(QStringLiteral("1234"), h1));
    CHECK(verifyAccessCode(QStringLiteral("1234"), h2));
    CHECK_FALSE(verifyAccessCode(QStringLiteral("1235"), h1));
    CHECK_FALSE(verifyAccessCode(QStringLiteral("1234"), QStringLiteral("garbage")));
    CHECK_FALSE(verifyAccessCode(QStringLiteral("1234"), QStringLiteral("pbkdf2-sha256$0$00$00")));
}

TEST_CASE("event JSON is parsed strictly and names the field at fault", "[host][json]") {
    const auto error = [](const char* body) {
        auto r = parseEventPut(QByteArray(body));
        return r.ok() ? std::string("accepted") : r.error().message.toStdString();
    };
    CHECK_THAT(error(R"({"name": "x",)"), Catch::Contains("not valid JSON"));
    CHECK_THAT(error(R"([1, 2])"), Catch::Contains("JSON object"));
    CHECK_THAT(error(R"({})"), Catch::Contains("name is required"));
    CHECK_THAT(error(R"({"name": 5})"), Catch::Contains("name must be a string"));
    CHECK_THAT(error(R"({"name": "  "})"), Catch::Contains("name must not be empty"));
    CHECK_THAT(error(R"({"name": "x", "date": "2026-02-30"})"), Catch::Contains("date"));
    CHECK_THAT(error(R"({"name": "x", "categories": "Party"})"), Catch::Contains("categories"));
    CHECK_THAT(error(R"({"name": "x", "categories": ["a", 3]})"), Catch::Contains("categories[1]"));
    CHECK_THAT(error(R"({"name": "x", "categories": ["a", "a"]})"), Catch::Contains("repeats"));
    CHECK_THAT(error(R"({"name": "x", "price_sheet": {"products": [{"name": "P", "price_cents": "5"}]}})"),
               Catch::Contains("price_sheet.products[0].price_cents"));
    CHECK_THAT(error(R"({"name": "x", "price_sheet": {"products": [{"name": "P", "price_cents": 1.5}]}})"),
               Catch::Contains("whole number"));
    CHECK_THAT(error(R"({"name": "x", "price_sheet": {"currency": "euro"}})"), Catch::Contains("currency"));
    CHECK_THAT(error(R"({"name": "x", "gallery": {"proof_size": 99999}})"), Catch::Contains("gallery.proof_size"));
    CHECK_THAT(error(R"({"name": "x", "gallery": {"access_code": 1234}})"), Catch::Contains("gallery.access_code"));
    CHECK_THAT(error(R"({"name": "x", "gallery": []})"), Catch::Contains("gallery must be an object"));

    auto ok = parseEventPut(R"({"name": "Smith", "date": null, "future_field": {"x": 1},
                                "gallery": {"access_code": "", "expires": "2026-12-31", "proof_size": 1600}})");
    REQUIRE(ok.ok());
    CHECK(ok->event.name == "Smith");
    CHECK(ok->event.date.isEmpty());
    CHECK(ok->event.expires == "2026-12-31");
    CHECK(ok->event.proofSize == 1600);
    REQUIRE(ok->accessCode);
    CHECK(ok->accessCode->isEmpty());
    CHECK_FALSE(parseEventPut(R"({"name": "Smith"})").value().accessCode);
}

TEST_CASE("event JSON carries delivery options, strictly checked, and gives them back", "[host][json]") {
    const auto error = [](const char* body) {
        auto r = parseEventPut(QByteArray(body));
        return r.ok() ? std::string("accepted") : r.error().message.toStdString();
    };
    CHECK_THAT(error(R"({"name": "x", "delivery": "ship"})"), Catch::Contains("delivery must be an object"));
    CHECK_THAT(error(R"({"name": "x", "delivery": {"shipping": "yes"}})"), Catch::Contains("delivery.shipping"));
    CHECK_THAT(error(R"({"name": "x", "delivery": {"studio_pickup": 1}})"), Catch::Contains("delivery.studio_pickup"));
    CHECK_THAT(error(R"({"name": "x", "delivery": {"shipping": true, "shipping_cents": 7.5}})"),
               Catch::Contains("delivery.shipping_cents"));
    CHECK_THAT(error(R"({"name": "x", "delivery": {"shipping": true, "shipping_cents": -1}})"),
               Catch::Contains("delivery.shipping_cents"));
    CHECK_THAT(error(R"({"name": "x", "delivery": {"pickup_note": 5}})"), Catch::Contains("delivery.pickup_note"));
    CHECK_THAT(error(R"({"name": "x", "delivery": {"studio_pickup": false}})"),
               Catch::Contains("studio_pickup, shipping or both"));

    CHECK(parseEventPut(R"({"name": "x"})").value().event.delivery == DeliveryOptions{});
    CHECK(parseEventPut(R"({"name": "x", "delivery": null})").value().event.delivery == DeliveryOptions{});
    auto ok = parseEventPut(R"({"name": "x", "delivery": {"studio_pickup": false, "shipping": true,
                                "shipping_cents": 650, "pickup_note": "Mon-Fri 9-5", "later": 1}})");
    REQUIRE(ok.ok());
    const DeliveryOptions want{false, true, 650, QStringLiteral("Mon-Fri 9-5")};
    CHECK(ok->event.delivery == want);
    // Sent back with the names it was sent with, which are DeliveryOptions::toJson's.
    const QJsonObject back = eventToJson(ok->event).value(QStringLiteral("delivery")).toObject();
    CHECK(back == want.toJson());
    CHECK(back.value(QStringLiteral("studio_pickup")) == false);
    CHECK(back.value(QStringLiteral("shipping")) == true);
    CHECK(back.value(QStringLiteral("shipping_cents")).toInteger() == 650);
    CHECK(back.value(QStringLiteral("pickup_note")) == QStringLiteral("Mon-Fri 9-5"));
}
