// Routing and authentication of the studio API, and its event routes.
#include "pd/host/studio_api.h"

#include "pd/host/event_json.h"
#include "pd/host/host_site.h"
#include "pd/host/host_store.h"
#include "pd/host/photo_json.h"
#include "pd/host/secrets.h"

#include "studio_api_replies.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>

namespace pd::host {

using namespace api;

namespace {

constexpr std::string_view kPrefix = "/api/v1/";
constexpr qsizetype kMaxTokenLength = 256;

HttpResponse unauthorized(std::string_view message) {
    HttpResponse r = HttpResponse::error(401, message);
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"proofdesk-host\"");
    return r;
}

// The path after /api/v1/ split at '/'; an empty segment (a doubled or trailing slash) stays
// empty, so it matches no route.
std::vector<std::string_view> splitRoute(std::string_view route) {
    std::vector<std::string_view> out;
    for (;;) {
        const auto slash = route.find('/');
        out.push_back(route.substr(0, slash));
        if (slash == std::string_view::npos) return out;
        route.remove_prefix(slash + 1);
    }
}

} // namespace

bool StudioApi::owns(std::string_view path) {
    return path.substr(0, kPrefix.size()) == kPrefix;
}

std::uint64_t StudioApi::bodyLimit(std::string_view method, std::string_view path, const SiteLimits& limits) {
    const std::vector<std::string_view> s = splitRoute(path.substr(std::min(path.size(), kPrefix.size())));
    if (method == "PUT" && s.size() == 2 && s[0] == "renditions") return limits.renditionBodyBytes;
    if (method == "POST" && s.size() == 3 && s[0] == "events" && s[2] == "manifest") return limits.manifestBodyBytes;
    return limits.jsonBodyBytes;
}

HttpResponse StudioApi::handle(const HttpRequest& request) {
    HttpResponse refusal;
    const std::optional<Photographer> who = authenticate(request, refusal);
    if (!who) return refusal;
    const Photographer& p = *who;
    const Segments s = splitRoute(request.path().substr(kPrefix.size()));
    const std::string_view method = request.method;

    if (s.size() == 1 && s[0] == "me") return method == "GET" ? me(p) : methodNotAllowed("GET");
    if (s.size() == 1 && s[0] == "events") return method == "GET" ? listEvents(p) : methodNotAllowed("GET");
    if (s[0] == "events" && s.size() >= 2) return routeEvent(p, s, request);
    if (s[0] == "renditions" && s.size() == 2) {
        if (method == "PUT") return putRendition(p, s[1], request);
        if (method == "GET") return getRendition(p, s[1]);
        return methodNotAllowed("GET, PUT");
    }
    if (s[0] == "orders" && s.size() >= 2) return routeOrders(p, s, request);
    if (s[0] == "shares" && s.size() == 2) {
        if (method != "DELETE") return methodNotAllowed("DELETE");
        const QString id = canonicalUuid(s[1]);
        if (id.isEmpty()) return HttpResponse::error(404, "no such share");
        return revokeShare(p, id);
    }
    return HttpResponse::error(404, "no such route");
}

HttpResponse StudioApi::routeEvent(const Photographer& p, const Segments& s, const HttpRequest& request) {
    const std::string_view method = request.method;
    const QString id = canonicalUuid(s[1]);
    if (s.size() == 2) {
        if (method == "PUT") {
            if (id.isEmpty()) return HttpResponse::error(400, "the event id must be a UUID");
            return putEvent(p, id, request);
        }
        if (method != "GET" && method != "DELETE") return methodNotAllowed("GET, PUT, DELETE");
        if (id.isEmpty()) return noSuchEvent();
        return method == "GET" ? getEvent(p, id) : deleteEvent(p, id);
    }
    const std::string_view what = s[2];
    if (s.size() == 3 && what == "manifest") {
        if (method != "POST") return methodNotAllowed("POST");
        return id.isEmpty() ? noSuchEvent() : manifest(p, id, request);
    }
    if (s.size() == 3 && what == "photos") {
        if (method != "GET") return methodNotAllowed("GET");
        return id.isEmpty() ? noSuchEvent() : listPhotos(p, id);
    }
    if (s.size() == 4 && what == "photos") {
        if (method != "GET" && method != "PUT" && method != "DELETE") return methodNotAllowed("GET, PUT, DELETE");
        if (id.isEmpty()) return noSuchEvent();
        const QString photoId = photoIdFromPath(s[3]);
        if (photoId.isEmpty()) {
            if (method == "PUT")
                return HttpResponse::error(400, "the photo id must be 1 to 100 letters, digits, '-' or '_'");
            return HttpResponse::error(404, "no such photo");
        }
        if (method == "GET") return getPhoto(p, id, photoId);
        return method == "PUT" ? putPhoto(p, id, photoId, request) : deletePhoto(p, id, photoId);
    }
    if (s.size() == 3 && what == "favourites") {
        if (method != "GET") return methodNotAllowed("GET");
        return id.isEmpty() ? noSuchEvent() : favourites(p, id);
    }
    if (s.size() == 3 && what == "shares") {
        if (method != "GET" && method != "POST") return methodNotAllowed("GET, POST");
        if (id.isEmpty()) return noSuchEvent();
        return method == "GET" ? listShares(p, id) : createShare(p, id, request);
    }
    return HttpResponse::error(404, "no such route");
}

