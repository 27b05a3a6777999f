// The gallery's routing, its access-code login and logout, and its server-rendered pages.
#include "pd/host/gallery_site.h"

#include "pd/host/gallery_order.h"
#include "pd/host/gallery_pages.h"
#include "pd/host/host_store.h"
#include "pd/host/secrets.h"

#include <QDate>
#include <QDateTime>
#include <QUrl>

#include <cstdio>
#include <exception>

namespace pd::host {

namespace {

constexpr std::uint64_t kFormBodyBytes = 8 * 1024;
constexpr int kLoginNonceMaxAge = 2 * 3600;
constexpr int kMaxSlug = 200;
constexpr int kMaxCode = 128;
constexpr std::string_view kLoginCookie = "pd_l";
const QString kWrongCode = QStringLiteral("That code doesn't open this gallery.");

HttpResponse html(int status, std::string body) {
    HttpResponse r;
    r.status = status;
    r.contentType = "text/html; charset=utf-8";
    r.body = std::move(body);
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
}

HttpResponse failure(const Error& e) {
    std::fprintf(stderr, "proofdesk-host: gallery store error: %s\n", qPrintable(e.toString()));
    return HttpResponse::error(500, "internal error");
}

bool validSlug(std::string_view s) {
    if (s.empty() || s.size() > kMaxSlug) return false;
    for (const char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.'))
            return false;
    return s != "." && s != "..";
}

QString fromView(std::string_view s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// One field of an application/x-www-form-urlencoded body; empty when absent.
QString formField(std::string_view body, std::string_view name) {
    while (!body.empty()) {
        const std::size_t amp = body.find('&');
        const std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
        const std::size_t eq = pair.find('=');
        if (pair.substr(0, eq) != name) continue;
        QByteArray value = eq == std::string_view::npos ? QByteArray()
                                                         : QByteArray(pair.data() + eq + 1, qsizetype(pair.size() - eq - 1));
        value.replace('+', ' ');
        return QString::fromUtf8(QByteArray::fromPercentEncoding(value));
    }
    return {};
}

// The first cookie of that name, or empty.
std::string_view cookieValue(const HttpRequest& request, std::string_view name) {
    std::string_view rest = request.header("Cookie");
    while (!rest.empty()) {
        const std::size_t end = rest.find(';');
        std::string_view pair = rest.substr(0, end);
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const std::size_t eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    }
    return {};
}

// The throttle's key for the client: its address, an IPv6 one by its /64.
QString clientOf(const HttpRequest& request) {
    if (!request.clientIp.empty()) return throttleClientKey(request.clientIp);
    const std::string& r = request.remote;
    return throttleClientKey(r.substr(0, r.rfind(':')));
}

std::string slugPath(const QString& slug) {
    return "/g/" + slug.toStdString(); // slugs are checked to be URL-safe
}

bool closed(const HostEvent& e) {
    if (e.expires.isEmpty()) return false;
    const QDate last = QDate::fromString(e.expires, Qt::ISODate);
    return last.isValid() && QDate::currentDate() > last;
}

GallerySession loginCsrfSession(std::string_view nonce) {
    // Login CSRF rides on the session codec: a "session" that names the nonce, not an event.
    return GallerySession{QStringLiteral("login:") + fromView(nonce), QString(), 0, QString()};
}

QString waitWords(qint64 seconds) {
    if (seconds < 90) return QStringLiteral("%1 seconds").arg(seconds);
    return QStringLiteral("%1 minutes").arg((seconds + 59) / 60);
}

} // namespace

GallerySite::GallerySite(HostStore& store, ThrottlePolicy throttle, GalleryImageCache::Options images)
    : m_store(store), m_throttle(throttle), m_images(images) {}

std::uint64_t GallerySite::bodyLimit(std::string_view method, std::string_view path, std::uint64_t jsonBodyBytes) {
    if (method != "POST") return 0;
    const std::size_t slugEnd = path.find('/', 3);
    if (slugEnd == std::string_view::npos) return 0;
    const std::string_view rest = path.substr(slugEnd);
    if (rest == "/login" || rest == "/logout" || rest == "/api/favourites") return kFormBodyBytes;
    if (rest == "/api/orders") return jsonBodyBytes;
    return 0;
}

DeliveryOptions GallerySite::deliveryOf(const HostEvent& event) {
    return event.delivery;
}

std::shared_ptr<const SessionCodec> GallerySite::codec() {
    std::lock_guard lock(m_codecMutex);
    if (m_codec) return m_codec;
    auto secret = m_store.siteSecret();
    if (!secret.ok() || secret->size() < 16) {
        std::fprintf(stderr, "proofdesk-host: no site secret for gallery sessions: %s\n",
                     secret.ok() ? "too short" : qPrintable(secret.error().toString()));
        return nullptr;
    }
    m_codec = std::make_shared<const SessionCodec>(secret.value());
    return m_codec;
}

HttpResponse GallerySite::handle(const HttpRequest& request) {
    HttpResponse r;
    try {
        r = route(request);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "proofdesk-host: error serving a gallery request: %s\n", e.what());
        r = HttpResponse::error(500, "internal error");
    }
    addSecurityHeaders(r);
    return r;
}

HttpResponse GallerySite::route(const HttpRequest& request) {
    const std::string_view path = request.path();
    const std::size_t slugEnd = path.find('/', 3);
    const std::string_view slug = path.substr(3, slugEnd == std::string_view::npos ? std::string_view::npos : slugEnd - 3);
    const std::string_view rest = slugEnd == std::string_view::npos ? std::string_view() : path.substr(slugEnd);
    Visit visit;
    visit.api = rest.substr(0, 5) == "/api/" || rest.substr(0, 5) == "/img/";
    const auto deadEnd = [&](int status, const QString& title, const QString& message) {
        if (visit.api) return HttpResponse::error(status, message.toStdString());
        return html(status, renderMessagePage(title, message));
    };
    const QString notFoundTitle = QStringLiteral("Gallery not found");
    const QString notFound =
        QStringLiteral("There is no gallery at this address. Check the link your photographer sent you.");
    if (!validSlug(slug)) return deadEnd(404, notFoundTitle, notFound);

    if (rest.substr(0, 5) == "/img/")
        if (auto hit = cachedImage(request, slug, rest)) return std::move(*hit);
    visit.imageGeneration = m_images.generation();
    auto event = m_store.eventBySlug(fromView(slug));
    if (!event.ok()) return failure(event.error());
    if (!event.value()) return deadEnd(404, notFoundTitle, notFound);
    visit.slug = fromView(slug);
    visit.event = std::move(*event.value());
    if (closed(visit.event))
        return deadEnd(410, visit.event.name,
                       QStringLiteral("This gallery closed on %1.").arg(displayDate(visit.event.expires)));

    visit.codec = codec();
    if (!visit.codec) return HttpResponse::error(500, "internal error");
    // A session made under an access code the photographer has since changed no longer counts.
    if (auto s = gallerySessionOf(request, *visit.codec);
        s && s->eventId == visit.event.id && visit.codec->sameCode(*s, visit.event.accessCodeHash))
        visit.session = s;

    const std::string_view method = request.method;
    const auto only = [&](std::string_view allowed) -> std::optional<HttpResponse> {
        if (method == allowed) return std::nullopt;
        HttpResponse r = HttpResponse::error(405, "method not allowed");
        r.headers.emplace_back("Allow", std::string(allowed));
        return r;
    };

    if (rest.empty() || rest == "/") {
        if (auto r = only("GET")) return *r;
        return galleryPage(request, visit);
    }
    if (rest == "/login") {
        if (auto r = only("POST")) return *r;
        return login(request, visit);
    }
    if (rest == "/logout") {
        if (auto r = only("POST")) return *r;
        return logout(request, visit);
    }
    if (visit.api && !visit.session) return HttpResponse::error(401, "open the gallery with its access code first");
    if (rest == "/api/gallery") {
        if (auto r = only("GET")) return *r;
        return galleryJson(visit);
    }
    if (rest == "/api/favourites") {
        if (auto r = only("POST")) return *r;
        return setFavourite(request, visit);
    }
    if (rest == "/api/orders") {
        if (auto r = only("POST")) return *r;
        return placeOrder(request, visit);
    }
    if (rest.substr(0, 5) == "/img/") {
        // /img/<photo-id>/<kind>, the id percent-encoded.
        const std::string_view tail = rest.substr(5);
        const std::size_t slash = tail.rfind('/');
        if (slash == std::string_view::npos || slash == 0) return HttpResponse::error(404, "no such image");
        const QString kind = fromView(tail.substr(slash + 1));
        if (kind != QLatin1String("thumb") && kind != QLatin1String("proof"))
            return HttpResponse::error(404, "no such image");
        if (auto r = only("GET")) return *r;
        const QString photoId = QString::fromUtf8(
            QByteArray::fromPercentEncoding(QByteArray(tail.data(), qsizetype(slash))));
        return image(request, visit, photoId, kind);
    }
    if (rest.substr(0, 8) == "/orders/") {
        if (auto r = only("GET")) return *r;
        if (!visit.session) return loginPage(request, visit, 401, QString(), QString());
        return orderPage(visit, fromView(rest.substr(8)));
    }
    return deadEnd(404, QStringLiteral("Page not found"), QStringLiteral("There is no such page in this gallery."));
}

HttpResponse GallerySite::galleryPage(const HttpRequest& request, const Visit& visit) {
    if (!visit.session) return loginPage(request, visit, 200, QString(), QString());
    GalleryPage page;
    page.slug = visit.slug;
    page.event = &visit.event;
    page.csrf = QString::fromStdString(visit.codec->csrfToken(*visit.session));
    page.email = visit.session->email;
    return html(200, renderGalleryPage(page));
}

HttpResponse GallerySite::loginPage(const HttpRequest& request, const Visit& visit, int status, const QString& error,
                                    const QString& email) {
    auto nonce = generateToken();
    if (!nonce.ok()) return failure(nonce.error());
    LoginPage page;
    page.slug = visit.slug;
    page.eventName = visit.event.name;
    page.eventDate = visit.event.date;
    page.needsCode = !visit.event.accessCodeHash.isEmpty();
    page.csrf = QString::fromStdString(visit.codec->csrfToken(loginCsrfSession(nonce->toStdString())));
    page.email = email;
    page.error = error;
    HttpResponse r = html(status, renderLoginPage(page));
    // The nonce lives in a short-lived cookie scoped to this gallery: the form's token is only
    // good together with it, so another site cannot post a login of its own choosing.
    std::string cookie = std::string(kLoginCookie) + "=" + nonce->toStdString() + "; Path=" + slugPath(visit.slug) +
                         "; Max-Age=" + std::to_string(kLoginNonceMaxAge) + "; HttpOnly; SameSite=Strict";
    if (request.secure) cookie += "; Secure";
    r.headers.emplace_back("Set-Cookie", std::move(cookie));
    return r;
}

HttpResponse GallerySite::login(const HttpRequest& request, const Visit& visit) {
    const QString client = clientOf(request);
    const QString email = formField(request.body, "email");
    if (const auto wait = m_throttle.retryAfter(client, visit.slug); wait.count() > 0) {
        std::fprintf(stderr, "proofdesk-host: gallery %s: login attempt from %s refused, locked for %lld s more\n",
                     qPrintable(visit.slug), qPrintable(client), static_cast<long long>(wait.count()));
        HttpResponse r = loginPage(request, visit, 429,
                                   QStringLiteral("Too many wrong codes. Please wait %1 and try again.")
                                       .arg(waitWords(wait.count())),
                                   email.left(254));
        r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
        return r;
    }

    const std::string_view nonce = cookieValue(request, kLoginCookie);
    const QString csrf = formField(request.body, "csrf");
    if (nonce.empty() || nonce.size() > 100 ||
        !visit.codec->checkCsrf(loginCsrfSession(nonce), csrf.toStdString()))
        return loginPage(request, visit, 403, QStringLiteral("This page had expired. Please try again."), email.left(254));

    if (!visit.event.accessCodeHash.isEmpty()) {
        const QString code = formField(request.body, "code").trimmed();
        if (code.isEmpty() || code.size() > kMaxCode || !verifyAccessCode(code, visit.event.accessCodeHash)) {
            const int failures = m_throttle.recordFailure(client, visit.slug);
            const auto lock = m_throttle.retryAfter(client, visit.slug);
            std::fprintf(stderr, "proofdesk-host: gallery %s: wrong access code from %s (%d failures%s)\n",
                         qPrintable(visit.slug), qPrintable(client), failures,
                         lock.count() > 0 ? qPrintable(QStringLiteral(", locked for %1 s").arg(lock.count())) : "");
            if (const int all = m_throttle.galleryFailures(visit.slug); all >= m_throttle.policy().galleryFreeFailures)
                std::fprintf(stderr,
                             "proofdesk-host: gallery %s: %d wrong access codes from all clients; every client "
                             "of this gallery now waits %lld s before its next try\n",
                             qPrintable(visit.slug), all, static_cast<long long>(lock.count()));
            return loginPage(request, visit, 401, kWrongCode, email.left(254));
        }
    }
    const QString normalised = normalisedEmail(email);
    if (normalised.isEmpty())
        return loginPage(request, visit, 422, QStringLiteral("Please enter your e-mail address."), email.left(254));
    m_throttle.recordSuccess(client, visit.slug);

    const GallerySession session{visit.event.id, normalised, QDateTime::currentSecsSinceEpoch(),
                                 visit.codec->codeFingerprint(visit.event.accessCodeHash)};
    HttpResponse r;
    r.status = 303;
    r.headers.emplace_back("Location", slugPath(visit.slug));
    r.headers.emplace_back("Cache-Control", "no-store");
    const std::string secure = request.secure ? "; Secure" : "";
    r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=" + visit.codec->encode(session) +
                                             "; Path=/; Max-Age=" + std::to_string(kSessionMaxAgeSeconds) +
                                             "; HttpOnly; SameSite=Lax" + secure);
    // The login nonce cookie is left to expire by itself: one Set-Cookie per response keeps
    // simple clients (and proxies that fold headers) right.
    return r;
}

HttpResponse GallerySite::logout(const HttpRequest& request, const Visit& visit) {
    if (!visit.session) return loginPage(request, visit, 401, QString(), QString());
    if (!visit.codec->checkCsrf(*visit.session, formField(request.body, "csrf").toStdString()))
        return html(403, renderMessagePage(visit.event.name, QStringLiteral("This page had expired. Please go back and try again.")));
    HttpResponse r;
    r.status = 303;
    r.headers.emplace_back("Location", slugPath(visit.slug));
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" +
                                             (request.secure ? "; Secure" : ""));
    return r;
}

HttpResponse GallerySite::orderPage(const Visit& visit, const QString& orderId) {
    const auto notFound = [&] {
        return html(404, renderMessagePage(QStringLiteral("Order not found"),
                                           QStringLiteral("This gallery has no order with that number.")));
    };
    if (orderId.isEmpty() || orderId.size() > 64) return notFound();
    auto order = m_store.galleryOrder(visit.event.id, orderId);
    if (!order.ok()) return failure(order.error());
    // An order is its customer's: another e-mail on the same gallery sees none of it.
    if (!order.value() || order.value()->email != visit.session->email) return notFound();
    auto photos = m_store.galleryPhotos(visit.event.id);
    if (!photos.ok()) return failure(photos.error());
    OrderPage page;
    page.slug = visit.slug;
    page.event = &visit.event;
    page.order = &*order.value();
    for (const HostPhoto& p : photos.value()) {
        if (!p.renditions.thumb.isEmpty())
            page.thumbUrls[p.id] = renditionUrl(visit.slug, p.id, QStringLiteral("thumb"), p.renditions.thumb);
        page.filenames[p.id] = p.filename;
    }
    return html(200, renderOrderPage(page));
}

} // namespace pd::host
