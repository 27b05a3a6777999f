// Helpers of the plain HTTP request and response values.
#include "pd/host/http_handler.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <algorithm>

namespace pd::host {

namespace {
bool equalsAsciiCaseless(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}
} // namespace

std::string_view HttpRequest::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (equalsAsciiCaseless(k, name)) return v;
    return {};
}

std::string_view HttpRequest::path() const {
    const std::string_view t = target;
    return t.substr(0, t.find('?'));
}

HttpResponse HttpResponse::json(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.contentType = "application/json";
    r.body = std::move(body);
    return r;
}

HttpResponse HttpResponse::error(int status, std::string_view message) {
    const QJsonObject e{
        {"error",
         QJsonObject{{"status", status}, {"message", QString::fromUtf8(message.data(), qsizetype(message.size()))}}}};
    return json(status, QJsonDocument(e).toJson(QJsonDocument::Compact).toStdString());
}

} // namespace pd::host
