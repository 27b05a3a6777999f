// Publishing from the studio window to a real proofdesk-host process: the Publish action, the
// grid's publish badges, the status bar's progress, the done dialog, the Hosts dialog's
// connection test and token file, and the embedded local host started by the app itself.
#include <catch2/catch.hpp>

#include "publish_studio.h"

#include "pd/db/publish_store.h"
#include "pd/ui/edit_view.h"
#include "pd/ui/host_profiles_dialog.h"
#include "pd/upload/host_tokens.h"
#include "pd/ui/models/photo_filter_model.h"
#include "pd/ui/photo_grid_view.h"
#include "pd/ui/publish_controller.h"
#include "pd/ui/publish_done_dialog.h"
#include "pd/ui/publish_status.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QToolButton>
#include <QProgressBar>

#include <algorithm>
#include <set>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace pd;
using namespace pd::ui;
using pd::test::StudioFixture;
using pd::test::waitFor;

namespace {

using pd::test::PublishStudio;
using pd::test::asSet;
using pd::test::stateOf;
using pd::test::pixelsNear;


// A port on 127.0.0.1 that was free a moment ago and has no listener now.
quint16 closedPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    ::close(fd);
    return ntohs(a.sin_port);
}

} // namespace

TEST_CASE("Publish in the window sends the web selection to the host, the grid says published, the bar reaches 100 %, "
          "the done dialog gives link and code, and an edited photo becomes modified",
          "[ui][publish]") {
    PublishStudio s(4, 3);
    auto w = s.f.window();
    PublishController* pc = w->publishController();
    QProgressBar* bar = w->publishStatus()->progressBar();
    int barMax = 0;
    QObject::connect(bar, &QProgressBar::valueChanged, [&](int v) { barMax = std::max(barMax, v); });
    std::set<QString> sawSending;
    QObject::connect(pc, &PublishController::photoChanged, [&](const QString&, const QString& id, const QString& state, const QString&) {
        if (state == "sending" || state == "rendering") sawSending.insert(id);
    });
    QString failure;
    QObject::connect(pc, &PublishController::publishFailed, [&](const QString&, const QString& m) { failure = m; });

    for (const QString& id : s.ids) CHECK(stateOf(*w, id).isEmpty());   // never published
    REQUIRE(w->publishAction()->shortcut() == QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    w->publishAction()->trigger();
    CHECK(w->publishStatus()->isVisible());
    waitFor([&] { return w->publishDoneDialog() != nullptr || !failure.isEmpty(); });
    INFO(failure.toStdString());
    REQUIRE(failure.isEmpty());

    // The host holds exactly the web selection.
    CHECK(PublishStudio::hostPhotos(s.server->port(), s.token, s.f.eventId) == asSet(s.selected));
    // Each photo was shown on its way, and now says published; the unselected one says nothing.
    CHECK(sawSending == asSet(s.selected));
    for (const QString& id : s.selected) CHECK(stateOf(*w, id) == "published");
    CHECK(stateOf(*w, s.ids[3]).isEmpty());
    CHECK(pixelsNear(*w, s.selected[0], QColor(0x3a, 0x8a, 0x4a)) > 20);   // the green tick
    CHECK(pixelsNear(*w, s.ids[3], QColor(0x3a, 0x8a, 0x4a)) == 0);
    CHECK(barMax == bar->maximum());
    waitFor([&] { return !pc->isBusy(); });
    CHECK_FALSE(w->publishStatus()->isVisible());

    // The done dialog: the host's gallery link and the event's code.
    PublishDoneDialog* done = w->publishDoneDialog();
    CHECK(done->isVisible());
    CHECK(done->galleryUrl().startsWith(s.url() + "/g/"));
    CHECK(done->findChild<QLabel*>("galleryUrl")->text() == done->galleryUrl());
    CHECK(done->findChild<QLabel*>("accessCode")->text() == "garden42");
    CHECK(done->summaryText().startsWith("3 photos sent"));
    const auto page = test::roundTrip(s.server->port(), "GET", QUrl(done->galleryUrl()).path().toStdString());
    CHECK(page.status == 200);   // the link opens the gallery's code page
    done->close();
    QApplication::setActiveWindow(w.get());   // culling and edit keys are the window's shortcuts
    REQUIRE(QTest::qWaitForWindowActive(w.get()));

    // An edit in the crop tool (a right turn, Enter): the published photo becomes modified.
    const QString edited = s.selected[1];
    w->grid()->setFocus();
    w->grid()->setCurrentIndex(w->filterModel()->mapFromSource(w->gridModel()->index(w->gridModel()->rowOf(edited))));
    QTest::keyClick(w->grid(), Qt::Key_R);
    REQUIRE(w->isEditViewShown());
    waitFor([&] { return w->editView()->isPictureLoaded(); });
    QTest::keyClick(w->editView()->canvas(), Qt::Key_BracketRight);
    QTest::keyClick(w->editView()->canvas(), Qt::Key_Return);
    REQUIRE_FALSE(w->isEditViewShown());
    CHECK(stateOf(*w, edited) == "modified");
    CHECK(stateOf(*w, s.selected[0]) == "published");
    CHECK(pixelsNear(*w, edited, QColor(0xb8, 0x86, 0x2c)) > 20);   // the amber tick

    // Publishing again (from the event's context menu) sends it, and only it.
    sawSending.clear();
    std::unique_ptr<QMenu> menu(w->eventContextMenu(s.f.eventId));
    QAction* publish = menu->findChild<QAction*>("publishEvent");
    REQUIRE(publish);
    publish->trigger();
    waitFor([&] { return (w->publishDoneDialog() && w->publishDoneDialog() != done) || !failure.isEmpty(); });
    REQUIRE(failure.isEmpty());
    CHECK(sawSending == std::set<QString>{edited});
    CHECK(stateOf(*w, edited) == "published");
    CHECK(w->publishDoneDialog()->summaryText().startsWith("1 photo sent"));
    CHECK(PublishStudio::hostPhotos(s.server->port(), s.token, s.f.eventId) == asSet(s.selected));
}

TEST_CASE("the Hosts dialog's connection test succeeds against the real host and fails against a closed port, and "
          "a token added without a keyring is in a file only its owner can read",
          "[ui][publish]") {
    PublishStudio s(1, 1);
    std::unique_ptr<Catalog> owned = Catalog::open(s.f.catalogDir).value();
    Catalog& catalog = *owned;
    HostProfilesDialog dlg(catalog);
    CHECK(dlg.profileNames() == QStringList{"studio-site"});

    CHECK(test::testConnectionOf(dlg, "studio-site"));
    CHECK(dlg.statusText().contains("as Ann Example"));

    // A second profile through the form, pointing at a port nobody listens on.
    const quint16 port = closedPort();
    dlg.nameField()->setText("nowhere");
    dlg.urlField()->setText(QStringLiteral("http://127.0.0.1:%1").arg(port));
    dlg.tokenField()->setText(s.token);
    REQUIRE(dlg.addFromForm());
    CHECK(dlg.profileNames() == QStringList{"nowhere", "studio-site"});
    auto profile = PublishStore(catalog).requireHost("nowhere");
    REQUIRE(profile.ok());
    struct stat st {};
    REQUIRE(::stat(QFile::encodeName(profile->tokenFile).constData(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(PublishStore::readToken(profile.value()).value() == s.token.toUtf8());
    if (!upload::HostTokens::keyringAvailable()) {
        CHECK(dlg.storageText().contains("No desktop keyring"));
        CHECK(dlg.storageText().contains(profile->tokenFile));
        CHECK(dlg.storageText().contains("readable only by you"));
    }

    CHECK_FALSE(test::testConnectionOf(dlg, "nowhere"));
    CHECK(dlg.statusText().startsWith(QStringLiteral("Cannot use http://127.0.0.1:%1").arg(port)));

    // Adding it again says how to change it; Remove takes the profile and its token file.
    dlg.nameField()->setText("nowhere");
    dlg.urlField()->setText("http://127.0.0.1:1");
    dlg.tokenField()->setText(s.token);
    CHECK_FALSE(dlg.addFromForm());
    CHECK(dlg.statusText().contains("remove it and add it again"));
    dlg.selectProfile("nowhere");
    REQUIRE(dlg.removeSelected());
    CHECK(dlg.statusText() == "Removed nowhere.");
    CHECK(dlg.profileNames() == QStringList{"studio-site"});
    CHECK_FALSE(QFile::exists(profile->tokenFile));
    CHECK(PublishStore(catalog).requireHost("nowhere").error().code == ErrorCode::NotFound);
}

TEST_CASE("the upload speed limit is chosen in File > Upload speed limit, reaches the publish controller, shows in the "
          "status bar and is remembered by the next window, and a publish under it shows bytes, speed and time left",
          "[ui][publish]") {
    PublishStudio s(3, 3);
    {
        auto w = s.f.window();
        CHECK(w->publishController()->speedCap() == 0);
        QMenu* file = nullptr;
        for (QAction* a : w->menuBar()->actions())
            if (a->text() == "&File") file = a->menu();
        REQUIRE(file);
        QMenu* speed = nullptr;
        for (QAction* a : file->actions())
            if (a->menu() && a->menu()->objectName() == "publishSpeedMenu") speed = a->menu();
        REQUIRE(speed);
        QStringList choices;
        QAction* oneMb = nullptr;
        for (QAction* a : speed->actions()) {
            choices << a->text();
            if (a->text() == "1.0 MB/s") oneMb = a;
        }
        CHECK(choices == QStringList{"No limit", "250 kB/s", "500 kB/s", "1.0 MB/s", "2.0 MB/s", "5.0 MB/s", "10.0 MB/s"});
        REQUIRE(oneMb);
        CHECK_FALSE(oneMb->isChecked());
        oneMb->trigger();
        CHECK(oneMb->isChecked());
        CHECK(w->publishController()->speedCap() == 1'000'000);
        CHECK(w->publishStatus()->speedCap() == 1'000'000);
        auto* button = w->publishStatus()->findChild<QToolButton*>("publishSpeed");
        REQUIRE(button);
        CHECK(button->text() == QString::fromUtf8("≤ 1.0 MB/s"));
        CHECK(button->menu() == speed);   // the same choices in the status bar while publishing
    }
    auto again = s.f.window();
    CHECK(again->publishController()->speedCap() == 1'000'000);
    CHECK(again->publishStatus()->speedCap() == 1'000'000);

    // Publishing under the slowest limit: the status bar says photos, bytes, speed and time left.
    again->publishStatus()->setSpeedCap(250'000);
    QStringList texts;
    QObject::connect(again->publishController(), &PublishController::progressed,
                     [&](const QString&, const upload::PublishProgress&) { texts << again->publishStatus()->text(); });
    QString failure;
    QObject::connect(again->publishController(), &PublishController::publishFailed,
                     [&](const QString&, const QString& m) { failure = m; });
    again->publishAction()->trigger();
    // Meanwhile the Hosts dialog will not remove the host being published to.
    REQUIRE(again->publishController()->runningHost() == "studio-site");
    {
        std::unique_ptr<Catalog> catalog = Catalog::open(s.f.catalogDir).value();
        HostProfilesDialog dlg(*catalog, nullptr, again->publishController());
        dlg.selectProfile("studio-site");
        CHECK_FALSE(dlg.removeSelected());
        CHECK(dlg.statusText().contains("A publish to studio-site is under way"));
        CHECK(dlg.profileNames() == QStringList{"studio-site"});
    }
    waitFor([&] { return again->publishDoneDialog() != nullptr || !failure.isEmpty(); });
    REQUIRE(failure.isEmpty());
    INFO(texts.join("\n").toStdString());
    static const QRegularExpression full(QStringLiteral(
        "^Publishing [0-2] of 3 · [0-9.]+ k?M?B of [0-9.]+ k?M?B · [0-9.]+ k?M?B/s · [0-9]+ (s|min [0-9]+ s) left$"));
    CHECK(std::any_of(texts.begin(), texts.end(), [](const QString& t) { return full.match(t).hasMatch(); }));
    CHECK(PublishStudio::hostPhotos(s.server->port(), s.token, s.f.eventId) == asSet(s.selected));
}

TEST_CASE("with no host profile the app starts its own proofdesk-host, registers it as this computer, and publishes to it",
          "[ui][publish]") {
    PublishStudio s(3, 2, false);
    const QString localData = s.f.dir.path() + "/local-host";
    QString localUrl;
    quint16 port = 0;
    {
        auto w = s.f.window();
        PublishController* pc = w->publishController();
        pc->setLocalHost(PD_HOST_PATH, localData);
        QObject::connect(pc, &PublishController::localHostStarted, [&](const QString& url) { localUrl = url; });
        QString failure;
        QObject::connect(pc, &PublishController::publishFailed, [&](const QString&, const QString& m) { failure = m; });
        w->publishAction()->trigger();
        waitFor([&] { return w->publishDoneDialog() != nullptr || !failure.isEmpty(); });
        INFO(failure.toStdString());
        REQUIRE(failure.isEmpty());
        REQUIRE(localUrl.startsWith("http://127.0.0.1:"));
        port = quint16(QUrl(localUrl).port());

        // The profile, its token in a 0600 file, and the host holding the web selection.
        auto profile = PublishStore(w->catalog()).requireHost();
        REQUIRE(profile.ok());
        CHECK(profile->name == "this-computer");
        CHECK(profile->url == localUrl);
        struct stat st {};
        REQUIRE(::stat(QFile::encodeName(profile->tokenFile).constData(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
        const QString token = QString::fromUtf8(PublishStore::readToken(profile.value()).value());
        CHECK(PublishStudio::hostPhotos(port, token, s.f.eventId) == asSet(s.selected));
        CHECK(QFileInfo::exists(localData + "/host.sqlite"));
        CHECK(w->publishDoneDialog()->galleryUrl().startsWith(localUrl + "/g/"));
        for (const QString& id : s.selected) CHECK(stateOf(*w, id) == "published");
        waitFor([&] { return !pc->isBusy(); });
    }
    // The window is gone: so is its host.
    CHECK_FALSE(test::canConnect(port));

    // The next start finds the profile and starts the same host again (its data kept).
    {
        auto w = s.f.window();
        PublishController* pc = w->publishController();
        pc->setLocalHost(PD_HOST_PATH, localData);
        QString again;
        QObject::connect(pc, &PublishController::localHostStarted, [&](const QString& url) { again = url; });
        pc->startLocalHostIfDefault();
        waitFor([&] { return !again.isEmpty(); });
        CHECK(again == localUrl);   // the port of last time, free again: gallery links keep working
        for (const QString& id : s.selected) CHECK(stateOf(*w, id) == "published");
        auto profile = PublishStore(w->catalog()).requireHost();
        REQUIRE(profile.ok());
        const QString token = QString::fromUtf8(PublishStore::readToken(profile.value()).value());
        CHECK(PublishStudio::hostPhotos(port, token, s.f.eventId) == asSet(s.selected));
    }
}

TEST_CASE("a publish cut short by quitting the app is finished by the next start, without sending again what was "
          "already sent",
          "[ui][publish]") {
    PublishStudio s(4, 4);
    QStringList sentFirst;
    {
        auto w = s.f.window();
        w->publishStatus()->setSpeedCap(250'000);   // slow enough to quit in the middle
        QObject::connect(w->publishController(), &PublishController::photoChanged,
                         [&](const QString&, const QString& id, const QString& state, const QString&) {
                             if (state == "published") sentFirst << id;
                         });
        w->publishAction()->trigger();
        waitFor([&] { return !sentFirst.isEmpty(); });
        w->close();   // what Quit does: the publish stops, its job stays in the catalog
        waitFor([&] { return !w->publishController()->isBusy(); });
    }
    const auto held = PublishStudio::hostPhotos(s.server->port(), s.token, s.f.eventId);
    INFO("sent before quitting: " << sentFirst.join(' ').toStdString());
    REQUIRE(held.size() < 4);
    REQUIRE(held == asSet(sentFirst));
    REQUIRE(PublishStore(*Catalog::open(s.f.catalogDir).value()).unfinishedJobs()->size() == 1);

    // The next start (app/studio/main.cpp calls resumeUnfinished) finishes it.
    auto again = s.f.window();
    again->publishStatus()->setSpeedCap(0);
    PublishController* pc = again->publishController();
    QStringList sentAgain;
    QString failure;
    QObject::connect(pc, &PublishController::photoChanged,
                     [&](const QString&, const QString& id, const QString& state, const QString&) {
                         if (state == "sending") sentAgain << id;
                     });
    QObject::connect(pc, &PublishController::publishFailed, [&](const QString&, const QString& m) { failure = m; });
    pc->resumeUnfinished();
    REQUIRE(pc->isBusy());
    waitFor([&] { return !pc->isBusy(); });
    INFO(failure.toStdString());
    REQUIRE(failure.isEmpty());
    CHECK(PublishStudio::hostPhotos(s.server->port(), s.token, s.f.eventId) == asSet(s.selected));
    for (const QString& id : sentFirst) CHECK_FALSE(sentAgain.contains(id));
    CHECK(sentAgain.size() == 4 - sentFirst.size());
    CHECK(PublishStore(*Catalog::open(s.f.catalogDir).value()).unfinishedJobs()->empty());
    for (const QString& id : s.selected) CHECK(stateOf(*again, id) == "published");
}

TEST_CASE("Pause in the status bar holds the publish: nothing more reaches the host until Resume, which finishes it",
          "[ui][publish]") {
    PublishStudio s(3, 3);
    auto w = s.f.window();
    w->publishStatus()->setSpeedCap(250'000);
    PublishController* pc = w->publishController();
    qint64 bytesSent = 0;
    QObject::connect(pc, &PublishController::progressed,
                     [&](const QString&, const upload::PublishProgress& p) { bytesSent = p.bytesSent; });
    QString failure;
    QObject::connect(pc, &PublishController::publishFailed, [&](const QString&, const QString& m) { failure = m; });
    auto* pause = w->publishStatus()->findChild<QToolButton*>("publishPause");
    REQUIRE(pause);
    // What the host holds of the event: nothing at all until the event itself is there.
    auto onHost = [&] {
        const auto r = test::roundTrip(s.server->port(), "GET", "/api/v1/events/" + s.f.eventId.toStdString() + "/photos",
                                       s.token.toStdString());
        return r.status == 404 ? std::set<QString>{} : PublishStudio::hostPhotos(s.server->port(), s.token, s.f.eventId);
    };
    w->publishAction()->trigger();
    pause->click();
    CHECK(pc->isPaused());
    CHECK(w->publishStatus()->text() == "Publishing paused");
    QTest::qWait(2500);   // transfers already under way may finish
    const qint64 heldBytes = bytesSent;
    const auto heldPhotos = onHost();
    QTest::qWait(2500);
    CHECK(bytesSent == heldBytes);
    CHECK(onHost() == heldPhotos);
    CHECK(heldPhotos.size() < 3);
    CHECK(pc->isBusy());

    pause->click();   // Resume
    CHECK_FALSE(pc->isPaused());
    waitFor([&] { return !pc->isBusy(); });
    INFO(failure.toStdString());
    REQUIRE(failure.isEmpty());
    CHECK(PublishStudio::hostPhotos(s.server->port(), s.token, s.f.eventId) == asSet(s.selected));
}
