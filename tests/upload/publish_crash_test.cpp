// `proofdesk-cli publish` killed with SIGKILL in the middle, then run again: the host ends with
// exactly the selected photos, nothing twice and nothing left behind.
#include <catch2/catch.hpp>

#include "publish_fixture.h"

#include <QJsonArray>
#include <QJsonObject>
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
    // Wait until at least one photo is on the host (its metadata PUT answered, not merely begun:
    // under the speed cap a begun PUT may still be waiting for its body's turn).
    bool midway = false;
    for (int i = 0; i < 600 && !midway; ++i) {
        QThread::msleep(50);
        // 404 until the publish has put the event itself.
        const RawResponse r = site.studio("GET", "/api/v1/events/" + site.eventId.toStdString() + "/photos");
        midway = r.status == 200 && !r.json().object().value("photos").toArray().isEmpty();
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

TEST_CASE("publish: a photo edited or unselected between a kill and the next publish leaves no rendition behind",
          "[publish][crash]") {
    // The kill lands after the photo's renditions are on the host and before its metadata: the
    // proxy holds the photo's PUT (requests: the event, the manifest, three renditions, the photo).
    // Unchanged, the next publish (another process, later) makes the same bytes and sends none.
    const std::string change = GENERATE(as<std::string>{}, "edited", "unselected", "unchanged");
    INFO(change);
    const bool edited = change == "edited", unselected = change == "unselected";
    PublishSite site(1, 1200, 800);
    const QString id = site.photoIds[0];
    site.proxy->script({Fault::pass(), Fault::pass(), Fault::pass(), Fault::pass(), Fault::pass(), Fault::stall(600000)});

    QProcess p;
    startCli(p, site.catalog(), {"publish", site.eventId, "--json"});
    bool held = false;
    for (int i = 0; i < 1200 && !held; ++i) {
        QThread::msleep(50);
        for (const auto& s : site.proxy->requests())
            if (s.method == "PUT" && s.target.find("/photos/") != std::string::npos) held = true;
    }
    REQUIRE(held);
    REQUIRE(p.state() == QProcess::Running);
    ::kill(pid_t(p.processId()), SIGKILL);
    REQUIRE(p.waitForFinished(10000));

    std::vector<std::string> uploaded;
    const std::string prefix = "/api/v1/renditions/";
    for (const auto& s : site.proxy->requests())
        if (s.method == "PUT" && s.target.rfind(prefix, 0) == 0) uploaded.push_back(s.target.substr(prefix.size(), 64));
    REQUIRE(uploaded.size() == 3);
    CHECK(site.hostPhotos().empty());
    for (const auto& sha : uploaded) CHECK(site.studio("GET", prefix + sha).status == 200);   // on the host, unused

    if (edited) REQUIRE(site.cli({"edit", id, "rotate", "cw"}).exitCode == 0);
    if (unselected) REQUIRE(site.cli({"select", id, "--off"}).exitCode == 0);
    site.resetCounts();
    const QJsonObject done = site.publish();
    CHECK(done.value("failed").toArray().isEmpty());
    CHECK(done.value("sent").toInt() == (unselected ? 0 : 1));
    site.checkHostHoldsExactly(unselected ? QStringList{} : QStringList{id});
    if (change == "unchanged") {
        CHECK(site.renditionPuts() == 0);   // byte-identical renditions: the host had them all
        for (const auto& sha : uploaded) CHECK(site.studio("GET", prefix + sha).status == 200);
    } else {
        for (const auto& sha : uploaded) CHECK(site.studio("GET", prefix + sha).status == 404);
    }

    site.resetCounts();
    const QJsonObject idle = site.publish();
    CHECK(idle.value("sent").toInt() == 0);
    CHECK(site.renditionPuts() == 0);
}
