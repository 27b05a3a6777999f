// Runs the real proofdesk-host binary for the host suites: admin commands to completion, and
// `serve` on 127.0.0.1 port 0 with its port read from the first line it prints.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace pd::test {

struct HostResult {
    int exitCode = -1; // -1: crashed
    QByteArray out;
    QByteArray err;
    QString outText() const { return QString::fromUtf8(out).trimmed(); }
};

// Runs `proofdesk-host args...` to completion (fails the test on a hang).
HostResult runHost(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

// Adds a photographer to the store in `dataDir` and returns the token it printed.
QString addPhotographer(const QString& dataDir, const QString& name);
// The same for any store: `storeArgs` is {"--data", DIR} or {"--db", URI}.
QString addPhotographerTo(const QStringList& storeArgs, const QString& name);

// A running `proofdesk-host serve`. The destructor kills it if it is still running.
class HostServer {
public:
    // Starts `serve --listen 127.0.0.1:0 --data dataDir --access-log dataDir/access.log extraArgs`,
    // stderr to dataDir/server.err, and reads "listening on 127.0.0.1:PORT". When extraArgs name
    // the store with --db, dataDir holds only the logs and --data is not given.
    explicit HostServer(const QString& dataDir, const QStringList& extraArgs = {});
    ~HostServer();
    HostServer(const HostServer&) = delete;
    HostServer& operator=(const HostServer&) = delete;

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    // VmRSS from /proc/PID/status, in KiB.
    qint64 residentKiB() const;
    void terminate(); // SIGTERM
    // The exit code once it exits within timeoutMs; -1 when it crashed or did not exit.
    int waitForExit(int timeoutMs = 20000);
    QString errorOutput() const;
    QString accessLog() const;

private:
    QString m_dataDir;
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace pd::test
