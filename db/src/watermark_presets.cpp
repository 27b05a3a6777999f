// Watermark presets in catalog.sqlite.
#include "pd/db/watermark_presets.h"

#include "pd/db/catalog.h"

#include <QJsonDocument>

namespace pd {

namespace {

constexpr const char* kColumns = "id, name, settings, logo";

Result<WatermarkPresetRecord> readPreset(Statement& st) {
    auto preset = WatermarkPreset::fromJson(QJsonDocument::fromJson(st.text(2).toUtf8()).object());
    if (!preset.ok()) return preset.error().withContext(QStringLiteral("watermark preset \"%1\"").arg(st.text(1)));
    WatermarkPresetRecord r{st.int64(0), std::move(preset).value()};
    r.preset.name = st.text(1);
    r.preset.logo = st.isNull(3) ? QByteArray() : st.blob(3);
    return r;
}

QString settingsJson(const WatermarkPreset& p) {
    QJsonObject o = p.toJson(false);
    o.remove("name");
    o.remove("has_logo");
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Status checkPreset(Catalog& catalog, const WatermarkPreset& p, qint64 except) {
    const QString name = p.name.trimmed();
    if (name.isEmpty()) return makeError(ErrorCode::InvalidArgument, QStringLiteral("a watermark preset needs a name"));
    bool digits = false;
    name.toLongLong(&digits);
    if (digits) return makeError(ErrorCode::InvalidArgument, QStringLiteral("a watermark preset's name cannot be only digits (ids are)"));
    if (name.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("\"none\" means no watermark: choose another name"));
    PD_TRY(p.validate());
    auto existing = findWatermarkPreset(catalog, name);
    PD_TRY(existing);
    if (existing.value() && existing.value()->id != except)
        return makeError(ErrorCode::AlreadyExists, QStringLiteral("a watermark preset named \"%1\" already exists").arg(name));
    return {};
}

} // namespace

Result<std::vector<WatermarkPresetRecord>> watermarkPresets(Catalog& catalog) {
    auto st = catalog.db().prepare(QStringLiteral("SELECT %1 FROM watermark_presets ORDER BY name").arg(QLatin1String(kColumns)));
    PD_TRY(st);
    std::vector<WatermarkPresetRecord> out;
    PD_TRY(st->forEach([&]() -> Status {
        auto r = readPreset(*st);
        PD_TRY(r);
        out.push_back(std::move(r).value());
        return {};
    }));
    return out;
}

Result<std::optional<WatermarkPresetRecord>> findWatermarkPreset(Catalog& catalog, const QString& idOrName) {
    bool isId = false;
    const qint64 id = idOrName.toLongLong(&isId);
    auto st = catalog.db().prepare(QStringLiteral("SELECT %1 FROM watermark_presets WHERE %2")
                                       .arg(QLatin1String(kColumns), isId ? QStringLiteral("id = ?") : QStringLiteral("name = ?")));
    PD_TRY(st);
    if (isId) st->bind(1, id);
    else st->bind(1, idOrName.trimmed());
    auto row = st->step();
    PD_TRY(row);
    if (!row.value()) return std::optional<WatermarkPresetRecord>();
    auto r = readPreset(*st);
    PD_TRY(r);
    return std::optional<WatermarkPresetRecord>(std::move(r).value());
}

Result<WatermarkPresetRecord> requireWatermarkPreset(Catalog& catalog, const QString& idOrName) {
    auto r = findWatermarkPreset(catalog, idOrName);
    PD_TRY(r);
    if (r.value()) return *r.value();
    auto all = watermarkPresets(catalog);
    PD_TRY(all);
    QStringList names;
    for (const auto& p : all.value()) names << p.preset.name;
    return makeError(ErrorCode::NotFound, QStringLiteral("no watermark preset \"%1\" (presets: %2)")
                                              .arg(idOrName, names.isEmpty() ? QStringLiteral("none yet") : names.join(QStringLiteral(", "))));
}

Result<WatermarkPresetRecord> watermarkPresetById(Catalog& catalog, qint64 id) {
    return requireWatermarkPreset(catalog, QString::number(id));
}

Result<WatermarkPresetRecord> addWatermarkPreset(Catalog& catalog, const WatermarkPreset& preset) {
    PD_TRY(checkPreset(catalog, preset, 0));
    auto st = catalog.db().prepare(QStringLiteral("INSERT INTO watermark_presets(name, settings, logo, created_at) VALUES(?,?,?,?)"));
    PD_TRY(st);
    st->bind(1, preset.name.trimmed()).bind(2, settingsJson(preset))
        .bind(4, QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    if (preset.logo.isEmpty()) st->bindNull(3);
    else st->bind(3, preset.logo);
    PD_TRY(st->run());
    WatermarkPresetRecord r{catalog.db().lastInsertRowId(), preset};
    r.preset.name = preset.name.trimmed();
    return r;
}

Status updateWatermarkPreset(Catalog& catalog, qint64 id, const WatermarkPreset& preset) {
    PD_TRY(checkPreset(catalog, preset, id));
    auto st = catalog.db().prepare(QStringLiteral("UPDATE watermark_presets SET name = ?, settings = ?, logo = ? WHERE id = ?"));
    PD_TRY(st);
    st->bind(1, preset.name.trimmed()).bind(2, settingsJson(preset)).bind(4, id);
    if (preset.logo.isEmpty()) st->bindNull(3);
    else st->bind(3, preset.logo);
    PD_TRY(st->run());
    if (catalog.db().changes() == 0) return makeError(ErrorCode::NotFound, QStringLiteral("no watermark preset %1").arg(id));
    return {};
}

Status removeWatermarkPreset(Catalog& catalog, qint64 id) {
    auto preset = watermarkPresetById(catalog, id);
    PD_TRY(preset);
    auto users = catalog.db().prepare(QStringLiteral("SELECT name FROM events WHERE watermark_preset_id = ? ORDER BY name"));
    PD_TRY(users);
    users->bind(1, id);
    QStringList events;
    PD_TRY(users->forEach([&] { events << users->text(0); }));
    if (!events.isEmpty())
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("the watermark preset \"%1\" is the default of %2: give those events another "
                                        "(event set EVENT --watermark PRESET|none) first")
                             .arg(preset->preset.name, events.join(QStringLiteral(", "))));
    auto st = catalog.db().prepare(QStringLiteral("DELETE FROM watermark_presets WHERE id = ?"));
    PD_TRY(st);
    st->bind(1, id);
    return st->run();
}

Result<std::optional<WatermarkPreset>> eventWatermark(Catalog& catalog, const EventRecord& event) {
    if (!event.watermarkPresetId) return std::optional<WatermarkPreset>();
    auto r = watermarkPresetById(catalog, *event.watermarkPresetId);
    PD_TRY(r);
    return std::optional<WatermarkPreset>(r->preset);
}

} // namespace pd
