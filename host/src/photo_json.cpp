// Parsing and writing the studio API's photo, manifest and favourite JSON.
#include "pd/host/photo_json.h"

#include "api_json.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>

namespace pd::host {

namespace {

using apijson::bad;
using apijson::integerField;
using apijson::sha256Field;
using apijson::stringField;

constexpr int kMaxPhotoId = 100;
constexpr int kMaxText = 1000;
constexpr int kMaxCaption = 10000;
constexpr int kMaxPosition = 1'000'000'000;
constexpr int kMaxDimension = 1'000'000;
constexpr int kMaxManifestPhotos = 100'000;

bool isPhotoId(const QString& id) {
    if (id.isEmpty() || id.size() > kMaxPhotoId) return false;
    for (const QChar c : id) {
        const char16_t u = c.unicode();
        const bool ok =
            (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-' || u == '_';
        if (!ok) return false;
    }
    return true;
}

Result<PhotoRenditions> parseRenditions(const QJsonObject& parent, const QString& path) {
    PhotoRenditions r;
    const QJsonValue v = parent.value(QStringLiteral("renditions"));
    if (v.isUndefined() || v.isNull()) return r;
    if (!v.isObject()) return bad(path + QStringLiteral(" must be an object of hashes by kind"));
    const QJsonObject o = v.toObject();
    auto proof = sha256Field(o, QStringLiteral("proof"), path + QStringLiteral(".proof"));
    if (!proof.ok()) return proof.error();
    auto thumb = sha256Field(o, QStringLiteral("thumb"), path + QStringLiteral(".thumb"));
    if (!thumb.ok()) return thumb.error();
    auto zoom = sha256Field(o, QStringLiteral("zoom"), path + QStringLiteral(".zoom"));
    if (!zoom.ok()) return zoom.error();
    r.proof = proof.value();
    r.thumb = thumb.value();
    r.zoom = zoom.value();
    return r;
}

QJsonValue hashOrNull(const QString& s) {
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

} // namespace

QString photoIdFromPath(std::string_view segment) {
    if (segment.empty() || segment.size() > std::size_t(kMaxPhotoId)) return {};
    const QString id = QString::fromLatin1(segment.data(), qsizetype(segment.size()));
    return isPhotoId(id) ? id : QString();
}

Result<HostPhoto> parsePhotoPut(const QByteArray& body) {
    auto parsed = apijson::parseObject(body);
    if (!parsed.ok()) return parsed.error();
    const QJsonObject& o = parsed.value();
    HostPhoto p;
    auto category = stringField(o, QStringLiteral("category"), QStringLiteral("category"), 200);
    if (!category.ok()) return category.error();
    p.category = category.value();
    auto position =
        integerField(o, QStringLiteral("position"), QStringLiteral("position"), -kMaxPosition, kMaxPosition, 0);
    if (!position.ok()) return position.error();
    p.position = int(position.value());
    auto filename = stringField(o, QStringLiteral("filename"), QStringLiteral("filename"), kMaxText);
    if (!filename.ok()) return filename.error();
    p.filename = filename.value();
    auto caption = stringField(o, QStringLiteral("caption"), QStringLiteral("caption"), kMaxCaption);
    if (!caption.ok()) return caption.error();
    p.caption = caption.value();
    auto captured = stringField(o, QStringLiteral("captured_at"), QStringLiteral("captured_at"), 40);
    if (!captured.ok()) return captured.error();
    if (!captured->isEmpty() && !QDateTime::fromString(captured.value(), Qt::ISODateWithMs).isValid() &&
        !QDateTime::fromString(captured.value(), Qt::ISODate).isValid())
        return bad(QStringLiteral("captured_at must be an ISO 8601 date and time such as 2026-06-01T14:03:22"));
    p.capturedAt = captured.value();
    auto width =
        integerField(o, QStringLiteral("original_width"), QStringLiteral("original_width"), 0, kMaxDimension, 0);
    if (!width.ok()) return width.error();
    auto height =
        integerField(o, QStringLiteral("original_height"), QStringLiteral("original_height"), 0, kMaxDimension, 0);
    if (!height.ok()) return height.error();
    p.originalWidth = int(width.value());
    p.originalHeight = int(height.value());
    auto renditions = parseRenditions(o, QStringLiteral("renditions"));
    if (!renditions.ok()) return renditions.error();
    p.renditions = renditions.value();
    return p;
}

QJsonObject photoToJson(const HostPhoto& p) {
    const auto orNull = [](const QString& s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    return QJsonObject{{"id", p.id},
                       {"category", p.category},
                       {"position", p.position},
                       {"filename", p.filename},
                       {"caption", p.caption},
                       {"captured_at", orNull(p.capturedAt)},
                       {"original_width", p.originalWidth},
                       {"original_height", p.originalHeight},
                       {"proof_width", p.proofWidth},
                       {"proof_height", p.proofHeight},
                       {"renditions", QJsonObject{{"proof", hashOrNull(p.renditions.proof)},
                                                  {"thumb", hashOrNull(p.renditions.thumb)},
                                                  {"zoom", hashOrNull(p.renditions.zoom)}}},
                       {"updated_at", p.updatedAt}};
}

Result<std::vector<ManifestPhoto>> parseManifest(const QByteArray& body) {
    auto request = parseManifestRequest(body);
    if (!request.ok()) return request.error();
    return std::move(request.value().photos);
}

Result<ManifestRequest> parseManifestRequest(const QByteArray& body) {
    auto parsed = apijson::parseObject(body);
    if (!parsed.ok()) return parsed.error();
    ManifestRequest request;
    const QJsonValue sweep = parsed->value(QStringLiteral("sweep_unreferenced"));
    if (!sweep.isUndefined() && !sweep.isNull()) {
        if (!sweep.isBool()) return bad(QStringLiteral("sweep_unreferenced must be true or false"));
        request.sweepUnreferenced = sweep.toBool();
    }
    const QJsonValue photos = parsed->value(QStringLiteral("photos"));
    if (!photos.isArray()) return bad(QStringLiteral("photos must be an array of {id, renditions}"));
    const QJsonArray a = photos.toArray();
    if (a.size() > kMaxManifestPhotos)
        return bad(QStringLiteral("photos has more than %1 entries; split the event").arg(kMaxManifestPhotos));
    std::vector<ManifestPhoto> out;
    out.reserve(std::size_t(a.size()));
    QSet<QString> seen;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QString path = QStringLiteral("photos[%1]").arg(i);
        if (!a[i].isObject()) return bad(path + QStringLiteral(" must be an object"));
        const QJsonObject entry = a[i].toObject();
        auto id = stringField(entry, QStringLiteral("id"), path + QStringLiteral(".id"), kMaxPhotoId, true);
        if (!id.ok()) return id.error();
        if (!isPhotoId(id.value()))
            return bad(path + QStringLiteral(".id must be 1 to 100 letters, digits, '-' or '_'"));
        if (seen.contains(id.value())) return bad(path + QStringLiteral(".id repeats \"%1\"").arg(id.value()));
        seen.insert(id.value());
        auto renditions = parseRenditions(entry, path + QStringLiteral(".renditions"));
        if (!renditions.ok()) return renditions.error();
        out.push_back(ManifestPhoto{id.value(), renditions.value()});
    }
    request.photos = std::move(out);
    return request;
}

QJsonArray favouritesToJson(const std::vector<Favourite>& favourites) {
    QJsonArray a;
    for (const Favourite& f : favourites)
        a.append(QJsonObject{{"email", f.email}, {"photo_id", f.photoId}, {"created_at", f.createdAt}});
    return a;
}

} // namespace pd::host
