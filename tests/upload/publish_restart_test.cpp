// The host restarted in the middle of a publish (SIGTERM, then SIGKILL): once the publish has
// finished, the host holds exactly the selected photos, each rendition's bytes match their hash,
// no blob is stored twice or left behind, and `proofdesk-host check` finds no problem.
#include <catch2/catch.hpp>

#include "publish_fixture.h"

#include <QProcess>
#include <QThread>

#include <csignal>

using namespace pd::test;

namespace {

constexpr int kPhotos = 20;
constexpr int kSelected = kPhotos - 1;   // the last one is never selected: it must never arrive

// The host's photo count of the event; 0 while the host does not know the event yet.
std::size_t photosOnHost(const PublishSite& site) {
    const RawResponse r = site.studio("GET", "/api/v1/events/" + site.eventId.toStdString() + "/photos");
    if (r.status == 404) return 0;
    REQUIRE(r.status == 200);
    return std::size_t(r.json().object().value("photos").toArray().size());
}

// Publishes through the proxy with a speed cap, stops the host with `signal` once about half of
// the selection is on it, restarts it on the same data folder and port after a moment of being
// down, and lets the same publish run finish.
void restartHostMidway(int signal) {
    PublishSite site(kPhotos, 1600, 1200);
    const QString hostData = site.dir.path() + QStringLiteral("/host");
    const quint16 port = site.server->port();
    REQUIRE(site.cli({"select", site.photoIds[kSelected], "--off"}).exitCode == 0);

    QProcess p;
    startCli(p, site.catalog(), {"publish", site.eventId, "--json", "--speed-cap", "1M"});
    // Watch the host's photo count through its API until about half the selection is there.
    std::size_t before = 0;
    for (int i = 0; i < 1200 && before < kSelected / 2; ++i) {
        QThread::msleep(50);
        before = photosOnHost(site);
        if (p.state() != QProcess::Running) break;
    }
    INFO("photos on the host when it was stopped: " << before);
    REQUIRE(before >= kSelected / 2);
    // Then stop it just after a rendition's PUT has begun, so a body is on the wire.
    const auto isRenditionPut = [](const SeenRequest& r) { return r.method == "PUT" && r.target.rfind("/api/v1/renditions/", 0) == 0; };
    const std::size_t seenAtHalf = site.proxy->requests().size();
    std::vector<SeenRequest> seen;
    for (int i = 0; i < 10000 && p.state() == QProcess::Running; ++i) {
        seen = site.proxy->requests();
        if (seen.size() > seenAtHalf && isRenditionPut(seen.back())) break;
        QThread::msleep(1);
    }
    REQUIRE(p.state() == QProcess::Running);   // still sending: the stop lands in the middle
    REQUIRE(isRenditionPut(seen.back()));
    if (signal == SIGTERM) {
        site.server->terminate();
        CHECK(site.server->waitForExit() == 0);   // a graceful stop
    } else {
        ::kill(pid_t(site.server->pid()), SIGKILL);
        CHECK(site.server->waitForExit() == -1);
    }
    QThread::msleep(1500);   // the studio meets refused connections for a while
    site.server = std::make_unique<HostServer>(hostData, QStringList{"--listen", QStringLiteral("127.0.0.1:%1").arg(port)});
    REQUIRE(site.server->port() == port);

    // The interrupted run finishes by itself: its transfers are retried with backoff.
    REQUIRE(p.waitForFinished(240000));
    const QJsonObject done = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
    INFO("publish stderr: " << p.readAllStandardError().toStdString());
    // What happened to the rendition on the wire at the stop (not asserted: a graceful stop lets
    // it finish, a kill usually cuts it, but the timing is the machine's).
    int sentAgain = 0;
    const auto all = site.proxy->requests();
    for (std::size_t i = seen.size(); i < all.size(); ++i) sentAgain += all[i].target == seen.back().target;
    INFO("the rendition on the wire at the stop was sent again " << sentAgain << " times");
    CHECK(p.exitStatus() == QProcess::NormalExit);
    CHECK(p.exitCode() == 0);
    CHECK(done.value("failed").toArray().isEmpty());
    CHECK(done.value("sent").toInt() == kSelected);

    site.checkHostHoldsExactly(site.photoIds.mid(0, kSelected));
    const HostResult check = runHost({"check", "--data", hostData});
    INFO("check: " << check.out.toStdString() << check.err.toStdString());
    CHECK(check.exitCode == 0);
    CHECK(check.outText() == "ok");

    // Nothing is left to do: a further publish sends no photo and no rendition.
    site.resetCounts();
    const QJsonObject idle = site.publish();
    CHECK(idle.value("sent").toInt() == 0);
    CHECK(idle.value("failed").toArray().isEmpty());
    CHECK(site.renditionPuts() == 0);
}

} // namespace

TEST_CASE("publish: the host stopped with SIGTERM midway and started again, the publish ends with exactly the selection", "[publish][restart]") {
    restartHostMidway(SIGTERM);
}

TEST_CASE("publish: the host killed with SIGKILL midway and started again, the publish ends with exactly the selection", "[publish][restart]") {
    restartHostMidway(SIGKILL);
}
