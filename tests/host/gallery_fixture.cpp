// Setting up galleries through the studio API and speaking to them like a browser, over raw HTTP.
#include "gallery_fixture.h"

#include "pd/core/content_hash.h"
#include "pd/core/jpeg_encoder.h"

#include <catch2/catch.hpp>

#include <QColor>
#include <QCryptographicHash>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPainter>
#include <QUrl>
#include <QUuid>

namespace pd::test {

RawResponse httpCall(unsigned short port, std::string_view method, std::string_view target, std::string_view headers,
                     std::string_view body) {
    std::string r;
    r.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    r.append(headers);
    if (!body.empty() || method == "POST" || method == "PUT")
        r.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    r.append("\r\n").append(body);
    RawConnection c(port);
    REQUIRE(c.send(r));
    return c.readResponse();
}

QByteArray testJpeg(int width, int height, const QByteArray& key) {
    // The pixels follow the key's SHA-256 (not Qt's per-process qHash seed): the same key gives
    // the same JPEG in every run, and two keys the same pixels only with a 128-bit collision.
    // (A hue out of qHash(...) % 1000 gave two photos the same pixels about once in 350 pairs.)
    const QByteArray d = QCryptographicHash::hash(key, QCryptographicHash::Sha256);
    const int hue = int((quint8(d[0]) | quint8(d[1]) << 8) % 360);
    QImage image(width, height, QImage::Format_RGB888);
    image.fill(QColor::fromHsv(hue, 160, 200));
    QPainter painter(&image);
    painter.fillRect(QRect(width / 4, height / 4, width / 2, height / 2), QColor::fromHsv((hue + 180) % 360, 200, 120));
    // 128 bits of the digest as a 16 x 8 grid of dark cells (at least 8 px each at the sizes the
    // tests use, so they survive the JPEG's quantisation).
    constexpr int kCols = 16, kRows = 8;
    for (int bit = 0; bit < kCols * kRows; ++bit) {
        if (!((quint8(d[2 + bit / 8]) >> (bit % 8)) & 1)) continue;
        const int c = bit % kCols, r = bit / kCols;
        const QPoint topLeft(c * width / kCols, r * height / kRows);
        const QPoint next((c + 1) * width / kCols, (r + 1) * height / kRows);
        painter.fillRect(QRect(topLeft, QSize(next.x() - topLeft.x(), next.y() - topLeft.y())), QColor(20, 20, 20));
    }
    painter.end();
    auto jpeg = pd::encodeJpeg(image, pd::JpegEncodeOptions{});
    REQUIRE(jpeg.ok());
    return jpeg.value();
}

QByteArray testJpeg(int width, int height, int seed) {
    return testJpeg(width, height, "seed:" + QByteArray::number(seed));
}

GalleryHost::GalleryHost(const QStringList& extraArgs) {
    REQUIRE(dir.isValid());
    token = addPhotographer(dir.path(), QStringLiteral("Ann")).toStdString();
    server = std::make_unique<HostServer>(dir.path(), extraArgs);
}

GalleryHost::GalleryHost(const QStringList& storeArgs, std::string photographerToken)
    : token(std::move(photographerToken)) {
    REQUIRE(dir.isValid());
    server = std::make_unique<HostServer>(dir.path(), storeArgs);
}

RawResponse GalleryHost::studio(std::string_view method, std::string_view target, std::string_view body) {
    return roundTrip(port(), method, target, token, body);
}

std::pair<std::string, std::string> GalleryHost::putEvent(const QJsonObject& event, std::string id) {
    if (id.empty()) id = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    const RawResponse r = studio("PUT", "/api/v1/events/" + id, QJsonDocument(event).toJson().toStdString());
    INFO(r.body);
    REQUIRE((r.status == 201 || r.status == 200));
    const std::string slug = r.json().object().value("slug").toString().toStdString();
    REQUIRE(!slug.empty());
    return {id, slug};
}

PublishedPhoto GalleryHost::putPhoto(const std::string& eventId, const std::string& photoId, const QString& category,
                                     int width, int height, int originalWidth, int originalHeight) {
    PublishedPhoto p;
    p.id = photoId;
    const QByteArray key = QByteArray::fromStdString(eventId + "/" + photoId);
    p.proof = testJpeg(width, height, "proof:" + key);
    p.thumb = testJpeg(width / 3, height / 3, "thumb:" + key);
    p.proofSha = pd::sha256Hex(p.proof).toStdString();
    p.thumbSha = pd::sha256Hex(p.thumb).toStdString();
    for (const auto& [sha, bytes] : {std::pair{p.proofSha, p.proof}, std::pair{p.thumbSha, p.thumb}}) {
        const std::string headers = "Authorization: Bearer " + token + "\r\nContent-Type: image/jpeg\r\n";
        const RawResponse r = httpCall(port(), "PUT", "/api/v1/renditions/" + sha, headers, bytes.toStdString());
        INFO(r.body);
        REQUIRE((r.status == 201 || r.status == 200));
    }
    const QJsonObject photo{{"category", category},
                            {"filename", QString::fromStdString("IMG_" + photoId + ".CR3")},
                            {"caption", QStringLiteral("Photo %1").arg(QString::fromStdString(photoId))},
                            {"original_width", originalWidth},
                            {"original_height", originalHeight},
                            {"renditions", QJsonObject{{"proof", QString::fromStdString(p.proofSha)},
                                                       {"thumb", QString::fromStdString(p.thumbSha)}}}};
    const RawResponse r = studio("PUT", "/api/v1/events/" + eventId + "/photos/" + photoId,
                                 QJsonDocument(photo).toJson().toStdString());
    INFO(r.body);
    REQUIRE((r.status == 201 || r.status == 200));
    return p;
}

std::string csrfField(const std::string& html) {
    const std::string marker = "name=\"csrf\" value=\"";
    const std::size_t at = html.find(marker);
    if (at == std::string::npos) return {};
    const std::size_t start = at + marker.size();
    return html.substr(start, html.find('"', start) - start);
}

std::string cookiePair(const std::string& setCookie) {
    return setCookie.substr(0, setCookie.find(';'));
}

std::string formEncode(std::initializer_list<std::pair<std::string, std::string>> fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
        if (!out.empty()) out += '&';
        out += k + "=" + QUrl::toPercentEncoding(QString::fromStdString(v)).toStdString();
    }
    return out;
}

