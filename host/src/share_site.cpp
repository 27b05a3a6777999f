// Share links: the token's hash finds the share, its limits decide what IIIF may serve.
#include "pd/host/share_site.h"

#include "pd/core/content_hash.h"
#include "pd/host/gallery_pages.h"
#include "pd/host/host_store.h"
#include "pd/host/iiif_site.h"

#include <QUrl>

#include <algorithm>
#include <cstdio>

namespace pd::host {

namespace {

HttpResponse storeFailure(const Error& e) {
    std::fprintf(stderr, "proofdesk-host: share: %s\n", qPrintable(e.toString()));
    return HttpResponse::error(500, "internal error");
}

// Tokens are URL-safe base64 or hex, 16 to 128 characters; anything else is not one of ours.
bool plausibleToken(std::string_view token) {
    if (token.size() < 16 || token.size() > 128) return false;
    return token.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") ==
           std::string_view::npos;
}

HttpResponse page(int status, const QString& title, const QString& body) {
    HttpResponse r;
    r.status = status;
    r.contentType = "text/html; charset=utf-8";
    const QString html = QStringLiteral("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                                        "<meta name=\"robots\" content=\"noindex, nofollow\">\n<title>") +
                         htmlEscape(title) +
                         QStringLiteral("</title>\n<link rel=\"stylesheet\" href=\"/static/gallery.css\">\n"
                                        "<link rel=\"icon\" href=\"data:,\">\n</head>\n<body class=\"share\">\n<main>\n") +
                         body + QStringLiteral("</main>\n</body>\n</html>\n");
    r.body = html.toStdString();
    r.headers.emplace_back("Cache-Control", "private, no-store");
    addSecurityHeaders(r);
    return r;
}

HttpResponse refusal(bool html, int status, const QString& message) {
    if (!html) {
        HttpResponse r = HttpResponse::error(status, message.toStdString());
        r.headers.emplace_back("Access-Control-Allow-Origin", "*");
        return r;
    }
    return page(status, message, QStringLiteral("<h1>") + htmlEscape(message) + QStringLiteral("</h1>\n"));
}

} // namespace

HttpResponse ShareSite::handle(const HttpRequest& request) {
    const std::string_view path = request.path();
    const std::string_view afterPrefix = path.substr(3);
    const size_t slash = afterPrefix.find('/');
    const std::string_view token = afterPrefix.substr(0, slash);
    const std::string_view rest = slash == std::string_view::npos ? std::string_view() : afterPrefix.substr(slash);
    const bool listing = rest.empty() || rest == "/";
    const bool iiif = rest.substr(0, 8) == "/iiif/3/" || rest == "/iiif/3";
    if (!plausibleToken(token) || (!listing && !iiif)) return refusal(listing, 404, QStringLiteral("No such share."));

    // Only the hash of the token reaches the database, and only an exact index match finds it.
    Result<std::optional<Share>> found =
        m_store.shareByTokenHash(sha256Hex(QByteArray(token.data(), qsizetype(token.size()))));
    if (!found.ok()) return storeFailure(found.error());
    if (!found->has_value()) return refusal(listing, 404, QStringLiteral("No such share."));
    const Share& share = **found;
    if (!share.revokedAt.isEmpty()) return refusal(listing, 403, QStringLiteral("This share has been withdrawn."));
    if (dayHasPassed(share.expires))
        return refusal(listing, 410, QStringLiteral("This share expired on %1.").arg(displayDate(share.expires)));
    Result<std::optional<HostEvent>> event = m_store.event(share.photographerId, share.eventId);
    if (!event.ok()) return storeFailure(event.error());
    if (!event->has_value()) return refusal(listing, 404, QStringLiteral("No such share."));
    // A share never outlives its gallery: once the event's last day has passed, it is closed too.
    if (dayHasPassed((*event)->expires))
        return refusal(listing, 410, QStringLiteral("The gallery this share comes from closed on %1.")
                                         .arg(displayDate((*event)->expires)));

    const std::string base = siteOrigin(request, m_publicUrl) + "/s/" + std::string(token);
    if (iiif) {
        IiifAccess access;
        access.eventId = share.eventId;
        access.photographerId = share.photographerId;
        access.photoIds = share.photoIds;
        const HostEvent& e = **event;
        access.maxLongEdge = share.maxPx > 0 ? share.maxPx : e.shareSize > 0 ? e.shareSize : e.proofSize;
        access.serviceBase = base + "/iiif/3";
        access.share = true;
        access.shareId = share.id;
        access.retrievalLimited = share.maxRetrievals > 0;
        const std::string_view iiifPath = rest.size() > 8 ? rest.substr(8) : std::string_view();
        return IiifService(m_store).serve(request, iiifPath, access);
    }

    if (request.method != "GET") {
        HttpResponse r = HttpResponse::error(405, "method not allowed");
        r.headers.emplace_back("Allow", "GET");
        return r;
    }
    // Relative links resolve against /s/<token>/: the page must be reached with its slash.
    if (rest.empty()) {
        HttpResponse r;
        r.status = 308;
        r.headers.emplace_back("Location", "/s/" + std::string(token) + "/");
        return r;
    }
    Result<std::vector<HostPhoto>> photos = m_store.galleryPhotos(share.eventId);
    if (!photos.ok()) return storeFailure(photos.error());
    QString list;
    int count = 0;
    for (const HostPhoto& p : *photos) {
        if (p.renditions.zoom.isEmpty() || (!share.photoIds.isEmpty() && !share.photoIds.contains(p.id))) continue;
        ++count;
        const QString link = QStringLiteral("iiif/3/") + QString::fromUtf8(QUrl::toPercentEncoding(p.id)) +
                             QStringLiteral("/full/max/0/default.jpg");
        list += QStringLiteral("<li><a href=\"") + htmlEscape(link) + QStringLiteral("\">") +
                htmlEscape(p.filename.isEmpty() ? p.id : p.filename) + QStringLiteral("</a>");
        if (!p.caption.isEmpty()) list += QStringLiteral(" — ") + htmlEscape(p.caption);
        list += QStringLiteral("</li>\n");
    }
    QString body = QStringLiteral("<h1>") + htmlEscape((*event)->name) + QStringLiteral("</h1>\n<p>Shared with ") +
                   htmlEscape(share.name) + QStringLiteral(": %1 photo%2.").arg(count).arg(count == 1 ? "" : "s");
    if (share.maxRetrievals > 0)
        body += QStringLiteral(" This link allows %1 image downloads in all; %2 are left.")
                    .arg(share.maxRetrievals)
                    .arg(std::max(0, share.maxRetrievals - share.retrievals));
    if (!share.expires.isEmpty()) body += QStringLiteral(" It works until %1.").arg(displayDate(share.expires));
    body += QStringLiteral("</p>\n<ul class=\"share-list\">\n") + list + QStringLiteral("</ul>\n");
    return page(200, (*event)->name, body);
}

} // namespace pd::host
