// Parsing share create requests and writing shares as the studio API lists them.
#include "pd/host/share_json.h"

#include "pd/host/photo_json.h"

#include "api_json.h"

#include <QJsonArray>
#include <QSet>

namespace pd::host {

namespace {

using apijson::bad;

constexpr int kMaxSharePhotos = 10000;
constexpr int kMaxSharePx = 16384;

} // namespace

Result<Share> parseShareCreate(const QByteArray& body) {
    auto parsed = apijson::parseObject(body);
    if (!parsed.ok()) return parsed.error();
    const QJsonObject& o = parsed.value();
    Share s;
    auto name = apijson::stringField(o, QStringLiteral("name"), QStringLiteral("name"), 200, true);
    if (!name.ok()) return name.error();
    if (name->trimmed().isEmpty()) return bad(QStringLiteral("name must say who the share is for"));
    s.name = name.value();
    const QJsonValue photos = o.value(QStringLiteral("photos"));
    if (!photos.isUndefined() && !photos.isNull()) {
        if (!photos.isArray()) return bad(QStringLiteral("photos must be an array of photo ids"));
        const QJsonArray a = photos.toArray();
        if (a.size() > kMaxSharePhotos) return bad(QStringLiteral("photos has more than %1 ids").arg(kMaxSharePhotos));
        QSet<QString> seen;
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString id = a[i].isString() ? a[i].toString() : QString();
            const QByteArray latin = id.toLatin1();
            if (photoIdFromPath(std::string_view(latin.constData(), std::size_t(latin.size()))) != id || id.isEmpty())
                return bad(QStringLiteral("photos[%1] must be a photo id").arg(i));
            if (!seen.contains(id)) s.photoIds << id;
            seen.insert(id);
        }
    }
    auto maxPx = apijson::integerField(o, QStringLiteral("max_px"), QStringLiteral("max_px"), 0, kMaxSharePx, 0);
    if (!maxPx.ok()) return maxPx.error();
    s.maxPx = int(maxPx.value());
    auto expires = apijson::dateField(o, QStringLiteral("expires"), QStringLiteral("expires"));
    if (!expires.ok()) return expires.error();
    s.expires = expires.value();
    auto maxRetrievals = apijson::integerField(o, QStringLiteral("max_retrievals"), QStringLiteral("max_retrievals"), 0,
                                               1'000'000'000, 0);
    if (!maxRetrievals.ok()) return maxRetrievals.error();
    s.maxRetrievals = int(maxRetrievals.value());
    return s;
}

QJsonObject shareToJson(const Share& s) {
    const auto orNull = [](const QString& v) { return v.isEmpty() ? QJsonValue() : QJsonValue(v); };
    return QJsonObject{{"id", s.id},
                       {"event_id", s.eventId},
                       {"name", s.name},
                       {"photos", QJsonArray::fromStringList(s.photoIds)},
                       {"max_px", s.maxPx},
                       {"expires", orNull(s.expires)},
                       {"max_retrievals", s.maxRetrievals},
                       {"retrievals", s.retrievals},
                       {"created_at", s.createdAt},
                       {"revoked_at", orNull(s.revokedAt)}};
}

} // namespace pd::host
