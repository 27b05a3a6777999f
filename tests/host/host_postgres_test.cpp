// proofdesk-host on PostgreSQL as the real binary: several processes sharing one database, the
// admin commands with --db, and the server's own error messages reaching the caller.
#include <catch2/catch.hpp>

#include "host_process.h"
#include "pg_cluster.h"
#include "raw_http.h"

#include "pd/host/postgres_host_store.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUuid>

using namespace pd;
using namespace pd::test;

TEST_CASE("two proofdesk-host processes on one PostgreSQL database see each other's writes", "[host][postgres]") {
    const QString uri = PgCluster::shared().createDatabase();
    const QStringList db{QStringLiteral("--db"), uri};
    QTemporaryDir logsA, logsB;
    // Both start together and both migrate the empty database: the steps are applied once.
    HostServer a(logsA.path(), db);
    HostServer b(logsB.path(), db);
    INFO("A: " << a.errorOutput().toStdString() << "\nB: " << b.errorOutput().toStdString());

    // A photographer added by the admin command is known to both running servers at once.
    const std::string ann = addPhotographerTo(db, QStringLiteral("Ann")).toStdString();
    CHECK(roundTrip(a.port(), "GET", "/api/v1/me", ann).status == 200);
    CHECK(roundTrip(b.port(), "GET", "/api/v1/me", ann).status == 200);

    const std::string path = "/api/v1/events/" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    const std::string body = R"({"name": "Smith wedding", "date": "2026-06-01", "categories": ["Ceremony", "Party"],
        "gallery": {"access_code": "rings2026", "proof_size": 1600}})";
    const RawResponse put = roundTrip(a.port(), "PUT", path, ann, body);
    INFO(put.body);
    REQUIRE(put.status == 201);

    const RawResponse got = roundTrip(b.port(), "GET", path, ann);
    INFO(got.body);
    REQUIRE(got.status == 200);
    const QJsonObject event = got.json().object();
    CHECK(event.value("name").toString() == "Smith wedding");
    CHECK(event.value("categories").toArray() == QJsonArray{"Ceremony", "Party"});
    CHECK(roundTrip(b.port(), "GET", "/api/v1/events", ann).json().object().value("events").toArray().size() == 1);

    // A replace through B is an update of A's row, and A reads it back.
    REQUIRE(roundTrip(b.port(), "PUT", path, ann, R"({"name": "Smith & Jones wedding"})").status == 200);
    CHECK(roundTrip(a.port(), "GET", path, ann).json().object().value("name").toString() == "Smith & Jones wedding");

    // A token revoked by the admin command stops working in both processes.
    REQUIRE(runHost(QStringList{QStringLiteral("photographer"), QStringLiteral("revoke"), QStringLiteral("Ann")} + db)
                .exitCode == 0);
    CHECK(roundTrip(a.port(), "GET", "/api/v1/me", ann).status == 401);
    CHECK(roundTrip(b.port(), "GET", "/api/v1/me", ann).status == 401);

    const HostResult check = runHost(QStringList{QStringLiteral("check")} + db);
    CHECK(check.exitCode == 0);
    CHECK(check.outText() == "ok");
}

TEST_CASE("PostgreSQL errors reach the caller with the server's message", "[host][postgres]") {
    const QString uri = PgCluster::shared().createDatabase();
    // A database that does not exist: the server says so, and the URI is the context.
    const QString missing = QString(uri).replace(QRegularExpression(QStringLiteral("///pd_[0-9a-f]+")),
                                                 QStringLiteral("///no_such_database"));
    auto none = host::PostgresHostStore::open(missing);
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().code == ErrorCode::Database);
    CHECK(none.error().message.contains(QStringLiteral("no_such_database")));

    // A write the server refuses: the constraint's message, as a Database error.
    auto store = host::PostgresHostStore::open(uri);
    REQUIRE(store.ok());
    REQUIRE(store.value()->migrate().ok());
    host::EventUpdate orphan;
    orphan.event.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    orphan.event.photographerId = QStringLiteral("nobody");
    orphan.event.name = QStringLiteral("Orphan");
    auto put = store.value()->putEvent(orphan);
    REQUIRE_FALSE(put.ok());
    CHECK(put.error().code == ErrorCode::Database);
    CHECK(put.error().message.contains(QStringLiteral("foreign key")));
    // The failed transaction was rolled back and the connection is usable again.
    CHECK(store.value()->events(QStringLiteral("nobody")).value().empty());

    // --db and --data together are refused, naming both.
    const HostResult both = runHost({QStringLiteral("check"), QStringLiteral("--db"), uri, QStringLiteral("--data"),
                                     QStringLiteral("/nonexistent")});
    CHECK(both.exitCode == 1);
    CHECK(both.err.contains("--db"));
}

TEST_CASE("a dropped PostgreSQL connection fails one call and the next gets a fresh one", "[host][postgres]") {
    const QString uri = PgCluster::shared().createDatabase();
    auto store = host::PostgresHostStore::open(uri);
    REQUIRE(store.ok());
    REQUIRE(store.value()->migrate().ok());
    REQUIRE(store.value()->addPhotographer(QStringLiteral("Ann"), QString(64, QLatin1Char('a'))).ok());
    // The server ends every other session on this database: the store's pooled connection too.
    PgCluster::exec(uri, QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"));
    auto lost = store.value()->photographers();
    REQUIRE_FALSE(lost.ok());
    CHECK(lost.error().code == ErrorCode::Database);
    auto again = store.value()->photographers();
    REQUIRE(again.ok());
    CHECK(again->size() == 1);
}
