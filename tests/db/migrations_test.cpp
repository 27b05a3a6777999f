#include <catch2/catch.hpp>

#include "pd/db/catalog.h"
#include "pd/db/migrations.h"
#include "pd/db/sqlite_db.h"
#include "pd/db/vault.h"

#include <QDir>
#include <QTemporaryDir>

using namespace pd;

namespace {

std::unique_ptr<SqliteDb> openDb(const QString& path) {
    auto db = SqliteDb::open(path, {});
    REQUIRE(db.ok());
    return std::move(db).value();
}

// Rows that a catalog at `version` could hold, written with that version's columns only.
void fillAtVersion(SqliteDb& db, int version) {
    REQUIRE(db.exec(QStringLiteral(
        "INSERT INTO events(id, name, created_at) VALUES('e1', 'Smith wedding', '2026-01-01T00:00:00Z');"
        "INSERT INTO categories(event_id, name, position) VALUES('e1', 'Ceremony', 0);"
        "INSERT INTO photos(id, event_id, category_id, filename, sha256, byte_size, format, width, height, rating, imported_at) "
        "  VALUES('p1', 'e1', 1, 'IMG_1.JPG', 'abc', 10, 'jpeg', 600, 400, 4, '2026-01-01T00:00:00Z');"
        "INSERT INTO renditions(photo_id, kind, width, height, sha256, bytes) VALUES('p1', 'thumb', 400, 266, 'def', x'FFD8FFD9');")).ok());
    if (version >= 2)
        REQUIRE(db.exec(QStringLiteral("INSERT INTO jobs(kind, event_id, state, created_at, updated_at) "
                                       "VALUES('import', 'e1', 'running', 'x', 'x')")).ok());
}

void checkFilled(SqliteDb& db) {
    auto st = db.prepare(QStringLiteral("SELECT p.filename, p.rating, c.name, r.width FROM photos p "
                                        "JOIN categories c ON c.id = p.category_id JOIN renditions r ON r.photo_id = p.id"));
    REQUIRE(st.ok());
    auto row = st->step();
    REQUIRE(row.ok());
    REQUIRE(row.value());
    CHECK(st->text(0) == "IMG_1.JPG");
    CHECK(st->int32(1) == 4);
    CHECK(st->text(2) == "Ceremony");
    CHECK(st->int32(3) == 400);
}

// What the newest schema adds reads back with its defaults on a file made by an older version.
void checkNewestDefaults(SqliteDb& db) {
    auto st = db.prepare(QStringLiteral("SELECT p.edits, p.edit_version, e.proof_size, e.share_size, e.allow_gps, "
                                        "e.watermark_preset_id FROM photos p JOIN events e ON e.id = p.event_id"));
    REQUIRE(st.ok());
    auto row = st->step();
    REQUIRE(row.ok());
    REQUIRE(row.value());
    CHECK(st->text(0) == "[]");
    CHECK(st->int64(1) == 0);
    CHECK(st->int32(2) == 2048);
    CHECK(st->int32(3) == 0);
    CHECK(st->int32(4) == 0);
    CHECK(st->isNull(5));
    st = db.prepare(QStringLiteral("SELECT edit_version FROM renditions WHERE photo_id = 'p1'"));
    REQUIRE(st.ok());
    REQUIRE(st->step().value());
    CHECK(st->int64(0) == 0);
    CHECK(db.exec(QStringLiteral("INSERT INTO watermark_presets(name, settings, created_at) VALUES('Studio', '{}', 'x');"
                                 "UPDATE events SET watermark_preset_id = 1 WHERE id = 'e1';"
                                 "UPDATE photos SET edits = '[{\"op\":\"rotate\",\"v\":1,\"turns\":1}]', edit_version = 1")).ok());
}

} // namespace

TEST_CASE("each catalog migration upgrades a database made at the version before it", "[db][migrations]") {
    const auto migrations = catalogMigrations();
    REQUIRE(migrations.size() >= 2);
    const int newest = migrations.back().version;
    for (int from = 1; from < newest; ++from) {
        DYNAMIC_SECTION("from version " << from) {
            QTemporaryDir dir;
            auto db = openDb(dir.filePath("catalog.sqlite"));
            REQUIRE(migrate(*db, migrations, from).ok());
            REQUIRE(db->userVersion() == from);
            fillAtVersion(*db, from);
            REQUIRE(migrate(*db, migrations).ok());
            CHECK(db->userVersion() == newest);
            checkFilled(*db);
            checkNewestDefaults(*db);
            // What the new version adds works on the upgraded file.
            CHECK(db->exec(QStringLiteral("INSERT INTO jobs(kind, event_id, state, created_at, updated_at) "
                                          "VALUES('import', 'e1', 'done', 'x', 'x')")).ok());
            auto ic = db->prepare(QStringLiteral("PRAGMA integrity_check"));
            REQUIRE(ic.ok());
            REQUIRE(ic->step().value());
            CHECK(ic->text(0) == "ok");
        }
    }
}

TEST_CASE("migrating twice is a no-op, and versions are numbered without gaps", "[db][migrations]") {
    for (auto set : {catalogMigrations(), vaultMigrations()}) {
        int expect = 1;
        for (const Migration& m : set) CHECK(m.version == expect++);
    }
    QTemporaryDir dir;
    auto db = openDb(dir.filePath("c.sqlite"));
    REQUIRE(migrate(*db, catalogMigrations()).ok());
    fillAtVersion(*db, catalogMigrations().back().version);
    REQUIRE(migrate(*db, catalogMigrations()).ok());
    checkFilled(*db);
}

TEST_CASE("a catalog from a newer Proofdesk is refused, not downgraded", "[db][migrations]") {
    QTemporaryDir dir;
    {
        QDir().mkpath(dir.filePath("catalog"));
        auto db = openDb(dir.filePath("catalog/catalog.sqlite"));
        REQUIRE(db->exec(QStringLiteral("PRAGMA user_version=999")).ok());
    }
    auto c = Catalog::open(dir.filePath("catalog"));
    REQUIRE_FALSE(c.ok());
    CHECK(c.error().message.contains("newer"));
}

TEST_CASE("a file that is not a vault is refused when attached as one", "[db][migrations]") {
    QTemporaryDir dir;
    auto db = openDb(dir.filePath("other.sqlite"));
    REQUIRE(db->exec(QStringLiteral("CREATE TABLE t(x)")).ok());
    db.reset();
    auto v = Vault::open(dir.filePath("other.sqlite"), false);
    REQUIRE_FALSE(v.ok());
    CHECK(v.error().message.contains("not a Proofdesk event vault"));
}
