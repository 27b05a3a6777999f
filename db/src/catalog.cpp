// The catalog's repositories: events, categories, photos and renditions in catalog.sqlite.
#include "pd/db/catalog.h"

#include "pd/core/content_hash.h"
#include "pd/db/migrations.h"
#include "pd/db/vault.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QUuid>

namespace pd {

namespace {

constexpr const char* kPhotoColumns =
    "p.id, p.event_id, p.category_id, c.name, p.filename, p.sha256, p.byte_size, p.format, p.width, p.height, "
    "p.captured_at, p.camera_make, p.camera_model, p.lens, p.exposure_time, p.f_number, p.iso, p.focal_length, "
    "p.gps_lat, p.gps_lon, p.gps_alt, p.copyright, p.creator, p.orientation, p.rating, p.flag, p.color_label, "
    "p.caption, p.keywords, p.selected, p.imported_at, p.edits, p.edit_version";

QString isoTime(const QDateTime& t) { return t.isValid() ? t.toString(Qt::ISODate) : QString(); }

EventRecord readEvent(Statement& st) {
    EventRecord e;
    e.id = st.text(0);
    e.name = st.text(1);
    e.description = st.text(2);
    e.date = QDate::fromString(st.text(3), Qt::ISODate);
    e.photographer = st.text(4);
    e.location = st.text(5);
    e.createdAt = QDateTime::fromString(st.text(6), Qt::ISODate);
    e.priceSheet = PriceSheet::fromJson(QJsonDocument::fromJson(st.text(7).toUtf8()).object());
    e.delivery = DeliveryOptions::fromJson(QJsonDocument::fromJson(st.text(8).toUtf8()).object());
    if (!st.isNull(9)) e.watermarkPresetId = st.int64(9);
    e.proofSize = st.int32(10);
    e.shareSize = st.int32(11);
    e.allowGps = st.int64(12) != 0;
    return e;
}

QString compactJson(const QJsonObject& o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }

constexpr const char* kEventColumns =
    "id, name, description, event_date, photographer, location, created_at, price_sheet, delivery, "
    "watermark_preset_id, proof_size, share_size, allow_gps";

// The proof settings a photographer can give an event.
Status checkProofSettings(const EventRecord& e) {
    if (e.proofSize < 256 || e.proofSize > 16384)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a proof size is 256 to 16384 px, not %1").arg(e.proofSize));
    if (e.shareSize != 0 && (e.shareSize < 256 || e.shareSize > 65535))
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("a share size is 256 to 65535 px (or 0 for full resolution), not %1").arg(e.shareSize));
    return {};
}

} // namespace

