// The customer gallery against a real proofdesk-host: access codes and their throttling, session
// cookies, one gallery never reaching another, closed galleries, CSRF, orders priced by the
// host, images with ETags, security headers and escaping.
#include <catch2/catch.hpp>

#include "gallery_fixture.h"

#include "pd/host/gallery_session.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

using namespace pd::test;

namespace {

constexpr const char* kCsp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                             "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

void requireSecurityHeaders(const RawResponse& r) {
    INFO("status " << r.status << ": " << r.body.substr(0, 200));
    CHECK(r.header("content-security-policy") == kCsp);
    CHECK(r.header("x-content-type-options") == "nosniff");
    CHECK(r.header("referrer-policy") == "same-origin");
    CHECK(r.header("x-frame-options") == "DENY");
    CHECK(r.header("permissions-policy") == "camera=(), microphone=(), geolocation=()");
}

std::string cookieHeader(const std::string& cookie) {
    return "Cookie: " + cookie + "\r\n";
}

RawResponse postJson(GalleryHost& host, const std::string& target, const std::string& cookie, const std::string& csrf,
                     const std::string& body) {
    std::string headers = cookieHeader(cookie) + "Content-Type: application/json\r\n";
    if (!csrf.empty()) headers += "X-CSRF-Token: " + csrf + "\r\n";
    return httpCall(host.port(), "POST", target, headers, body);
}

struct Wedding {
    GalleryHost host;
    std::string id, slug;
    std::vector<PublishedPhoto> photos;
    explicit Wedding(const QStringList& serveArgs = {}) : host(serveArgs) {
        std::tie(id, slug) = host.putEvent(weddingEvent());
        photos.push_back(host.putPhoto(id, "1001", QStringLiteral("Ceremony")));
        photos.push_back(host.putPhoto(id, "1002", QStringLiteral("Party"), 400, 600, 2000, 3000));
    }
};

std::string orderJson(const std::string& photoId, int product, double quantity, const QJsonObject& crop,
                      const QJsonObject& extraItemFields = {}) {
    QJsonObject item{{"photo_id", QString::fromStdString(photoId)}, {"product_id", product}, {"quantity", quantity}, {"crop", crop}};
    for (auto it = extraItemFields.begin(); it != extraItemFields.end(); ++it) item.insert(it.key(), it.value());
    const QJsonObject order{{"customer", QJsonObject{{"name", "Ann Smith"}, {"email", "Ann@Example.com"}, {"phone", "+44 20 7946 0958"}}},
                            {"delivery", "pickup"},
                            {"items", QJsonArray{item}}};
    return QJsonDocument(order).toJson().toStdString();
}

// The centred 4x6 crop of a 600x400 proof is the whole photo; of a 400x600 one, too. A 5x7 of
// 600x400 keeps 560/600 of the width.
const QJsonObject kFull{{"x", 0}, {"y", 0}, {"w", 1}, {"h", 1}};

} // namespace

