#include <catch2/catch.hpp>

#include "cli_runner.h"
#include "test_support.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>

#include <csignal>

using namespace pd::test;

// kill -9 at random moments of an import, 24 times over one catalog. After each kill the catalog
// must check clean; importing again (or resuming the job) completes the event; the event holds
// each file exactly once, and each original exports byte for byte.
TEST_CASE("crash: SIGKILL during import loses nothing and duplicates nothing", "[cli][crash]") {
    QTemporaryDir dir;
    const QString catalog = dir.path() + "/catalog";
    const auto batch = makeMixedBatch(dir.path() + "/src", 10, 1800);
    QHash<QString, QString> sourceByHash;  // sha256 -> source file
    for (const QString& f : batch.valid) sourceByHash.insert(sha256Of(readFile(f)), f);
    REQUIRE(sourceByHash.size() == batch.valid.size());

    // How long a whole import takes here, to spread the kills over it.
    REQUIRE(runCli(catalog, {"event", "create", "Timing"}).exitCode == 0);
    QElapsedTimer timer;
    timer.start();
    REQUIRE(runCli(catalog, {"import", "Timing", batch.dir, "--jobs", "2"}).exitCode == 3);
    const int fullMs = std::max<int>(50, int(timer.elapsed()));

    const quint32 seed = QRandomGenerator::global()->generate();
    INFO("seed " << seed << ", full import " << fullMs << " ms");
    QRandomGenerator rng(seed);
    int killedMidway = 0;
    for (int trial = 0; trial < 24; ++trial) {
        const QString event = QStringLiteral("Trial %1").arg(trial);
        REQUIRE(runCli(catalog, {"event", "create", event}).exitCode == 0);
        QProcess p;
        startCli(p, catalog, {"import", event, batch.dir, "--jobs", "2"});
        // The process start-up counts too: kill anywhere from the first instant to just past the end.
        QThread::msleep(rng.bounded(fullMs + fullMs / 5 + 1));
        if (p.state() == QProcess::Running) {
            ++killedMidway;
            ::kill(pid_t(p.processId()), SIGKILL);
        }
        p.waitForFinished(30000);

        INFO("trial " << trial);
        const auto check = runCli(catalog, {"catalog", "check"});
        INFO(check.err.toStdString());
        REQUIRE(check.exitCode == 0);

        // Finish it: every other trial by resuming the interrupted job, else by importing again.
        if (trial % 2) REQUIRE(runCli(catalog, {"jobs", "resume"}).exitCode != 1);
        const auto again = runCli(catalog, {"import", event, batch.dir});
        REQUIRE(again.exitCode == 3);  // the two bad files fail again, and only they do

        const QJsonArray photos = runCli(catalog, {"photos", event, "--json"}).json().array();
        QSet<QString> hashes;
        for (const auto& v : photos) hashes.insert(v.toObject().value("sha256").toString());
        REQUIRE(photos.size() == batch.valid.size());
        REQUIRE(hashes == QSet<QString>(sourceByHash.keyBegin(), sourceByHash.keyEnd()));
        // Spot-check two originals per trial byte for byte (all of them on the last trial).
        for (int i = 0; i < photos.size(); ++i) {
            if (trial != 23 && i % 5 != trial % 5) continue;
            const QJsonObject ph = photos[i].toObject();
            const QString out = dir.path() + "/export.bin";
            REQUIRE(runCli(catalog, {"export", ph.value("id").toString(), "--kind", "original", "--out", out}).exitCode == 0);
            REQUIRE(readFile(out) == readFile(sourceByHash.value(ph.value("sha256").toString())));
        }
    }
    REQUIRE(runCli(catalog, {"jobs", "--json"}).exitCode == 0);
    CHECK(runCli(catalog, {"catalog", "check"}).exitCode == 0);
    // Most kills must land mid-import, or the test proves little.
    CHECK(killedMidway >= 12);
}
