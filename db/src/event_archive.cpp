// Archive an event to one vault file and attach it again.
#include "pd/db/event_archive.h"

#include "pd/core/edited_renditions.h"
#include "pd/db/catalog.h"
#include "pd/db/vault.h"
#include "pd/db/watermark_presets.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>
#include <QThread>
#include <QtConcurrent/QtConcurrentMap>

namespace pd {

namespace {

// Copies a closed SQLite file with write-then-rename and an fsync (QSaveFile::commit).
Status copyDatabaseFile(const QString& from, const QString& to) {
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly)) return makeError(ErrorCode::Io, in.errorString(), from);
    QDir().mkpath(QFileInfo(to).absolutePath());
    QSaveFile out(to);
    if (!out.open(QIODevice::WriteOnly)) return makeError(ErrorCode::Io, out.errorString(), to);
    QByteArray buf(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = in.read(buf.data(), buf.size());
        if (n < 0) return makeError(ErrorCode::Io, in.errorString(), from);
        if (n == 0) break;
        if (out.write(buf.constData(), n) != n) return makeError(ErrorCode::Io, out.errorString(), to);
    }
    if (!out.commit()) return makeError(ErrorCode::Io, out.errorString(), to);
    return {};
}

std::vector<size_t> indices(size_t from, size_t to) {
    std::vector<size_t> out;
    for (size_t i = from; i < to; ++i) out.push_back(i);
    return out;
}

Result<int> countOriginals(Vault& vault) {
    auto hashes = vault.originalHashes();
    PD_TRY(hashes);
    return int(hashes->size());
}

} // namespace

Result<ArchivedEvent> archiveEvent(Catalog& catalog, const QString& eventName, const QString& toFile) {
    auto event = catalog.requireEvent(eventName);
    PD_TRY(event);
    const QString target = QFileInfo(toFile.isEmpty()
                                          ? catalog.dir() + QStringLiteral("/archive/") + event->id + QStringLiteral(".pdvault")
                                          : toFile).absoluteFilePath();
    if (QFileInfo::exists(target))
        return makeError(ErrorCode::AlreadyExists, QStringLiteral("will not overwrite an existing file"), target);
    auto photos = catalog.photos(event->id);
    PD_TRY(photos);
    auto cats = catalog.categories(event->id);
    PD_TRY(cats);
    // The vault carries the event's default watermark itself, logo included: the catalog the
    // event is attached to later may not have the preset.
    EventRecord archived = event.value();
    auto mark = eventWatermark(catalog, archived);
    PD_TRY(mark);
    archived.watermarkPreset = mark.value();

    const QString vaultPath = catalog.vaultPath(event->id);
    {
        auto vault = Vault::open(vaultPath, false);
        PD_TRY(vault);
        Transaction tx((*vault)->db());
        PD_TRY(tx.begun());
        PD_TRY((*vault)->writeEventRecord(archived, cats.value()));
        PD_TRY((*vault)->db().exec(QStringLiteral("DELETE FROM photo_records")));
        for (const PhotoRecord& p : photos.value()) PD_TRY((*vault)->writePhotoRecord(p));
        PD_TRY(tx.commit());
    }  // closed: the file on disk is complete (rollback journal, no WAL to fold in)

    PD_TRY(copyDatabaseFile(vaultPath, target));
    {
        auto copy = Vault::open(target, false);
        if (!copy.ok()) { QFile::remove(target); return copy.error().withContext(target); }
        auto n = countOriginals(**copy);
        PD_TRY(n);
        auto records = (*copy)->photoRecords();
        PD_TRY(records);
        if (records->size() != photos->size()) {
            QFile::remove(target);
            return makeError(ErrorCode::Io, QStringLiteral("the archive copy does not hold every photo"), target);
        }
    }

    Transaction tx(catalog.db());
    PD_TRY(tx.begun());
    auto del = catalog.db().prepare(QStringLiteral("DELETE FROM events WHERE id = ?"));
    PD_TRY(del);
    del->bind(1, event->id);
    PD_TRY(del->run());
    PD_TRY(tx.commit());
    QFile::remove(vaultPath);
    QFile::remove(vaultPath + QStringLiteral("-journal"));
    return ArchivedEvent{target, int(photos->size()), QFileInfo(target).size()};
}

