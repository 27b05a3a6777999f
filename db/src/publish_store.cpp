// Publishing's records in the catalog: host profiles, gallery settings, photo publish states and
// the publish queue (tables of catalog migration 5).
#include "pd/db/publish_store.h"

#include "pd/core/content_hash.h"
#include "pd/core/edit_geometry.h"
#include "pd/core/zoom_proof.h"
#include "pd/db/catalog.h"
#include "pd/db/watermark_presets.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>
#include <QUrl>

#include <algorithm>

namespace pd {

namespace {

QString now() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }

HostProfile readHost(Catalog& catalog, Statement& st) {
    return HostProfile{st.text(0), st.text(1), QDir(catalog.dir()).filePath(st.text(2)), st.int64(3) != 0};
}

// The host only takes share sizes up to 16384; "full" becomes the studio's zoom cap.
int zoomEdgeFor(const EventRecord& e) {
    const int edge = e.shareSize > 0 ? e.shareSize : kZoomProofMaxLongEdge;
    return std::min(edge, 16384);
}

} // namespace

QString publishStateName(PublishState state) {
    switch (state) {
    case PublishState::New: return QStringLiteral("new");
    case PublishState::Published: return QStringLiteral("published");
    case PublishState::Modified: return QStringLiteral("modified");
    case PublishState::ToRemove: return QStringLiteral("to_remove");
    case PublishState::Failed: return QStringLiteral("failed");
    }
    return QStringLiteral("new");
}

Result<HostProfile> PublishStore::addHost(const QString& name, const QString& url, const QByteArray& tokenIn) {
    static const QRegularExpression kName(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (!kName.match(name).hasMatch() || name.startsWith(QLatin1Char('.')))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a host name is 1 to 64 letters, digits, '.', '-' or '_', not \"%1\"").arg(name));
    const QUrl u(url);
    if (!u.isValid() || (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")) || u.host().isEmpty())
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the host's address must be an http:// or https:// URL, not \"%1\"").arg(url));
    const QByteArray token = tokenIn.trimmed();
    if (token.isEmpty() || token.contains('\n') || token.contains(' '))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("the token file must hold the token printed by `proofdesk-host photographer add`"));
    QString base = url;
    while (base.endsWith(QLatin1Char('/'))) base.chop(1);

    auto existing = hosts();
    PD_TRY(existing);
    for (const auto& h : existing.value())
        if (h.name == name) return makeError(ErrorCode::AlreadyExists, QStringLiteral("there is already a host named \"%1\"").arg(name));

    const QString rel = QStringLiteral("hosts/%1.token").arg(name);
    const QString path = QDir(m_catalog.dir()).filePath(rel);
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the folder for host tokens"), path);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return makeError(ErrorCode::Io, f.errorString(), path);
    // Owner-only before any byte of the token is written.
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(token + '\n');
    if (!f.commit()) return makeError(ErrorCode::Io, f.errorString(), path);
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    auto st = m_catalog.db().prepare(QStringLiteral(
        "INSERT INTO host_profiles(name, url, token_file, is_default, created_at) "
        "VALUES(?, ?, ?, NOT EXISTS(SELECT 1 FROM host_profiles), ?)"));
    PD_TRY(st);
    PD_TRY(st->bind(1, name).bind(2, base).bind(3, rel).bind(4, now()).run());
    return requireHost(name);
}

Status PublishStore::useHost(const QString& name) {
    auto h = requireHost(name);
    PD_TRY(h);
    Transaction tx(m_catalog.db());
    PD_TRY(tx.begun());
    auto st = m_catalog.db().prepare(QStringLiteral("UPDATE host_profiles SET is_default = (name = ?)"));
    PD_TRY(st);
    PD_TRY(st->bind(1, name).run());
    return tx.commit();
}

