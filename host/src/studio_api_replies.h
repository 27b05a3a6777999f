// Internal: the responses and id checks the studio API's route files share, so every route
// answers errors the same way.
#pragma once

#include "pd/core/result.h"
#include "pd/host/http_handler.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QUuid>

#include <cstdio>
#include <string_view>

namespace pd::host::api {

inline HttpResponse jsonResponse(int status, const QJsonObject& o) {
    return HttpResponse::json(status, QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString());
}

inline HttpResponse noContent() {
    HttpResponse r;
    r.status = 204;
    return r;
}

// The store failed: the client learns only that; the operator gets the details on stderr.
inline HttpResponse internalError(const Error& e) {
    std::fprintf(stderr, "proofdesk-host: store error: %s\n", qPrintable(e.toString()));
    return HttpResponse::error(500, "internal error");
}

inline HttpResponse methodNotAllowed(const char* allow) {
    HttpResponse r = HttpResponse::error(405, "method not allowed");
    r.headers.emplace_back("Allow", allow);
    return r;
}

inline HttpResponse badRequest(const Error& e) {
    return HttpResponse::error(400, e.message.toStdString());
}

inline HttpResponse noSuchEvent() {
    return HttpResponse::error(404, "no such event");
}

// The canonical lower-case form of a UUID, or empty when `text` is not one.
inline QString canonicalUuid(std::string_view text) {
    if (text.size() != 36) return {};
    const QUuid id = QUuid::fromString(QLatin1String(text.data(), qsizetype(text.size())));
    return id.isNull() ? QString() : id.toString(QUuid::WithoutBraces);
}

// A JSON body's Content-Type: absent or application/json. Null when acceptable, else the 415.
inline std::optional<HttpResponse> refuseNonJson(const HttpRequest& request) {
    const std::string_view type = request.header("Content-Type");
    if (!type.empty() && type.substr(0, 16) != "application/json")
        return HttpResponse::error(415, "the body must be application/json");
    return std::nullopt;
}

inline QByteArray bodyBytes(const HttpRequest& request) {
    return QByteArray::fromRawData(request.body.data(), qsizetype(request.body.size()));
}

} // namespace pd::host::api