TEST_CASE("a gallery asks for its code: a wrong one is 401, the right one a 303 with a signed HttpOnly cookie",
          "[host][gallery]") {
    Wedding w;
    const auto form = w.host.loginForm(w.slug);
    CHECK(form.page.header("content-type") == "text/html; charset=utf-8");
    CHECK_THAT(form.page.body, Catch::Contains("<form id=\"login\" method=\"post\" action=\"/g/" + w.slug + "/login\">"));
    CHECK_THAT(form.page.body, Catch::Contains("id=\"code\" name=\"code\""));
    CHECK_THAT(form.page.body, Catch::Contains("id=\"email\" name=\"email\" type=\"email\""));
    CHECK_THAT(form.page.header("set-cookie"), Catch::Contains("HttpOnly") && Catch::Contains("Path=/g/" + w.slug));

    const RawResponse wrong = w.host.postLogin(w.slug, "rings2025", "ann@example.com");
    CHECK(wrong.status == 401);
    CHECK_THAT(wrong.body, Catch::Contains("<p class=\"error\" role=\"alert\">That code doesn&#39;t open this gallery.</p>"));
    CHECK_THAT(wrong.body, Catch::Contains("<form id=\"login\""));
    CHECK(wrong.header("set-cookie").rfind("pd_g=", 0) == std::string::npos);

    const RawResponse right = w.host.postLogin(w.slug, "rings2026", "Ann@Example.com");
    REQUIRE(right.status == 303);
    CHECK(right.header("location") == "/g/" + w.slug);
    const std::string setCookie = right.header("set-cookie");
    CHECK(setCookie.rfind("pd_g=", 0) == 0);
    CHECK_THAT(setCookie, Catch::Contains("; Path=/;") && Catch::Contains("HttpOnly") && Catch::Contains("SameSite=Lax") &&
                              Catch::Contains("Max-Age="));
    CHECK_THAT(setCookie, !Catch::Contains("Secure")); // plain HTTP here

    const std::string cookie = cookiePair(setCookie);
    const RawResponse page = httpCall(w.host.port(), "GET", "/g/" + w.slug, cookieHeader(cookie));
    REQUIRE(page.status == 200);
    CHECK_THAT(page.body, Catch::Contains("<h1>Smith wedding</h1>"));
    CHECK_THAT(page.body, Catch::Contains("<main id=\"grid\""));
    CHECK_THAT(page.body, Catch::Contains("data-category=\"Ceremony\""));
    CHECK_THAT(page.body, Catch::Contains("id=\"cart-button\""));
    CHECK_THAT(page.body, Catch::Contains("<script type=\"module\" src=\"/static/gallery.js\"></script>"));
    CHECK_THAT(page.body, !Catch::Contains("style=")); // nothing the CSP would block

    const QJsonObject json = httpCall(w.host.port(), "GET", "/g/" + w.slug + "/api/gallery", cookieHeader(cookie)).json().object();
    CHECK(json.value("email").toString() == "ann@example.com");
    CHECK(json.value("event").toObject().value("products").toArray().size() == 3);
    CHECK(json.value("event").toObject().value("products").toArray()[1].toObject().value("aspect").toDouble() == Approx(1.4));
    const QJsonArray photos = json.value("photos").toArray();
    REQUIRE(photos.size() == 2);
    CHECK(photos[0].toObject().value("width").toInt() == 600);
    CHECK(photos[0].toObject().value("original_width").toInt() == 6000);
    CHECK(photos[1].toObject().value("category").toString() == "Party");

    // The login form without its nonce cookie, or with a made-up token: 403, nothing counted.
    const auto f = w.host.loginForm(w.slug);
    const std::string body = formEncode({{"csrf", f.csrf}, {"code", "rings2026"}, {"email", "ann@example.com"}});
    CHECK(httpCall(w.host.port(), "POST", "/g/" + w.slug + "/login", "Content-Type: application/x-www-form-urlencoded\r\n", body).status == 403);
    const std::string forged = formEncode({{"csrf", "AAAA"}, {"code", "rings2026"}, {"email", "ann@example.com"}});
    CHECK(httpCall(w.host.port(), "POST", "/g/" + w.slug + "/login", cookieHeader(f.nonceCookie), forged).status == 403);
    // No e-mail: the customer is asked for it.
    CHECK(w.host.postLogin(w.slug, "rings2026", "").status == 422);
}