Status PublishStore::removeHost(const QString& name) {
    if (name.isEmpty()) return makeError(ErrorCode::InvalidArgument, QStringLiteral("name the host to remove"));
    auto h = requireHost(name);
    PD_TRY(h);
    SqliteDb& db = m_catalog.db();
    Transaction tx(db);
    PD_TRY(tx.begun());
    // Its unfinished jobs stop; its events forget what they published there.
    auto cancel = db.prepare(QStringLiteral("UPDATE publish_jobs SET state = 'cancelled', updated_at = ?2 WHERE host = ?1 AND state = 'running'"));
    PD_TRY(cancel);
    PD_TRY(cancel->bind(1, name).bind(2, now()).run());
    for (const char* sql : {"DELETE FROM published_photos WHERE event_id IN (SELECT event_id FROM event_gallery WHERE host = ?1)",
                            "UPDATE event_gallery SET host = NULL, synced_hash = NULL WHERE host = ?1",
                            "DELETE FROM host_profiles WHERE name = ?1"}) {
        auto st = db.prepare(QString::fromLatin1(sql));
        PD_TRY(st);
        PD_TRY(st->bind(1, name).run());
    }
    PD_TRY(db.exec(QStringLiteral("UPDATE host_profiles SET is_default = 1 WHERE NOT EXISTS(SELECT 1 FROM host_profiles WHERE is_default) "
                                  "AND name = (SELECT min(name) FROM host_profiles)")));
    // The token goes with the profile; the catalog's rows first, so a crash between the two
    // leaves a stray 0600 file, never a profile without its token.
    PD_TRY(tx.commit());
    // Only a file in <catalog>/hosts is ever deleted, whatever the row says.
    const QString hostsFolder = QDir::cleanPath(QDir(m_catalog.dir()).absoluteFilePath(QStringLiteral("hosts")));
    if (QDir::cleanPath(QFileInfo(h->tokenFile).absolutePath()) != hostsFolder) return {};
    if (QFile::exists(h->tokenFile) && !QFile::remove(h->tokenFile))
        return makeError(ErrorCode::Io, QStringLiteral("the host is removed, but its token file could not be deleted"), h->tokenFile);
    return {};
}

Result<std::vector<HostProfile>> PublishStore::hosts() {
    auto st = m_catalog.db().prepare(QStringLiteral("SELECT name, url, token_file, is_default FROM host_profiles ORDER BY name"));
    PD_TRY(st);
    std::vector<HostProfile> out;
    PD_TRY(st->forEach([&] { out.push_back(readHost(m_catalog, st.value())); }));
    return out;
}

Result<HostProfile> PublishStore::requireHost(const QString& name) {
    auto all = hosts();
    PD_TRY(all);
    for (const auto& h : all.value())
        if (name.isEmpty() ? h.isDefault : h.name == name) return h;
    if (all->empty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no host is set up: add one with `proofdesk-cli host add NAME URL --token-file FILE`"));
    QStringList names;
    for (const auto& h : all.value()) names << h.name;
    if (name.isEmpty())
        return makeError(ErrorCode::NotFound, QStringLiteral("no default host: choose one with `proofdesk-cli host use NAME` (%1)").arg(names.join(QStringLiteral(", "))));
    return makeError(ErrorCode::NotFound, QStringLiteral("no host named \"%1\" (there are: %2)").arg(name, names.join(QStringLiteral(", "))));
}

Result<QByteArray> PublishStore::readToken(const HostProfile& host) {
    QFile f(host.tokenFile);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io,
                         QStringLiteral("cannot read host \"%1\"'s token file (%2); remove the host and add it again "
                                        "(`proofdesk-cli host remove NAME`, then `host add NAME URL --token-file FILE`)")
                             .arg(host.name, f.errorString()),
                         host.tokenFile);
    const QByteArray token = f.readAll().trimmed();
    if (token.isEmpty()) return makeError(ErrorCode::CorruptData, QStringLiteral("the host's token file is empty"), host.tokenFile);
    return token;
}

