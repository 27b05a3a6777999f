// Runs imports for the GUI: one at a time on a worker thread with its own catalog connection,
// queued in the order they were asked for; progress arrives as signals on the GUI thread.
#pragma once

#include "pd/core/cancel_token.h"
#include "pd/db/importer.h"

#include <QObject>
#include <QThread>

#include <deque>
#include <memory>

namespace pd::ui {

class ImportWorker;

// Lives on the GUI thread; its public functions and signals are GUI-thread only. The import
// itself (pd::runImport) runs on the controller's thread; pd::ImportProgress calls are turned into
// queued signals.
class ImportController : public QObject {
    Q_OBJECT
public:
    explicit ImportController(const QString& catalogDir, QObject* parent = nullptr);
    ~ImportController() override;  // cancels, and waits for the worker

    void start(const ImportRequest& request);
    // Finishes imports interrupted by a crash (jobs left running in the catalog).
    void resumeUnfinished();
    void cancel();  // the running import and every queued one
    bool isBusy() const { return m_running || !m_queue.empty(); }

signals:
    void importStarted(int totalFiles);
    void photoImported(const QString& photoId, const QString& path);
    void fileFailed(const QString& path, const QString& error);
    void progressChanged(int done, int total);
    void importFinished(const pd::ImportSummary& summary);
    void importFailed(const QString& message);
    void idle();  // nothing running or queued any more

private:
    struct Task {
        ImportRequest request;
        qint64 resumeJobId = 0;
    };
    void startNext();
    void onWorkerDone();

    QThread m_thread;
    ImportWorker* m_worker;
    std::deque<Task> m_queue;
    bool m_running = false;
    std::shared_ptr<CancelToken> m_cancel;
};

} // namespace pd::ui