TEST_CASE("guessing access codes is throttled per client and gallery, and logged without the code", "[host][gallery]") {
    Wedding w({QStringLiteral("--trusted-proxy"), QStringLiteral("127.0.0.1/32")});
    const auto [otherId, otherSlug] = w.host.putEvent(weddingEvent(QStringLiteral("Jones party")));
    const std::string mallory = "X-Forwarded-For: 203.0.113.7\r\n";
    const std::string alice = "X-Forwarded-For: 198.51.100.20\r\n";

    for (int i = 1; i <= 5; ++i) {
        const RawResponse r = w.host.postLogin(w.slug, "guess" + std::to_string(i) + "xyzzy", "m@example.com", mallory);
        INFO("attempt " << i);
        CHECK(r.status == 401);
    }
    // Locked out now: even the right code waits.
    const RawResponse locked = w.host.postLogin(w.slug, "rings2026", "m@example.com", mallory);
    CHECK(locked.status == 429);
    const int retry = std::atoi(locked.header("retry-after").c_str());
    CHECK(retry >= 1);
    CHECK(retry <= 2);
    CHECK_THAT(locked.body, Catch::Contains("Too many wrong codes"));
    requireSecurityHeaders(locked);

    // Another client, and the same client at another gallery, are not affected.
    const RawResponse viaTls = w.host.postLogin(w.slug, "rings2026", "alice@example.com", alice + "X-Forwarded-Proto: https\r\n");
    CHECK(viaTls.status == 303);
    CHECK_THAT(viaTls.header("set-cookie"), Catch::EndsWith("; Secure")); // the proxy spoke TLS to the browser
    CHECK(w.host.postLogin(otherSlug, "wrong", "m@example.com", mallory).status == 401);
    CHECK(w.host.postLogin(otherSlug, "rings2026", "m@example.com", mallory).status == 303);

    // After the lockout, one more wrong code locks for longer (the delay doubles).
    QThread::msleep(2200);
    CHECK(w.host.postLogin(w.slug, "guess6xyzzy", "m@example.com", mallory).status == 401);
    const RawResponse longer = w.host.postLogin(w.slug, "rings2026", "m@example.com", mallory);
    CHECK(longer.status == 429);
    CHECK(std::atoi(longer.header("retry-after").c_str()) > 2);

    const std::string log = w.host.server->errorOutput().toStdString();
    CHECK_THAT(log, Catch::Contains("203.0.113.7") && Catch::Contains(w.slug) && Catch::Contains("5 failures"));
    CHECK_THAT(log, !Catch::Contains("guess1xyzzy") && !Catch::Contains("rings2026"));
}

TEST_CASE("a forged or altered session cookie is refused", "[host][gallery]") {
    Wedding w;
    const std::string cookie = w.host.login(w.slug, "rings2026");
    const std::string api = "/g/" + w.slug + "/api/gallery";
    REQUIRE(httpCall(w.host.port(), "GET", api, cookieHeader(cookie)).status == 200);

    std::string flipped = cookie;
    flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
    CHECK(httpCall(w.host.port(), "GET", api, cookieHeader(flipped)).status == 401);

    // A session for this event, for a longer life or another e-mail, signed with another key.
    pd::host::SessionCodec other(QByteArray(32, 'k'));
    const pd::host::GallerySession forged{QString::fromStdString(w.id), QStringLiteral("eve@example.com"),
                                          QDateTime::currentSecsSinceEpoch(), QString()};
    const std::string forgedCookie = "pd_g=" + other.encode(forged);
    CHECK(httpCall(w.host.port(), "GET", api, cookieHeader(forgedCookie)).status == 401);
    // Our payload with the MAC of another cookie.
    const std::string real = cookie.substr(5);
    const std::string mixed = "pd_g=" + other.encode(forged).substr(0, other.encode(forged).find('.')) + real.substr(real.find('.'));
    CHECK(httpCall(w.host.port(), "GET", api, cookieHeader(mixed)).status == 401);
    CHECK(httpCall(w.host.port(), "GET", "/g/" + w.slug + "/img/1001/thumb", cookieHeader(forgedCookie)).status == 401);
    // The page falls back to the access-code form.
    CHECK_THAT(httpCall(w.host.port(), "GET", "/g/" + w.slug, cookieHeader(forgedCookie)).body, Catch::Contains("<form id=\"login\""));
    CHECK(httpCall(w.host.port(), "GET", api).status == 401);
}