Result<EventGallery> PublishStore::gallery(const QString& eventId) {
    auto st = m_catalog.db().prepare(QStringLiteral(
        "SELECT access_code, expires, host, synced_hash, gallery_url FROM event_gallery WHERE event_id = ?"));
    PD_TRY(st);
    st->bind(1, eventId);
    auto row = st->step();
    PD_TRY(row);
    EventGallery g;
    if (!row.value()) return g;
    if (!st->isNull(0)) g.accessCode = st->text(0);
    g.expires = QDate::fromString(st->text(1), Qt::ISODate);
    g.host = st->text(2);
    g.syncedHash = st->text(3);
    g.galleryUrl = st->text(4);
    return g;
}

Status PublishStore::setAccessCode(const QString& eventId, const QString& code) {
    if (code.size() > 128) return makeError(ErrorCode::InvalidArgument, QStringLiteral("an access code is at most 128 characters"));
    auto st = m_catalog.db().prepare(QStringLiteral(
        "INSERT INTO event_gallery(event_id, access_code) VALUES(?1, ?2) "
        "ON CONFLICT(event_id) DO UPDATE SET access_code = ?2"));
    PD_TRY(st);
    return st->bind(1, eventId).bind(2, code).run();
}

Status PublishStore::setExpires(const QString& eventId, const QDate& date) {
    auto st = m_catalog.db().prepare(QStringLiteral(
        "INSERT INTO event_gallery(event_id, expires) VALUES(?1, ?2) ON CONFLICT(event_id) DO UPDATE SET expires = ?2"));
    PD_TRY(st);
    st->bind(1, eventId);
    if (date.isValid()) st->bind(2, date.toString(Qt::ISODate));
    else st->bindNull(2);
    return st->run();
}

Status PublishStore::recordEventSynced(const QString& eventId, const QString& host, const QString& hash, const QString& galleryUrl) {
    auto st = m_catalog.db().prepare(QStringLiteral(
        "INSERT INTO event_gallery(event_id, host, synced_hash, gallery_url) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(event_id) DO UPDATE SET host = ?2, synced_hash = ?3, gallery_url = ?4"));
    PD_TRY(st);
    return st->bind(1, eventId).bind(2, host).bind(3, hash).bind(4, galleryUrl).run();
}

Result<PublishSettings> PublishStore::settings(const EventRecord& event) {
    PublishSettings s;
    s.proofLongEdge = event.proofSize;
    s.zoomLongEdge = zoomEdgeFor(event);
    s.allowGps = event.allowGps;
    auto mark = eventWatermark(m_catalog, event);
    PD_TRY(mark);
    s.watermark = mark.value();
    const QJsonObject o{{"proof", s.proofLongEdge}, {"zoom", s.zoomLongEdge}, {"gps", s.allowGps},
                        {"watermark", s.watermark ? QJsonValue(s.watermark->toJson(true)) : QJsonValue()},
                        {"pipeline", 1}};   // bump when the way renditions are made changes
    s.key = jsonHash(o);
    return s;
}

QString PublishStore::renderKey(const PhotoRecord& p, const PublishSettings& s) {
    QJsonObject o{{"settings", s.key}, {"sha256", p.sha256}, {"edit_version", p.editVersion},
                  {"edits", QString::fromUtf8(QJsonDocument(editListToJson(p.edits)).toJson(QJsonDocument::Compact))},
                  {"copyright", p.meta.copyright}, {"creator", p.meta.creator},
                  {"captured_at", p.meta.capturedAt.toString(Qt::ISODate)}};
    if (s.allowGps && p.meta.gps) o.insert(QStringLiteral("gps"), QStringLiteral("%1,%2").arg(p.meta.gps->latitude).arg(p.meta.gps->longitude));
    return jsonHash(o);
}

