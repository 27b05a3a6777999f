// Host tokens in a real desktop keyring: a GNOME keyring daemon on a private D-Bus session bus
// (tests/ui/with_keyring.sh), reached through QtKeychain as on a logged-in desktop. These cases
// carry the [keyring] tag, which the plain ctest entries of pd_ui_tests leave out; ctest runs
// them through the wrapper (tests/CMakeLists.txt).
#include <catch2/catch.hpp>

#include "publish_studio.h"

#include "pd/ui/host_profiles_dialog.h"
#include "pd/ui/publish_controller.h"
#include "pd/upload/host_tokens.h"

#include <QAction>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QTemporaryDir>

#include <qt6keychain/keychain.h>

#include <csignal>
#include <memory>
#include <sys/types.h>

using namespace pd;
using namespace pd::ui;
using pd::test::PublishStudio;
using pd::test::waitFor;

namespace {

// Files under `dir` whose bytes contain `needle`.
QStringList filesContaining(const QString& dir, const QByteArray& needle) {
    QStringList hits;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (f.open(QIODevice::ReadOnly) && f.readAll().contains(needle)) hits << f.fileName();
    }
    return hits;
}

// Runs a QtKeychain job of the service "proofdesk" directly (not through HostTokens: the secret
// service answers, not our code) and waits for it; the job is kept for its results.
template <typename Job>
std::unique_ptr<Job> keychainJob(const QString& key) {
    auto job = std::make_unique<Job>(QStringLiteral("proofdesk"));
    job->setAutoDelete(false);
    job->setKey(key);
    bool done = false;
    QObject::connect(job.get(), &QKeychain::Job::finished, [&] { done = true; });
    job->start();
    waitFor([&] { return done; }, 30000);
    return job;
}

// What the keyring itself holds for a profile ("" when nothing).
QByteArray keyringEntry(const QString& key) {
    REQUIRE(key.startsWith("studio-site (catalog /"));
    auto job = keychainJob<QKeychain::ReadPasswordJob>(key);
    INFO(job->errorString().toStdString());
    if (job->error() == QKeychain::EntryNotFound) return {};
    REQUIRE(job->error() == QKeychain::NoError);
    return job->binaryData();
}

// A studio whose host is running but not yet a profile: the Hosts dialog adds it.
struct KeyringStudio {
    PublishStudio s{3, 2, false};
    KeyringStudio() {
        QString problem;
        const bool available = upload::HostTokens::keyringAvailable(&problem);
        INFO("keyring: " << problem.toStdString() << " (run through tests/ui/with_keyring.sh)");
        REQUIRE(available);
        s.token = test::addPhotographer(s.hostData, "Ann Example");
        s.server = std::make_unique<test::HostServer>(s.hostData);
    }
    // The keyring entry of this catalog's "studio-site": the name and the catalog's folder.
    QString entryKey() const {
        return QStringLiteral("studio-site (catalog %1)").arg(QDir::cleanPath(QDir(s.f.catalogDir).absolutePath()));
    }
    // Adds "studio-site" through the Hosts dialog's form, the way a photographer does.
    // Returns what the dialog says of where the token went.
    QString addThroughDialog() {
        std::unique_ptr<Catalog> catalog = Catalog::open(s.f.catalogDir).value();
        HostProfilesDialog dlg(*catalog);
        CHECK(dlg.storageText() == "New tokens go into the desktop keyring.");
        dlg.nameField()->setText("studio-site");
        dlg.urlField()->setText(s.url());
        dlg.tokenField()->setText(s.token);
        INFO(dlg.statusText().toStdString());
        REQUIRE(dlg.addFromForm());
        const QString storage = dlg.storageText();

        // The dialog's connection test reads the token back from the keyring.
        CHECK(test::testConnectionOf(dlg, "studio-site"));
        INFO(dlg.statusText().toStdString());
        CHECK(dlg.statusText().contains("as Ann Example"));
        return storage;
    }
};

} // namespace

TEST_CASE("with a desktop keyring, a host added in the Hosts dialog keeps its token in the keyring and nowhere on disk, "
          "and Publish in the window sends with it",
          "[keyring]") {
    KeyringStudio k;
    PublishStudio& s = k.s;
    CHECK(k.addThroughDialog() == "The token is in the desktop keyring, and nowhere on disk.");
    const QString entryKey = k.entryKey();

    // The secret service holds the token; no file under the studio's folders does.
    CHECK(keyringEntry(entryKey) == s.token.toUtf8());
    auto profile = PublishStore(*Catalog::open(s.f.catalogDir).value()).requireHost("studio-site");
    REQUIRE(profile.ok());
    CHECK_FALSE(QFile::exists(profile->tokenFile));
    CHECK(filesContaining(s.f.catalogDir, s.token.toUtf8()).isEmpty());

    // Publish in the window: the only copy of the token is the keyring's.
    auto w = s.f.window();
    QString failure;
    QObject::connect(w->publishController(), &PublishController::publishFailed,
                     [&](const QString&, const QString& m) { failure = m; });
    w->publishAction()->trigger();
    waitFor([&] { return w->publishDoneDialog() != nullptr || !failure.isEmpty(); });
    INFO(failure.toStdString());
    REQUIRE(failure.isEmpty());
    CHECK(PublishStudio::hostPhotos(s.server->port(), s.token, s.f.eventId) == test::asSet(s.selected));
    for (const QString& id : s.selected) CHECK(test::stateOf(*w, id) == "published");

    // Removing the profile in the Hosts dialog takes its keyring entry too.
    std::unique_ptr<Catalog> catalog = Catalog::open(s.f.catalogDir).value();
    HostProfilesDialog dlg(*catalog);
    dlg.selectProfile("studio-site");
    REQUIRE(dlg.removeSelected());
    CHECK(dlg.profileNames().isEmpty());
    CHECK(keyringEntry(entryKey).isEmpty());
}

