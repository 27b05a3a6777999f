// Host tokens in the desktop keyring (QtKeychain), with the catalog's 0600 file as the fallback.
#include "pd/upload/host_tokens.h"

#include <qt6keychain/keychain.h>

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QEventLoop>
#include <QPointer>
#include <QThread>
#include <QTimer>

#include <memory>

namespace pd::upload {

namespace {

// Long enough for a person to answer the keyring's unlock prompt; the GUI stays responsive
// meanwhile (the wait runs the event loop). PROOFDESK_KEYRING_TIMEOUT_MS changes it (tests).
int keyringTimeoutMs() {
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("PROOFDESK_KEYRING_TIMEOUT_MS", &ok);
    return ok && ms > 0 ? ms : 60000;
}

// A D-Bus session bus to reach: the address in the environment, or systemd's per-user socket.
bool sessionBusLikely() {
    if (!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")) return true;
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    return !runtime.isEmpty() && QFile::exists(runtime + QStringLiteral("/bus"));
}

bool keyringSwitchedOff() { return qEnvironmentVariable("PROOFDESK_KEYRING") == QLatin1String("off"); }

// What a keyring job ended with.
struct JobOutcome {
    bool finished = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorString;
    QByteArray data;   // a read's secret
};

// Starts `job` and waits for it in a local event loop, keyringTimeoutMs() at most. The job
// deletes itself when it finishes, and nothing here refers to it after a timeout: QtKeychain
// still holds a job that has not answered (a keyring waiting on its unlock prompt), and a job
// destroyed under it crashes it when the answer comes.
JobOutcome runJob(QKeychain::Job* job) {
    auto outcome = std::make_shared<JobOutcome>();
    QEventLoop loop;
    QPointer<QEventLoop> waiting(&loop);
    job->setAutoDelete(true);
    QObject::connect(job, &QKeychain::Job::finished, job, [outcome, waiting](QKeychain::Job* done) {
        outcome->finished = true;
        outcome->error = done->error();
        outcome->errorString = done->errorString();
        if (auto* read = qobject_cast<QKeychain::ReadPasswordJob*>(done)) outcome->data = read->binaryData();
        if (waiting) waiting->quit();
    });
    QTimer::singleShot(keyringTimeoutMs(), &loop, &QEventLoop::quit);
    job->start();
    if (!outcome->finished) loop.exec();
    if (!outcome->finished) outcome->errorString = QStringLiteral("the desktop keyring did not answer");
    return *outcome;
}

// A job of the "proofdesk" service for `key`, to hand to runJob (which owns it from there).
template <typename Job>
Job* keyringJob(const QString& key) {
    auto* job = new Job(QString::fromLatin1(kKeyringService));
    job->setKey(key);
    return job;
}

// The outcome as success, or false with *why.
bool succeeded(const JobOutcome& o, QString* why) {
    if (o.finished && o.error == QKeychain::NoError) return true;
    if (why) *why = o.errorString;
    return false;
}

} // namespace

QString TokenStorage::describe() const {
    if (inKeyring)
        return QCoreApplication::translate("HostTokens", "The token is in the desktop keyring, and nowhere on disk.");
    return QCoreApplication::translate("HostTokens", "No desktop keyring here (%1): the token is kept in %2, readable only by you.")
        .arg(keyringProblem.isEmpty() ? QStringLiteral("none found") : keyringProblem, file);
}

bool HostTokens::keyringAvailable(QString* problem) {
    static int known = -1;   // -1 unknown, 0 no, 1 yes
    static QString why;
    if (keyringSwitchedOff()) {
        if (problem) *problem = QStringLiteral("switched off by PROOFDESK_KEYRING=off");
        return false;
    }
    // QtKeychain's job executor lives on the application's thread; a job run from another thread
    // crashes it when it finishes. Callers on workers get the token from the GUI thread instead.
    if (!QCoreApplication::instance() || QThread::currentThread() != QCoreApplication::instance()->thread()) {
        if (problem) *problem = QStringLiteral("the keyring is read on the application's main thread only");
        return false;
    }
    if (known < 0 && !sessionBusLikely()) {
        // Without a session bus libsecret would try to start one (dbus-launch); there is no
        // keyring to find, so say so plainly.
        known = 0;
        why = QStringLiteral("no desktop session bus");
    }
    if (known < 0) {
        const JobOutcome o = runJob(keyringJob<QKeychain::ReadPasswordJob>(QStringLiteral("proofdesk-keyring-probe")));
        known = o.finished && (o.error == QKeychain::NoError || o.error == QKeychain::EntryNotFound) ? 1 : 0;
        why = known ? QString() : o.errorString;
    }
    if (problem) *problem = why;
    return known == 1;
}

QString HostTokens::keyringKey(const HostProfile& profile) {
    QDir catalog = QFileInfo(profile.tokenFile).absoluteDir();   // <catalog>/hosts
    catalog.cdUp();
    return QStringLiteral("%1 (catalog %2)").arg(profile.name, QDir::cleanPath(catalog.absolutePath()));
}

Result<std::pair<HostProfile, TokenStorage>> HostTokens::addProfile(PublishStore& store, const QString& name, const QString& url,
                                                                    const QByteArray& token) {
    auto added = store.addHost(name, url, token);
    PD_TRY(added);
    TokenStorage where;
    where.file = added->tokenFile;
    QString problem;
    if (keyringAvailable(&problem)) {
        auto* job = keyringJob<QKeychain::WritePasswordJob>(keyringKey(added.value()));
        job->setBinaryData(token.trimmed());
        where.inKeyring = succeeded(runJob(job), &problem);
    }
    if (!where.inKeyring) where.keyringProblem = problem;
    // In the keyring: no copy stays on disk (the app hands the Publisher the keyring's token).
    if (where.inKeyring && QFile::remove(added->tokenFile)) where.file.clear();
    return std::make_pair(added.value(), where);
}

Status HostTokens::removeProfile(PublishStore& store, const QString& name) {
    auto profile = store.requireHost(name);
    PD_TRY(profile);
    // A profile whose file is gone keeps its token in the keyring (addProfile); only then is the
    // keyring asked, so a headless removal never waits on D-Bus.
    const bool inKeyring = !QFile::exists(profile->tokenFile);
    PD_TRY(store.removeHost(name));
    if (!inKeyring) return {};
    QString problem;
    if (!keyringAvailable(&problem))
        return makeError(ErrorCode::Io, QStringLiteral("the host is removed, but its token stays in the desktop keyring, which cannot "
                                                       "be reached here (%1); remove the entry \"%2\" with the desktop's keyring tool")
                                            .arg(problem, keyringKey(profile.value())));
    const JobOutcome deleted = runJob(keyringJob<QKeychain::DeletePasswordJob>(keyringKey(profile.value())));
    if (!succeeded(deleted, &problem) && !(deleted.finished && deleted.error == QKeychain::EntryNotFound))
        return makeError(ErrorCode::Io, QStringLiteral("the host is removed, but its token stays in the desktop keyring (%1)").arg(problem));
    return {};
}

Result<QByteArray> HostTokens::token(const HostProfile& profile) {
    if (QFile::exists(profile.tokenFile)) return PublishStore::readToken(profile);
    QString problem;
    if (keyringAvailable(&problem)) {
        const JobOutcome read = runJob(keyringJob<QKeychain::ReadPasswordJob>(keyringKey(profile)));
        if (succeeded(read, &problem)) {
            const QByteArray token = read.data.trimmed();
            if (!token.isEmpty()) return token;
            problem = QStringLiteral("its entry is empty");
        }
    }
    return makeError(ErrorCode::NotFound,
                     QStringLiteral("host \"%1\" has no token: no file %2, and the desktop keyring cannot give one (%3); remove the "
                                    "host and add it again (in the Hosts dialog, or `proofdesk-cli host remove NAME` and "
                                    "`proofdesk-cli host add NAME URL --token-file FILE`)")
                         .arg(profile.name, profile.tokenFile, problem),
                     profile.tokenFile);
}

} // namespace pd::upload
