// proofdesk-cli's host profiles and gallery settings, without a host: what a user sees when
// setting up publishing.
#include <catch2/catch.hpp>

#include "cli_runner.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace pd::test;

TEST_CASE("cli: host add keeps the token in a file only the user can read, host use, list and remove", "[cli][publish]") {
    QTemporaryDir dir;
    const QString catalog = dir.path() + "/catalog";
    QFile token(dir.path() + "/token.txt");
    REQUIRE(token.open(QIODevice::WriteOnly));
    token.write("abc123-the-token\n");
    token.close();

    // Nothing set up yet: publish says how to set a host up.
    REQUIRE(runCli(catalog, {"event", "create", "Smith wedding"}).exitCode == 0);
    const auto none = runCli(catalog, {"publish", "Smith wedding"});
    CHECK(none.exitCode == 1);
    CHECK(none.err.contains("host add"));

    REQUIRE(runCli(catalog, {"host", "add", "studio", "https://photos.example.com", "--token-file", token.fileName()}).exitCode == 0);
    REQUIRE(runCli(catalog, {"host", "add", "local", "http://127.0.0.1:1", "--token-file", token.fileName()}).exitCode == 0);
    const QFileInfo stored(catalog + "/hosts/studio.token");
    REQUIRE(stored.exists());
    CHECK((stored.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup | QFileDevice::WriteOther)) == 0);
    QFile db(catalog + "/catalog.sqlite");
    REQUIRE(db.open(QIODevice::ReadOnly));
    CHECK_FALSE(db.readAll().contains("abc123"));

    auto list = runCli(catalog, {"host", "list", "--json"});
    REQUIRE(list.exitCode == 0);
    QJsonArray hosts = list.json().array();
    REQUIRE(hosts.size() == 2);
    for (const auto& h : hosts)
        CHECK(h.toObject().value("default").toBool() == (h.toObject().value("name").toString() == "studio"));
    REQUIRE(runCli(catalog, {"host", "use", "local"}).exitCode == 0);
    hosts = runCli(catalog, {"host", "list", "--json"}).json().array();
    for (const auto& h : hosts)
        CHECK(h.toObject().value("default").toBool() == (h.toObject().value("name").toString() == "local"));

    CHECK(runCli(catalog, {"host", "add", "studio", "https://x.example", "--token-file", token.fileName()}).exitCode == 1);
    CHECK(runCli(catalog, {"host", "use", "nope"}).exitCode == 1);
    CHECK(runCli(catalog, {"host", "add", "bad", "ftp://x", "--token-file", token.fileName()}).exitCode == 1);
    // Nothing listens on port 1: the connection test fails with a message, not a hang.
    const auto test = runCli(catalog, {"host", "test", "local"}, 60000);
    CHECK(test.exitCode == 1);
    CHECK(test.err.contains("cannot reach"));

    // host remove: the profile and its token file go; studio becomes the default again.
    const auto removed = runCli(catalog, {"host", "remove", "local"});
    CHECK(removed.exitCode == 0);
    CHECK(removed.out.contains("removed host local"));
    CHECK_FALSE(QFileInfo::exists(catalog + "/hosts/local.token"));
    hosts = runCli(catalog, {"host", "list", "--json"}).json().array();
    REQUIRE(hosts.size() == 1);
    CHECK(hosts[0].toObject().value("name").toString() == "studio");
    CHECK(hosts[0].toObject().value("default").toBool());
    const auto again = runCli(catalog, {"host", "remove", "local"});
    CHECK(again.exitCode == 1);
    CHECK(again.err.contains("no host named \"local\""));
    CHECK(runCli(catalog, {"host", "remove"}).exitCode == 2);
}

TEST_CASE("cli: event set takes the gallery's access code and expiry", "[cli][publish]") {
    QTemporaryDir dir;
    const QString catalog = dir.path() + "/catalog";
    REQUIRE(runCli(catalog, {"event", "create", "Smith wedding"}).exitCode == 0);
    CHECK(runCli(catalog, {"event", "set", "Smith wedding", "--access-code", "rings2026", "--expires", "2026-12-31"}).exitCode == 0);
    CHECK(runCli(catalog, {"event", "set", "Smith wedding", "--expires", "31/12/2026"}).exitCode == 2);
    CHECK(runCli(catalog, {"event", "set", "Smith wedding", "--access-code", QString(129, 'x')}).exitCode == 1);
    CHECK(runCli(catalog, {"event", "set", "Smith wedding", "--expires", "never"}).exitCode == 0);
}