TEST_CASE("proofdesk-cli on the same desktop tests and publishes with a token the app put in the keyring, and says "
          "where it looked when the keyring has none",
          "[keyring]") {
    KeyringStudio k;
    PublishStudio& s = k.s;
    CHECK_FALSE(k.addThroughDialog().isEmpty());
    const QString entryKey = k.entryKey();

    auto cli = [&](const QStringList& args) {
        QProcess p;
        p.setProgram(QStringLiteral(PD_CLI_PATH));
        p.setArguments(QStringList{"--catalog", s.f.catalogDir} + args);
        p.start();
        REQUIRE(p.waitForFinished(300000));
        return std::make_pair(p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
    };
    const auto tested = cli({"host", "test", "studio-site"});
    INFO(tested.second.toStdString());
    CHECK(tested.first == 0);
    CHECK(tested.second.contains("connected as Ann Example"));

    const auto published = cli({"publish", s.f.eventId, "--wait"});
    INFO(published.second.toStdString());
    REQUIRE(published.first == 0);
    CHECK(PublishStudio::hostPhotos(s.server->port(), s.token, s.f.eventId) == test::asSet(s.selected));

    // Another catalog's profile of the same name never gets this one's token.
    {
        QTemporaryDir other;
        std::unique_ptr<Catalog> c = Catalog::open(other.path() + "/catalog").value();
        PublishStore store(*c);
        auto theirs = store.addHost("studio-site", s.url(), "not-the-same-token");
        REQUIRE(theirs.ok());
        REQUIRE(QFile::remove(theirs->tokenFile));
        auto token = upload::HostTokens::token(theirs.value());
        CHECK_FALSE(token.ok());
    }

    // The entry gone (removed by hand from the keyring): a clear error, nothing sent.
    REQUIRE(keychainJob<QKeychain::DeletePasswordJob>(entryKey)->error() == QKeychain::NoError);
    CHECK(keyringEntry(entryKey).isEmpty());
    const auto refused = cli({"host", "test", "studio-site"});
    CHECK(refused.first == 1);
    CHECK(refused.second.contains("host \"studio-site\" has no token"));
    CHECK(refused.second.contains("remove the host and add it again"));
}

TEST_CASE("a keyring that does not answer (its daemon stopped) is a clear error after the wait, its late answer "
          "harms nothing, and the token is there once it answers again",
          "[keyring]") {
    KeyringStudio k;
    PublishStudio& s = k.s;
    CHECK_FALSE(k.addThroughDialog().isEmpty());
    bool ok = false;
    const pid_t daemon = pid_t(qEnvironmentVariableIntValue("PD_KEYRING_DAEMON_PID", &ok));
    REQUIRE(ok);
    REQUIRE(daemon > 0);
    auto profile = PublishStore(*Catalog::open(s.f.catalogDir).value()).requireHost("studio-site");
    REQUIRE(profile.ok());

    qputenv("PROOFDESK_KEYRING_TIMEOUT_MS", "1500");
    struct Resume {   // the daemon runs again whatever happens below
        pid_t pid;
        ~Resume() { ::kill(pid, SIGCONT); }
    } resume{daemon};
    REQUIRE(::kill(daemon, SIGSTOP) == 0);
    auto stalled = upload::HostTokens::token(profile.value());
    REQUIRE_FALSE(stalled.ok());
    CHECK(stalled.error().message.contains("the desktop keyring did not answer"));
    CHECK(stalled.error().message.contains("host \"studio-site\" has no token"));

    // The daemon answers the stalled job late: QtKeychain finishes it on its own.
    REQUIRE(::kill(daemon, SIGCONT) == 0);
    QTest::qWait(1500);
    qputenv("PROOFDESK_KEYRING_TIMEOUT_MS", "30000");
    auto again = upload::HostTokens::token(profile.value());
    INFO((again.ok() ? QString() : again.error().message).toStdString());
    REQUIRE(again.ok());
    CHECK(again.value() == s.token.toUtf8());
}
