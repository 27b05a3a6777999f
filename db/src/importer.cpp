// The import pipeline. Threads: one reader (read-ahead into a bounded queue), N decode workers
// (hash, metadata, one decode, renditions: pure functions from core), and the calling thread as
// the only writer, which group-commits finished files into the vault and then the catalog.
#include "pd/db/importer.h"

#include "blocking_queue.h"
#include "pd/core/content_hash.h"
#include "pd/core/image_format.h"
#include "pd/core/renditions.h"
#include "pd/db/catalog.h"
#include "pd/db/vault.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QThread>
#include <QUuid>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace pd {

namespace {

constexpr qint64 kMaxOriginalBytes = qint64(1) << 30;  // 1 GiB: larger is not a photo we can hold in memory
constexpr size_t kMaxBatch = 4;                         // files per group commit

const QSet<QString>& imageSuffixes() {
    static const QSet<QString> s{"jpg", "jpeg", "jpe", "png", "tif", "tiff", "webp", "bmp", "gif",
                                 "jp2", "j2k", "j2c", "jpf", "jpx", "heic", "heif"};
    return s;
}

bool looksLikeImage(const QString& path) {
    if (imageSuffixes().contains(QFileInfo(path).suffix().toLower())) return true;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return false;
    return sniffImageFormat(f.read(32)) != ImageFormat::Unknown;
}

struct Item {
    qint64 seq = 0;
    QString path;
};

struct ReadFile {
    Item item;
    QByteArray bytes;
    QString error;
};

struct Processed {
    Item item;
    ImportOutcome outcome = ImportOutcome::Failed;
    QString error;
    QString sha256;
    QByteArray original;
    StudioRenditions renditions;
};

// Linux applies nice per thread: lowers only the calling thread.
void lowerThisThreadsPriority() {
    (void)setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
}

QString nowIso() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODate); }

QString describe(const Error& e) { return e.message; }

ReadFile readOriginal(const Item& item) {
    ReadFile r{item, {}, {}};
    QFile f(item.path);
    if (!f.open(QIODevice::ReadOnly)) {
        r.error = QStringLiteral("cannot read the file: %1").arg(f.errorString());
        return r;
    }
    const qint64 size = f.size();
    if (size == 0) { r.error = QStringLiteral("the file is empty"); return r; }
    if (size > kMaxOriginalBytes) { r.error = QStringLiteral("the file is larger than 1 GiB"); return r; }
    r.bytes = QByteArray(size, Qt::Uninitialized);
    if (f.read(r.bytes.data(), size) != size) {
        r.error = QStringLiteral("cannot read the whole file: %1").arg(f.errorString());
        r.bytes.clear();
    }
    return r;
}

// The hashes already in the event or claimed by a file of this run: the duplicate check
// before any decode, shared by the workers.
class ClaimedHashes {
public:
    explicit ClaimedHashes(QSet<QString> existing) : m_hashes(std::move(existing)) {}
    bool claim(const QString& sha) {
        std::lock_guard lock(m_mutex);
        if (m_hashes.contains(sha)) return false;
        m_hashes.insert(sha);
        return true;
    }
private:
    std::mutex m_mutex;
    QSet<QString> m_hashes;
};

Processed processFile(ReadFile in, ClaimedHashes& claimed) {
    Processed out;
    out.item = in.item;
    if (!in.error.isEmpty()) { out.error = in.error; return out; }
    out.sha256 = sha256Hex(in.bytes);
    if (!claimed.claim(out.sha256)) { out.outcome = ImportOutcome::Duplicate; return out; }
    auto r = makeStudioRenditions(in.bytes);
    if (!r.ok()) { out.error = describe(r.error()); return out; }
    out.renditions = std::move(r).value();
    out.original = std::move(in.bytes);
    out.outcome = ImportOutcome::Imported;
    return out;
}

struct JobContext {
    qint64 jobId = 0;
    QString eventId;
    std::optional<qint64> categoryId;
    QString categoryName;
    std::vector<Item> items;
};