HttpResponse StudioApi::routeOrders(const Photographer& p, const Segments& s, const HttpRequest& request) {
    const std::string_view method = request.method;
    if (s.size() == 2 && s[1] == "feed") return method == "GET" ? orderFeed(p, request) : methodNotAllowed("GET");
    if (s.size() == 2 && s[1] == "ack")
        return method == "POST" ? acknowledgeOrders(p, request) : methodNotAllowed("POST");
    const QString id = canonicalUuid(s[1]);
    if (s.size() == 2) {
        if (method != "GET") return methodNotAllowed("GET");
        return id.isEmpty() ? HttpResponse::error(404, "no such order") : getOrder(p, id);
    }
    if (s.size() == 3 && s[2] == "status") {
        if (method != "PUT") return methodNotAllowed("PUT");
        return id.isEmpty() ? HttpResponse::error(404, "no such order") : setOrderStatus(p, id, request);
    }
    return HttpResponse::error(404, "no such route");
}

std::optional<Photographer> StudioApi::authenticate(const HttpRequest& request, HttpResponse& refusal) {
    const std::string_view header = request.header("Authorization");
    const auto space = header.find(' ');
    const std::string_view scheme = header.substr(0, space);
    if (header.empty() || space == std::string_view::npos ||
        QLatin1String(scheme.data(), qsizetype(scheme.size())).compare(QLatin1String("Bearer"), Qt::CaseInsensitive) !=
            0) {
        refusal = unauthorized("this route needs an Authorization: Bearer token");
        return std::nullopt;
    }
    std::string_view token = header.substr(space + 1);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    if (token.empty() || qsizetype(token.size()) > kMaxTokenLength) {
        refusal = unauthorized("the token is not valid");
        return std::nullopt;
    }
    const QString hash = tokenHash(QString::fromLatin1(token.data(), qsizetype(token.size())));
    auto found = m_store.photographerByTokenHash(hash);
    if (!found.ok()) {
        refusal = internalError(found.error());
        return std::nullopt;
    }
    if (!found.value() || !constantTimeEquals(found.value()->tokenHash, hash)) {
        refusal = unauthorized("the token is not valid");
        return std::nullopt;
    }
    if (found.value()->revoked()) {
        refusal = unauthorized("the token was revoked");
        return std::nullopt;
    }
    return found.value();
}

HttpResponse StudioApi::me(const Photographer& p) {
    return jsonResponse(200, QJsonObject{{"id", p.id}, {"name", p.name}, {"created_at", p.createdAt}});
}

HttpResponse StudioApi::listEvents(const Photographer& p) {
    auto events = m_store.events(p.id);
    if (!events.ok()) return internalError(events.error());
    QJsonArray list;
    for (const HostEvent& e : events.value()) list.append(eventToJson(e));
    return jsonResponse(200, QJsonObject{{"events", list}});
}

HttpResponse StudioApi::getEvent(const Photographer& p, const QString& id) {
    auto event = m_store.event(p.id, id);
    if (!event.ok()) return internalError(event.error());
    if (!event.value()) return noSuchEvent();
    return jsonResponse(200, eventToJson(*event.value()));
}

HttpResponse StudioApi::putEvent(const Photographer& p, const QString& id, const HttpRequest& request) {
    if (auto refused = refuseNonJson(request)) return *refused;
    auto put = parseEventPut(bodyBytes(request));
    if (!put.ok()) return HttpResponse::error(400, put.error().message.toStdString());
    EventUpdate update{put->event, std::nullopt};
    update.event.id = id;
    update.event.photographerId = p.id;
    if (put->accessCode) {
        if (put->accessCode->isEmpty()) {
            update.accessCodeHash = QString();
        } else {
            auto hash = hashAccessCode(*put->accessCode);
            if (!hash.ok()) return internalError(hash.error());
            update.accessCodeHash = hash.value();
        }
    }
    auto outcome = m_store.putEvent(update);
    if (!outcome.ok()) {
        const Error& e = outcome.error();
        if (e.code == ErrorCode::NotFound) return noSuchEvent();
        if (e.code == ErrorCode::AlreadyExists)
            return HttpResponse::error(409, QStringLiteral("the gallery address /g/%1 is taken; choose another slug")
                                                .arg(update.event.slug)
                                                .toStdString());
        if (e.code == ErrorCode::InvalidArgument) return HttpResponse::error(422, e.message.toStdString());
        return internalError(e);
    }
    auto stored = m_store.event(p.id, id);
    if (!stored.ok()) return internalError(stored.error());
    if (!stored.value()) return noSuchEvent(); // deleted meanwhile by another request
    return jsonResponse(outcome.value() == PutOutcome::Created ? 201 : 200, eventToJson(*stored.value()));
}

HttpResponse StudioApi::deleteEvent(const Photographer& p, const QString& id) {
    auto deleted = m_store.deleteEvent(p.id, id);
    if (!deleted.ok()) return internalError(deleted.error());
    if (!deleted.value()) return noSuchEvent();
    return noContent();
}

} // namespace pd::host