TEST_CASE("one gallery's session never reaches another gallery's photos or JSON", "[host][gallery]") {
    Wedding a;
    const auto [bId, bSlug] = a.host.putEvent(weddingEvent(QStringLiteral("Jones party")));
    a.host.putPhoto(bId, "2001");
    const std::string cookieA = a.host.login(a.slug, "rings2026");
    const std::string cookieB = a.host.login(bSlug, "rings2026");
    const unsigned short port = a.host.port();

    CHECK(httpCall(port, "GET", "/g/" + bSlug + "/img/2001/thumb", cookieHeader(cookieB)).status == 200);
    CHECK(httpCall(port, "GET", "/g/" + bSlug + "/api/gallery", cookieHeader(cookieA)).status == 401);
    CHECK(httpCall(port, "GET", "/g/" + bSlug + "/img/2001/thumb", cookieHeader(cookieA)).status == 401);
    CHECK(httpCall(port, "GET", "/g/" + bSlug + "/img/2001/proof", cookieHeader(cookieA)).status == 401);
    // B's photo through A's own gallery: not there.
    CHECK(httpCall(port, "GET", "/g/" + a.slug + "/img/2001/thumb", cookieHeader(cookieA)).status == 404);
    CHECK(httpCall(port, "GET", "/g/" + a.slug + "/img/2001/proof", cookieHeader(cookieA)).status == 404);
    CHECK(httpCall(port, "GET", "/g/" + a.slug + "/img/1001/zoom", cookieHeader(cookieA)).status == 404);
    CHECK(httpCall(port, "GET", "/g/" + a.slug + "/img/..%2F..%2Fetc%2Fpasswd/thumb", cookieHeader(cookieA)).status == 404);
    const std::string csrfA = a.host.csrfOf(a.slug, cookieA);
    CHECK(postJson(a.host, "/g/" + a.slug + "/api/favourites", cookieA, csrfA, R"({"photo_id":"2001","favourite":true})").status == 404);
    CHECK(postJson(a.host, "/g/" + bSlug + "/api/favourites", cookieA, csrfA, R"({"photo_id":"2001","favourite":true})").status == 401);
    CHECK(postJson(a.host, "/g/" + a.slug + "/api/orders", cookieA, csrfA, orderJson("2001", 0, 1, kFull)).status == 422);
    // A's page for B's cookie is the access-code form.
    CHECK_THAT(httpCall(port, "GET", "/g/" + a.slug, cookieHeader(cookieB)).body, Catch::Contains("<form id=\"login\""));
    // Unknown galleries look the same whoever asks.
    const RawResponse unknown = httpCall(port, "GET", "/g/no-such-gallery", cookieHeader(cookieA));
    CHECK(unknown.status == 404);
    CHECK_THAT(unknown.body, Catch::Contains("Gallery not found"));
}

TEST_CASE("an expired gallery is closed, images and JSON included", "[host][gallery]") {
    Wedding w;
    const std::string cookie = w.host.login(w.slug, "rings2026");
    const std::string csrf = w.host.csrfOf(w.slug, cookie);
    QJsonObject closed = weddingEvent();
    closed["gallery"] = QJsonObject{{"expires", "2020-03-01"}};
    w.host.putEvent(closed, w.id);

    const RawResponse page = httpCall(w.host.port(), "GET", "/g/" + w.slug, cookieHeader(cookie));
    CHECK(page.status == 410);
    CHECK_THAT(page.body, Catch::Contains("This gallery closed on 1 March 2020."));
    requireSecurityHeaders(page);
    CHECK(httpCall(w.host.port(), "GET", "/g/" + w.slug + "/api/gallery", cookieHeader(cookie)).status == 410);
    CHECK(httpCall(w.host.port(), "GET", "/g/" + w.slug + "/img/1001/thumb", cookieHeader(cookie)).status == 410);
    CHECK(httpCall(w.host.port(), "GET", "/g/" + w.slug + "/img/1001/proof", cookieHeader(cookie)).status == 410);
    CHECK(postJson(w.host, "/g/" + w.slug + "/api/orders", cookie, csrf, orderJson("1001", 0, 1, kFull)).status == 410);
    const RawResponse login = httpCall(w.host.port(), "POST", "/g/" + w.slug + "/login", {}, "code=rings2026");
    CHECK(login.status == 410);
    CHECK(login.header("set-cookie").empty());
}

