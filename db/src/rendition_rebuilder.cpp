// Rebuilding thumbnails and previews from originals through the edits, on a small pool.
#include "pd/db/rendition_rebuilder.h"

#include "pd/core/content_hash.h"
#include "pd/core/edited_renditions.h"
#include "pd/db/vault.h"

#include <QtConcurrent/QtConcurrentRun>

#include <deque>

namespace pd {

Result<RenditionJob> prepareRenditionJob(Catalog& catalog, const QString& photoId) {
    auto p = catalog.requirePhoto(photoId);
    PD_TRY(p);
    return RenditionJob{p->id, catalog.vaultPath(p->eventId), p->sha256, p->edits, p->editVersion};
}

RebuiltRenditions makeRenditions(const RenditionJob& job) {
    RebuiltRenditions out;
    out.photoId = job.photoId;
    out.editVersion = job.editVersion;
    QByteArray original;
    {   // the vault is closed again before the long part
        auto vault = Vault::open(job.vaultPath, false);
        if (!vault.ok()) { out.error = vault.error(); return out; }
        auto bytes = (*vault)->readOriginal(job.sha256);
        if (!bytes.ok()) { out.error = bytes.error(); return out; }
        original = std::move(bytes).value();
    }
    auto made = makeEditedRenditions(original, job.edits);
    if (!made.ok()) { out.error = made.error(); return out; }
    out.thumbnail = Rendition{made->thumbnail.width, made->thumbnail.height, made->thumbnail.jpeg, job.editVersion};
    out.preview = Rendition{made->preview.width, made->preview.height, made->preview.jpeg, job.editVersion};
    return out;
}

Result<bool> storeRenditions(Catalog& catalog, const RebuiltRenditions& made) {
    if (made.error) return *made.error;
    SqliteDb& db = catalog.db();
    Transaction tx(db);
    PD_TRY(tx.begun());
    auto current = db.prepare(QStringLiteral("SELECT edit_version FROM photos WHERE id = ?"));
    PD_TRY(current);
    current->bind(1, made.photoId);
    auto row = current->step();
    PD_TRY(row);
    if (!row.value() || current->int64(0) != made.editVersion) return false;   // moved on (or gone): drop
    current->reset();
    auto st = db.prepare(QStringLiteral("INSERT OR REPLACE INTO renditions(photo_id, kind, width, height, edit_version, sha256, bytes) "
                                        "VALUES(?,?,?,?,?,?,?)"));
    PD_TRY(st);
    for (const auto& [kind, r] : {std::pair<QString, const Rendition*>{QStringLiteral("thumb"), &made.thumbnail},
                                  {QStringLiteral("preview"), &made.preview}}) {
        st->bind(1, made.photoId).bind(2, kind).bind(3, r->width).bind(4, r->height).bind(5, made.editVersion)
            .bind(6, sha256Hex(r->jpeg)).bindStatic(7, r->jpeg);
        PD_TRY(st->run());
        st->reset();
    }
    PD_TRY(tx.commit());
    return true;
}

Result<QStringList> photosWithStaleRenditions(Catalog& catalog, const QString& eventId) {
    auto st = catalog.db().prepare(QStringLiteral(
        "SELECT p.id FROM photos p WHERE (?1 = '' OR p.event_id = ?1) AND ("
        "  (SELECT count(*) FROM renditions r WHERE r.photo_id = p.id AND r.edit_version = p.edit_version) < 2) "
        "ORDER BY p.event_id, p.captured_at, p.id"));
    PD_TRY(st);
    st->bind(1, eventId);
    QStringList out;
    PD_TRY(st->forEach([&] { out << st->text(0); }));
    return out;
}

RenditionRebuilder::RenditionRebuilder(int threads) { m_pool.setMaxThreadCount(std::max(1, threads)); }

RenditionRebuilder::~RenditionRebuilder() { m_pool.waitForDone(); }

QFuture<RebuiltRenditions> RenditionRebuilder::submit(RenditionJob job) {
    return QtConcurrent::run(&m_pool, [job = std::move(job)] { return makeRenditions(job); });
}

Result<RebuildSummary> RenditionRebuilder::rebuild(Catalog& catalog, const QStringList& photoIds, const CancelToken* cancel) {
    RebuildSummary summary;
    // A window of a few jobs per thread: the pool stays busy while the memory held by finished
    // results stays bounded.
    const qsizetype window = 2 * qsizetype(m_pool.maxThreadCount());
    std::deque<QFuture<RebuiltRenditions>> running;
    qsizetype next = 0;
    auto collect = [&]() -> Status {
        QFuture<RebuiltRenditions> f = std::move(running.front());
        running.pop_front();
        const RebuiltRenditions made = f.result();
        if (made.error) {
            summary.failed.emplace_back(made.photoId, *made.error);
            return {};
        }
        auto stored = storeRenditions(catalog, made);
        PD_TRY(stored);
        if (stored.value()) ++summary.rebuilt;
        else ++summary.superseded;
        return {};
    };
    while (next < photoIds.size() || !running.empty()) {
        while (next < photoIds.size() && qsizetype(running.size()) < window && !(cancel && cancel->isCancelled())) {
            auto job = prepareRenditionJob(catalog, photoIds[next++]);
            if (!job.ok()) {
                summary.failed.emplace_back(photoIds[next - 1], job.error());
                continue;
            }
            running.push_back(submit(std::move(job).value()));
        }
        if (cancel && cancel->isCancelled()) next = photoIds.size();
        if (running.empty()) break;
        const Status s = collect();
        if (!s.ok()) {
            for (auto& f : running) f.waitForFinished();
            return s.error();
        }
    }
    return summary;
}

} // namespace pd
