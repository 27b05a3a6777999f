// Runs exports for the GUI: one at a time on a worker thread with its own catalog connection,
// queued in the order they were asked for; progress arrives as signals on the GUI thread.
#pragma once

#include "pd/core/cancel_token.h"
#include "pd/db/photo_export.h"

#include <QObject>
#include <QThread>

#include <deque>
#include <memory>

namespace pd::ui {

class ExportWorker;

// Lives on the GUI thread; its public functions and signals are GUI-thread only. pd::exportPhotos
// runs on the controller's thread (which makes the files on a pool of its own and writes them
// with write-then-rename); its progress calls become queued signals.
class ExportController : public QObject {
    Q_OBJECT
public:
    explicit ExportController(const QString& catalogDir, QObject* parent = nullptr);
    ~ExportController() override;   // cancels, and waits for the worker

    void start(const BatchExportRequest& request);
    void cancel();                  // the running export (what is written stays) and every queued one
    bool isBusy() const { return m_running || !m_queue.empty(); }

signals:
    void exportStarted(int total);
    void progressChanged(int done, int total);
    void exportFinished(const pd::BatchExportSummary& summary, const QString& folder);
    void exportFailed(const QString& message);
    void idle();

private:
    void startNext();

    QThread m_thread;
    ExportWorker* m_worker;
    std::deque<BatchExportRequest> m_queue;
    bool m_running = false;
    std::shared_ptr<CancelToken> m_cancel;
};

} // namespace pd::ui
