// Starts proofdesk-cli processes for the CLI suites.
#include "cli_runner.h"

#include <catch2/catch.hpp>

namespace pd::test {

void startCli(QProcess& p, const QString& catalogDir, const QStringList& args) {
    p.setProgram(QStringLiteral(PD_CLI_PATH));
    p.setArguments(QStringList{QStringLiteral("--catalog"), catalogDir} + args);
    p.start();
    REQUIRE(p.waitForStarted());
}

CliResult runCli(const QString& catalogDir, const QStringList& args, int timeoutMs) {
    QProcess p;
    startCli(p, catalogDir, args);
    const bool finished = p.waitForFinished(timeoutMs);
    if (!finished) p.kill();
    INFO("proofdesk-cli " << args.join(' ').toStdString());
    REQUIRE(finished);
    CliResult r{p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(), p.readAllStandardError()};
    return r;
}

} // namespace pd::test