QString Catalog::defaultDir() {
    const QString env = qEnvironmentVariable("PROOFDESK_CATALOG");
    if (!env.isEmpty()) return env;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

Result<std::unique_ptr<Catalog>> Catalog::open(const QString& dirIn) {
    const QString dir = QDir(dirIn).absolutePath();
    if (!QDir().mkpath(dir + QStringLiteral("/vaults")))
        return makeError(ErrorCode::Io, QStringLiteral("cannot create the catalog folder"), dir);
    auto db = SqliteDb::open(dir + QStringLiteral("/catalog.sqlite"), {});
    if (!db.ok()) return db.error();
    PD_TRY(migrate(**db, catalogMigrations()));
    return std::unique_ptr<Catalog>(new Catalog(dir, std::move(db).value()));
}

QString Catalog::vaultsDir() const { return m_dir + QStringLiteral("/vaults"); }
QString Catalog::vaultPath(const QString& eventId) const {
    return vaultsDir() + QLatin1Char('/') + eventId + QStringLiteral(".sqlite");
}

Result<EventRecord> Catalog::createEvent(const NewEvent& ne) {
    const QString name = ne.name.trimmed();
    if (name.isEmpty()) return makeError(ErrorCode::InvalidArgument, QStringLiteral("an event needs a name"));
    auto existing = findEvent(name);
    PD_TRY(existing);
    if (existing.value()) return makeError(ErrorCode::AlreadyExists, QStringLiteral("an event named \"%1\" already exists").arg(name));

    EventRecord e;
    e.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    e.name = name;
    e.description = ne.description;
    e.date = ne.date;
    e.photographer = ne.photographer;
    e.location = ne.location;
    e.createdAt = QDateTime::currentDateTimeUtc();

    // The vault first: an event row never points at a missing vault.
    auto vault = Vault::open(vaultPath(e.id), true);
    PD_TRY(vault);

    Transaction tx(*m_db);
    PD_TRY(tx.begun());
    PD_TRY(insertEventRow(e));
    auto cat = m_db->prepare(QStringLiteral("INSERT INTO categories(event_id, name, position) VALUES(?,?,?)"));
    PD_TRY(cat);
    int pos = 0;
    QSet<QString> seen;
    for (const QString& c : ne.categories) {
        const QString n = c.trimmed();
        if (n.isEmpty() || seen.contains(n)) continue;
        seen.insert(n);
        cat->bind(1, e.id).bind(2, n).bind(3, pos++);
        PD_TRY(cat->run());
    }
    PD_TRY(tx.commit());

    auto cats = categories(e.id);
    PD_TRY(cats);
    Transaction vtx((*vault)->db());
    PD_TRY(vtx.begun());
    PD_TRY((*vault)->writeEventRecord(e, cats.value()));
    PD_TRY(vtx.commit());
    return e;
}

Status Catalog::insertEventRow(const EventRecord& e) {
    PD_TRY(checkProofSettings(e));
    auto ins = m_db->prepare(QStringLiteral("INSERT INTO events(%1) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)").arg(QLatin1String(kEventColumns)));
    PD_TRY(ins);
    ins->bind(1, e.id).bind(2, e.name).bind(3, e.description)
        .bindOrNull(4, e.date.isValid() ? e.date.toString(Qt::ISODate) : QString())
        .bind(5, e.photographer).bind(6, e.location).bind(7, isoTime(e.createdAt))
        .bind(8, compactJson(e.priceSheet.toJson())).bind(9, compactJson(e.delivery.toJson()))
        .bind(10, e.watermarkPresetId).bind(11, e.proofSize).bind(12, e.shareSize).bind(13, e.allowGps ? 1 : 0);
    return ins->run();
}

Result<std::vector<EventRecord>> Catalog::events() {
    auto st = m_db->prepare(QStringLiteral("SELECT %1 FROM events ORDER BY event_date DESC, name").arg(QLatin1String(kEventColumns)));
    PD_TRY(st);
    std::vector<EventRecord> out;
    PD_TRY(st->forEach([&] {
        out.push_back(readEvent(*st));
    }));
    return out;
}

Result<std::optional<EventRecord>> Catalog::findEvent(const QString& idOrName) {
    auto st = m_db->prepare(QStringLiteral("SELECT %1 FROM events WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC LIMIT 1")
                                .arg(QLatin1String(kEventColumns)));
    PD_TRY(st);
    st->bind(1, idOrName);
    auto r = st->step();
    PD_TRY(r);
    if (!r.value()) return std::optional<EventRecord>();
    return std::optional<EventRecord>(readEvent(*st));
}

Result<EventRecord> Catalog::requireEvent(const QString& idOrName) {
    auto e = findEvent(idOrName);
    PD_TRY(e);
    if (!e.value())
        return makeError(ErrorCode::NotFound, QStringLiteral("no event with the id or name \"%1\" (see: event list)").arg(idOrName));
    return *e.value();
}

Result<std::vector<CategoryRecord>> Catalog::categories(const QString& eventId) {
    auto st = m_db->prepare(QStringLiteral("SELECT id, event_id, name, position FROM categories WHERE event_id = ? ORDER BY position, id"));
    PD_TRY(st);
    st->bind(1, eventId);
    std::vector<CategoryRecord> out;
    PD_TRY(st->forEach([&] {
        out.push_back(CategoryRecord{st->int64(0), st->text(1), st->text(2), st->int32(3)});
    }));
    return out;
}

Result<std::optional<CategoryRecord>> Catalog::findCategory(const QString& eventId, const QString& name) {
    auto all = categories(eventId);
    PD_TRY(all);
    for (const auto& c : all.value())
        if (c.name == name) return std::optional<CategoryRecord>(c);
    return std::optional<CategoryRecord>();
}

Result<int> Catalog::photoCount(const QString& eventId) {
    auto st = m_db->prepare(QStringLiteral("SELECT count(*) FROM photos WHERE event_id = ?"));
    PD_TRY(st);
    st->bind(1, eventId);
    auto r = st->step();
    PD_TRY(r);
    return st->int32(0);
}

PhotoRecord Catalog::readPhoto(Statement& st) {
    PhotoRecord p;
    p.id = st.text(0);
    p.eventId = st.text(1);
    if (!st.isNull(2)) p.categoryId = st.int64(2);
    p.category = st.text(3);
    p.filename = st.text(4);
    p.sha256 = st.text(5);
    p.byteSize = st.int64(6);
    p.format = st.text(7);
    p.width = st.int32(8);
    p.height = st.int32(9);
    p.meta.capturedAt = QDateTime::fromString(st.text(10), Qt::ISODate);
    p.meta.cameraMake = st.text(11);
    p.meta.cameraModel = st.text(12);
    p.meta.lens = st.text(13);
    p.meta.exposureTime = st.text(14);
    p.meta.fNumber = st.optReal(15);
    if (auto iso = st.optInt64(16)) p.meta.iso = int(*iso);
    p.meta.focalLengthMm = st.optReal(17);
    if (!st.isNull(18) && !st.isNull(19)) p.meta.gps = GpsPosition{st.real(18), st.real(19), st.optReal(20)};
    p.meta.copyright = st.text(21);
    p.meta.creator = st.text(22);
    p.meta.orientation = st.int32(23);
    p.rating = st.int32(24);
    p.flag = PhotoFlag(st.int32(25));
    p.colorLabel = st.text(26);
    p.meta.caption = st.text(27);
    for (const QJsonValue& k : QJsonDocument::fromJson(st.text(28).toUtf8()).array()) p.meta.keywords << k.toString();
    p.selected = st.int64(29) != 0;
    p.importedAt = QDateTime::fromString(st.text(30), Qt::ISODate);
    // Unreadable edits (from a newer Proofdesk) read as none here; the edit service reports them.
    if (auto edits = editListFromText(st.text(31)); edits.ok()) p.edits = std::move(edits).value();
    p.editVersion = st.int64(32);
    return p;
}

Result<std::vector<PhotoRecord>> Catalog::photos(const QString& eventId) { return photos(eventId, 0, -1); }

Result<std::vector<PhotoRecord>> Catalog::photos(const QString& eventId, int offset, int limit) {
    auto st = m_db->prepare(QStringLiteral("SELECT %1 FROM photos p LEFT JOIN categories c ON c.id = p.category_id "
                                           "WHERE p.event_id = ? ORDER BY p.captured_at, p.filename, p.id LIMIT ? OFFSET ?")
                                .arg(QLatin1String(kPhotoColumns)));
    PD_TRY(st);
    st->bind(1, eventId).bind(2, limit).bind(3, offset);
    std::vector<PhotoRecord> out;
    PD_TRY(st->forEach([&] { out.push_back(readPhoto(*st)); }));
    return out;
}

Result<std::optional<PhotoRecord>> Catalog::findPhoto(const QString& photoId) {
    auto st = m_db->prepare(QStringLiteral("SELECT %1 FROM photos p LEFT JOIN categories c ON c.id = p.category_id WHERE p.id = ?")
                                .arg(QLatin1String(kPhotoColumns)));
    PD_TRY(st);
    st->bind(1, photoId);
    auto r = st->step();
    PD_TRY(r);
    if (!r.value()) return std::optional<PhotoRecord>();
    return std::optional<PhotoRecord>(readPhoto(*st));
}

Result<PhotoRecord> Catalog::requirePhoto(const QString& photoId) {
    auto p = findPhoto(photoId);
    PD_TRY(p);
    if (!p.value()) return makeError(ErrorCode::NotFound, QStringLiteral("no photo with the id \"%1\"").arg(photoId));
    return *p.value();
}

Result<QSet<QString>> Catalog::hashesInEvent(const QString& eventId) {
    auto st = m_db->prepare(QStringLiteral("SELECT sha256 FROM photos WHERE event_id = ?"));
    PD_TRY(st);
    st->bind(1, eventId);
    QSet<QString> out;
    PD_TRY(st->forEach([&] {
        out.insert(st->text(0));
    }));
    return out;
}

namespace {
Status updateOne(SqliteDb& db, const QString& sql, const QString& photoId, qint64 value) {
    auto st = db.prepare(sql);
    PD_TRY(st);
    st->bind(1, value).bind(2, photoId);
    PD_TRY(st->run());
    if (db.changes() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no photo with the id \"%1\"").arg(photoId));
    return {};
}
} // namespace

