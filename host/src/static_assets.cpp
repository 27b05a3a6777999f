// Serving the embedded /static/ files: a fixed table built from the Qt resources at start-up.
#include "pd/host/static_assets.h"

#include "pd/host/gallery_pages.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace pd::host {

namespace {

std::string contentTypeOf(const QString& name) {
    if (name.endsWith(QLatin1String(".css"))) return "text/css; charset=utf-8";
    if (name.endsWith(QLatin1String(".js")) || name.endsWith(QLatin1String(".mjs")))
        return "text/javascript; charset=utf-8";
    if (name.endsWith(QLatin1String(".svg"))) return "image/svg+xml";
    if (name.endsWith(QLatin1String(".png"))) return "image/png";
    return "application/octet-stream";
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

} // namespace

bool etagMatches(std::string_view ifNoneMatch, std::string_view etag) {
    while (!ifNoneMatch.empty()) {
        const std::size_t comma = ifNoneMatch.find(',');
        std::string_view one = trim(ifNoneMatch.substr(0, comma));
        ifNoneMatch = comma == std::string_view::npos ? std::string_view() : ifNoneMatch.substr(comma + 1);
        if (one == "*") return true;
        if (one.substr(0, 2) == "W/") one.remove_prefix(2); // weak comparison, as If-None-Match asks
        if (one == etag) return true;
    }
    return false;
}

StaticAssets::StaticAssets() {
    QDirIterator it(QStringLiteral(":/web"), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) continue;
        const QByteArray bytes = f.readAll();
        const QString name = path.mid(QStringLiteral(":/web/").size());
        const QByteArray hash = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().left(32);
        m_assets[name.toStdString()] = Asset{contentTypeOf(name), bytes.toStdString(), "\"" + hash.toStdString() + "\""};
    }
}

HttpResponse StaticAssets::handle(const HttpRequest& request) const {
    HttpResponse r;
    const std::string_view name = request.path().substr(8);
    const auto it = m_assets.find(name);
    if (request.method != "GET") {
        r = HttpResponse::error(405, "method not allowed");
        r.headers.emplace_back("Allow", "GET");
    } else if (it == m_assets.end()) {
        r = HttpResponse::error(404, "no such file");
    } else {
        const Asset& a = it->second;
        r.headers.emplace_back("ETag", a.etag);
        // Revalidate every time: a new build changes the ETag and browsers pick it up at once,
        // while an unchanged file costs a 304 of no bytes.
        r.headers.emplace_back("Cache-Control", "no-cache");
        if (etagMatches(request.header("If-None-Match"), a.etag)) {
            r.status = 304;
        } else {
            r.status = 200;
            r.contentType = a.contentType;
            r.body = a.bytes;
        }
    }
    addSecurityHeaders(r);
    return r;
}

} // namespace pd::host
