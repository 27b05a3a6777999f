#include <catch2/catch.hpp>

#include "db_fixture.h"

#include "pd/db/vault.h"

#include <QFileInfo>

using namespace pd;
using pd::test::TempCatalog;

namespace {

PhotoRecord samplePhoto(const QString& eventId, const QString& id, const QString& sha) {
    PhotoRecord p;
    p.id = id;
    p.eventId = eventId;
    p.filename = QStringLiteral("DSC_%1.JPG").arg(id);
    p.sha256 = sha;
    p.byteSize = 1234;
    p.format = QStringLiteral("jpeg");
    p.width = 6000;
    p.height = 4000;
    p.meta.capturedAt = QDateTime(QDate(2026, 6, 1), QTime(15, 30, 5));
    p.meta.cameraMake = QStringLiteral("Nikon");
    p.meta.cameraModel = QStringLiteral("D850");
    p.meta.lens = QStringLiteral("24-70mm f/2.8");
    p.meta.exposureTime = QStringLiteral("1/250");
    p.meta.fNumber = 2.8;
    p.meta.iso = 400;
    p.meta.focalLengthMm = 35;
    p.meta.gps = GpsPosition{51.5, -0.12, 12.0};
    p.meta.copyright = QStringLiteral("(c) Studio");
    p.meta.creator = QStringLiteral("Ann");
    p.meta.orientation = 6;
    p.meta.caption = QStringLiteral("First dance");
    p.meta.keywords = {QStringLiteral("wedding"), QStringLiteral("dance")};
    p.importedAt = QDateTime::currentDateTimeUtc();
    return p;
}

void insert(Catalog& c, const PhotoRecord& p) {
    Transaction tx(c.db());
    REQUIRE(tx.begun().ok());
    REQUIRE(c.insertPhoto(p, Rendition{400, 266, QByteArray("\xFF\xD8thumb\xFF\xD9")}, Rendition{2048, 1365, QByteArray("\xFF\xD8prev\xFF\xD9")}).ok());
    REQUIRE(tx.commit().ok());
}

} // namespace

TEST_CASE("events are created with categories and a vault, and found by id or exact name", "[db][catalog]") {
    TempCatalog c;
    auto e = c->createEvent({QStringLiteral("Smith Wedding"), QStringLiteral("June"), QDate(2026, 6, 1), QStringLiteral("Ann"),
                             QStringLiteral("Chapel"), {QStringLiteral("Ceremony"), QStringLiteral("Reception"), QStringLiteral("Ceremony")}});
    REQUIRE(e.ok());
    CHECK(QFileInfo::exists(c->vaultPath(e->id)));
    auto cats = c->categories(e->id);
    REQUIRE(cats.ok());
    REQUIRE(cats->size() == 2);
    CHECK(cats->at(0).name == "Ceremony");
    CHECK(cats->at(1).name == "Reception");
    CHECK(c->requireEvent(e->id)->name == "Smith Wedding");
    CHECK(c->requireEvent("Smith Wedding")->id == e->id);
    CHECK_FALSE(c->requireEvent("smith wedding").ok());  // exact name only

    auto dup = c->createEvent({QStringLiteral("Smith Wedding"), {}, {}, {}, {}, {}});
    REQUIRE_FALSE(dup.ok());
    CHECK(dup.error().code == ErrorCode::AlreadyExists);
    CHECK_FALSE(c->createEvent({QStringLiteral("  "), {}, {}, {}, {}, {}}).ok());

    // The vault holds a copy of the event's record.
    auto vault = Vault::open(c->vaultPath(e->id), false);
    REQUIRE(vault.ok());
    auto rec = (*vault)->eventRecord();
    REQUIRE(rec.ok());
    CHECK(rec->value("event").toObject().value("name").toString() == "Smith Wedding");
}

TEST_CASE("a photo's metadata round-trips through the catalog", "[db][catalog]") {
    TempCatalog c;
    auto e = c->createEvent({QStringLiteral("E"), {}, {}, {}, {}, {}});
    REQUIRE(e.ok());
    const PhotoRecord in = samplePhoto(e->id, "p1", "aa");
    insert(*c, in);
    auto out = c->requirePhoto("p1");
    REQUIRE(out.ok());
    CHECK(out->filename == in.filename);
    CHECK(out->width == 6000);
    CHECK(out->meta.capturedAt == in.meta.capturedAt);
    CHECK(out->meta.cameraModel == "D850");
    CHECK(out->meta.lens == in.meta.lens);
    CHECK(out->meta.fNumber == Approx(2.8));
    CHECK(out->meta.iso == 400);
    REQUIRE(out->meta.gps);
    CHECK(out->meta.gps->longitude == Approx(-0.12));
    CHECK(out->meta.keywords == in.meta.keywords);
    CHECK(out->meta.orientation == 6);
    auto thumb = c->rendition("p1", "thumb");
    REQUIRE(thumb.ok());
    REQUIRE(thumb.value());
    CHECK(thumb.value()->width == 400);
    // The same content twice in one event is refused by the schema itself.
    Transaction tx(c->db());
    REQUIRE(tx.begun().ok());
    CHECK_FALSE(c->insertPhoto(samplePhoto(e->id, "p2", "aa"), {}, {}).ok());
}