Status Catalog::setRating(const QString& photoId, int rating) {
    if (rating < 0 || rating > 5)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a rating is 0 to 5, not %1").arg(rating));
    return updateOne(*m_db, QStringLiteral("UPDATE photos SET rating = ? WHERE id = ?"), photoId, rating);
}

Status Catalog::setFlag(const QString& photoId, PhotoFlag flag) {
    return updateOne(*m_db, QStringLiteral("UPDATE photos SET flag = ? WHERE id = ?"), photoId, qint64(flag));
}

Status Catalog::setSelected(const QStringList& photoIds, bool selected) {
    Transaction tx(*m_db);
    PD_TRY(tx.begun());
    for (const QString& id : photoIds)
        PD_TRY(updateOne(*m_db, QStringLiteral("UPDATE photos SET selected = ? WHERE id = ?"), id, selected ? 1 : 0));
    return tx.commit();
}

Status Catalog::setColorLabel(const QString& photoId, const QString& label) {
    if (!label.isEmpty() && !colorLabels().contains(label))
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("a colour label is one of %1, not \"%2\"")
                                                         .arg(colorLabels().join(QStringLiteral(", ")), label));
    auto st = m_db->prepare(QStringLiteral("UPDATE photos SET color_label = ? WHERE id = ?"));
    PD_TRY(st);
    st->bind(1, label).bind(2, photoId);
    PD_TRY(st->run());
    if (m_db->changes() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no photo with the id \"%1\"").arg(photoId));
    return {};
}

