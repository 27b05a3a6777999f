// Publishes events for the GUI (issue 6): the Publisher runs on a worker thread with its own
// catalog connection, one event at a time in the order asked for; its observer calls arrive as
// queued signals on the GUI thread. With no host profile (or the embedded one as the default) the
// worker first starts the local proofdesk-host and registers it as "this-computer".
#pragma once

#include "pd/upload/publisher.h"

#include <QObject>
#include <QThread>

#include <deque>
#include <memory>

namespace pd {
class Catalog;
}

namespace pd::ui {

class PublishWorker;
struct PublishControl;
struct KeyringToken;

// Lives on the GUI thread; its functions and signals are GUI-thread only. pause(), resume(),
// cancel() and setSpeedCap() act on the running Publisher at once (it is thread-safe for them).
class PublishController : public QObject {
    Q_OBJECT
public:
    explicit PublishController(const QString& catalogDir, QObject* parent = nullptr);
    ~PublishController() override;   // cancels, stops the local host, waits for the worker

    // The embedded host's program and data folder (defaults: proofdesk-host beside the app, and
    // <AppLocalDataLocation>/host). Call before the first publish.
    void setLocalHost(const QString& hostBinary, const QString& dataDir);

    void publish(const QString& eventId);   // queued behind a running publish; twice is once
    // Finishes publishes interrupted by a quit, crash or reboot (jobs left in the catalog). Asks
    // the worker and waits for its answer: call it at start, before anything is published.
    void resumeUnfinished();
    // Starts the embedded host when it is the default profile, so its galleries are served while
    // the app runs (the app calls this at start; nothing happens with another default or none).
    void startLocalHostIfDefault();

    void cancel();   // the running publish (its job stays queued in the catalog) and the queued ones
    void pause();
    void resume();
    bool isPaused() const { return m_paused; }
    void setSpeedCap(qint64 bytesPerSecond);   // 0: none
    qint64 speedCap() const;
    bool isBusy() const { return m_running || !m_queue.empty(); }
    QString runningEvent() const { return m_runningEvent; }
    // The host profile the running publish sends to ("" when idle, or before the local host's
    // profile exists).
    QString runningHost() const { return m_runningHost; }

signals:
    void publishStarted(const QString& eventId);
    // The Publisher's per-photo states: queued, rendering, sending, published, failed, removing, removed.
    void photoChanged(const QString& eventId, const QString& photoId, const QString& state, const QString& error);
    void progressed(const QString& eventId, const pd::upload::PublishProgress& progress);
    void publishFinished(const QString& eventId, const pd::upload::PublishSummary& summary);
    void publishFailed(const QString& eventId, const QString& message);
    void localHostStarted(const QString& url);
    void pausedChanged(bool paused);
    void idle();   // nothing running or queued any more

private:
    struct Task {
        QString eventId;
        QString host;   // "" : the default profile
    };
    void startNext();
    KeyringToken readKeyringToken(const QString& host);

    QString m_catalogDir;
    std::unique_ptr<Catalog> m_catalog;   // the GUI thread's own connection, for host profiles; opened on first use
    QThread m_thread;
    PublishWorker* m_worker;
    std::shared_ptr<PublishControl> m_control;
    std::deque<Task> m_queue;
    bool m_running = false;
    bool m_paused = false;
    QString m_runningEvent;
    QString m_runningHost;
    bool m_startingNext = false;
};

} // namespace pd::ui
