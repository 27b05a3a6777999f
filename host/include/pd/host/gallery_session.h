// A gallery visitor's session: what the signed cookie carries, and how other parts of the site
// (IIIF for visitors, image routes) learn which gallery a request may see.
#pragma once

#include "pd/host/http_handler.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pd::host {

struct GallerySession {
    QString eventId;    // the one gallery this session may see
    QString email;      // the customer's e-mail once given (favourites, orders); may be empty
    qint64 issuedAt = 0; // seconds since the epoch
    // SessionCodec::codeFingerprint of the event's access code when the session was made: once
    // the photographer changes the code, the event's fingerprint moves on and the session no
    // longer opens the gallery (sameCode). Empty for a gallery without a code.
    QString codeFingerprint;
};

// Signs and checks session cookies and CSRF tokens with the site secret (HMAC-SHA256,
// constant-time comparison). Threads: any; immutable after construction.
class SessionCodec {
public:
    explicit SessionCodec(QByteArray secret);

    // The cookie's value: the session and its MAC, URL-safe.
    std::string encode(const GallerySession& session) const;
    // The session when the value is intact and not older than `maxAgeSeconds` at `now`.
    std::optional<GallerySession> decode(std::string_view value, qint64 now, qint64 maxAgeSeconds) const;
    // The CSRF token for forms and fetch() calls of that session.
    std::string csrfToken(const GallerySession& session) const;
    bool checkCsrf(const GallerySession& session, std::string_view token) const;
    // A short keyed digest of an event's stored access-code hash (empty for an empty hash): it
    // changes whenever the code does and reveals nothing about the code or its hash.
    QString codeFingerprint(const QString& accessCodeHash) const;
    // Whether `session` was made under the event's current access code.
    bool sameCode(const GallerySession& session, const QString& accessCodeHash) const;

private:
    QByteArray m_secret;
};

// The cookie that holds a session for a gallery: "pd_g".
inline constexpr std::string_view kSessionCookie = "pd_g";
// How long a session lasts without logging in again.
inline constexpr qint64 kSessionMaxAgeSeconds = 30 * 24 * 3600;

// The values of every pd_g cookie in the request's Cookie headers, in order (a browser may hold
// more than one path's). Views into the request's headers; nothing is decoded.
std::vector<std::string_view> sessionCookieValues(const HttpRequest& request);
// The request's valid session cookie, if any: the first pd_g value that decodes (the caller still
// checks the event is open and SessionCodec::sameCode against the event's access code).
std::optional<GallerySession> gallerySessionOf(const HttpRequest& request, const SessionCodec& codec);

} // namespace pd::host