Result<QHash<qint64, int>> Catalog::categoryCounts(const QString& eventId) {
    auto st = m_db->prepare(QStringLiteral("SELECT coalesce(category_id, 0), count(*) FROM photos WHERE event_id = ? GROUP BY 1"));
    PD_TRY(st);
    st->bind(1, eventId);
    QHash<qint64, int> out;
    PD_TRY(st->forEach([&] { out.insert(st->int64(0), st->int32(1)); }));
    return out;
}

Status Catalog::refreshVaultRecord(const QString& eventId) {
    auto e = requireEvent(eventId);
    PD_TRY(e);
    auto cats = categories(eventId);
    PD_TRY(cats);
    auto vault = Vault::open(vaultPath(eventId), false);
    PD_TRY(vault);
    Transaction tx((*vault)->db());
    PD_TRY(tx.begun());
    PD_TRY((*vault)->writeEventRecord(e.value(), cats.value()));
    return tx.commit();
}

Status Catalog::updateEvent(const EventRecord& e) {
    const QString name = e.name.trimmed();
    if (name.isEmpty()) return makeError(ErrorCode::InvalidArgument, QStringLiteral("an event needs a name"));
    auto clash = findEvent(name);
    PD_TRY(clash);
    if (clash.value() && clash.value()->id != e.id)
        return makeError(ErrorCode::AlreadyExists, QStringLiteral("an event named \"%1\" already exists").arg(name));
    PD_TRY(checkProofSettings(e));
    auto st = m_db->prepare(QStringLiteral("UPDATE events SET name = ?, description = ?, event_date = ?, photographer = ?, "
                                           "location = ?, price_sheet = ?, delivery = ?, watermark_preset_id = ?, "
                                           "proof_size = ?, share_size = ?, allow_gps = ? WHERE id = ?"));
    PD_TRY(st);
    st->bind(1, name).bind(2, e.description).bindOrNull(3, e.date.isValid() ? e.date.toString(Qt::ISODate) : QString())
        .bind(4, e.photographer).bind(5, e.location).bind(6, compactJson(e.priceSheet.toJson()))
        .bind(7, compactJson(e.delivery.toJson())).bind(8, e.watermarkPresetId).bind(9, e.proofSize)
        .bind(10, e.shareSize).bind(11, e.allowGps ? 1 : 0).bind(12, e.id);
    PD_TRY(st->run());
    if (m_db->changes() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no event with the id \"%1\"").arg(e.id));
    return refreshVaultRecord(e.id);
}

