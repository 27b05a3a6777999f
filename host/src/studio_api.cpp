// Routing, authentication and JSON of the studio API's first routes: me and events.
#include "pd/host/studio_api.h"

#include "pd/host/event_json.h"
#include "pd/host/host_store.h"
#include "pd/host/secrets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <cstdio>

namespace pd::host {

namespace {

constexpr std::string_view kPrefix = "/api/v1/";
constexpr qsizetype kMaxTokenLength = 256;

HttpResponse jsonResponse(int status, const QJsonObject& o) {
    return HttpResponse::json(status, QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString());
}

HttpResponse unauthorized(std::string_view message) {
    HttpResponse r = HttpResponse::error(401, message);
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"proofdesk-host\"");
    return r;
}

// The store failed: the client learns only that; the operator gets the details on stderr.
HttpResponse internalError(const Error& e) {
    std::fprintf(stderr, "proofdesk-host: store error: %s\n", qPrintable(e.toString()));
    return HttpResponse::error(500, "internal error");
}

HttpResponse methodNotAllowed(const char* allow) {
    HttpResponse r = HttpResponse::error(405, "method not allowed");
    r.headers.emplace_back("Allow", allow);
    return r;
}

HttpResponse noSuchEvent() {
    return HttpResponse::error(404, "no such event");
}

// The canonical lower-case form of a UUID, or empty when `text` is not one.
QString canonicalUuid(std::string_view text) {
    if (text.size() != 36) return {};
    const QUuid id = QUuid::fromString(QLatin1String(text.data(), qsizetype(text.size())));
    return id.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
}

} // namespace

bool StudioApi::owns(std::string_view path) {
    return path.substr(0, kPrefix.size()) == kPrefix;
}

HttpResponse StudioApi::handle(const HttpRequest& request) {
    HttpResponse refusal;
    const std::optional<Photographer> who = authenticate(request, refusal);
    if (!who) return refusal;
    const std::string_view route = request.path().substr(kPrefix.size());
    const std::string_view method = request.method;

    if (route == "me") return method == "GET" ? me(*who) : methodNotAllowed("GET");
    if (route == "events") return method == "GET" ? listEvents(*who) : methodNotAllowed("GET");
    if (route.substr(0, 7) == "events/") {
        const std::string_view rawId = route.substr(7);
        const QString id = canonicalUuid(rawId);
        if (method == "PUT") {
            if (id.isEmpty()) return HttpResponse::error(400, "the event id must be a UUID");
            return putEvent(*who, id, request);
        }
        if (method != "GET" && method != "DELETE") return methodNotAllowed("GET, PUT, DELETE");
        if (id.isEmpty()) return noSuchEvent();
        return method == "GET" ? getEvent(*who, id) : deleteEvent(*who, id);
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
    const std::string_view type = request.header("Content-Type");
    if (!type.empty() && type.substr(0, 16) != "application/json")
        return HttpResponse::error(415, "the body must be application/json");
    auto put = parseEventPut(QByteArray::fromRawData(request.body.data(), qsizetype(request.body.size())));
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
    if (!outcome.ok())
        return outcome.error().code == ErrorCode::NotFound ? noSuchEvent() : internalError(outcome.error());
    auto stored = m_store.event(p.id, id);
    if (!stored.ok()) return internalError(stored.error());
    if (!stored.value()) return noSuchEvent(); // deleted meanwhile by another request
    return jsonResponse(outcome.value() == PutOutcome::Created ? 201 : 200, eventToJson(*stored.value()));
}

HttpResponse StudioApi::deleteEvent(const Photographer& p, const QString& id) {
    auto deleted = m_store.deleteEvent(p.id, id);
    if (!deleted.ok()) return internalError(deleted.error());
    if (!deleted.value()) return noSuchEvent();
    HttpResponse r;
    r.status = 204;
    return r;
}

} // namespace pd::host
