// The export worker thread and the queue in front of it.
#include "pd/ui/export_controller.h"

#include "pd/db/catalog.h"

#include <QMetaObject>

namespace pd::ui {

// Runs on the controller's thread; owns that thread's catalog connection.
class ExportWorker : public QObject, public ExportProgress {
    Q_OBJECT
public:
    explicit ExportWorker(QString dir) : m_dir(std::move(dir)) {}

    void run(const BatchExportRequest& request, std::shared_ptr<CancelToken> cancel) {
        if (!m_catalog) {
            auto c = Catalog::open(m_dir);
            if (!c.ok()) {
                emit failed(c.error().toString());
                emit done();
                return;
            }
            m_catalog = std::move(c).value();
        }
        emit progress(0, int(request.photoIds.size()));
        auto summary = exportPhotos(*m_catalog, request, this, *cancel);
        if (summary.ok()) emit finished(summary.value(), request.folder);
        else emit failed(summary.error().toString());
        emit done();
    }

    // pd::ExportProgress, on this thread.
    void photoExported(const ExportedFile&, int doneCount, int total) override { emit progress(doneCount, total); }

signals:
    void progress(int done, int total);
    void finished(const pd::BatchExportSummary& summary, const QString& folder);
    void failed(const QString& message);
    void done();

private:
    QString m_dir;
    std::unique_ptr<Catalog> m_catalog;
};

ExportController::ExportController(const QString& catalogDir, QObject* parent)
    : QObject(parent), m_worker(new ExportWorker(catalogDir)) {
    qRegisterMetaType<pd::BatchExportSummary>("pd::BatchExportSummary");
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ExportWorker::progress, this, &ExportController::progressChanged);
    connect(m_worker, &ExportWorker::finished, this, &ExportController::exportFinished);
    connect(m_worker, &ExportWorker::failed, this, &ExportController::exportFailed);
    connect(m_worker, &ExportWorker::done, this, [this] { startNext(); });
    m_thread.setObjectName(QStringLiteral("export"));
    m_thread.start();
}

ExportController::~ExportController() {
    cancel();
    m_thread.quit();
    m_thread.wait();
}

void ExportController::start(const BatchExportRequest& request) {
    m_queue.push_back(request);
    if (!m_running) startNext();
}

void ExportController::cancel() {
    m_queue.clear();
    if (m_cancel) m_cancel->cancel();
}

void ExportController::startNext() {
    if (m_queue.empty()) {
        m_running = false;
        emit idle();
        return;
    }
    BatchExportRequest request = std::move(m_queue.front());
    m_queue.pop_front();
    m_running = true;
    m_cancel = std::make_shared<CancelToken>();
    emit exportStarted(int(request.photoIds.size()));
    QMetaObject::invokeMethod(m_worker, [w = m_worker, request, c = m_cancel] { w->run(request, c); }, Qt::QueuedConnection);
}

} // namespace pd::ui

#include "export_controller.moc"