namespace {
Result<CategoryRecord> categoryById(SqliteDb& db, qint64 id) {
    auto st = db.prepare(QStringLiteral("SELECT id, event_id, name, position FROM categories WHERE id = ?"));
    PD_TRY(st);
    st->bind(1, id);
    auto r = st->step();
    PD_TRY(r);
    if (!r.value()) return makeError(ErrorCode::NotFound, QStringLiteral("no category %1").arg(id));
    return CategoryRecord{st->int64(0), st->text(1), st->text(2), st->int32(3)};
}

Status checkCategoryName(Catalog& c, const QString& eventId, const QString& name, qint64 except) {
    if (name.trimmed().isEmpty()) return makeError(ErrorCode::InvalidArgument, QStringLiteral("a category needs a name"));
    auto existing = c.findCategory(eventId, name.trimmed());
    PD_TRY(existing);
    if (existing.value() && existing.value()->id != except)
        return makeError(ErrorCode::AlreadyExists, QStringLiteral("the event already has a category \"%1\"").arg(name.trimmed()));
    return {};
}
} // namespace

Result<CategoryRecord> Catalog::addCategory(const QString& eventId, const QString& name) {
    PD_TRY(requireEvent(eventId));
    PD_TRY(checkCategoryName(*this, eventId, name, 0));
    auto st = m_db->prepare(QStringLiteral("INSERT INTO categories(event_id, name, position) "
                                           "VALUES(?1, ?2, (SELECT coalesce(max(position) + 1, 0) FROM categories WHERE event_id = ?1))"));
    PD_TRY(st);
    st->bind(1, eventId).bind(2, name.trimmed());
    PD_TRY(st->run());
    auto c = categoryById(*m_db, m_db->lastInsertRowId());
    PD_TRY(c);
    PD_TRY(refreshVaultRecord(eventId));
    return c;
}

Status Catalog::renameCategory(qint64 categoryId, const QString& name) {
    auto c = categoryById(*m_db, categoryId);
    PD_TRY(c);
    PD_TRY(checkCategoryName(*this, c->eventId, name, categoryId));
    auto st = m_db->prepare(QStringLiteral("UPDATE categories SET name = ? WHERE id = ?"));
    PD_TRY(st);
    st->bind(1, name.trimmed()).bind(2, categoryId);
    PD_TRY(st->run());
    return refreshVaultRecord(c->eventId);
}

Status Catalog::moveCategory(qint64 categoryId, int newIndex) {
    auto c = categoryById(*m_db, categoryId);
    PD_TRY(c);
    auto all = categories(c->eventId);
    PD_TRY(all);
    std::vector<qint64> order;
    for (const auto& x : all.value())
        if (x.id != categoryId) order.push_back(x.id);
    newIndex = std::clamp(newIndex, 0, int(order.size()));
    order.insert(order.begin() + newIndex, categoryId);
    {
        Transaction tx(*m_db);
        PD_TRY(tx.begun());
        auto st = m_db->prepare(QStringLiteral("UPDATE categories SET position = ? WHERE id = ?"));
        PD_TRY(st);
        for (size_t i = 0; i < order.size(); ++i) {
            st->bind(1, qint64(i)).bind(2, order[i]);
            PD_TRY(st->run());
        }
        PD_TRY(tx.commit());
    }
    return refreshVaultRecord(c->eventId);
}

Status Catalog::deleteCategory(qint64 categoryId) {
    auto c = categoryById(*m_db, categoryId);
    PD_TRY(c);
    auto counts = categoryCounts(c->eventId);
    PD_TRY(counts);
    if (const int n = counts->value(categoryId); n > 0)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("the category \"%1\" still holds %2 photo(s): move them first").arg(c->name).arg(n));
    auto st = m_db->prepare(QStringLiteral("DELETE FROM categories WHERE id = ?"));
    PD_TRY(st);
    st->bind(1, categoryId);
    PD_TRY(st->run());
    return refreshVaultRecord(c->eventId);
}

