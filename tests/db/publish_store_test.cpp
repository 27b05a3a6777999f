// The publish records in the catalog: migration 5 on an older catalog, photo publish states,
// host profiles whose token never enters SQLite, and the publish queue.
#include <catch2/catch.hpp>

#include "db_fixture.h"

#include "pd/db/migrations.h"
#include "pd/db/publish_store.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

using namespace pd;

namespace {

PhotoRecord photo(const QString& eventId, const QString& id, int second) {
    PhotoRecord p;
    p.id = id;
    p.eventId = eventId;
    p.filename = id + QStringLiteral(".JPG");
    p.sha256 = QStringLiteral("sha-") + id;
    p.byteSize = 10;
    p.format = QStringLiteral("jpeg");
    p.width = 600;
    p.height = 400;
    p.meta.capturedAt = QDateTime(QDate(2026, 6, 1), QTime(12, 0, second));
    p.importedAt = QDateTime::currentDateTimeUtc();
    return p;
}

void insert(Catalog& c, const PhotoRecord& p) {
    Transaction tx(c.db());
    REQUIRE(tx.begun().ok());
    REQUIRE(c.insertPhoto(p, Rendition{400, 266, QByteArray("t")}, Rendition{600, 400, QByteArray("p")}).ok());
    REQUIRE(tx.commit().ok());
}

std::map<QString, PublishState> statesOf(PublishStore& store, Catalog& c, const QString& eventId) {
    auto e = c.requireEvent(eventId);
    REQUIRE(e.ok());
    auto s = store.settings(e.value());
    REQUIRE(s.ok());
    auto states = store.photoStates(e.value(), s.value(), QStringLiteral("local"));
    REQUIRE(states.ok());
    std::map<QString, PublishState> out;
    for (const auto& st : states.value()) out[st.photoId] = st.state;
    return out;
}

void publishAll(PublishStore& store, Catalog& c, const QString& eventId) {
    auto e = c.requireEvent(eventId);
    auto s = store.settings(e.value());
    auto states = store.photoStates(e.value(), s.value(), QStringLiteral("local"));
    REQUIRE(states.ok());
    for (const auto& st : states.value()) {
        if (st.state == PublishState::ToRemove) {
            REQUIRE(store.recordRemoved(eventId, st.photoId).ok());
        } else if (st.photo) {
            REQUIRE(store.recordPublished(eventId, st.photoId, WireRenditions{"p" + st.photoId, "t" + st.photoId, "z" + st.photoId},
                                          PublishStore::renderKey(*st.photo, s.value()), st.wire.metadataHash()).ok());
        }
    }
}

} // namespace

TEST_CASE("publish store: catalog migration 5 upgrades a version 4 catalog with its photos", "[db][publish]") {
    QTemporaryDir dir;
    auto db = SqliteDb::open(dir.filePath("catalog.sqlite"), {});
    REQUIRE(db.ok());
    REQUIRE(migrate(**db, catalogMigrations(), 4).ok());
    REQUIRE((*db)->exec(QStringLiteral(
        "INSERT INTO events(id, name, created_at) VALUES('e1', 'Smith wedding', 'x');"
        "INSERT INTO photos(id, event_id, filename, sha256, byte_size, format, width, height, imported_at, selected) "
        "VALUES('p1', 'e1', 'a.jpg', 'abc', 1, 'jpeg', 10, 10, 'x', 1)")).ok());
    REQUIRE(migrate(**db, catalogMigrations()).ok());
    CHECK((*db)->userVersion() >= 5);
    CHECK((*db)->exec(QStringLiteral(
        "INSERT INTO published_photos(event_id, photo_id, proof_sha, updated_at) VALUES('e1', 'p1', 'aa', 'x');"
        "INSERT INTO publish_jobs(event_id, host, state, created_at, updated_at) VALUES('e1', 'h', 'running', 'x', 'x');"
        "INSERT INTO publish_items(job_id, photo_id, action, state) VALUES(1, 'p1', 'send', 'pending');"
        "INSERT INTO event_gallery(event_id, access_code) VALUES('e1', 'rings')")).ok());
    // Deleting the event takes its publish rows with it.
    REQUIRE((*db)->exec(QStringLiteral("PRAGMA foreign_keys=ON; DELETE FROM events WHERE id = 'e1'")).ok());
    auto st = (*db)->prepare(QStringLiteral("SELECT (SELECT count(*) FROM published_photos) + (SELECT count(*) FROM publish_items) "
                                            "+ (SELECT count(*) FROM event_gallery)"));
    REQUIRE(st.ok());
    REQUIRE(st->step().value());
    CHECK(st->int64(0) == 0);
}