Result<std::vector<PhotoPublishStatus>> PublishStore::photoStates(const EventRecord& event, const PublishSettings& s,
                                                                  const QString& host) {
    struct Held { WireRenditions r; QString renderKey, metaHash, error; };
    QHash<QString, Held> held;
    auto g = gallery(event.id);
    PD_TRY(g);
    if (g->host.isEmpty() || g->host == host) {
        auto st = m_catalog.db().prepare(QStringLiteral(
            "SELECT photo_id, proof_sha, thumb_sha, zoom_sha, render_key, meta_hash, error FROM published_photos WHERE event_id = ?"));
        PD_TRY(st);
        st->bind(1, event.id);
        PD_TRY(st->forEach([&] {
            held.insert(st->text(0), Held{WireRenditions{st->text(1), st->text(2), st->text(3)}, st->text(4), st->text(5), st->text(6)});
        }));
    }
    auto photos = m_catalog.photos(event.id);
    PD_TRY(photos);
    std::vector<PhotoPublishStatus> out;
    QSet<QString> seen;
    int position = 0;
    for (const PhotoRecord& p : photos.value()) {
        ++position;   // capture order among all the event's photos: stable when others are unselected
        seen.insert(p.id);
        const auto it = held.constFind(p.id);
        const bool onHost = it != held.constEnd() && !it->r.proof.isEmpty();
        if (!p.selected) {
            if (onHost) out.push_back(PhotoPublishStatus{p.id, PublishState::ToRemove, p, it->r, {}, false, {}});
            continue;
        }
        PhotoPublishStatus ps;
        ps.photoId = p.id;
        ps.photo = p;
        const QSize oriented(p.width, p.height);
        const QSize edited = resolveEdits(p.edits, oriented).outputSize(oriented);
        ps.wire = WirePhoto{p.id, p.category, position, p.filename, p.meta.caption, p.meta.capturedAt,
                            edited.width(), edited.height(), {}};
        if (it != held.constEnd()) {
            ps.held = it->r;
            ps.error = it->error;
        }
        ps.renditionsStale = !onHost || it->renderKey != renderKey(p, s);
        const bool metaChanged = !onHost || it->metaHash != ps.wire.metadataHash();
        if (!ps.error.isEmpty()) ps.state = PublishState::Failed;
        else if (!onHost) ps.state = PublishState::New;
        else if (ps.renditionsStale || metaChanged) ps.state = PublishState::Modified;
        else ps.state = PublishState::Published;
        out.push_back(std::move(ps));
    }
    for (auto it = held.constBegin(); it != held.constEnd(); ++it)   // deleted from the catalog
        if (!seen.contains(it.key()) && !it->r.proof.isEmpty())
            out.push_back(PhotoPublishStatus{it.key(), PublishState::ToRemove, std::nullopt, it->r, {}, false, {}});
    return out;
}

Status PublishStore::recordPublished(const QString& eventId, const QString& photoId, const WireRenditions& r,
                                     const QString& key, const QString& metaHash) {
    auto st = m_catalog.db().prepare(QStringLiteral(
        "INSERT INTO published_photos(event_id, photo_id, proof_sha, thumb_sha, zoom_sha, render_key, meta_hash, error, updated_at) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, NULL, ?8) ON CONFLICT(event_id, photo_id) DO UPDATE SET "
        "proof_sha = ?3, thumb_sha = ?4, zoom_sha = ?5, render_key = ?6, meta_hash = ?7, error = NULL, updated_at = ?8"));
    PD_TRY(st);
    st->bind(1, eventId).bind(2, photoId).bindOrNull(3, r.proof).bindOrNull(4, r.thumb).bindOrNull(5, r.zoom);
    return st->bind(6, key).bind(7, metaHash).bind(8, now()).run();
}

Status PublishStore::recordFailed(const QString& eventId, const QString& photoId, const QString& error) {
    auto st = m_catalog.db().prepare(QStringLiteral(
        "INSERT INTO published_photos(event_id, photo_id, error, updated_at) VALUES(?1, ?2, ?3, ?4) "
        "ON CONFLICT(event_id, photo_id) DO UPDATE SET error = ?3, updated_at = ?4"));
    PD_TRY(st);
    return st->bind(1, eventId).bind(2, photoId).bind(3, error.isEmpty() ? QStringLiteral("failed") : error).bind(4, now()).run();
}