// Writes one batch: originals and photo records into the vault (one transaction), then photos,
// renditions and item states into the catalog (one transaction). The vault goes first so a
// catalog row never names an original the vault lacks; a crash between the two leaves an
// original the next run finds again (and reuses its photo id).
Status writeBatch(Catalog& catalog, Vault& vault, const JobContext& job, std::vector<Processed>& batch,
                  std::vector<ImportedFile>& done) {
    std::vector<PhotoRecord> records(batch.size());
    {
        Transaction vtx(vault.db());
        PD_TRY(vtx.begun());
        for (size_t i = 0; i < batch.size(); ++i) {
            Processed& p = batch[i];
            if (p.outcome != ImportOutcome::Imported) continue;
            auto known = vault.photoIdFor(p.sha256);
            PD_TRY(known);
            PhotoRecord& rec = records[i];
            rec.id = known.value().value_or(QUuid::createUuid().toString(QUuid::WithoutBraces));
            rec.eventId = job.eventId;
            rec.categoryId = job.categoryId;
            rec.category = job.categoryName;
            rec.filename = QFileInfo(p.item.path).fileName();
            rec.sha256 = p.sha256;
            rec.byteSize = p.original.size();
            rec.format = imageFormatName(p.renditions.format);
            rec.width = p.renditions.width;
            rec.height = p.renditions.height;
            rec.meta = p.renditions.metadata;
            rec.importedAt = QDateTime::currentDateTimeUtc();
            auto has = vault.hasOriginal(p.sha256);
            PD_TRY(has);
            if (!has.value()) PD_TRY(vault.putOriginal(p.sha256, p.original));
            PD_TRY(vault.writePhotoRecord(rec));
        }
        PD_TRY(vtx.commit());
    }

    SqliteDb& db = catalog.db();
    Transaction tx(db);
    PD_TRY(tx.begun());
    auto exists = db.prepare(QStringLiteral("SELECT 1 FROM photos WHERE event_id = ? AND sha256 = ?"));
    PD_TRY(exists);
    auto item = db.prepare(QStringLiteral("UPDATE job_items SET state = ?, photo_id = ?, error = ? WHERE job_id = ? AND seq = ?"));
    PD_TRY(item);
    for (size_t i = 0; i < batch.size(); ++i) {
        Processed& p = batch[i];
        ImportedFile f{p.item.path, p.outcome, {}, p.error};
        if (p.outcome == ImportOutcome::Imported) {
            exists->bind(1, job.eventId).bind(2, p.sha256);
            auto dup = exists->step();
            PD_TRY(dup);
            exists->reset();
            if (dup.value()) {
                f.outcome = ImportOutcome::Duplicate;   // another import got there first
            } else {
                const auto& r = p.renditions;
                PD_TRY(catalog.insertPhoto(records[i], Rendition{r.thumbnail.width, r.thumbnail.height, r.thumbnail.jpeg},
                                           Rendition{r.preview.width, r.preview.height, r.preview.jpeg}));
                f.photoId = records[i].id;
            }
        }
        const char* state = f.outcome == ImportOutcome::Imported ? "imported"
                            : f.outcome == ImportOutcome::Duplicate ? "duplicate" : "failed";
        item->bind(1, QString::fromLatin1(state)).bindOrNull(2, f.photoId)
            .bindOrNull(3, f.error).bind(4, job.jobId).bind(5, p.item.seq);
        PD_TRY(item->run());
        done.push_back(std::move(f));
    }
    PD_TRY(tx.commit());
    return {};
}

Status setJobState(Catalog& catalog, qint64 jobId, const char* state) {
    auto st = catalog.db().prepare(QStringLiteral("UPDATE jobs SET state = ?, updated_at = ? WHERE id = ?"));
    PD_TRY(st);
    st->bind(1, QString::fromLatin1(state)).bind(2, nowIso()).bind(3, jobId);
    return st->run();
}

