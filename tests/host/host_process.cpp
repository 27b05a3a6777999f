// Starts proofdesk-host processes for the host suites.
#include "host_process.h"

#include <catch2/catch.hpp>

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <csignal>

namespace pd::test {

HostResult runHost(const QStringList& args, const QProcessEnvironment& env) {
    QProcess p;
    p.setProgram(QStringLiteral(PD_HOST_PATH));
    p.setArguments(args);
    p.setProcessEnvironment(env);
    p.start();
    REQUIRE(p.waitForStarted());
    const bool finished = p.waitForFinished(60000);
    if (!finished) {
        p.kill();
        p.waitForFinished();
    }
    INFO("proofdesk-host " << args.join(' ').toStdString());
    REQUIRE(finished);
    return HostResult{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                      p.readAllStandardError()};
}

QString addPhotographer(const QString& dataDir, const QString& name) {
    return addPhotographerTo({QStringLiteral("--data"), dataDir}, name);
}

QString addPhotographerTo(const QStringList& storeArgs, const QString& name) {
    const HostResult r = runHost(QStringList{QStringLiteral("photographer"), QStringLiteral("add"), name} + storeArgs);
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    return r.outText();
}

HostServer::HostServer(const QString& dataDir, const QStringList& extraArgs) : m_dataDir(dataDir) {
    QDir().mkpath(dataDir);
    m_process.setProgram(QStringLiteral(PD_HOST_PATH));
    QStringList args{QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
    if (!extraArgs.contains(QStringLiteral("--db"))) args << QStringLiteral("--data") << dataDir;
    args << QStringLiteral("--access-log") << QDir(dataDir).filePath(QStringLiteral("access.log"));
    m_process.setArguments(args + extraArgs);
    m_process.setStandardErrorFile(QDir(dataDir).filePath(QStringLiteral("server.err")));
    m_process.start();
    REQUIRE(m_process.waitForStarted());
    QByteArray line;
    while (!line.contains('\n') && m_process.state() == QProcess::Running) {
        if (!m_process.waitForReadyRead(20000)) break;
        line += m_process.readAllStandardOutput();
    }
    static const QRegularExpression re(QStringLiteral("^listening on 127\\.0\\.0\\.1:(\\d+)\\n"));
    const auto m = re.match(QString::fromUtf8(line));
    INFO("first line: " << line.toStdString() << "\nstderr: " << errorOutput().toStdString());
    REQUIRE(m.hasMatch());
    m_port = quint16(m.captured(1).toUInt());
    REQUIRE(m_port != 0);
}

HostServer::~HostServer() {
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
}

qint64 HostServer::residentKiB() const {
    QFile f(QStringLiteral("/proc/%1/status").arg(pid()));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    static const QRegularExpression re(QStringLiteral("VmRSS:\\s+(\\d+) kB"));
    const auto m = re.match(QString::fromLatin1(f.readAll()));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

void HostServer::terminate() {
    ::kill(pid_t(pid()), SIGTERM);
}

int HostServer::waitForExit(int timeoutMs) {
    if (!m_process.waitForFinished(timeoutMs)) return -1;
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

QString HostServer::errorOutput() const {
    QFile f(QDir(m_dataDir).filePath(QStringLiteral("server.err")));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QString HostServer::accessLog() const {
    QFile f(QDir(m_dataDir).filePath(QStringLiteral("access.log")));
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace pd::test