GalleryHost::LoginForm GalleryHost::loginForm(const std::string& slug, std::string_view extraHeaders) {
    LoginForm f;
    f.page = httpCall(port(), "GET", "/g/" + slug, extraHeaders);
    REQUIRE(f.page.status == 200);
    f.csrf = csrfField(f.page.body);
    f.nonceCookie = cookiePair(f.page.header("set-cookie"));
    REQUIRE(!f.csrf.empty());
    REQUIRE(f.nonceCookie.rfind("pd_l=", 0) == 0);
    return f;
}

RawResponse GalleryHost::postLogin(const std::string& slug, const std::string& code, const std::string& email,
                                   std::string_view extraHeaders) {
    const LoginForm f = loginForm(slug, extraHeaders);
    const std::string headers = std::string(extraHeaders) + "Cookie: " + f.nonceCookie +
                                "\r\nContent-Type: application/x-www-form-urlencoded\r\n";
    return httpCall(port(), "POST", "/g/" + slug + "/login", headers,
                    formEncode({{"csrf", f.csrf}, {"code", code}, {"email", email}}));
}

std::string GalleryHost::login(const std::string& slug, const std::string& code, const std::string& email) {
    const RawResponse r = postLogin(slug, code, email);
    INFO(r.body);
    REQUIRE(r.status == 303);
    const std::string cookie = cookiePair(r.header("set-cookie"));
    REQUIRE(cookie.rfind("pd_g=", 0) == 0);
    return cookie;
}

std::string GalleryHost::csrfOf(const std::string& slug, const std::string& cookie) {
    const RawResponse r = httpCall(port(), "GET", "/g/" + slug + "/api/gallery", "Cookie: " + cookie + "\r\n");
    REQUIRE(r.status == 200);
    const std::string csrf = r.json().object().value("csrf").toString().toStdString();
    REQUIRE(!csrf.empty());
    return csrf;
}

QJsonObject weddingEvent(const QString& name) {
    return QJsonObject{
        {"name", name},
        {"date", "2026-06-01"},
        {"categories", QJsonArray{"Ceremony", "Party"}},
        {"price_sheet",
         QJsonObject{{"currency", "EUR"},
                     {"products", QJsonArray{QJsonObject{{"name", "Print"}, {"size", "4x6"}, {"finish", "gloss"}, {"price_cents", 500}},
                                             QJsonObject{{"name", "Print"}, {"size", "5x7"}, {"finish", "matte"}, {"price_cents", 900}},
                                             QJsonObject{{"name", "Download"}, {"size", "digital"}, {"price_cents", 1500}}}}}},
        {"gallery", QJsonObject{{"access_code", "rings2026"}, {"expires", "2099-12-31"}}}};
}

} // namespace pd::test