TEST_CASE("posts without the session's CSRF token are refused", "[host][gallery]") {
    Wedding w;
    const std::string cookie = w.host.login(w.slug, "rings2026");
    const std::string other = w.host.login(w.slug, "rings2026", "bob@example.com");
    const std::string csrf = w.host.csrfOf(w.slug, cookie);
    const std::string otherCsrf = w.host.csrfOf(w.slug, other);
    const std::string fav = "/g/" + w.slug + "/api/favourites";
    const std::string body = R"({"photo_id":"1001","favourite":true})";

    CHECK(postJson(w.host, fav, cookie, "", body).status == 403);
    CHECK(postJson(w.host, fav, cookie, csrf + "x", body).status == 403);
    CHECK(postJson(w.host, fav, cookie, otherCsrf, body).status == 403);
    CHECK(postJson(w.host, "/g/" + w.slug + "/api/orders", cookie, "", orderJson("1001", 0, 1, kFull)).status == 403);
    const RawResponse ok = postJson(w.host, fav, cookie, csrf, body);
    REQUIRE(ok.status == 200);
    CHECK(ok.json().object().value("favourites").toArray() == QJsonArray{"1001"});
    // Favourites are per e-mail: Bob has none; the studio sees Ann's.
    CHECK(w.host.csrfOf(w.slug, other) == otherCsrf);
    CHECK(httpCall(w.host.port(), "GET", "/g/" + w.slug + "/api/gallery", cookieHeader(other)).json().object().value("favourites").toArray().isEmpty());
    const RawResponse studio = w.host.studio("GET", "/api/v1/events/" + w.id + "/favourites");
    CHECK_THAT(studio.body, Catch::Contains("ann@example.com") && Catch::Contains("1001"));

    // Logout is a form post with the token too.
    const std::string logout = "/g/" + w.slug + "/logout";
    const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n" + cookieHeader(cookie);
    CHECK(httpCall(w.host.port(), "POST", logout, form, "csrf=nope").status == 403);
    const RawResponse out = httpCall(w.host.port(), "POST", logout, form, formEncode({{"csrf", csrf}}));
    CHECK(out.status == 303);
    CHECK_THAT(out.header("set-cookie"), Catch::StartsWith("pd_g=;") && Catch::Contains("Max-Age=0"));
}

