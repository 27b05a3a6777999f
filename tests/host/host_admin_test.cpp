// proofdesk-host's admin commands, run as the real binary: photographer add/list/revoke,
// migrate and check.
#include <catch2/catch.hpp>

#include "host_process.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

#include "pd/core/content_hash.h"

using namespace pd::test;

namespace {

// Every byte of the store: the main file and, if present, its WAL.
QByteArray storeBytes(const QString& dataDir) {
    QByteArray all;
    for (const char* name : {"host.sqlite", "host.sqlite-wal"}) {
        QFile f(QDir(dataDir).filePath(QString::fromLatin1(name)));
        if (f.open(QIODevice::ReadOnly)) all += f.readAll();
    }
    return all;
}

QStringList args(std::initializer_list<const char*> list, const QString& dataDir) {
    QStringList out;
    for (const char* a : list) out << QString::fromUtf8(a);
    return out << QStringLiteral("--data") << dataDir;
}

} // namespace

TEST_CASE("photographer add prints a token once and the store holds only its hash", "[host][admin]") {
    QTemporaryDir dir;
    const HostResult r = runHost(args({"photographer", "add", "Ann Example"}, dir.path()));
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QString token = r.outText();
    static const QRegularExpression base64url(QStringLiteral("^[A-Za-z0-9_-]{43}$"));
    REQUIRE(base64url.match(token).hasMatch());
    CHECK(r.err.contains("shown this once"));

    const QByteArray bytes = storeBytes(dir.path());
    REQUIRE(!bytes.isEmpty());
    CHECK_FALSE(bytes.contains(token.toUtf8()));
    CHECK(bytes.contains(pd::sha256Hex(token.toUtf8()).toUtf8())); // the hash is what is kept
    CHECK(bytes.contains("Ann Example"));

    // A second photographer gets another token; the same name again is refused.
    const QString other = addPhotographer(dir.path(), QStringLiteral("Bob"));
    CHECK(other != token);
    const HostResult again = runHost(args({"photographer", "add", "Ann Example"}, dir.path()));
    CHECK(again.exitCode == 1);
    CHECK(again.err.contains("exists"));
    CHECK(again.out.isEmpty());
}

TEST_CASE("photographer list and revoke, by name and by id", "[host][admin]") {
    QTemporaryDir dir;
    addPhotographer(dir.path(), QStringLiteral("Ann"));
    addPhotographer(dir.path(), QStringLiteral("O'Brien\"; DROP TABLE photographers;--"));

    HostResult list = runHost(args({"photographer", "list", "--json"}, dir.path()));
    REQUIRE(list.exitCode == 0);
    QJsonArray people = QJsonDocument::fromJson(list.out).array();
    REQUIRE(people.size() == 2);
    CHECK(people[0].toObject().value("name").toString() == "Ann");
    CHECK(people[1].toObject().value("name").toString() == "O'Brien\"; DROP TABLE photographers;--");
    CHECK(people[1].toObject().value("revoked_at").isNull());
    const QString obrienId = people[1].toObject().value("id").toString();

    REQUIRE(runHost(args({"photographer", "revoke", "Ann"}, dir.path())).exitCode == 0);
    QStringList revokeById = args({"photographer", "revoke"}, dir.path());
    revokeById.insert(2, obrienId);
    REQUIRE(runHost(revokeById).exitCode == 0);
    const HostResult missing = runHost(args({"photographer", "revoke", "Carol"}, dir.path()));
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.contains("Carol"));

    list = runHost(args({"photographer", "list"}, dir.path()));
    REQUIRE(list.exitCode == 0);
    const QStringList lines = list.outText().split(QLatin1Char('\n'));
    REQUIRE(lines.size() == 2);
    for (const QString& line : lines) CHECK(line.contains(QStringLiteral("revoked")));
}

TEST_CASE("migrate and check, and check finds a damaged store", "[host][admin]") {
    QTemporaryDir dir;
    const HostResult noStore = runHost(args({"check"}, dir.path()));
    CHECK(noStore.exitCode == 1);
    CHECK(noStore.err.contains("no host store"));

    const HostResult migrate = runHost(args({"migrate"}, dir.path()));
    REQUIRE(migrate.exitCode == 0);
    CHECK(migrate.outText().startsWith(QStringLiteral("schema version")));
    const HostResult check = runHost(args({"check"}, dir.path()));
    CHECK(check.exitCode == 0);
    CHECK(check.outText() == "ok");

    // Many rows, then garbage over the middle of the file: check must not say ok.
    for (int i = 0; i < 60; ++i)
        addPhotographer(dir.path(), QStringLiteral("photographer %1 %2").arg(i).arg(QString(150, QLatin1Char('x'))));
    QFile f(QDir(dir.path()).filePath(QStringLiteral("host.sqlite")));
    REQUIRE(f.size() > 4 * 4096);
    REQUIRE(f.open(QIODevice::ReadWrite));
    REQUIRE(f.seek(2 * 4096 + 100));
    f.write(QByteArray(4096, '\x5a'));
    f.close();
    const HostResult damaged = runHost(args({"check"}, dir.path()));
    CHECK(damaged.exitCode != 0);
    CHECK(damaged.outText() != "ok");
}

TEST_CASE("the data folder comes from PROOFDESK_HOST_DATA when no flag names it", "[host][admin]") {
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PROOFDESK_HOST_DATA"), dir.path());
    REQUIRE(runHost({QStringLiteral("photographer"), QStringLiteral("add"), QStringLiteral("Ann")}, env).exitCode == 0);
    CHECK(QFile::exists(QDir(dir.path()).filePath(QStringLiteral("host.sqlite"))));

    const HostResult noData = runHost({QStringLiteral("migrate")}, QProcessEnvironment());
    CHECK(noData.exitCode == 1);
    CHECK(noData.err.contains("--data"));
    const HostResult unknown = runHost({QStringLiteral("serve"), QStringLiteral("--no-such-flag")});
    CHECK(unknown.exitCode == 2);
}
