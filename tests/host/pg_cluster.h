// A throwaway PostgreSQL 15 cluster for the host suites: initdb in a temp folder, reached over a
// Unix socket in that folder only (no TCP), stopped and removed when the test process ends.
#pragma once

#include <QString>

namespace pd::test {

// One cluster per test process, started on first use (about a second) and shared by every
// case in the process; each case takes a fresh database of its own from createDatabase().
// Fails the test (never skips) when the server's tools are missing, naming the package.
class PgCluster {
public:
    static PgCluster& shared();
    ~PgCluster(); // pg_ctl stop -m fast, then removes the folder
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    // Creates an empty database and returns its URI: postgresql:///NAME?host=SOCKETDIR&user=proofdesk.
    QString createDatabase();
    // Runs SQL (several statements allowed) on the database `uri` names; fails the test on an error.
    static void exec(const QString& uri, const QString& sql);

private:
    PgCluster();
    QString uri(const QString& database) const;

    QString m_dir;   // data in m_dir/data, the socket in m_dir
    QString m_owner; // the user the cluster runs as (runuser), empty: ourselves
    bool m_started = false;
};

} // namespace pd::test
