// `proofdesk-cli publish` killed with SIGKILL in the middle, then run again: the host ends with
// exactly the selected photos, nothing twice and nothing left behind.
#include <catch2/catch.hpp>

#include "publish_fixture.h"

#include <QProcess>
#include <QThread>

#include <csignal>

using namespace pd::test;

TEST_CASE("publish: killed with SIGKILL midway, the next publish finishes it", "[publish][crash]") {
    PublishSite site(6, 1600, 1200);
    // One photo is not selected: it must never reach the host.
    REQUIRE(site.cli({"select", site.photoIds[5], "--off"}).exitCode == 0);

    QProcess p;
    startCli(p, site.catalog(), {"publish", site.eventId, "--json", "--speed-cap", "150k"});
    // Wait until at least one photo is on the host and at least one rendition is on the wire.
    bool midway = false;
    for (int i = 0; i < 600 && !midway; ++i) {
        QThread::msleep(50);
        const auto seen = site.proxy->requests();
        int photoPuts = 0;
        for (const auto& s : seen)
            if (s.method == "PUT" && s.target.find("/photos/") != std::string::npos) ++photoPuts;
        midway = photoPuts >= 1;
    }
    REQUIRE(midway);
    REQUIRE(p.state() == QProcess::Running);   // still sending: the kill lands in the middle
    ::kill(pid_t(p.processId()), SIGKILL);
    REQUIRE(p.waitForFinished(10000));
    CHECK(p.exitStatus() == QProcess::CrashExit);
    const auto partial = site.hostPhotos();
    CHECK(partial.size() >= 1);
    CHECK(partial.size() < 5);

    const QJsonObject done = site.publish();
    CHECK(done.value("failed").toArray().isEmpty());
    CHECK(done.value("sent").toInt() + int(partial.size()) >= 5);
    site.checkHostHoldsExactly(site.photoIds.mid(0, 5));

    // Finished: a further publish has nothing to do.
    site.resetCounts();
    const QJsonObject idle = site.publish();
    CHECK(idle.value("sent").toInt() == 0);
    CHECK(site.renditionPuts() == 0);
}