TEST_CASE("order prices come from the price sheet whatever the client sends", "[host][gallery]") {
    Wedding w;
    const std::string cookie = w.host.login(w.slug, "rings2026");
    const std::string csrf = w.host.csrfOf(w.slug, cookie);
    // 5x7 (product 1, 900 cents) of the 600x400 proof: 560x400 kept, nudged to the left edge.
    const QJsonObject nudged{{"x", 0}, {"y", 0}, {"w", 560.0 / 600}, {"h", 1}};
    const QJsonObject cheat{{"price_cents", 1}, {"unit_cents", 1}, {"total_cents", 1}};
    const RawResponse r = postJson(w.host, "/g/" + w.slug + "/api/orders", cookie, csrf, orderJson("1001", 1, 2, nudged, cheat));
    INFO(r.body);
    REQUIRE(r.status == 201);
    const QJsonObject placed = r.json().object();
    CHECK(placed.value("total_cents").toInteger() == 1800);
    CHECK(placed.value("currency").toString() == "EUR");
    const std::string orderId = placed.value("id").toString().toStdString();
    CHECK(placed.value("url").toString().toStdString() == "/g/" + w.slug + "/orders/" + orderId);

    // The studio sees the sheet's prices and the crop as sent.
    const RawResponse feed = w.host.studio("GET", "/api/v1/orders/" + orderId);
    REQUIRE(feed.status == 200);
    const QJsonObject stored = feed.json().object();
    CHECK(stored.value("total_cents").toInteger() == 1800);
    CHECK(stored.value("customer").toObject().value("email").toString() == "ann@example.com");
    const QJsonObject item = stored.value("items").toArray()[0].toObject();
    CHECK(item.value("unit_cents").toInteger() == 900);
    CHECK(item.value("quantity").toInt() == 2);
    CHECK(item.value("size").toString() == "5x7");
    CHECK(item.value("crop").toObject().value("x").toDouble() == 0);
    CHECK(item.value("crop").toObject().value("w").toDouble() == Approx(560.0 / 600));

    // The confirmation page.
    const RawResponse page = httpCall(w.host.port(), "GET", placed.value("url").toString().toStdString(), cookieHeader(cookie));
    REQUIRE(page.status == 200);
    CHECK_THAT(page.body, Catch::Contains("<h1>Thank you</h1>") && Catch::Contains("<dd id=\"order-status\">Placed</dd>"));
    CHECK_THAT(page.body, Catch::Contains(orderId) && Catch::Contains("€18.00") && Catch::Contains("5x7 Print matte"));
    requireSecurityHeaders(page);
    // Status changes show; another gallery's session cannot see it.
    REQUIRE(w.host.studio("PUT", "/api/v1/orders/" + orderId + "/status", R"({"status":"sent_to_lab"})").status == 200);
    const RawResponse later = httpCall(w.host.port(), "GET", "/g/" + w.slug + "/orders/" + orderId, cookieHeader(cookie));
    CHECK_THAT(later.body, Catch::Contains("<dd id=\"order-status\">Sent to the lab</dd>") && !Catch::Contains("Thank you"));
    const auto [bId, bSlug] = w.host.putEvent(weddingEvent(QStringLiteral("Jones party")));
    const std::string cookieB = w.host.login(bSlug, "rings2026");
    CHECK(httpCall(w.host.port(), "GET", "/g/" + bSlug + "/orders/" + orderId, cookieHeader(cookieB)).status == 404);
    CHECK(httpCall(w.host.port(), "GET", "/g/" + w.slug + "/orders/" + orderId, cookieHeader(cookieB)).status == 401);
}

