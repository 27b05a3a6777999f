// Gallery session cookies and CSRF tokens: HMAC-SHA256 with the site secret, checked in constant time.
#include "pd/host/gallery_session.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>

#include <openssl/crypto.h>

namespace pd::host {

namespace {

constexpr auto kBase64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
// A cookie value longer than this is not one of ours; refuse before hashing anything.
constexpr std::size_t kMaxCookieValue = 4096;
// Clocks of two processes on one database may differ a little; a session "issued" further in
// the future than this is forged or from a broken clock.
constexpr qint64 kClockSkewSeconds = 300;

QByteArray mac(const QByteArray& secret, const QByteArray& message) {
    return QMessageAuthenticationCode::hash(message, secret, QCryptographicHash::Sha256);
}

bool sameBytes(const QByteArray& a, const QByteArray& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.constData(), b.constData(), std::size_t(a.size())) == 0;
}

// Domain separation: a cookie MAC can never be replayed as a CSRF token and the other way round.
QByteArray cookieMessage(const QByteArray& payload) {
    return QByteArrayLiteral("pd_g1.") + payload;
}

QByteArray csrfMessage(const GallerySession& s) {
    return QByteArrayLiteral("csrf1\n") + s.eventId.toUtf8() + '\n' + s.email.toUtf8() + '\n' +
           QByteArray::number(s.issuedAt) + '\n' + s.codeFingerprint.toUtf8();
}

} // namespace

SessionCodec::SessionCodec(QByteArray secret) : m_secret(std::move(secret)) {}

std::string SessionCodec::encode(const GallerySession& session) const {
    QJsonObject o{{"e", session.eventId}, {"m", session.email}, {"t", double(session.issuedAt)}};
    if (!session.codeFingerprint.isEmpty()) o.insert("k", session.codeFingerprint);
    const QByteArray payload = QJsonDocument(o).toJson(QJsonDocument::Compact).toBase64(kBase64Url);
    return (payload + '.' + mac(m_secret, cookieMessage(payload)).toBase64(kBase64Url)).toStdString();
}

std::optional<GallerySession> SessionCodec::decode(std::string_view value, qint64 now, qint64 maxAgeSeconds) const {
    if (value.empty() || value.size() > kMaxCookieValue) return std::nullopt;
    const std::size_t dot = value.find('.');
    if (dot == std::string_view::npos) return std::nullopt;
    const QByteArray payload(value.data(), qsizetype(dot));
    const QByteArray macText(value.data() + dot + 1, qsizetype(value.size() - dot - 1));
    const QByteArray givenMac = QByteArray::fromBase64(macText, kBase64Url);
    // Only the canonical spelling: base64's last character carries padding bits the decoder
    // ignores, so without this an altered cookie could still name the same MAC.
    if (givenMac.toBase64(kBase64Url) != macText) return std::nullopt;
    if (!sameBytes(givenMac, mac(m_secret, cookieMessage(payload)))) return std::nullopt;

    // From here on the bytes are ours: still parse defensively.
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromBase64(payload, kBase64Url));
    if (!doc.isObject()) return std::nullopt;
    const QJsonObject o = doc.object();
    if (!o.value("e").isString() || !o.value("m").isString() || !o.value("t").isDouble()) return std::nullopt;
    // "k" is absent from sessions of galleries without a code (and from older cookies, which
    // then only keep working where there is still no code).
    if (o.contains("k") && !o.value("k").isString()) return std::nullopt;
    GallerySession s{o.value("e").toString(), o.value("m").toString(), qint64(o.value("t").toDouble()),
                     o.value("k").toString()};
    if (s.eventId.isEmpty()) return std::nullopt;
    if (s.issuedAt > now + kClockSkewSeconds || now - s.issuedAt > maxAgeSeconds) return std::nullopt;
    return s;
}

std::string SessionCodec::csrfToken(const GallerySession& session) const {
    return mac(m_secret, csrfMessage(session)).toBase64(kBase64Url).toStdString();
}

bool SessionCodec::checkCsrf(const GallerySession& session, std::string_view token) const {
    if (token.empty() || token.size() > 256) return false;
    const QByteArray expected = mac(m_secret, csrfMessage(session)).toBase64(kBase64Url);
    return sameBytes(QByteArray(token.data(), qsizetype(token.size())), expected);
}

QString SessionCodec::codeFingerprint(const QString& accessCodeHash) const {
    if (accessCodeHash.isEmpty()) return {};
    // 96 bits: enough that no two codes of one event collide by chance.
    return QString::fromLatin1(
        mac(m_secret, QByteArrayLiteral("code1\n") + accessCodeHash.toUtf8()).left(12).toBase64(kBase64Url));
}

bool SessionCodec::sameCode(const GallerySession& session, const QString& accessCodeHash) const {
    const QByteArray expected = codeFingerprint(accessCodeHash).toLatin1();
    return sameBytes(session.codeFingerprint.toLatin1(), expected);
}

std::vector<std::string_view> sessionCookieValues(const HttpRequest& request) {
    const auto isCookie = [](std::string_view name) {
        constexpr std::string_view kCookie = "cookie";
        if (name.size() != kCookie.size()) return false;
        for (std::size_t i = 0; i < name.size(); ++i)
            if ((name[i] >= 'A' && name[i] <= 'Z' ? char(name[i] - 'A' + 'a') : name[i]) != kCookie[i]) return false;
        return true;
    };
    std::vector<std::string_view> values;
    for (const auto& [name, value] : request.headers) {
        if (!isCookie(name)) continue;
        std::string_view rest = value; // "a=b; c=d"
        while (!rest.empty()) {
            const std::size_t end = rest.find(';');
            std::string_view pair = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
            const std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos || pair.substr(0, eq) != kSessionCookie) continue;
            std::string_view v = pair.substr(eq + 1);
            while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
            values.push_back(v);
        }
    }
    return values;
}

std::optional<GallerySession> gallerySessionOf(const HttpRequest& request, const SessionCodec& codec) {
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    for (const std::string_view v : sessionCookieValues(request))
        if (auto s = codec.decode(v, now, kSessionMaxAgeSeconds)) return s;
    return std::nullopt;
}

} // namespace pd::host