Status Catalog::setCategory(const QStringList& photoIds, std::optional<qint64> categoryId) {
    std::optional<CategoryRecord> target;
    if (categoryId) {
        auto c = categoryById(*m_db, *categoryId);
        PD_TRY(c);
        target = c.value();
    }
    Transaction tx(*m_db);
    PD_TRY(tx.begun());
    auto st = m_db->prepare(QStringLiteral("UPDATE photos SET category_id = ?1 WHERE id = ?2 AND (?3 IS NULL OR event_id = ?3)"));
    PD_TRY(st);
    for (const QString& id : photoIds) {
        st->bind(1, categoryId).bind(2, id).bindOrNull(3, target ? target->eventId : QString());
        PD_TRY(st->run());
        if (m_db->changes() == 0)
            return makeError(ErrorCode::NotFound, QStringLiteral("no photo \"%1\" in the category's event").arg(id));
    }
    return tx.commit();
}

Result<std::optional<Rendition>> Catalog::rendition(const QString& photoId, const QString& kind) {
    auto st = m_db->prepare(QStringLiteral("SELECT width, height, bytes, edit_version FROM renditions WHERE photo_id = ? AND kind = ?"));
    PD_TRY(st);
    st->bind(1, photoId).bind(2, kind);
    auto r = st->step();
    PD_TRY(r);
    if (!r.value()) return std::optional<Rendition>();
    return std::optional<Rendition>(Rendition{st->int32(0), st->int32(1), st->blob(2), st->int64(3)});
}

Status Catalog::insertPhoto(const PhotoRecord& p, const Rendition& thumb, const Rendition& preview) {
    auto st = m_db->prepare(QStringLiteral(
        "INSERT INTO photos(id, event_id, category_id, filename, sha256, byte_size, format, width, height, captured_at, "
        "camera_make, camera_model, lens, exposure_time, f_number, iso, focal_length, gps_lat, gps_lon, gps_alt, "
        "copyright, creator, orientation, rating, flag, color_label, caption, keywords, selected, imported_at, "
        "edits, edit_version) "
        "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    PD_TRY(st);
    const PhotoMetadata& m = p.meta;
    st->bind(1, p.id).bind(2, p.eventId).bind(3, p.categoryId).bind(4, p.filename).bind(5, p.sha256)
        .bind(6, p.byteSize).bind(7, p.format).bind(8, p.width).bind(9, p.height)
        .bindOrNull(10, isoTime(m.capturedAt)).bind(11, m.cameraMake).bind(12, m.cameraModel).bind(13, m.lens)
        .bind(14, m.exposureTime).bind(15, m.fNumber)
        .bind(16, m.iso ? std::optional<qint64>(*m.iso) : std::nullopt).bind(17, m.focalLengthMm);
    if (m.gps) st->bind(18, m.gps->latitude).bind(19, m.gps->longitude).bind(20, m.gps->altitude);
    st->bind(21, m.copyright).bind(22, m.creator).bind(23, m.orientation).bind(24, p.rating).bind(25, qint64(p.flag))
        .bind(26, p.colorLabel).bind(27, m.caption)
        .bind(28, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(m.keywords)).toJson(QJsonDocument::Compact)))
        .bind(29, p.selected ? 1 : 0).bind(30, isoTime(p.importedAt))
        .bind(31, editListToText(p.edits)).bind(32, p.editVersion);
    PD_TRY(st->run());

    auto rs = m_db->prepare(QStringLiteral("INSERT INTO renditions(photo_id, kind, width, height, sha256, bytes, edit_version) "
                                           "VALUES(?,?,?,?,?,?,?)"));
    PD_TRY(rs);
    for (const auto& [kind, r] : {std::pair<QString, const Rendition*>{QStringLiteral("thumb"), &thumb},
                                  {QStringLiteral("preview"), &preview}}) {
        rs->bind(1, p.id).bind(2, kind).bind(3, r->width).bind(4, r->height)
            .bind(5, sha256Hex(r->jpeg)).bindStatic(6, r->jpeg).bind(7, r->editVersion);
        PD_TRY(rs->run());
    }
    return {};
}

} // namespace pd