Result<ImportSummary> processJob(Catalog& catalog, const JobContext& job, int jobs, ImportProgress* progress,
                                 const CancelToken& cancel, bool background) {
    if (background) lowerThisThreadsPriority();
    ImportSummary summary;
    summary.jobId = job.jobId;
    summary.total = int(job.items.size());
    if (progress) progress->importStarted(summary.total);

    auto vault = Vault::open(catalog.vaultPath(job.eventId), false);
    if (!vault.ok()) return vault.error().withContext(QStringLiteral("the event's vault"));
    auto existing = catalog.hashesInEvent(job.eventId);
    PD_TRY(existing);
    ClaimedHashes claimed(std::move(existing).value());

    const int workers = std::max(1, jobs > 0 ? jobs : QThread::idealThreadCount());
    BlockingQueue<ReadFile> readQ{size_t(workers)};
    BlockingQueue<Processed> doneQ(kMaxBatch);
    std::atomic<bool> stop{false};   // set when the writer fails: everybody winds down
    std::atomic<int> running{workers};

    std::thread reader([&] {
        if (background) lowerThisThreadsPriority();
        for (const Item& it : job.items) {
            if (cancel.isCancelled() || stop) break;
            if (!readQ.push(readOriginal(it))) break;
        }
        readQ.close();
    });
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w) {
        pool.emplace_back([&] {
            if (background) lowerThisThreadsPriority();
            while (auto in = readQ.pop()) {
                if (stop) continue;  // drain so the reader is never stuck on a full queue
                if (!doneQ.push(processFile(std::move(*in), claimed))) break;
            }
            if (--running == 0) doneQ.close();
        });
    }

    Status failure;
    int done = 0;
    std::vector<ImportedFile> finished;
    while (auto first = doneQ.pop()) {
        std::vector<Processed> batch;
        batch.push_back(std::move(*first));
        while (batch.size() < kMaxBatch) {
            auto more = doneQ.tryPop();
            if (!more) break;
            batch.push_back(std::move(*more));
        }
        if (!failure.ok()) continue;
        finished.clear();
        Status s = writeBatch(catalog, **vault, job, batch, finished);
        if (!s.ok()) {
            failure = s;
            stop = true;
            readQ.close();
            continue;
        }
        for (ImportedFile& f : finished) {
            ++done;
            if (f.outcome == ImportOutcome::Imported) ++summary.imported;
            else if (f.outcome == ImportOutcome::Duplicate) ++summary.duplicates;
            else summary.failed.push_back({f.path, f.error});
            if (progress) progress->fileFinished(f, done, summary.total);
        }
    }
    reader.join();
    for (auto& t : pool) t.join();
    if (!failure.ok()) return failure.error();

    summary.cancelled = cancel.isCancelled() && done < summary.total;
    PD_TRY(setJobState(catalog, job.jobId, summary.cancelled ? "cancelled" : "done"));
    return summary;
}

Result<JobContext> loadJob(Catalog& catalog, qint64 jobId) {
    auto st = catalog.db().prepare(QStringLiteral("SELECT event_id, payload, state FROM jobs WHERE id = ? AND kind = 'import'"));
    PD_TRY(st);
    st->bind(1, jobId);
    auto r = st->step();
    PD_TRY(r);
    if (!r.value()) return makeError(ErrorCode::NotFound, QStringLiteral("no import job %1").arg(jobId));
    JobContext job;
    job.jobId = jobId;
    job.eventId = st->text(0);
    const QJsonObject payload = QJsonDocument::fromJson(st->text(1).toUtf8()).object();
    if (payload.value("category_id").isDouble()) job.categoryId = qint64(payload.value("category_id").toDouble());
    job.categoryName = payload.value("category").toString();
    auto items = catalog.db().prepare(QStringLiteral("SELECT seq, path FROM job_items WHERE job_id = ? AND state = 'pending' ORDER BY seq"));
    PD_TRY(items);
    items->bind(1, jobId);
    PD_TRY(items->forEach([&] {
        job.items.push_back(Item{items->int64(0), items->text(1)});
    }));
    return job;
}

} // namespace

