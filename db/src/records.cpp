// JSON forms of the catalog records (the vault's copy of an event).
#include "pd/db/records.h"

#include <QJsonArray>

namespace pd {

namespace {
QString iso(const QDateTime& t) { return t.isValid() ? t.toString(Qt::ISODate) : QString(); }
QDateTime fromIso(const QJsonValue& v) { return QDateTime::fromString(v.toString(), Qt::ISODate); }
void putOpt(QJsonObject& o, const char* key, const std::optional<double>& v) { if (v) o.insert(QLatin1String(key), *v); }
std::optional<double> optDouble(const QJsonObject& o, const char* key) {
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? std::optional<double>(v.toDouble()) : std::nullopt;
}
} // namespace

QJsonObject EventRecord::toJson() const {
    return QJsonObject{{"id", id}, {"name", name}, {"description", description},
                       {"date", date.isValid() ? date.toString(Qt::ISODate) : QString()},
                       {"photographer", photographer}, {"location", location}, {"created_at", iso(createdAt)},
                       {"price_sheet", priceSheet.toJson()}, {"delivery", delivery.toJson()},
                       {"proof_size", proofSize}, {"share_size", shareSize}, {"allow_gps", allowGps},
                       {"watermark", watermarkPreset ? QJsonValue(watermarkPreset->toJson(true)) : QJsonValue()}};
}

EventRecord EventRecord::fromJson(const QJsonObject& o) {
    EventRecord e;
    e.id = o.value("id").toString();
    e.name = o.value("name").toString();
    e.description = o.value("description").toString();
    e.date = QDate::fromString(o.value("date").toString(), Qt::ISODate);
    e.photographer = o.value("photographer").toString();
    e.location = o.value("location").toString();
    e.createdAt = fromIso(o.value("created_at"));
    e.priceSheet = PriceSheet::fromJson(o.value("price_sheet").toObject());
    e.delivery = DeliveryOptions::fromJson(o.value("delivery").toObject());
    e.proofSize = o.value("proof_size").toInt(kDefaultProofLongEdge);
    e.shareSize = o.value("share_size").toInt(0);
    e.allowGps = o.value("allow_gps").toBool(false);
    if (o.value("watermark").isObject()) {
        auto preset = WatermarkPreset::fromJson(o.value("watermark").toObject());
        if (preset.ok()) e.watermarkPreset = std::move(preset).value();
    }
    return e;
}

QJsonObject PhotoRecord::toJson() const {
    QJsonObject o{{"id", id}, {"event_id", eventId}, {"category", category}, {"filename", filename},
                  {"sha256", sha256}, {"byte_size", byteSize}, {"format", format}, {"width", width},
                  {"height", height}, {"captured_at", iso(meta.capturedAt)}, {"orientation", meta.orientation},
                  {"camera_make", meta.cameraMake}, {"camera_model", meta.cameraModel}, {"lens", meta.lens},
                  {"exposure_time", meta.exposureTime}, {"copyright", meta.copyright}, {"creator", meta.creator},
                  {"caption", meta.caption}, {"keywords", QJsonArray::fromStringList(meta.keywords)},
                  {"rating", rating}, {"flag", photoFlagName(flag)}, {"color_label", colorLabel},
                  {"selected", selected}, {"imported_at", iso(importedAt)},
                  {"edits", editListToJson(edits)}, {"edit_version", editVersion}};
    putOpt(o, "f_number", meta.fNumber);
    if (meta.iso) o.insert("iso", *meta.iso);
    putOpt(o, "focal_length", meta.focalLengthMm);
    if (meta.gps) {
        QJsonObject g{{"lat", meta.gps->latitude}, {"lon", meta.gps->longitude}};
        if (meta.gps->altitude) g.insert("alt", *meta.gps->altitude);
        o.insert("gps", g);
    }
    return o;
}

PhotoRecord PhotoRecord::fromJson(const QJsonObject& o) {
    PhotoRecord p;
    p.id = o.value("id").toString();
    p.eventId = o.value("event_id").toString();
    p.category = o.value("category").toString();
    p.filename = o.value("filename").toString();
    p.sha256 = o.value("sha256").toString();
    p.byteSize = qint64(o.value("byte_size").toDouble());
    p.format = o.value("format").toString();
    p.width = o.value("width").toInt();
    p.height = o.value("height").toInt();
    p.meta.capturedAt = fromIso(o.value("captured_at"));
    p.meta.orientation = o.value("orientation").toInt(1);
    p.meta.cameraMake = o.value("camera_make").toString();
    p.meta.cameraModel = o.value("camera_model").toString();
    p.meta.lens = o.value("lens").toString();
    p.meta.exposureTime = o.value("exposure_time").toString();
    p.meta.copyright = o.value("copyright").toString();
    p.meta.creator = o.value("creator").toString();
    p.meta.caption = o.value("caption").toString();
    for (const QJsonValue& k : o.value("keywords").toArray()) p.meta.keywords << k.toString();
    p.meta.fNumber = optDouble(o, "f_number");
    if (o.value("iso").isDouble()) p.meta.iso = o.value("iso").toInt();
    p.meta.focalLengthMm = optDouble(o, "focal_length");
    if (o.value("gps").isObject()) {
        const QJsonObject g = o.value("gps").toObject();
        p.meta.gps = GpsPosition{g.value("lat").toDouble(), g.value("lon").toDouble(), optDouble(g, "alt")};
    }
    p.rating = o.value("rating").toInt();
    p.flag = photoFlagFromName(o.value("flag").toString()).value_or(PhotoFlag::None);
    p.colorLabel = o.value("color_label").toString();
    p.selected = o.value("selected").toBool();
    p.importedAt = fromIso(o.value("imported_at"));
    // Edits a newer Proofdesk wrote (unknown operations) are left out rather than half-applied.
    if (auto edits = editListFromJson(o.value("edits").toArray()); edits.ok()) p.edits = std::move(edits).value();
    p.editVersion = qint64(o.value("edit_version").toDouble());
    return p;
}

QString photoFlagName(PhotoFlag flag) {
    switch (flag) {
    case PhotoFlag::Pick: return QStringLiteral("pick");
    case PhotoFlag::Reject: return QStringLiteral("reject");
    case PhotoFlag::None: break;
    }
    return QStringLiteral("none");
}

std::optional<PhotoFlag> photoFlagFromName(const QString& name) {
    if (name == QLatin1String("pick")) return PhotoFlag::Pick;
    if (name == QLatin1String("reject")) return PhotoFlag::Reject;
    if (name == QLatin1String("none")) return PhotoFlag::None;
    return std::nullopt;
}

} // namespace pd
