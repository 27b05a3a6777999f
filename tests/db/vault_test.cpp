#include <catch2/catch.hpp>

#include "test_support.h"

#include "pd/db/vault.h"

#include <QTemporaryDir>

using namespace pd;

TEST_CASE("originals are stored byte for byte, once, and exported by streaming", "[db][vault]") {
    QTemporaryDir dir;
    auto vault = Vault::open(dir.filePath("v.sqlite"), true);
    REQUIRE(vault.ok());
    QByteArray original(3 * 1024 * 1024 + 17, Qt::Uninitialized);
    for (qsizetype i = 0; i < original.size(); ++i) original[i] = char((i * 131) ^ (i >> 9));
    const QString sha = pd::test::sha256Of(original);
    {
        Transaction tx((*vault)->db());
        REQUIRE(tx.begun().ok());
        REQUIRE((*vault)->putOriginal(sha, original).ok());
        REQUIRE((*vault)->putOriginal(sha, original).ok());  // idempotent
        REQUIRE(tx.commit().ok());
    }
    CHECK((*vault)->originalHashes()->size() == 1);
    CHECK((*vault)->readOriginal(sha).value() == original);
    REQUIRE((*vault)->exportOriginal(sha, dir.filePath("out.bin")).ok());
    CHECK(pd::test::readFile(dir.filePath("out.bin")) == original);
    CHECK((*vault)->verifyOriginal(sha, original.size()).value());
    CHECK((*vault)->exportOriginal("0000", dir.filePath("none.bin")).error().code == ErrorCode::NotFound);
}

TEST_CASE("a damaged original is caught by verification", "[db][vault]") {
    QTemporaryDir dir;
    auto vault = Vault::open(dir.filePath("v.sqlite"), true);
    REQUIRE(vault.ok());
    const QByteArray original("the original bytes of a photo");
    const QString sha = pd::test::sha256Of(original);
    Transaction tx((*vault)->db());
    REQUIRE(tx.begun().ok());
    REQUIRE((*vault)->putOriginal(sha, original).ok());
    REQUIRE(tx.commit().ok());
    REQUIRE((*vault)->db().exec(QStringLiteral("UPDATE originals SET bytes = x'00112233'")).ok());
    auto ok = (*vault)->verifyOriginal(sha, original.size());
    REQUIRE(ok.ok());
    CHECK_FALSE(ok.value());
}

TEST_CASE("the vault keeps the event's and photos' records", "[db][vault]") {
    QTemporaryDir dir;
    auto vault = Vault::open(dir.filePath("v.sqlite"), true);
    REQUIRE(vault.ok());
    EventRecord e;
    e.id = "id-1";
    e.name = "Gala";
    e.date = QDate(2026, 2, 3);
    e.priceSheet.products.push_back({"Print", "5x7", "matte", 1250});
    PhotoRecord p;
    p.id = "p-1";
    p.sha256 = "cafe";
    p.filename = "a.jpg";
    p.rating = 3;
    p.flag = PhotoFlag::Pick;
    p.category = "Dinner";
    p.meta.gps = GpsPosition{1.5, 2.5, std::nullopt};
    Transaction tx((*vault)->db());
    REQUIRE(tx.begun().ok());
    REQUIRE((*vault)->writeEventRecord(e, {CategoryRecord{1, "id-1", "Dinner", 0}}).ok());
    REQUIRE((*vault)->writePhotoRecord(p).ok());
    REQUIRE(tx.commit().ok());
    const QJsonObject rec = (*vault)->eventRecord().value();
    const EventRecord back = EventRecord::fromJson(rec.value("event").toObject());
    CHECK(back.date == QDate(2026, 2, 3));
    CHECK(back.priceSheet == e.priceSheet);
    const auto photos = (*vault)->photoRecords().value();
    REQUIRE(photos.size() == 1);
    CHECK(photos[0].rating == 3);
    CHECK(photos[0].flag == PhotoFlag::Pick);
    CHECK(photos[0].category == "Dinner");
    CHECK(photos[0].meta.gps->latitude == Approx(1.5));
    CHECK((*vault)->photoIdFor("cafe").value() == std::optional<QString>("p-1"));
}