ImportFiles collectImportFiles(const QStringList& paths) {
    ImportFiles out;
    for (const QString& p : paths) {
        const QFileInfo fi(p);
        if (!fi.exists()) { out.missing << p; continue; }
        if (fi.isFile()) { out.files << fi.absoluteFilePath(); continue; }
        QStringList found;
        QDirIterator it(fi.absoluteFilePath(), QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString f = it.next();
            if (!it.fileInfo().isHidden() && looksLikeImage(f)) found << f;
        }
        found.sort();
        out.files << found;
    }
    return out;
}

Result<ImportSummary> runImport(Catalog& catalog, const ImportRequest& request, ImportProgress* progress,
                                const CancelToken& cancel) {
    auto event = catalog.requireEvent(request.event);
    PD_TRY(event);
    JobContext job;
    job.eventId = event->id;
    if (!request.category.isEmpty()) {
        auto cat = catalog.findCategory(job.eventId, request.category);
        PD_TRY(cat);
        if (!cat.value()) {
            auto all = catalog.categories(job.eventId);
            PD_TRY(all);
            QStringList names;
            for (const auto& c : all.value()) names << c.name;
            return makeError(ErrorCode::NotFound, QStringLiteral("the event \"%1\" has no category \"%2\" (its categories: %3)")
                                                      .arg(event->name, request.category,
                                                           names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
        }
        job.categoryId = cat.value()->id;
        job.categoryName = cat.value()->name;
    }
    const ImportFiles files = collectImportFiles(request.paths);

    // The job and its items are stored before any work, so a crash can be finished later.
    {
        SqliteDb& db = catalog.db();
        Transaction tx(db);
        PD_TRY(tx.begun());
        QJsonObject payload{{"category", job.categoryName}};
        if (job.categoryId) payload.insert("category_id", double(*job.categoryId));
        auto ins = db.prepare(QStringLiteral("INSERT INTO jobs(kind, event_id, state, payload, created_at, updated_at) "
                                             "VALUES('import', ?, 'running', ?, ?, ?)"));
        PD_TRY(ins);
        ins->bind(1, job.eventId).bind(2, QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)))
            .bind(3, nowIso()).bind(4, nowIso());
        PD_TRY(ins->run());
        job.jobId = db.lastInsertRowId();
        auto item = db.prepare(QStringLiteral("INSERT INTO job_items(job_id, seq, path, state, error) VALUES(?,?,?,?,?)"));
        PD_TRY(item);
        qint64 seq = 0;
        for (const QString& m : files.missing) {
            item->bind(1, job.jobId).bind(2, seq++).bind(3, m).bind(4, QStringLiteral("failed"))
                .bind(5, QStringLiteral("no such file or folder"));
            PD_TRY(item->run());
        }
        for (const QString& f : files.files) {
            item->bind(1, job.jobId).bind(2, seq).bind(3, f).bind(4, QStringLiteral("pending"));
            PD_TRY(item->run());
            job.items.push_back(Item{seq++, f});
        }
        PD_TRY(tx.commit());
    }

    auto summary = processJob(catalog, job, request.jobs, progress, cancel, request.background);
    PD_TRY(summary);
    for (const QString& m : files.missing) summary->failed.insert(summary->failed.begin(), {m, QStringLiteral("no such file or folder")});
    summary->total += int(files.missing.size());
    return summary;
}

Result<ImportSummary> resumeImport(Catalog& catalog, qint64 jobId, int jobs, ImportProgress* progress,
                                   const CancelToken& cancel, bool background) {
    auto job = loadJob(catalog, jobId);
    PD_TRY(job);
    return processJob(catalog, job.value(), jobs, progress, cancel, background);
}

Result<std::vector<UnfinishedJob>> unfinishedJobs(Catalog& catalog) {
    auto st = catalog.db().prepare(QStringLiteral(
        "SELECT j.id, j.kind, j.event_id, (SELECT count(*) FROM job_items i WHERE i.job_id = j.id AND i.state = 'pending') "
        "FROM jobs j WHERE j.state = 'running' ORDER BY j.id"));
    PD_TRY(st);
    std::vector<UnfinishedJob> out;
    PD_TRY(st->forEach([&] {
        out.push_back(UnfinishedJob{st->int64(0), st->text(1), st->text(2), st->int32(3)});
    }));
    return out;
}

} // namespace pd