TEST_CASE("invalid orders are refused with 422 and a reason", "[host][gallery]") {
    Wedding w;
    const std::string cookie = w.host.login(w.slug, "rings2026");
    const std::string csrf = w.host.csrfOf(w.slug, cookie);
    const std::string target = "/g/" + w.slug + "/api/orders";
    const auto refused = [&](const std::string& body, const std::string& reason) {
        const RawResponse r = postJson(w.host, target, cookie, csrf, body);
        INFO(body << " -> " << r.body);
        CHECK(r.status == 422);
        CHECK_THAT(r.errorMessage(), Catch::Contains(reason, Catch::CaseSensitive::No));
    };
    refused(orderJson("1001", 7, 1, kFull), "does not sell");
    refused(orderJson("1001", -1, 1, kFull), "does not sell");
    refused(orderJson("1001", 0, 0, kFull), "quantity");
    refused(orderJson("1001", 0, 100, kFull), "quantity");
    refused(orderJson("1001", 0, 1.5, kFull), "quantity");
    refused(orderJson("1001", 0, 1, QJsonObject{{"x", -0.1}, {"y", 0}, {"w", 1}, {"h", 1}}), "inside the photo");
    refused(orderJson("1001", 0, 1, QJsonObject{{"x", 0.5}, {"y", 0}, {"w", 0.6}, {"h", 1}}), "inside the photo");
    refused(orderJson("1001", 1, 1, kFull), "shape of a 5x7");
    refused(orderJson("no-such-photo", 0, 1, kFull), "not a photo of this gallery");

    QJsonObject o = QJsonDocument::fromJson(QByteArray::fromStdString(orderJson("1001", 0, 1, kFull))).object();
    const auto with = [&](const char* key, const QJsonValue& v) {
        QJsonObject copy = o;
        copy[key] = v;
        return QJsonDocument(copy).toJson().toStdString();
    };
    refused(with("delivery", "ship"), "does not ship");
    refused(with("delivery", "drone"), "pickup or shipping");
    refused(with("items", QJsonArray{}), "empty");
    refused(with("customer", QJsonObject{{"email", "a@example.com"}, {"phone", "0123 456"}}), "name");
    refused(with("customer", QJsonObject{{"name", "Ann"}, {"email", "not-an-address"}, {"phone", "0123 456"}}), "e-mail");
    refused(with("customer", QJsonObject{{"name", "Ann"}, {"email", "a@example.com"}}), "phone");
    refused("[1,2,3]", "not a JSON object");
    CHECK(postJson(w.host, target, cookie, csrf, "{broken").status == 422);
    // A whole, valid one still goes through.
    CHECK(postJson(w.host, target, cookie, csrf, orderJson("1002", 0, 3, kFull)).status == 201);
}

TEST_CASE("gallery images come from the database with an ETag, immutable caching and 304s", "[host][gallery]") {
    Wedding w;
    const std::string cookie = w.host.login(w.slug, "rings2026");
    const QJsonArray photos = httpCall(w.host.port(), "GET", "/g/" + w.slug + "/api/gallery", cookieHeader(cookie))
                                  .json().object().value("photos").toArray();
    const std::string thumbUrl = photos[0].toObject().value("thumb").toString().toStdString();
    CHECK_THAT(thumbUrl, Catch::StartsWith("/g/" + w.slug + "/img/1001/thumb"));

    for (const auto& [url, bytes, sha] :
         {std::tuple{thumbUrl, w.photos[0].thumb, w.photos[0].thumbSha},
          std::tuple{photos[0].toObject().value("proof").toString().toStdString(), w.photos[0].proof, w.photos[0].proofSha}}) {
        const RawResponse r = httpCall(w.host.port(), "GET", url, cookieHeader(cookie));
        REQUIRE(r.status == 200);
        CHECK(r.header("content-type") == "image/jpeg");
        CHECK(r.body == bytes.toStdString());
        CHECK(r.header("etag") == "\"" + sha + "\"");
        CHECK(r.header("cache-control") == "private, max-age=31536000, immutable");
        requireSecurityHeaders(r);
        const RawResponse again = httpCall(w.host.port(), "GET", url, cookieHeader(cookie) + "If-None-Match: \"" + sha + "\"\r\n");
        CHECK(again.status == 304);
        CHECK(again.body.empty());
        CHECK(again.header("etag") == "\"" + sha + "\"");
        CHECK(httpCall(w.host.port(), "GET", url, cookieHeader(cookie) + "If-None-Match: \"0000\"\r\n").status == 200);
        CHECK(httpCall(w.host.port(), "GET", url).status == 401);
    }
}