TEST_CASE("publish store: new, published, modified, to be removed, failed", "[db][publish]") {
    pd::test::TempCatalog c;
    auto e = c->createEvent(NewEvent{QStringLiteral("Smith wedding"), {}, {}, {}, {}, {QStringLiteral("Ceremony")}});
    REQUIRE(e.ok());
    const QString ev = e->id;
    for (int i = 0; i < 4; ++i) insert(*c, photo(ev, QStringLiteral("p%1").arg(i), i));
    REQUIRE(c->setSelected({"p0", "p1", "p2"}, true).ok());
    PublishStore store(*c);

    auto s = statesOf(store, *c, ev);
    CHECK(s.size() == 3);   // p3 is not selected and never was published
    CHECK(s["p0"] == PublishState::New);

    publishAll(store, *c, ev);
    s = statesOf(store, *c, ev);
    CHECK(s["p0"] == PublishState::Published);
    CHECK(s["p2"] == PublishState::Published);

    // Edited (the edit version moves), re-described (category), unselected, deleted.
    REQUIRE(c->db().exec(QStringLiteral("UPDATE photos SET edit_version = edit_version + 1 WHERE id = 'p0'")).ok());
    auto cat = c->findCategory(ev, QStringLiteral("Ceremony"));
    REQUIRE(cat.ok());
    REQUIRE(c->setCategory({"p1"}, cat.value()->id).ok());
    REQUIRE(c->setSelected({"p2"}, false).ok());
    s = statesOf(store, *c, ev);
    CHECK(s["p0"] == PublishState::Modified);
    CHECK(s["p1"] == PublishState::Modified);
    CHECK(s["p2"] == PublishState::ToRemove);
    REQUIRE(c->db().exec(QStringLiteral("DELETE FROM photos WHERE id = 'p2'")).ok());
    s = statesOf(store, *c, ev);
    CHECK(s["p2"] == PublishState::ToRemove);   // deleted after being published: still to remove

    REQUIRE(store.recordFailed(ev, QStringLiteral("p1"), QStringLiteral("the host answered 422")).ok());
    s = statesOf(store, *c, ev);
    CHECK(s["p1"] == PublishState::Failed);

    publishAll(store, *c, ev);
    s = statesOf(store, *c, ev);
    CHECK(s.size() == 2);
    CHECK(s["p0"] == PublishState::Published);
    CHECK(s["p1"] == PublishState::Published);

    // A change of the event's proof size re-renders everything.
    auto rec = c->requireEvent(ev);
    rec->proofSize = 1600;
    REQUIRE(c->updateEvent(rec.value()).ok());
    s = statesOf(store, *c, ev);
    CHECK(s["p0"] == PublishState::Modified);
    CHECK(s["p1"] == PublishState::Modified);
}

TEST_CASE("publish store: a host's token is a 0600 file beside the catalog, never in SQLite", "[db][publish]") {
    pd::test::TempCatalog c;
    PublishStore store(*c);
    const QByteArray token = "s3cret-token-value\n";
    auto h = store.addHost(QStringLiteral("studio"), QStringLiteral("https://photos.example.com/"), token);
    REQUIRE(h.ok());
    CHECK(h->url == "https://photos.example.com");
    CHECK(h->isDefault);
    CHECK(QFileInfo(h->tokenFile).permissions() == (QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                     QFileDevice::ReadUser | QFileDevice::WriteUser));
    CHECK(PublishStore::readToken(h.value()).value() == "s3cret-token-value");
    QFile db(c->dir() + QStringLiteral("/catalog.sqlite"));
    REQUIRE(db.open(QIODevice::ReadOnly));
    CHECK_FALSE(db.readAll().contains("s3cret"));

    CHECK(store.addHost(QStringLiteral("studio"), QStringLiteral("http://x"), "t").error().code == ErrorCode::AlreadyExists);
    CHECK_FALSE(store.addHost(QStringLiteral("../evil"), QStringLiteral("http://x"), "t").ok());
    CHECK_FALSE(store.addHost(QStringLiteral("ftp"), QStringLiteral("ftp://x"), "t").ok());
    REQUIRE(store.addHost(QStringLiteral("backup"), QStringLiteral("http://127.0.0.1:9"), "t2").ok());
    CHECK(store.requireHost().value().name == "studio");
    REQUIRE(store.useHost(QStringLiteral("backup")).ok());
    CHECK(store.requireHost().value().name == "backup");
    CHECK(store.requireHost(QStringLiteral("nope")).error().message.contains("backup"));
}