TEST_CASE("ratings, flags and web selection are validated and stored", "[db][catalog]") {
    TempCatalog c;
    auto e = c->createEvent({QStringLiteral("E"), {}, {}, {}, {}, {}});
    REQUIRE(e.ok());
    insert(*c, samplePhoto(e->id, "p1", "aa"));
    insert(*c, samplePhoto(e->id, "p2", "bb"));
    CHECK(c->setRating("p1", 5).ok());
    CHECK(c->setRating("p1", 6).error().code == ErrorCode::InvalidArgument);
    CHECK(c->setRating("nope", 3).error().code == ErrorCode::NotFound);
    CHECK(c->setFlag("p2", PhotoFlag::Reject).ok());
    CHECK(c->requirePhoto("p1")->rating == 5);
    CHECK(c->requirePhoto("p2")->flag == PhotoFlag::Reject);

    CHECK(c->setSelected({"p1", "p2"}, true).ok());
    CHECK(c->requirePhoto("p2")->selected);
    // All or nothing: an unknown id leaves every selection as it was.
    CHECK_FALSE(c->setSelected({"p1", "missing"}, false).ok());
    CHECK(c->requirePhoto("p1")->selected);
}

TEST_CASE("a transaction that is not committed leaves nothing behind", "[db][catalog]") {
    TempCatalog c;
    auto e = c->createEvent({QStringLiteral("E"), {}, {}, {}, {}, {}});
    REQUIRE(e.ok());
    {
        Transaction tx(c->db());
        REQUIRE(tx.begun().ok());
        REQUIRE(c->insertPhoto(samplePhoto(e->id, "p1", "aa"), Rendition{1, 1, "x"}, Rendition{1, 1, "y"}).ok());
    }
    CHECK(c->photoCount(e->id).value() == 0);
    CHECK_FALSE(c->findPhoto("p1").value().has_value());
}

TEST_CASE("categories are added, renamed, reordered, and deleted only when empty", "[db][catalog]") {
    TempCatalog c;
    auto e = c->createEvent({QStringLiteral("E"), {}, {}, {}, {}, {QStringLiteral("Ceremony"), QStringLiteral("Reception")}});
    REQUIRE(e.ok());
    auto dinner = c->addCategory(e->id, "Dinner");
    REQUIRE(dinner.ok());
    CHECK(dinner->position == 2);
    CHECK(c->addCategory(e->id, "Dinner").error().code == ErrorCode::AlreadyExists);
    CHECK(c->renameCategory(dinner->id, "Ceremony").error().code == ErrorCode::AlreadyExists);
    REQUIRE(c->renameCategory(dinner->id, "Speeches").ok());
    REQUIRE(c->moveCategory(dinner->id, 0).ok());
    auto names = [&] {
        QStringList out;
        const auto cats = c->categories(e->id);
        for (const auto& x : cats.value()) out << x.name;
        return out;
    };
    CHECK(names() == QStringList{"Speeches", "Ceremony", "Reception"});

    insert(*c, samplePhoto(e->id, "p1", "aa"));
    insert(*c, samplePhoto(e->id, "p2", "bb"));
    REQUIRE(c->setCategory({"p1", "p2"}, dinner->id).ok());
    CHECK(c->requirePhoto("p1")->category == "Speeches");
    CHECK(c->categoryCounts(e->id)->value(dinner->id) == 2);
    const auto refused = c->deleteCategory(dinner->id);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().message.contains("2 photo"));
    REQUIRE(c->setCategory({"p1", "p2"}, std::nullopt).ok());
    CHECK(c->categoryCounts(e->id)->value(0) == 2);
    REQUIRE(c->deleteCategory(dinner->id).ok());
    CHECK(names() == QStringList{"Ceremony", "Reception"});

    // A photo cannot be moved into another event's category.
    auto other = c->createEvent({QStringLiteral("Other"), {}, {}, {}, {}, {QStringLiteral("X")}});
    REQUIRE(other.ok());
    const qint64 x = c->categories(other->id)->at(0).id;
    CHECK_FALSE(c->setCategory({"p1"}, x).ok());
    CHECK(c->requirePhoto("p1")->category.isEmpty());
}

TEST_CASE("event details, price sheet and delivery are saved and copied to the vault", "[db][catalog]") {
    TempCatalog c;
    auto e = c->createEvent({QStringLiteral("E"), {}, {}, {}, {}, {}});
    REQUIRE(e.ok());
    EventRecord changed = e.value();
    changed.name = "Gala 2026";
    changed.location = "Town hall";
    changed.priceSheet.currency = "GBP";
    changed.priceSheet.products = {{"Print", "4x6", "gloss", 500}, {"Print", "5x7", "matte", 900}};
    changed.delivery.shipping = true;
    changed.delivery.shippingCents = 450;
    REQUIRE(c->updateEvent(changed).ok());
    const EventRecord back = c->requireEvent(e->id).value();
    CHECK(back.name == "Gala 2026");
    CHECK(back.priceSheet == changed.priceSheet);
    CHECK(back.delivery == changed.delivery);
    auto vault = Vault::open(c->vaultPath(e->id), false);
    REQUIRE(vault.ok());
    CHECK(EventRecord::fromJson((*vault)->eventRecord()->value("event").toObject()).priceSheet == changed.priceSheet);
    // Names stay unique.
    REQUIRE(c->createEvent({QStringLiteral("Taken"), {}, {}, {}, {}, {}}).ok());
    changed.name = "Taken";
    CHECK(c->updateEvent(changed).error().code == ErrorCode::AlreadyExists);
    CHECK(c->setColorLabel("nope", "red").error().code == ErrorCode::NotFound);
}
