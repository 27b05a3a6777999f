// Starts and stops the host suites' PostgreSQL cluster with the server's own initdb and pg_ctl.
#include "pg_cluster.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QUuid>

#include <libpq-fe.h>

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace pd::test {

namespace {

const QString kBinDir = QStringLiteral(PD_PG_BINDIR);

// initdb refuses to run as root: as root, the cluster belongs to the `postgres` system user
// (the postgresql package makes it), else `nobody`, and its tools run through runuser.
struct RunAs {
    QString user; // empty: run as ourselves
    uid_t uid = 0;
    gid_t gid = 0;
};

RunAs clusterOwner() {
    if (::geteuid() != 0) return {};
    for (const char* name : {"postgres", "nobody"})
        if (const passwd* pw = ::getpwnam(name)) return RunAs{QString::fromLatin1(name), pw->pw_uid, pw->pw_gid};
    FAIL("running as root and neither the postgres nor the nobody user exists to own the test cluster");
    return {};
}

// Runs a PostgreSQL tool to completion; the test fails with its output when it does not succeed.
void runTool(const RunAs& as, const QString& tool, const QStringList& args) {
    QProcess p;
    if (as.user.isEmpty()) {
        p.setProgram(QDir(kBinDir).filePath(tool));
        p.setArguments(args);
    } else {
        p.setProgram(QStringLiteral("runuser"));
        p.setArguments(QStringList{QStringLiteral("-u"), as.user, QStringLiteral("--"), QDir(kBinDir).filePath(tool)} +
                       args);
    }
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start();
    INFO(tool.toStdString() << " " << args.join(' ').toStdString());
    REQUIRE(p.waitForStarted());
    const bool finished = p.waitForFinished(60000);
    INFO(p.readAll().toStdString());
    REQUIRE(finished);
    REQUIRE(p.exitStatus() == QProcess::NormalExit);
    REQUIRE(p.exitCode() == 0);
}

} // namespace

PgCluster& PgCluster::shared() {
    static PgCluster cluster;
    return cluster;
}

PgCluster::PgCluster() {
    for (const char* tool : {"initdb", "pg_ctl", "postgres"}) {
        if (!QFileInfo(QDir(kBinDir).filePath(QLatin1String(tool))).isExecutable())
            FAIL(tool << " not found in " << kBinDir.toStdString()
                      << ": install the Debian package 'postgresql' (packaging/install-deps.sh test)");
    }
    QByteArray pattern = QDir::temp().filePath(QStringLiteral("pd-pg-XXXXXX")).toLocal8Bit();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    m_dir = QString::fromLocal8Bit(pattern);
    const RunAs as = clusterOwner();
    m_owner = as.user;
    if (!as.user.isEmpty()) REQUIRE(::chown(pattern.constData(), as.uid, as.gid) == 0);
    const QString data = QDir(m_dir).filePath(QStringLiteral("data"));
    // No fsync and C locale: a throwaway cluster, made in about a second, sorting like SQLite.
    runTool(as, QStringLiteral("initdb"),
            {QStringLiteral("-D"), data, QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-U"),
             QStringLiteral("proofdesk"), QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
             QStringLiteral("--no-sync")});
    // The socket lives in m_dir, so the port only names it: any fixed number is free.
    runTool(as, QStringLiteral("pg_ctl"),
            {QStringLiteral("-D"), data, QStringLiteral("-l"), QDir(m_dir).filePath(QStringLiteral("server.log")),
             QStringLiteral("-o"),
             QStringLiteral("-k %1 -c listen_addresses='' -p 5432 -c fsync=off -c synchronous_commit=off "
                            "-c full_page_writes=off")
                 .arg(m_dir),
             QStringLiteral("-w"), QStringLiteral("start")});
    m_started = true;
}

PgCluster::~PgCluster() {
    if (m_dir.isEmpty()) return;
    if (m_started) {
        // No REQUIRE here: this runs after Catch has finished, at exit.
        QProcess p;
        const QStringList args{QStringLiteral("-D"), QDir(m_dir).filePath(QStringLiteral("data")),
                               QStringLiteral("-m"), QStringLiteral("fast"),
                               QStringLiteral("-w"), QStringLiteral("stop")};
        const QString ctl = QDir(kBinDir).filePath(QStringLiteral("pg_ctl"));
        if (m_owner.isEmpty())
            p.start(ctl, args);
        else
            p.start(QStringLiteral("runuser"),
                    QStringList{QStringLiteral("-u"), m_owner, QStringLiteral("--"), ctl} + args);
        p.waitForFinished(30000);
    }
    QDir(m_dir).removeRecursively();
}

QString PgCluster::uri(const QString& database) const {
    return QStringLiteral("postgresql:///%1?host=%2&port=5432&user=proofdesk").arg(database, m_dir);
}

QString PgCluster::createDatabase() {
    // A name the test makes from a UUID: safe to paste, since CREATE DATABASE takes no parameters.
    const QString name = QStringLiteral("pd_") + QUuid::createUuid().toString(QUuid::Id128);
    exec(uri(QStringLiteral("postgres")), QStringLiteral("CREATE DATABASE %1").arg(name));
    return uri(name);
}

void PgCluster::exec(const QString& uri, const QString& sql) {
    PGconn* db = PQconnectdb(uri.toUtf8().constData());
    INFO(uri.toStdString() << ": " << sql.toStdString());
    if (PQstatus(db) != CONNECTION_OK) {
        const std::string message = PQerrorMessage(db);
        PQfinish(db);
        FAIL("cannot connect: " << message);
    }
    PGresult* r = PQexec(db, sql.toUtf8().constData());
    const ExecStatusType status = PQresultStatus(r);
    const std::string message = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(db);
    INFO(message);
    REQUIRE((status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK));
}

} // namespace pd::test