TEST_CASE("publish store: a new job replaces an unfinished one of the same event", "[db][publish]") {
    pd::test::TempCatalog c;
    auto e = c->createEvent(NewEvent{QStringLiteral("E"), {}, {}, {}, {}, {}});
    REQUIRE(e.ok());
    PublishStore store(*c);
    auto first = store.startJob(e->id, QStringLiteral("local"), {{"a", false, "pending"}, {"b", true, "pending"}});
    REQUIRE(first.ok());
    auto jobs = store.unfinishedJobs();
    REQUIRE(jobs->size() == 1);
    CHECK(jobs->at(0).items.size() == 2);
    CHECK(jobs->at(0).items.at(1).remove);
    auto second = store.startJob(e->id, QStringLiteral("local"), {{"b", true, "pending"}});
    REQUIRE(second.ok());
    jobs = store.unfinishedJobs();
    REQUIRE(jobs->size() == 1);
    CHECK(jobs->at(0).id == second.value());
    REQUIRE(store.finishJob(second.value()).ok());
    CHECK(store.unfinishedJobs()->empty());
}

TEST_CASE("publish store: removing a host takes its token file, its unfinished job and what was published there, "
          "and the next profile becomes the default",
          "[db][publish]") {
    pd::test::TempCatalog c;
    auto e = c->createEvent(NewEvent{QStringLiteral("Smith wedding"), {}, {}, {}, {}, {}});
    REQUIRE(e.ok());
    const QString ev = e->id;
    for (int i = 0; i < 2; ++i) insert(*c, photo(ev, QStringLiteral("p%1").arg(i), i));
    REQUIRE(c->setSelected({"p0", "p1"}, true).ok());
    PublishStore store(*c);
    auto local = store.addHost(QStringLiteral("local"), QStringLiteral("http://127.0.0.1:9"), "tok-local");
    REQUIRE(local.ok());
    REQUIRE(store.addHost(QStringLiteral("studio"), QStringLiteral("https://photos.example.com"), "tok-studio").ok());
    REQUIRE(store.addHost(QStringLiteral("backup"), QStringLiteral("https://backup.example.com"), "tok-backup").ok());
    CHECK(store.requireHost().value().name == "local");
    publishAll(store, *c, ev);
    REQUIRE(store.recordEventSynced(ev, QStringLiteral("local"), QStringLiteral("hash"), QStringLiteral("http://127.0.0.1:9/g/x")).ok());
    REQUIRE(store.startJob(ev, QStringLiteral("local"), {{"p1", false, "pending"}}).ok());
    CHECK(statesOf(store, *c, ev)["p0"] == PublishState::Published);

    REQUIRE(store.removeHost(QStringLiteral("local")).ok());
    CHECK_FALSE(QFile::exists(local->tokenFile));
    auto hosts = store.hosts();
    REQUIRE(hosts->size() == 2);
    CHECK(store.requireHost().value().name == "backup");   // the first remaining by name
    CHECK(store.unfinishedJobs()->empty());
    CHECK(store.gallery(ev)->host.isEmpty());
    // Added again under the same name (another machine, say): everything is new there.
    REQUIRE(store.addHost(QStringLiteral("local"), QStringLiteral("http://127.0.0.1:10"), "tok-2").ok());
    auto s = statesOf(store, *c, ev);
    CHECK(s["p0"] == PublishState::New);
    CHECK(s["p1"] == PublishState::New);

    // Removing one that is not the default leaves the default alone; an unknown name is NotFound.
    REQUIRE(store.removeHost(QStringLiteral("studio")).ok());
    CHECK(store.requireHost().value().name == "backup");
    CHECK(store.removeHost(QStringLiteral("studio")).error().code == ErrorCode::NotFound);
    CHECK(store.removeHost(QString()).error().code == ErrorCode::InvalidArgument);
}