Result<EventRecord> attachEvent(Catalog& catalog, const QString& file, int jobs) {
    if (!QFileInfo(file).isFile()) return makeError(ErrorCode::NotFound, QStringLiteral("no such file"), file);
    EventRecord event;
    QStringList categoryNames;
    std::vector<PhotoRecord> photos;
    {
        auto vault = Vault::open(file, false);
        if (!vault.ok()) return vault.error().withContext(file);
        auto rec = (*vault)->eventRecord();
        PD_TRY(rec);
        event = EventRecord::fromJson(rec->value("event").toObject());
        for (const QJsonValue& c : rec->value("categories").toArray()) categoryNames << c.toObject().value("name").toString();
        auto p = (*vault)->photoRecords();
        PD_TRY(p);
        photos = std::move(p).value();
    }
    if (event.id.isEmpty()) return makeError(ErrorCode::CorruptData, QStringLiteral("the vault names no event"), file);
    auto byId = catalog.findEvent(event.id);
    PD_TRY(byId);
    auto byName = catalog.findEvent(event.name);
    PD_TRY(byName);
    if (byId.value() || byName.value())
        return makeError(ErrorCode::AlreadyExists,
                         QStringLiteral("the event \"%1\" is already in the catalog").arg(event.name), file);

    const QString vaultPath = catalog.vaultPath(event.id);
    PD_TRY(copyDatabaseFile(file, vaultPath));
    auto undoCopy = qScopeGuard([&] { QFile::remove(vaultPath); });
    auto vault = Vault::open(vaultPath, false);
    PD_TRY(vault);

    SqliteDb& db = catalog.db();
    Transaction tx(db);
    PD_TRY(tx.begun());
    // The event's watermark: the catalog's preset of that name, else the vault's copy added.
    event.watermarkPresetId.reset();
    if (event.watermarkPreset) {
        auto existing = findWatermarkPreset(catalog, event.watermarkPreset->name);
        PD_TRY(existing);
        if (existing.value()) {
            event.watermarkPresetId = existing.value()->id;
        } else if (event.watermarkPreset->validate().ok()) {
            auto added = addWatermarkPreset(catalog, *event.watermarkPreset);
            PD_TRY(added);
            event.watermarkPresetId = added->id;
        }
        event.watermarkPreset.reset();
    }
    PD_TRY(catalog.insertEventRow(event));
    auto cat = db.prepare(QStringLiteral("INSERT INTO categories(event_id, name, position) VALUES(?,?,?)"));
    PD_TRY(cat);
    QHash<QString, qint64> categoryIds;
    for (int i = 0; i < categoryNames.size(); ++i) {
        cat->bind(1, event.id).bind(2, categoryNames[i]).bind(3, i);
        PD_TRY(cat->run());
        categoryIds.insert(categoryNames[i], db.lastInsertRowId());
    }

    // Renditions are made again from the originals, a few photos at a time across the cores.
    QThreadPool pool;
    pool.setMaxThreadCount(jobs > 0 ? jobs : QThread::idealThreadCount());
    const size_t chunk = size_t(2 * pool.maxThreadCount());
    for (size_t start = 0; start < photos.size(); start += chunk) {
        std::vector<QByteArray> originals;
        const size_t end = std::min(photos.size(), start + chunk);
        for (size_t i = start; i < end; ++i) {
            auto bytes = (*vault)->readOriginal(photos[i].sha256);
            PD_TRY(bytes);
            originals.push_back(std::move(bytes).value());
        }
        const QList<Result<StudioRenditions>> made = QtConcurrent::blockingMapped<QList<Result<StudioRenditions>>>(
            &pool, indices(start, end), [&](size_t i) { return makeEditedRenditions(originals[i - start], photos[i].edits); });
        for (size_t i = start; i < end; ++i) {
            PhotoRecord p = photos[i];
            const auto& r = made[qsizetype(i - start)];
            if (!r.ok()) return r.error().withContext(p.filename);
            p.eventId = event.id;
            p.categoryId = categoryIds.contains(p.category) ? std::optional<qint64>(categoryIds.value(p.category)) : std::nullopt;
            PD_TRY(catalog.insertPhoto(p, Rendition{r->thumbnail.width, r->thumbnail.height, r->thumbnail.jpeg, p.editVersion},
                                       Rendition{r->preview.width, r->preview.height, r->preview.jpeg, p.editVersion}));
        }
    }
    PD_TRY(tx.commit());
    undoCopy.dismiss();
    return event;
}

} // namespace pd