Status PublishStore::recordRemoved(const QString& eventId, const QString& photoId) {
    auto st = m_catalog.db().prepare(QStringLiteral("DELETE FROM published_photos WHERE event_id = ? AND photo_id = ?"));
    PD_TRY(st);
    return st->bind(1, eventId).bind(2, photoId).run();
}

Status PublishStore::forgetHost(const QString& eventId) {
    Transaction tx(m_catalog.db());
    PD_TRY(tx.begun());
    auto st = m_catalog.db().prepare(QStringLiteral("DELETE FROM published_photos WHERE event_id = ?"));
    PD_TRY(st);
    PD_TRY(st->bind(1, eventId).run());
    auto g = m_catalog.db().prepare(QStringLiteral("UPDATE event_gallery SET host = NULL, synced_hash = NULL WHERE event_id = ?"));
    PD_TRY(g);
    PD_TRY(g->bind(1, eventId).run());
    return tx.commit();
}

Result<qint64> PublishStore::startJob(const QString& eventId, const QString& host, const std::vector<PublishJobItem>& items) {
    SqliteDb& db = m_catalog.db();
    Transaction tx(db);
    PD_TRY(tx.begun());
    auto old = db.prepare(QStringLiteral("UPDATE publish_jobs SET state = 'cancelled', updated_at = ?1 WHERE event_id = ?2 AND state = 'running'"));
    PD_TRY(old);
    PD_TRY(old->bind(1, now()).bind(2, eventId).run());
    auto ins = db.prepare(QStringLiteral("INSERT INTO publish_jobs(event_id, host, state, created_at, updated_at) VALUES(?1, ?2, 'running', ?3, ?3)"));
    PD_TRY(ins);
    PD_TRY(ins->bind(1, eventId).bind(2, host).bind(3, now()).run());
    const qint64 id = db.lastInsertRowId();
    auto item = db.prepare(QStringLiteral("INSERT INTO publish_items(job_id, photo_id, action, state) VALUES(?, ?, ?, 'pending')"));
    PD_TRY(item);
    for (const auto& i : items) {
        item->reset();
        PD_TRY(item->bind(1, id).bind(2, i.photoId).bind(3, i.remove ? QStringLiteral("remove") : QStringLiteral("send")).run());
    }
    PD_TRY(tx.commit());
    return id;
}

Status PublishStore::setItemState(qint64 jobId, const QString& photoId, const QString& state, const QString& error) {
    auto st = m_catalog.db().prepare(QStringLiteral("UPDATE publish_items SET state = ?, error = ? WHERE job_id = ? AND photo_id = ?"));
    PD_TRY(st);
    st->bind(1, state).bindOrNull(2, error).bind(3, jobId).bind(4, photoId);
    return st->run();
}

Status PublishStore::finishJob(qint64 jobId) {
    auto st = m_catalog.db().prepare(QStringLiteral("UPDATE publish_jobs SET state = 'done', updated_at = ? WHERE id = ?"));
    PD_TRY(st);
    return st->bind(1, now()).bind(2, jobId).run();
}

Result<std::vector<PublishJob>> PublishStore::unfinishedJobs() {
    auto st = m_catalog.db().prepare(QStringLiteral("SELECT id, event_id, host FROM publish_jobs WHERE state = 'running' ORDER BY id"));
    PD_TRY(st);
    std::vector<PublishJob> jobs;
    PD_TRY(st->forEach([&] { jobs.push_back(PublishJob{st->int64(0), st->text(1), st->text(2), {}}); }));
    auto items = m_catalog.db().prepare(QStringLiteral("SELECT photo_id, action, state FROM publish_items WHERE job_id = ? ORDER BY rowid"));
    PD_TRY(items);
    for (auto& j : jobs) {
        items->reset();
        items->bind(1, j.id);
        PD_TRY(items->forEach([&] { j.items.push_back(PublishJobItem{items->text(0), items->text(1) == QLatin1String("remove"), items->text(2)}); }));
    }
    return jobs;
}

} // namespace pd
