// The publish worker thread and the queue in front of it.
#include "pd/ui/publish_controller.h"

#include "pd/db/catalog.h"
#include "pd/db/publish_store.h"
#include "pd/upload/host_tokens.h"
#include "pd/upload/local_host.h"

#include <QDir>
#include <QFile>
#include <QMetaObject>
#include <QStandardPaths>

#include <mutex>

namespace pd::ui {

// What the GUI thread may reach while run() blocks the worker: the running Publisher.
struct PublishControl {
    std::mutex mutex;
    upload::Publisher* publisher = nullptr;
    bool paused = false;
    qint64 speedCap = 0;
};

// A token read from the desktop keyring on the GUI thread, for the worker: the profile it is for,
// the token, or why the keyring could not give it.
struct KeyringToken {
    QString profile;
    QByteArray token;
    QString error;
};

// Runs on the controller's thread; owns that thread's catalog connection and the local host.
class PublishWorker : public QObject, public upload::PublishObserver {
    Q_OBJECT
public:
    PublishWorker(QString dir, std::shared_ptr<PublishControl> control) : m_dir(std::move(dir)), m_control(std::move(control)) {
        m_localHost.hostBinary = upload::LocalHost::defaultHostBinary();
        m_localHost.dataDir = QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(QStringLiteral("host"));
    }

    void setLocalHost(const QString& binary, const QString& dataDir) {
        m_localHost = upload::LocalHostOptions{binary, dataDir};
        m_local.reset();
    }

    // `keyring`: what the GUI thread read from the desktop keyring for the profile, if anything.
    void run(const QString& eventId, const QString& hostName, const KeyringToken& keyring) {
        m_eventId = eventId;
        auto host = prepareHost(hostName, true);
        if (host.ok() && !keyring.error.isEmpty() && keyring.profile == host.value()) host = makeError(ErrorCode::NotFound, keyring.error);
        if (!host.ok()) {
            emit failed(eventId, host.error().toString());
            emit done();
            return;
        }
        upload::PublishOptions o;
        o.catalogDir = m_dir;
        o.event = eventId;
        o.host = host.value();
        // The token: the keyring's when the GUI thread read one for this profile, else the
        // profile's file (read by the Publisher).
        if (!keyring.token.isEmpty() && keyring.profile == o.host) o.token = keyring.token;
        upload::Publisher publisher(o);
        {
            std::lock_guard lock(m_control->mutex);
            m_control->publisher = &publisher;
            if (m_control->paused) publisher.pause();
            if (m_control->speedCap > 0) publisher.setSpeedCap(m_control->speedCap);
        }
        auto summary = publisher.run(this);
        {
            std::lock_guard lock(m_control->mutex);
            m_control->publisher = nullptr;
        }
        if (summary.ok()) emit finished(eventId, summary.value());
        else emit failed(eventId, summary.error().toString());
        emit done();
    }

    std::vector<std::pair<QString, QString>> unfinished() {
        if (!openCatalog().ok()) return {};
        auto jobs = PublishStore(*m_catalog).unfinishedJobs();
        std::vector<std::pair<QString, QString>> out;
        if (jobs.ok())
            for (const PublishJob& j : jobs.value()) out.emplace_back(j.eventId, j.host);
        return out;
    }

    // The profile to publish to: `name`, else the default; with none at all, or the embedded one,
    // the local host is started and registered first. `allowFirst`: may create the profile.
    Result<QString> prepareHost(const QString& name, bool allowFirst) {
        PD_TRY(openCatalog());
        PublishStore store(*m_catalog);
        auto hosts = store.hosts();
        PD_TRY(hosts);
        QString chosen = name;
        if (chosen.isEmpty())
            for (const HostProfile& h : hosts.value())
                if (h.isDefault) chosen = h.name;
        const QString local = QLatin1String(upload::kLocalHostProfile);
        if (chosen.isEmpty() && !hosts->empty())
            return store.requireHost().error();   // profiles, but no default: say how to choose
        if (chosen.isEmpty() && !allowFirst) return QString();
        if (chosen.isEmpty() || chosen == local) {
            if (!m_local) m_local = std::make_unique<upload::LocalHost>(m_localHost);
            const bool wasRunning = m_local->isRunning();
            auto url = m_local->start();
            PD_TRY(url);
            auto profile = m_local->registerProfile(*m_catalog);
            PD_TRY(profile);
            if (!wasRunning) emit localHostStarted(url.value());
            return profile->name;
        }
        return chosen;
    }

    void startLocalIfDefault() {
        if (!openCatalog().ok()) return;
        auto def = PublishStore(*m_catalog).requireHost();
        if (def.ok() && def->name == QLatin1String(upload::kLocalHostProfile)) (void)prepareHost(def->name, false);
    }

    void shutdown() {
        m_local.reset();   // SIGTERM to the local host, waits for it
        m_catalog.reset();
    }

    // upload::PublishObserver, called on this thread by Publisher::run().
    void photoChanged(const upload::PublishPhotoUpdate& u) override { emit photo(m_eventId, u.photoId, u.state, u.error); }
    void progressed(const upload::PublishProgress& p) override { emit progress(m_eventId, p); }

signals:
    void photo(const QString& eventId, const QString& photoId, const QString& state, const QString& error);
    void progress(const QString& eventId, const pd::upload::PublishProgress& progress);
    void finished(const QString& eventId, const pd::upload::PublishSummary& summary);
    void failed(const QString& eventId, const QString& message);
    void localHostStarted(const QString& url);
    void done();

private:
    Status openCatalog() {
        if (m_catalog) return {};
        auto c = Catalog::open(m_dir);
        PD_TRY(c);
        m_catalog = std::move(c).value();
        return {};
    }

