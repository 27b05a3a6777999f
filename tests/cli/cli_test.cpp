#include <catch2/catch.hpp>

#include "cli_runner.h"
#include "test_support.h"

#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUuid>

using namespace pd::test;

namespace {

struct Studio {
    QTemporaryDir dir;
    QString catalog() const { return dir.path() + "/catalog"; }
    CliResult cli(const QStringList& args) const { return runCli(catalog(), args); }
};

QJsonArray photosOf(const Studio& s, const QString& event) {
    const auto r = s.cli({"photos", event, "--json"});
    REQUIRE(r.exitCode == 0);
    return r.json().array();
}

} // namespace

TEST_CASE("cli: create an event, import a card, list and show it", "[cli]") {
    Studio s;
    const auto created = s.cli({"event", "create", "Jones Wedding", "--date", "2026-07-04", "--description", "Barn",
                                "--category", "Ceremony", "--category", "Reception"});
    REQUIRE(created.exitCode == 0);
    const QString id = created.outText();
    CHECK_FALSE(QUuid::fromString(id).isNull());

    const auto batch = makeMixedBatch(s.dir.path() + "/src", 4, 1000);
    const auto imported = s.cli({"import", "Jones Wedding", batch.dir + "/card", "--category", "Ceremony", "--jobs", "2", "--json"});
    CHECK(imported.exitCode == 3);  // finished, but some files failed
    const QJsonObject summary = imported.json().object();
    CHECK(summary.value("imported").toInt() == batch.valid.size());
    CHECK(summary.value("duplicates").toInt() == 1);
    const QJsonArray failed = summary.value("failed").toArray();
    REQUIRE(failed.size() == 2);
    for (const auto& f : failed) {
        CHECK(batch.invalid.contains(f.toObject().value("path").toString()));
        CHECK_FALSE(f.toObject().value("error").toString().isEmpty());
    }
    CHECK(imported.err.contains("IMG_TRUNC.JPG"));

    const QJsonArray photos = photosOf(s, id);
    REQUIRE(photos.size() == batch.valid.size());
    for (const auto& v : photos) {
        const QJsonObject p = v.toObject();
        for (const char* key : {"id", "filename", "width", "height", "captured_at", "sha256", "rating", "flag", "selected"})
            CHECK(p.contains(key));
        CHECK(p.value("sha256").toString() == sha256Of(readFile(batch.dir + "/card/" + p.value("filename").toString())));
    }

    const auto list = s.cli({"event", "list", "--json"});
    REQUIRE(list.exitCode == 0);
    REQUIRE(list.json().array().size() == 1);
    CHECK(list.json().array()[0].toObject().value("photos").toInt() == batch.valid.size());
    const auto show = s.cli({"event", "show", "Jones Wedding", "--json"});
    REQUIRE(show.exitCode == 0);
    const QJsonObject ev = show.json().object();
    CHECK(ev.value("date").toString() == "2026-07-04");
    CHECK(ev.value("categories").toArray()[0].toObject().value("photos").toInt() == batch.valid.size());
    const auto human = s.cli({"event", "show", id});
    CHECK(human.exitCode == 0);
    CHECK(human.out.contains("Reception"));
}

TEST_CASE("cli: rate, flag, select and export", "[cli]") {
    Studio s;
    REQUIRE(s.cli({"event", "create", "E"}).exitCode == 0);
    const auto batch = makeMixedBatch(s.dir.path() + "/src", 2, 1400);
    REQUIRE(s.cli({"import", "E", batch.valid[0], batch.valid[1]}).exitCode == 0);
    QJsonArray photos = photosOf(s, "E");
    REQUIRE(photos.size() == 2);
    const QString a = photos[0].toObject().value("id").toString();
    const QString b = photos[1].toObject().value("id").toString();

    CHECK(s.cli({"rate", a, "4"}).exitCode == 0);
    CHECK(s.cli({"label", a, "green"}).exitCode == 0);
    CHECK(s.cli({"label", a, "mauve"}).exitCode == 2);
    CHECK(s.cli({"flag", b, "reject"}).exitCode == 0);
    CHECK(s.cli({"select", a, b}).exitCode == 0);
    CHECK(s.cli({"select", b, "--off"}).exitCode == 0);
    photos = photosOf(s, "E");
    for (const auto& v : photos) {
        const QJsonObject p = v.toObject();
        if (p.value("id").toString() == a) {
            CHECK(p.value("rating").toInt() == 4);
            CHECK(p.value("color_label").toString() == "green");
            CHECK(p.value("selected").toBool());
        } else {
            CHECK(p.value("flag").toString() == "reject");
            CHECK_FALSE(p.value("selected").toBool());
        }
    }

    // The original comes back byte for byte; renditions are JPEGs of the right size.
    const QString fileA = photos[0].toObject().value("filename").toString();
    const QString idA = photos[0].toObject().value("id").toString();
    REQUIRE(s.cli({"export", idA, "--kind", "original", "--out", s.dir.path() + "/o.jpg"}).exitCode == 0);
    CHECK(readFile(s.dir.path() + "/o.jpg") == readFile(batch.dir + "/card/" + fileA));
    REQUIRE(s.cli({"export", idA, "--kind", "thumb", "--out", s.dir.path() + "/t.jpg"}).exitCode == 0);
    REQUIRE(s.cli({"export", idA, "--kind", "preview", "--out", s.dir.path() + "/p.jpg"}).exitCode == 0);
    const QImage t(s.dir.path() + "/t.jpg"), p(s.dir.path() + "/p.jpg");
    CHECK(std::max(t.width(), t.height()) == 400);
    CHECK(std::max(p.width(), p.height()) == 1400);  // smaller than 2048: never enlarged
}

