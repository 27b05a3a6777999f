#include <catch2/catch.hpp>

#include "cli_runner.h"
#include "test_support.h"

#include <QFileInfo>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace pd::test;

TEST_CASE("cli: an archived event is one file that attaches back whole", "[cli][archive]") {
    QTemporaryDir dir;
    const QString catalog = dir.path() + "/catalog";
    const QString id = runCli(catalog, {"event", "create", "Gala", "--category", "Dinner", "--date", "2026-03-03"}).outText();
    const auto batch = makeMixedBatch(dir.path() + "/src", 3, 900);
    REQUIRE(runCli(catalog, {"import", "Gala", batch.valid[0], batch.valid[1], batch.valid[2], "--category", "Dinner"}).exitCode == 0);
    const QJsonArray before = runCli(catalog, {"photos", "Gala", "--json"}).json().array();
    REQUIRE(before.size() == 3);
    const QString rated = before[1].toObject().value("id").toString();
    REQUIRE(runCli(catalog, {"rate", rated, "5"}).exitCode == 0);
    REQUIRE(runCli(catalog, {"flag", rated, "pick"}).exitCode == 0);

    const QString archive = dir.path() + "/backup-disk/gala.pdvault";
    const auto archived = runCli(catalog, {"event", "archive", "Gala", "--to", archive});
    REQUIRE(archived.exitCode == 0);
    CHECK(QFileInfo::exists(archive));
    CHECK_FALSE(QFileInfo::exists(catalog + "/vaults/" + id + ".sqlite"));
    CHECK(runCli(catalog, {"event", "list", "--json"}).json().array().isEmpty());
    CHECK(runCli(catalog, {"catalog", "check"}).exitCode == 0);
    // Never overwrites.
    REQUIRE(runCli(catalog, {"event", "create", "Other"}).exitCode == 0);
    CHECK(runCli(catalog, {"event", "archive", "Other", "--to", archive}).exitCode == 1);

    // Attach into a fresh catalog, as on another machine.
    const QString other = dir.path() + "/other-catalog";
    const auto attached = runCli(other, {"event", "attach", archive});
    INFO(attached.err.toStdString());
    REQUIRE(attached.exitCode == 0);
    CHECK(attached.outText() == id);
    const QJsonArray after = runCli(other, {"photos", "Gala", "--json"}).json().array();
    REQUIRE(after.size() == 3);
    for (const auto& v : after) {
        const QJsonObject p = v.toObject();
        CHECK(p.value("category").toString() == "Dinner");
        if (p.value("id").toString() == rated) {
            CHECK(p.value("rating").toInt() == 5);
            CHECK(p.value("flag").toString() == "pick");
        }
        const QString out = dir.path() + "/x-" + p.value("id").toString();
        REQUIRE(runCli(other, {"export", p.value("id").toString(), "--kind", "original", "--out", out}).exitCode == 0);
        CHECK(readFile(out) == readFile(batch.dir + "/card/" + p.value("filename").toString()));
        REQUIRE(runCli(other, {"export", p.value("id").toString(), "--kind", "thumb", "--out", out + ".jpg"}).exitCode == 0);
        CHECK(QImage(out + ".jpg").width() > 0);
    }
    CHECK(runCli(other, {"catalog", "check"}).exitCode == 0);
    CHECK(runCli(other, {"event", "show", "Gala", "--json"}).json().object().value("date").toString() == "2026-03-03");

    // Attaching the same event twice is refused; so is a file that is not a vault.
    const auto twice = runCli(other, {"event", "attach", archive});
    CHECK(twice.exitCode == 1);
    CHECK(twice.err.contains("already in the catalog"));
    writeFile(dir.path() + "/junk.pdvault", "not a database at all, just text");
    const auto junk = runCli(other, {"event", "attach", dir.path() + "/junk.pdvault"});
    CHECK(junk.exitCode == 1);
    CHECK_FALSE(junk.err.isEmpty());
}
