// The embedded default host (issue 6, point 2): a `proofdesk-host serve` child process on
// 127.0.0.1 with its data in the user's data folder, and the catalog's host profile
// "this-computer" pointing at it, so publishing works on a fresh machine with nothing set up.
#pragma once

#include "pd/core/result.h"
#include "pd/db/publish_store.h"

#include <QProcess>
#include <QString>

#include <memory>

namespace pd {
class Catalog;
}

namespace pd::upload {

// The profile name of the embedded host (PublishStore names allow no spaces; the app shows it as
// "This computer").
inline constexpr const char* kLocalHostProfile = "this-computer";

struct LocalHostOptions {
    QString hostBinary;   // the proofdesk-host executable (defaultHostBinary() in the app)
    QString dataDir;      // its --data folder, created if missing
};

// Threads: an instance belongs to one thread (it owns a QProcess): create, start, stop and destroy
// it there. start() and registerProfile() block that thread (up to ~20 s each), so the app calls
// them on a worker thread, never the GUI thread.
class LocalHost {
public:
    explicit LocalHost(LocalHostOptions options);
    ~LocalHost();   // stop()
    LocalHost(const LocalHost&) = delete;
    LocalHost& operator=(const LocalHost&) = delete;

    // Starts `serve --listen 127.0.0.1:PORT --data DIR` unless it runs already, and waits for its
    // "listening on ADDR:PORT" line. PORT is the one used last time (kept in DIR/studio-port, so
    // gallery links stay the same across restarts) when it is free, else 0 (any free port).
    // Returns the base URL, "http://127.0.0.1:PORT". Errors: Io (the binary is missing, or the
    // process exited or said nothing), with its stderr.
    Result<QString> start();
    bool isRunning() const;
    QString url() const { return m_url; }
    qint64 processId() const;
    // SIGTERM, up to 10 s for the host to finish its requests, then SIGKILL.
    void stop();

    // Makes sure `catalog` has the profile kLocalHostProfile pointing at url() (start() first).
    // The first time, creates a photographer with `proofdesk-host photographer add` (its token goes
    // into the profile's 0600 file through PublishStore::addHost) and the profile becomes the
    // default when it is the only one; afterwards only the URL is brought up to date. Errors: the
    // host not started (InvalidArgument), the admin command failing (Io), the catalog's.
    Result<HostProfile> registerProfile(Catalog& catalog);

    // proofdesk-host beside the running program (QCoreApplication::applicationDirPath()).
    static QString defaultHostBinary();

private:
    Result<QString> startOn(quint16 port);

    LocalHostOptions m_o;
    std::unique_ptr<QProcess> m_process;
    QString m_url;
};

// Points the existing profile `name` at `url` (a local host's port changes between runs).
// NotFound when there is no such profile. A separate function until PublishStore has one.
Status setHostUrl(Catalog& catalog, const QString& name, const QString& url);

} // namespace pd::upload
