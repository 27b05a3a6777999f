// The JSON form of the publish wire values (docs/host-api.md).
#include "pd/core/publish_wire.h"

#include "pd/core/content_hash.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace pd {

namespace {

QJsonValue dateOrNull(const QDate& d) { return d.isValid() ? QJsonValue(d.toString(Qt::ISODate)) : QJsonValue(); }

Result<QJsonObject> parseObject(const QByteArray& body, const QString& what) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (doc.isNull() || !doc.isObject())
        return makeError(ErrorCode::CorruptData, QStringLiteral("the host's %1 answer is not a JSON object").arg(what));
    return doc.object();
}

QStringList strings(const QJsonValue& v) {
    QStringList out;
    for (const QJsonValue& s : v.toArray()) out << s.toString();
    return out;
}

} // namespace

QJsonObject WireRenditions::toJson() const {
    QJsonObject o;
    if (!proof.isEmpty()) o.insert(QStringLiteral("proof"), proof);
    if (!thumb.isEmpty()) o.insert(QStringLiteral("thumb"), thumb);
    if (!zoom.isEmpty()) o.insert(QStringLiteral("zoom"), zoom);
    return o;
}

QJsonObject WireEvent::toJson() const {
    QJsonObject gallery{{"expires", dateOrNull(expires)}, {"proof_size", proofSize}, {"share_size", shareSize}};
    if (accessCode) gallery.insert(QStringLiteral("access_code"), *accessCode);
    return QJsonObject{{"name", name},
                       {"date", dateOrNull(date)},
                       {"description", description},
                       {"categories", QJsonArray::fromStringList(categories)},
                       {"price_sheet", priceSheet.toJson()},
                       {"delivery", delivery.toJson()},
                       {"gallery", gallery}};
}

QJsonObject WirePhoto::toJson() const {
    return QJsonObject{{"category", category},
                       {"position", position},
                       {"filename", filename},
                       {"caption", caption},
                       {"captured_at", capturedAt.isValid() ? QJsonValue(capturedAt.toString(Qt::ISODate)) : QJsonValue()},
                       {"original_width", originalWidth},
                       {"original_height", originalHeight},
                       {"renditions", renditions.toJson()}};
}

QString WirePhoto::metadataHash() const {
    QJsonObject o = toJson();
    o.remove(QStringLiteral("renditions"));
    o.insert(QStringLiteral("id"), id);
    return jsonHash(o);
}

QByteArray manifestBody(const std::vector<std::pair<QString, WireRenditions>>& photos, bool sweepUnreferenced) {
    QJsonArray list;
    for (const auto& [id, r] : photos) list.append(QJsonObject{{"id", id}, {"renditions", r.toJson()}});
    QJsonObject body{{"photos", list}};
    if (sweepUnreferenced) body.insert(QStringLiteral("sweep_unreferenced"), true);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

Result<WireManifestAnswer> WireManifestAnswer::fromJson(const QByteArray& body) {
    auto o = parseObject(body, QStringLiteral("manifest"));
    PD_TRY(o);
    if (!o->value(QStringLiteral("missing")).isArray())
        return makeError(ErrorCode::CorruptData, QStringLiteral("the host's manifest answer has no \"missing\" list"));
    WireManifestAnswer a;
    a.missing = strings(o->value(QStringLiteral("missing")));
    a.newPhotos = strings(o->value(QStringLiteral("new_photos")));
    a.stale = strings(o->value(QStringLiteral("stale")));
    a.unknownPhotos = strings(o->value(QStringLiteral("unknown_photos")));
    return a;
}

Result<WireHostEvent> WireHostEvent::fromJson(const QByteArray& body) {
    auto o = parseObject(body, QStringLiteral("event"));
    PD_TRY(o);
    WireHostEvent e;
    e.id = o->value(QStringLiteral("id")).toString();
    e.slug = o->value(QStringLiteral("slug")).toString();
    e.galleryUrl = o->value(QStringLiteral("gallery_url")).toString();
    if (e.galleryUrl.isEmpty() && !e.slug.isEmpty()) e.galleryUrl = QStringLiteral("/g/") + e.slug;
    return e;
}

QString jsonHash(const QJsonObject& o) {
    // QJsonDocument writes object keys sorted, so equal objects give equal bytes.
    return sha256Hex(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace pd