TEST_CASE("every gallery response carries the CSP and the security headers", "[host][gallery]") {
    Wedding w;
    const std::string cookie = w.host.login(w.slug, "rings2026");
    const unsigned short port = w.host.port();
    const std::string c = cookieHeader(cookie);
    requireSecurityHeaders(httpCall(port, "GET", "/g/" + w.slug));
    requireSecurityHeaders(httpCall(port, "GET", "/g/" + w.slug, c));
    requireSecurityHeaders(w.host.postLogin(w.slug, "nope", "a@example.com"));
    requireSecurityHeaders(httpCall(port, "GET", "/g/" + w.slug + "/api/gallery", c));
    requireSecurityHeaders(httpCall(port, "GET", "/g/" + w.slug + "/api/gallery"));
    requireSecurityHeaders(httpCall(port, "GET", "/g/no-such-gallery"));
    requireSecurityHeaders(httpCall(port, "GET", "/g/%3Cscript%3E"));
    requireSecurityHeaders(httpCall(port, "DELETE", "/g/" + w.slug, c));
    requireSecurityHeaders(httpCall(port, "GET", "/g/" + w.slug + "/nothing-here", c));
    requireSecurityHeaders(httpCall(port, "POST", "/g/" + w.slug + "/api/favourites", c, "{}"));

    // The assets: embedded, revalidated by ETag.
    const RawResponse css = httpCall(port, "GET", "/static/gallery.css");
    REQUIRE(css.status == 200);
    CHECK(css.header("content-type") == "text/css; charset=utf-8");
    CHECK_THAT(css.body, Catch::Contains(".tile"));
    CHECK(css.header("cache-control") == "no-cache");
    requireSecurityHeaders(css);
    CHECK(httpCall(port, "GET", "/static/gallery.css", "If-None-Match: " + css.header("etag") + "\r\n").status == 304);
    for (const char* js : {"/static/gallery.js", "/static/viewer.js", "/static/cart.js", "/static/crop.js", "/static/api.js"}) {
        const RawResponse r = httpCall(port, "GET", js);
        INFO(js);
        CHECK(r.status == 200);
        CHECK(r.header("content-type") == "text/javascript; charset=utf-8");
        CHECK(!r.header("etag").empty());
    }
    CHECK(httpCall(port, "GET", "/static/nope.js").status == 404);
    CHECK(httpCall(port, "GET", "/static/../host.sqlite").status != 200);
    CHECK(httpCall(port, "GET", "/static/%2e%2e/host.sqlite").status == 404);
}

TEST_CASE("HTML in an event's texts is escaped on every page", "[host][gallery]") {
    GalleryHost host;
    QJsonObject event = weddingEvent(QStringLiteral("<script>alert(1)</script>"));
    event["categories"] = QJsonArray{"\"><img src=x onerror=alert(2)>", "Tom & Jerry's"};
    event["price_sheet"] = QJsonObject{{"currency", "EUR"},
                                       {"products", QJsonArray{QJsonObject{{"name", "<b>Print</b>"}, {"size", "4x6"}, {"price_cents", 500}}}}};
    const auto [id, slug] = host.putEvent(event);
    const RawResponse login = host.loginForm(slug).page;
    CHECK_THAT(login.body, Catch::Contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"));
    CHECK_THAT(login.body, Catch::Contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    CHECK_THAT(login.body, !Catch::Contains("<script>alert"));

    const std::string cookie = host.login(slug, "rings2026");
    const RawResponse page = httpCall(host.port(), "GET", "/g/" + slug, cookieHeader(cookie));
    REQUIRE(page.status == 200);
    CHECK_THAT(page.body, !Catch::Contains("<script>alert") && !Catch::Contains("<img src=x") && !Catch::Contains("<b>Print"));
    CHECK_THAT(page.body, Catch::Contains("data-category=\"&quot;&gt;&lt;img src=x onerror=alert(2)&gt;\""));
    CHECK_THAT(page.body, Catch::Contains("Tom &amp; Jerry&#39;s"));
    CHECK_THAT(page.body, Catch::Contains("&lt;b&gt;Print&lt;/b&gt;"));
    // The e-mail the customer typed comes back escaped too.
    const RawResponse wrong = host.postLogin(slug, "nope", "\"><script>x</script>@example.com");
    CHECK_THAT(wrong.body, !Catch::Contains("<script>x"));
}
