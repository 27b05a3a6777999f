// The studio API's photo routes: rendition uploads by SHA-256, the manifest diff, photo metadata
// and customer favourites.
#include "pd/host/studio_api.h"

#include "pd/core/content_hash.h"
#include "pd/host/host_store.h"
#include "pd/host/photo_json.h"
#include "pd/host/rendition_check.h"

#include "studio_api_replies.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>

#include <array>
#include <map>

namespace pd::host {

using namespace api;

namespace {

// The lower-case hash a URL segment names, or empty when it is not 64 hex digits.
QString sha256FromPath(std::string_view segment) {
    if (segment.size() != 64) return {};
    for (const char c : segment)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return {};
    return QString::fromLatin1(segment.data(), 64).toLower();
}

QJsonObject blobToJson(const BlobInfo& b) {
    return QJsonObject{
        {"sha256", b.sha256}, {"mime", b.mime}, {"width", b.width}, {"height", b.height}, {"size", b.size}};
}

HttpResponse noSuchPhoto() {
    return HttpResponse::error(404, "no such photo");
}

// Each kind's hash paired with its kind's name and the type it must have.
struct RenditionSlot {
    const char* kind;
    const QString* sha256;
    const char* mime;
};
std::array<RenditionSlot, 3> slotsOf(const PhotoRenditions& r) {
    return {RenditionSlot{"proof", &r.proof, "image/jpeg"}, RenditionSlot{"thumb", &r.thumb, "image/jpeg"},
            RenditionSlot{"zoom", &r.zoom, "image/jp2"}};
}

} // namespace

HttpResponse StudioApi::putRendition(const Photographer& p, std::string_view segment, const HttpRequest& request) {
    const QString sha = sha256FromPath(segment);
    if (sha.isEmpty()) return HttpResponse::error(400, "the URL must end in the SHA-256 of the body as 64 hex digits");
    const QString mime = renditionMime(request.header("Content-Type"));
    if (mime.isEmpty()) return HttpResponse::error(415, "a rendition's Content-Type must be image/jpeg or image/jp2");
    const QByteArray bytes = bodyBytes(request);
    const QString actual = sha256Hex(bytes);
    if (actual != sha)
        return HttpResponse::error(
            400, QStringLiteral("the body's SHA-256 is %1, not %2 as the URL says; the upload may have been cut short")
                     .arg(actual, sha)
                     .toStdString());

    // ?event=<id>: the event it is uploaded for, so that event's final manifest may sweep it if
    // no photo ever uses it.
    QString uploadedFor;
    if (const auto mark = request.target.find('?'); mark != std::string::npos) {
        const QUrlQuery query(QString::fromLatin1(request.target.data() + mark + 1, qsizetype(request.target.size() - mark - 1)));
        if (query.hasQueryItem(QStringLiteral("event"))) {
            const QByteArray raw = query.queryItemValue(QStringLiteral("event"), QUrl::FullyDecoded).toLatin1();
            uploadedFor = canonicalUuid(std::string_view(raw.constData(), std::size_t(raw.size())));
            if (uploadedFor.isEmpty()) return HttpResponse::error(400, "event must be an event id (a UUID)");
        }
    }

    auto stored = m_store.blobInfo(p.id, sha);
    if (!stored.ok()) return internalError(stored.error());
    if (stored.value() && stored.value()->mime == mime) return jsonResponse(200, blobToJson(*stored.value()));
    if (!uploadedFor.isEmpty()) {
        auto event = m_store.event(p.id, uploadedFor);
        if (!event.ok()) return internalError(event.error());
        if (!event.value()) return noSuchEvent();
    }

    auto checked = checkRendition(bytes, mime);
    if (!checked.ok()) return HttpResponse::error(422, checked.error().message.toStdString());
    BlobInfo info = checked.value();
    info.sha256 = sha;
    auto put = m_store.putBlob(p.id, info, QByteArray(request.body.data(), qsizetype(request.body.size())), uploadedFor);
    if (!put.ok()) return internalError(put.error());
    return jsonResponse(put.value() == PutOutcome::Created ? 201 : 200, blobToJson(info));
}

HttpResponse StudioApi::getRendition(const Photographer& p, std::string_view segment) {
    const QString sha = sha256FromPath(segment);
    if (sha.isEmpty()) return HttpResponse::error(404, "no such rendition");
    auto stored = m_store.blobInfo(p.id, sha);
    if (!stored.ok()) return internalError(stored.error());
    if (!stored.value()) return HttpResponse::error(404, "no such rendition");
    return jsonResponse(200, blobToJson(*stored.value()));
}

HttpResponse StudioApi::manifest(const Photographer& p, const QString& eventId, const HttpRequest& request) {
    if (auto refused = refuseNonJson(request)) return *refused;
    auto parsed = parseManifestRequest(bodyBytes(request));
    if (!parsed.ok()) return badRequest(parsed.error());
    const std::vector<ManifestPhoto>& wanted = parsed->photos;
    auto onHost = m_store.photos(p.id, eventId);
    if (!onHost.ok()) return onHost.error().code == ErrorCode::NotFound ? noSuchEvent() : internalError(onHost.error());

    // Each hash once, in the order first listed. One store call: the list travels as a single
    // JSON parameter (no SQL parameter limit applies) and both stores answer in linear time.
    QStringList hashes;
    QSet<QString> seen;
    for (const ManifestPhoto& m : wanted)
        for (const RenditionSlot& slot : slotsOf(m.renditions))
            if (!slot.sha256->isEmpty() && !seen.contains(*slot.sha256)) {
                seen.insert(*slot.sha256);
                hashes << *slot.sha256;
            }
    auto missingNow = m_store.missingBlobs(p.id, hashes);
    if (!missingNow.ok()) return internalError(missingNow.error());
    const QStringList& missing = missingNow.value();

    std::map<QString, const HostPhoto*> hostById;
    for (const HostPhoto& h : onHost.value()) hostById[h.id] = &h;
    QJsonArray newPhotos, stale, unknown;
    QSet<QString> listed;
    for (const ManifestPhoto& m : wanted) {
        listed.insert(m.id);
        const auto it = hostById.find(m.id);
        if (it == hostById.end())
            newPhotos.append(m.id);
        else if (!(it->second->renditions == m.renditions))
            stale.append(m.id);
    }
    for (const HostPhoto& h : onHost.value())
        if (!listed.contains(h.id)) unknown.append(h.id);
    QJsonObject answer{{"missing", QJsonArray::fromStringList(missing)},
                       {"new_photos", newPhotos},
                       {"stale", stale},
                       {"unknown_photos", unknown}};
    if (parsed->sweepUnreferenced) {
        // The renditions uploaded for this event that no photo uses, except those this manifest
        // names (a photo about to be PUT with them).
        auto swept = m_store.sweepUnreferencedBlobs(p.id, eventId, hashes);
        if (!swept.ok())
            return swept.error().code == ErrorCode::NotFound ? noSuchEvent() : internalError(swept.error());
        answer.insert(QStringLiteral("swept"), swept.value());
    }
    return jsonResponse(200, answer);
}

HttpResponse StudioApi::listPhotos(const Photographer& p, const QString& eventId) {
    auto photos = m_store.photos(p.id, eventId);
    if (!photos.ok()) return photos.error().code == ErrorCode::NotFound ? noSuchEvent() : internalError(photos.error());
    QJsonArray list;
    for (const HostPhoto& h : photos.value()) list.append(photoToJson(h));
    return jsonResponse(200, QJsonObject{{"photos", list}});
}

HttpResponse StudioApi::getPhoto(const Photographer& p, const QString& eventId, const QString& photoId) {
    auto event = m_store.event(p.id, eventId);
    if (!event.ok()) return internalError(event.error());
    if (!event.value()) return noSuchEvent();
    auto photo = m_store.galleryPhoto(eventId, photoId);
    if (!photo.ok()) return internalError(photo.error());
    if (!photo.value()) return noSuchPhoto();
    return jsonResponse(200, photoToJson(*photo.value()));
}

HttpResponse StudioApi::putPhoto(const Photographer& p, const QString& eventId, const QString& photoId,
                                 const HttpRequest& request) {
    if (auto refused = refuseNonJson(request)) return *refused;
    auto parsed = parsePhotoPut(bodyBytes(request));
    if (!parsed.ok()) return badRequest(parsed.error());
    HostPhoto photo = parsed.value();
    photo.id = photoId;
    photo.eventId = eventId;

    // The store answers InvalidArgument both for a hash it lacks and for a foreign category; the
    // studio must react differently (upload, or fix the event), so both are checked here first.
    auto event = m_store.event(p.id, eventId);
    if (!event.ok()) return internalError(event.error());
    if (!event.value()) return noSuchEvent();
    if (!photo.category.isEmpty() && !event.value()->categories.contains(photo.category))
        return HttpResponse::error(422, QStringLiteral("category \"%1\" is not one of the event's categories; "
                                                       "PUT the event with it first")
                                            .arg(photo.category)
                                            .toStdString());
    for (const RenditionSlot& slot : slotsOf(photo.renditions)) {
        if (slot.sha256->isEmpty()) continue;
        auto blob = m_store.blobInfo(p.id, *slot.sha256);
        if (!blob.ok()) return internalError(blob.error());
        if (!blob.value())
            return HttpResponse::error(409, QStringLiteral("the %1 rendition %2 has not been uploaded; PUT it to "
                                                           "/api/v1/renditions/%2 first")
                                                .arg(QLatin1String(slot.kind), *slot.sha256)
                                                .toStdString());
        if (blob.value()->mime != QLatin1String(slot.mime))
            return HttpResponse::error(
                422, QStringLiteral("the %1 rendition must be %2, but %3 is %4")
                         .arg(QLatin1String(slot.kind), QLatin1String(slot.mime), *slot.sha256, blob.value()->mime)
                         .toStdString());
    }

    auto outcome = m_store.putPhoto(p.id, photo);
    if (!outcome.ok()) {
        const Error& e = outcome.error();
        if (e.code == ErrorCode::NotFound) return noSuchEvent(); // deleted meanwhile
        // Checked above, so a blob vanished or the event changed between the checks and the write.
        if (e.code == ErrorCode::InvalidArgument) return HttpResponse::error(409, e.message.toStdString());
        return internalError(e);
    }
    auto stored = m_store.galleryPhoto(eventId, photoId);
    if (!stored.ok()) return internalError(stored.error());
    if (!stored.value()) return noSuchPhoto(); // deleted meanwhile by another request
    return jsonResponse(outcome.value() == PutOutcome::Created ? 201 : 200, photoToJson(*stored.value()));
}

HttpResponse StudioApi::deletePhoto(const Photographer& p, const QString& eventId, const QString& photoId) {
    auto deleted = m_store.deletePhoto(p.id, eventId, photoId);
    if (!deleted.ok())
        return deleted.error().code == ErrorCode::NotFound ? noSuchPhoto() : internalError(deleted.error());
    if (!deleted.value()) return noSuchPhoto();
    return noContent();
}

HttpResponse StudioApi::favourites(const Photographer& p, const QString& eventId) {
    auto list = m_store.eventFavourites(p.id, eventId);
    if (!list.ok()) return list.error().code == ErrorCode::NotFound ? noSuchEvent() : internalError(list.error());
    return jsonResponse(200, QJsonObject{{"favourites", favouritesToJson(list.value())}});
}

} // namespace pd::host
