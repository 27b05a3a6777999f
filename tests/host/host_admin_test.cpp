// proofdesk-host's admin commands, run as the real binary on both engines (a data folder, and a
// database of the test cluster with --db): photographer add/list/revoke, migrate and check.
#include <catch2/catch.hpp>

#include "host_process.h"
#include "pg_cluster.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

#include "pd/core/content_hash.h"
#include "pd/host/postgres_host_store.h"
#include "pd/host/sqlite_connection.h"
#include "pd/host/sqlite_host_store.h"

#include <libpq-fe.h>

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

// Every row of every table of a PostgreSQL database, as JSON text.
QByteArray databaseText(const QString& uri) {
    PGconn* db = PQconnectdb(uri.toUtf8().constData());
    REQUIRE(PQstatus(db) == CONNECTION_OK);
    QByteArray all;
    PGresult* tables = PQexec(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
    for (int t = 0; t < PQntuples(tables); ++t) {
        const QByteArray sql = QByteArray("SELECT row_to_json(r)::text FROM \"") + PQgetvalue(tables, t, 0) + "\" r";
        PGresult* rows = PQexec(db, sql.constData());
        for (int r = 0; r < PQntuples(rows); ++r) all += QByteArray(PQgetvalue(rows, r, 0)) + '\n';
        PQclear(rows);
    }
    PQclear(tables);
    PQfinish(db);
    return all;
}

// The admin commands' store: a data folder, or a database of the test cluster.
class AdminTarget {
public:
    explicit AdminTarget(const std::string& backend) {
        if (backend == "postgresql") m_uri = PgCluster::shared().createDatabase();
    }
    bool postgres() const { return !m_uri.isEmpty(); }
    QStringList storeArgs() const {
        return postgres() ? QStringList{QStringLiteral("--db"), m_uri}
                          : QStringList{QStringLiteral("--data"), m_dir.path()};
    }
    QStringList args(std::initializer_list<const char*> list) const {
        QStringList out;
        for (const char* a : list) out << QString::fromUtf8(a);
        return out + storeArgs();
    }
    // What is stored, as bytes (SQLite: the files; PostgreSQL: every row as text).
    QByteArray storedBytes() const { return postgres() ? databaseText(m_uri) : storeBytes(m_dir.path()); }
    // Runs SQL on the store behind the program's back.
    void exec(const QString& sql) const {
        if (postgres()) {
            PgCluster::exec(m_uri, sql);
            return;
        }
        auto db = pd::host::SqliteConnection::open(QDir(m_dir.path()).filePath(QStringLiteral("host.sqlite")));
        REQUIRE(db.ok());
        REQUIRE(db.value()->exec(sql).ok());
    }
    std::unique_ptr<pd::host::HostStore> open() const {
        if (postgres()) return std::move(pd::host::PostgresHostStore::open(m_uri)).value();
        return std::move(pd::host::SqliteHostStore::open(m_dir.path())).value();
    }

private:
    QTemporaryDir m_dir;
    QString m_uri;
};

#define PD_EACH_ADMIN_BACKEND()                                                                                        \
    const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");                                   \
    INFO("backend: " << backend);                                                                                      \
    const AdminTarget target(backend)

QStringList args(std::initializer_list<const char*> list, const QString& dataDir) {
    QStringList out;
    for (const char* a : list) out << QString::fromUtf8(a);
    return out << QStringLiteral("--data") << dataDir;
}

} // namespace

TEST_CASE("photographer add prints a token once and the store holds only its hash", "[host][admin]") {
    PD_EACH_ADMIN_BACKEND();
    const HostResult r = runHost(target.args({"photographer", "add", "Ann Example"}));
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    const QString token = r.outText();
    static const QRegularExpression base64url(QStringLiteral("^[A-Za-z0-9_-]{43}$"));
    REQUIRE(base64url.match(token).hasMatch());
    CHECK(r.err.contains("shown this once"));

    const QByteArray bytes = target.storedBytes();
    REQUIRE(!bytes.isEmpty());
    CHECK_FALSE(bytes.contains(token.toUtf8()));
    CHECK(bytes.contains(pd::sha256Hex(token.toUtf8()).toUtf8())); // the hash is what is kept
    CHECK(bytes.contains("Ann Example"));

    // A second photographer gets another token; the same name again is refused.
    const QString other = addPhotographerTo(target.storeArgs(), QStringLiteral("Bob"));
    CHECK(other != token);
    const HostResult again = runHost(target.args({"photographer", "add", "Ann Example"}));
    CHECK(again.exitCode == 1);
    CHECK(again.err.contains("exists"));
    CHECK(again.out.isEmpty());
}

TEST_CASE("photographer list and revoke, by name and by id", "[host][admin]") {
    PD_EACH_ADMIN_BACKEND();
    addPhotographerTo(target.storeArgs(), QStringLiteral("Ann"));
    addPhotographerTo(target.storeArgs(), QStringLiteral("O'Brien\"; DROP TABLE photographers;--"));

    HostResult list = runHost(target.args({"photographer", "list", "--json"}));
    REQUIRE(list.exitCode == 0);
    QJsonArray people = QJsonDocument::fromJson(list.out).array();
    REQUIRE(people.size() == 2);
    CHECK(people[0].toObject().value("name").toString() == "Ann");
    CHECK(people[1].toObject().value("name").toString() == "O'Brien\"; DROP TABLE photographers;--");
    CHECK(people[1].toObject().value("revoked_at").isNull());
    const QString obrienId = people[1].toObject().value("id").toString();

    REQUIRE(runHost(target.args({"photographer", "revoke", "Ann"})).exitCode == 0);
    QStringList revokeById = target.args({"photographer", "revoke"});
    revokeById.insert(2, obrienId);
    REQUIRE(runHost(revokeById).exitCode == 0);
    const HostResult missing = runHost(target.args({"photographer", "revoke", "Carol"}));
    CHECK(missing.exitCode == 1);
    CHECK(missing.err.contains("Carol"));

    list = runHost(target.args({"photographer", "list"}));
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

TEST_CASE("check names damaged rows and blobs on either engine", "[host][admin]") {
    PD_EACH_ADMIN_BACKEND();
    REQUIRE(runHost(target.args({"migrate"})).exitCode == 0);
    addPhotographerTo(target.storeArgs(), QStringLiteral("Ann"));
    // A stored rendition, through the store as the studio API would.
    const QByteArray bytes("not really an image, but bytes with a hash");
    const QString sha = pd::sha256Hex(bytes);
    {
        auto store = target.open();
        const QString ann = store->photographers().value().at(0).id;
        REQUIRE(
            store->putBlob(ann, pd::host::BlobInfo{sha, QStringLiteral("image/jpeg"), 1, 1, bytes.size()}, bytes).ok());
    }
    HostResult check = runHost(target.args({"check"}));
    INFO(check.out.toStdString() << check.err.toStdString());
    CHECK(check.exitCode == 0);
    CHECK(check.outText() == "ok");

    target.exec(QStringLiteral("UPDATE blobs SET bytes = substr(bytes, 2)"));
    target.exec(QStringLiteral("UPDATE photographers SET token_hash = 'not-a-hash' WHERE name = 'Ann'"));
    check = runHost(target.args({"check"}));
    CHECK(check.exitCode == 1);
    CHECK(check.outText().contains(QStringLiteral("malformed token hash")));
    CHECK(check.outText().contains(sha));
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
