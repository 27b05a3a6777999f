// The import worker thread and the queue in front of it.
#include "pd/ui/import_controller.h"

#include "pd/db/catalog.h"

#include <QMetaObject>

namespace pd::ui {

// Runs on the controller's thread; owns that thread's catalog connection.
class ImportWorker : public QObject, public ImportProgress {
    Q_OBJECT
public:
    explicit ImportWorker(QString dir) : m_dir(std::move(dir)) {}

    void run(ImportRequest request, qint64 resumeJobId, std::shared_ptr<CancelToken> cancel) {
        request.background = true;  // the GUI thread comes first
        if (!m_catalog) {
            auto c = Catalog::open(m_dir);
            if (!c.ok()) {
                emit failed(c.error().toString());
                emit done();
                return;
            }
            m_catalog = std::move(c).value();
        }
        auto summary = resumeJobId ? resumeImport(*m_catalog, resumeJobId, request.jobs, this, *cancel, true)
                                   : runImport(*m_catalog, request, this, *cancel);
        if (summary.ok()) emit finished(summary.value());
        else emit failed(summary.error().toString());
        emit done();
    }

    std::vector<UnfinishedJob> unfinished() {
        if (!m_catalog) {
            auto c = Catalog::open(m_dir);
            if (!c.ok()) return {};
            m_catalog = std::move(c).value();
        }
        auto jobs = unfinishedJobs(*m_catalog);
        return jobs.ok() ? jobs.value() : std::vector<UnfinishedJob>{};
    }

    // pd::ImportProgress, called on this thread by the importer's writer.
    void importStarted(int total) override { emit started(total); }
    void fileFinished(const ImportedFile& f, int doneCount, int total) override {
        if (f.outcome == ImportOutcome::Imported) emit imported(f.photoId, f.path);
        else if (f.outcome == ImportOutcome::Failed) emit fileFailed(f.path, f.error);
        emit progress(doneCount, total);
    }

signals:
    void started(int total);
    void imported(const QString& photoId, const QString& path);
    void fileFailed(const QString& path, const QString& error);
    void progress(int done, int total);
    void finished(const pd::ImportSummary& summary);
    void failed(const QString& message);
    void done();

private:
    QString m_dir;
    std::unique_ptr<Catalog> m_catalog;
};

ImportController::ImportController(const QString& catalogDir, QObject* parent)
    : QObject(parent), m_worker(new ImportWorker(catalogDir)) {
    qRegisterMetaType<pd::ImportSummary>("pd::ImportSummary");
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &ImportWorker::started, this, &ImportController::importStarted);
    connect(m_worker, &ImportWorker::imported, this, &ImportController::photoImported);
    connect(m_worker, &ImportWorker::fileFailed, this, &ImportController::fileFailed);
    connect(m_worker, &ImportWorker::progress, this, &ImportController::progressChanged);
    connect(m_worker, &ImportWorker::finished, this, &ImportController::importFinished);
    connect(m_worker, &ImportWorker::failed, this, &ImportController::importFailed);
    connect(m_worker, &ImportWorker::done, this, &ImportController::onWorkerDone);
    m_thread.setObjectName(QStringLiteral("import"));
    m_thread.start();
}

ImportController::~ImportController() {
    cancel();
    m_thread.quit();
    m_thread.wait();
}

void ImportController::start(const ImportRequest& request) {
    m_queue.push_back(Task{request, 0});
    if (!m_running) startNext();
}

void ImportController::resumeUnfinished() {
    std::vector<UnfinishedJob> jobs;
    QMetaObject::invokeMethod(m_worker, [&] { jobs = m_worker->unfinished(); }, Qt::BlockingQueuedConnection);
    for (const UnfinishedJob& j : jobs)
        if (j.kind == QLatin1String("import") && j.pending > 0) m_queue.push_back(Task{ImportRequest{j.eventId, {}, {}, 0}, j.id});
    if (!m_running) startNext();
}

void ImportController::cancel() {
    m_queue.clear();
    if (m_cancel) m_cancel->cancel();
}

void ImportController::startNext() {
    if (m_queue.empty()) {
        m_running = false;
        emit idle();
        return;
    }
    Task task = std::move(m_queue.front());
    m_queue.pop_front();
    m_running = true;
    m_cancel = std::make_shared<CancelToken>();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, task, c = m_cancel] { w->run(task.request, task.resumeJobId, c); },
                              Qt::QueuedConnection);
}

void ImportController::onWorkerDone() { startNext(); }

} // namespace pd::ui

#include "import_controller.moc"