TEST_CASE("cli: every error has a message and a non-zero exit", "[cli]") {
    Studio s;
    REQUIRE(s.cli({"event", "create", "E"}).exitCode == 0);
    struct Case { QStringList args; int code; const char* says; };
    const Case cases[] = {
        {{}, 2, "usage"},
        {{"frobnicate"}, 2, "unknown command"},
        {{"event", "create", "E"}, 1, "already exists"},
        {{"event", "show", "Nope"}, 1, "no event"},
        {{"import", "Nope", "/tmp"}, 1, "no event"},
        {{"import", "E"}, 2, "PATH"},
        {{"import", "E", "/tmp", "--bogus"}, 2, "unknown option --bogus"},
        {{"import", "E", "/tmp", "--jobs", "zero"}, 2, "--jobs"},
        {{"rate", "nope", "3"}, 1, "no photo"},
        {{"rate", "nope", "9"}, 2, "0-5"},
        {{"flag", "nope", "maybe"}, 2, "pick, reject or none"},
        {{"export", "nope", "--kind", "original", "--out", "/tmp/x"}, 1, "no photo"},
        {{"event", "attach", "/no/such/file"}, 1, "no such file"},
        {{"event", "create", "D", "--date", "July"}, 2, "YYYY-MM-DD"},
    };
    for (const Case& c : cases) {
        INFO("proofdesk-cli " << c.args.join(' ').toStdString());
        const auto r = s.cli(c.args);
        CHECK(r.exitCode == c.code);
        CHECK(QString::fromUtf8(r.err).contains(QLatin1String(c.says)));
    }
}

TEST_CASE("cli: catalog check passes on a good catalog and names a damaged original", "[cli]") {
    Studio s;
    REQUIRE(s.cli({"event", "create", "E"}).exitCode == 0);
    const auto batch = makeMixedBatch(s.dir.path() + "/src", 2, 800);
    REQUIRE(s.cli({"import", "E", batch.valid[0], batch.valid[1]}).exitCode == 0);
    const auto good = s.cli({"catalog", "check", "--json"});
    CHECK(good.exitCode == 0);
    CHECK(good.json().object().value("ok").toBool());
    CHECK(good.json().object().value("photos").toInt() == 2);

    const QString eventId = s.cli({"event", "show", "E", "--json"}).json().object().value("id").toString();
    const QString vault = s.catalog() + "/vaults/" + eventId + ".sqlite";
    QProcess sqlite;
    sqlite.start("sqlite3", {vault, "UPDATE originals SET bytes = x'FFD8FFD9' WHERE rowid = 1"});
    REQUIRE(sqlite.waitForFinished());
    REQUIRE(sqlite.exitCode() == 0);
    const auto bad = s.cli({"catalog", "check"});
    CHECK(bad.exitCode == 1);
    CHECK(bad.err.contains("does not match its SHA-256"));
}

TEST_CASE("cli: the demo event imports the bundled photos", "[cli]") {
    Studio s;
    const auto r = s.cli({"demo", "--json"});
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QJsonArray photos = photosOf(s, "Demo: Harbour Festival");
    CHECK(photos.size() >= 5);
    // Running it again adds nothing.
    REQUIRE(s.cli({"demo"}).exitCode == 0);
    CHECK(photosOf(s, "Demo: Harbour Festival").size() == photos.size());
}