    QString m_dir;
    std::shared_ptr<PublishControl> m_control;
    std::unique_ptr<Catalog> m_catalog;
    upload::LocalHostOptions m_localHost;
    std::unique_ptr<upload::LocalHost> m_local;
    QString m_eventId;
};

PublishController::PublishController(const QString& catalogDir, QObject* parent)
    : QObject(parent), m_catalogDir(catalogDir), m_control(std::make_shared<PublishControl>()) {
    qRegisterMetaType<pd::upload::PublishProgress>("pd::upload::PublishProgress");
    qRegisterMetaType<pd::upload::PublishSummary>("pd::upload::PublishSummary");
    m_worker = new PublishWorker(catalogDir, m_control);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &PublishWorker::photo, this, &PublishController::photoChanged);
    connect(m_worker, &PublishWorker::progress, this, &PublishController::progressed);
    connect(m_worker, &PublishWorker::finished, this, &PublishController::publishFinished);
    connect(m_worker, &PublishWorker::failed, this, &PublishController::publishFailed);
    connect(m_worker, &PublishWorker::localHostStarted, this, &PublishController::localHostStarted);
    connect(m_worker, &PublishWorker::done, this, [this] { startNext(); });
    m_thread.setObjectName(QStringLiteral("publish"));
    m_thread.start();
}

PublishController::~PublishController() {
    cancel();
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->shutdown(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void PublishController::setLocalHost(const QString& hostBinary, const QString& dataDir) {
    // Queued: the worker takes it before any publish asked for after this call.
    QMetaObject::invokeMethod(m_worker, [w = m_worker, hostBinary, dataDir] { w->setLocalHost(hostBinary, dataDir); },
                              Qt::QueuedConnection);
}

void PublishController::publish(const QString& eventId) {
    if (eventId.isEmpty()) return;
    for (const Task& t : m_queue)
        if (t.eventId == eventId) return;
    m_queue.push_back(Task{eventId, {}});
    if (!m_running) startNext();
}

void PublishController::resumeUnfinished() {
    std::vector<std::pair<QString, QString>> jobs;
    QMetaObject::invokeMethod(m_worker, [&] { jobs = m_worker->unfinished(); }, Qt::BlockingQueuedConnection);
    for (const auto& [eventId, host] : jobs) m_queue.push_back(Task{eventId, host});
    if (!m_running) startNext();
}

void PublishController::startLocalHostIfDefault() {
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->startLocalIfDefault(); }, Qt::QueuedConnection);
}

void PublishController::cancel() {
    m_queue.clear();
    std::lock_guard lock(m_control->mutex);
    if (m_control->publisher) m_control->publisher->cancel();
}

void PublishController::pause() {
    {
        std::lock_guard lock(m_control->mutex);
        m_control->paused = true;
        if (m_control->publisher) m_control->publisher->pause();
    }
    m_paused = true;
    emit pausedChanged(true);
}

void PublishController::resume() {
    {
        std::lock_guard lock(m_control->mutex);
        m_control->paused = false;
        if (m_control->publisher) m_control->publisher->resume();
    }
    m_paused = false;
    emit pausedChanged(false);
}

void PublishController::setSpeedCap(qint64 bytesPerSecond) {
    std::lock_guard lock(m_control->mutex);
    m_control->speedCap = bytesPerSecond;
    if (m_control->publisher) m_control->publisher->setSpeedCap(bytesPerSecond);
}

qint64 PublishController::speedCap() const {
    std::lock_guard lock(m_control->mutex);
    return m_control->speedCap;
}

void PublishController::startNext() {
    if (m_startingNext) return;   // re-entered while the keyring is read below: that call goes on
    if (m_queue.empty()) {
        const bool wasRunning = m_running;
        m_running = false;
        m_runningEvent.clear();
        m_runningHost.clear();
        if (wasRunning) emit idle();
        return;
    }
    // A token the app put in the desktop keyring is read here: QtKeychain's jobs belong to the
    // application's thread (a job started on the worker crashes its executor). Files are read by
    // the Publisher on the worker. The read waits in a local event loop, where Cancel or another
    // Publish may come in: the queue is looked at again afterwards.
    const Task next = m_queue.front();
    m_startingNext = true;
    const KeyringToken keyring = readKeyringToken(next.host);
    m_startingNext = false;
    if (m_queue.empty() || m_queue.front().eventId != next.eventId) return startNext();
    Task task = std::move(m_queue.front());
    m_queue.pop_front();
    m_running = true;
    m_runningEvent = task.eventId;
    m_runningHost = keyring.profile;
    emit publishStarted(task.eventId);
    QMetaObject::invokeMethod(m_worker, [w = m_worker, task, keyring] { w->run(task.eventId, task.host, keyring); },
                              Qt::QueuedConnection);
}

KeyringToken PublishController::readKeyringToken(const QString& host) {
    KeyringToken out;
    if (!m_catalog) {
        auto catalog = Catalog::open(m_catalogDir);
        if (!catalog.ok()) return out;   // the worker opens it too, and says what is wrong
        m_catalog = std::move(catalog).value();
    }
    auto profile = PublishStore(*m_catalog).requireHost(host);
    if (!profile.ok()) return out;   // no profile yet: the worker starts the local host
    out.profile = profile->name;
    if (QFile::exists(profile->tokenFile)) return out;
    auto token = upload::HostTokens::token(profile.value());
    if (token.ok()) out.token = token.value();
    else out.error = token.error().toString();
    return out;
}

} // namespace pd::ui

#include "publish_controller.moc"
