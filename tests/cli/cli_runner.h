// Runs the real proofdesk-cli binary as a separate process, as a user or a script would.
#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace pd::test {

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
    QString outText() const { return QString::fromUtf8(out).trimmed(); }
};

// Runs `proofdesk-cli --catalog <catalogDir> args...` to completion (fails the test on a hang).
CliResult runCli(const QString& catalogDir, const QStringList& args, int timeoutMs = 180000);

// Starts it without waiting (for the crash test).
void startCli(QProcess& process, const QString& catalogDir, const QStringList& args);

} // namespace pd::test
