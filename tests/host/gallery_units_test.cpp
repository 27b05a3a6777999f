// The gallery's pure parts: the access throttle's policy on a fake clock, session cookies and
// CSRF tokens, crops and order checks, HTML escaping.
#include <catch2/catch.hpp>

#include "pd/host/access_throttle.h"
#include "pd/host/gallery_order.h"
#include "pd/host/gallery_pages.h"
#include "pd/host/gallery_session.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace pd::host;
using namespace std::chrono_literals;

TEST_CASE("the access throttle locks a client out of one gallery with doubling delays", "[gallery][unit]") {
    auto now = std::chrono::steady_clock::time_point{} + 1000h;
    AccessThrottle t(ThrottlePolicy{}, [&] { return now; });
    const QString ip = QStringLiteral("203.0.113.7"), g = QStringLiteral("smith");
    for (int i = 1; i <= 4; ++i) {
        CHECK(t.retryAfter(ip, g) == 0s);
        CHECK(t.recordFailure(ip, g) == i);
    }
    CHECK(t.retryAfter(ip, g) == 0s);
    t.recordFailure(ip, g); // the fifth
    CHECK(t.retryAfter(ip, g) == 2s);
    CHECK(t.retryAfter(QStringLiteral("198.51.100.1"), g) == 0s);
    CHECK(t.retryAfter(ip, QStringLiteral("jones")) == 0s);
    now += 1500ms;
    CHECK(t.retryAfter(ip, g) == 1s); // rounded up, never 0 while locked
    now += 600ms;
    CHECK(t.retryAfter(ip, g) == 0s);
    std::vector<std::chrono::seconds> delays;
    for (int i = 0; i < 12; ++i) {
        t.recordFailure(ip, g);
        delays.push_back(t.retryAfter(ip, g));
        now += delays.back();
    }
    CHECK(delays[0] == 4s);
    CHECK(delays[1] == 8s);
    CHECK(delays[2] == 16s);
    CHECK(delays.back() == 15min); // the ceiling
    // A success forgets; so does a quiet window.
    t.recordSuccess(ip, g);
    CHECK(t.recordFailure(ip, g) == 1);
    now += 16min;
    CHECK(t.recordFailure(ip, g) == 1);
}

TEST_CASE("the access throttle stays bounded under a flood of clients", "[gallery][unit]") {
    auto now = std::chrono::steady_clock::time_point{} + 1000h;
    ThrottlePolicy policy;
    policy.maxKeys = 1000;
    AccessThrottle t(policy, [&] { return now; });
    for (int i = 0; i < 10000; ++i) {
        t.recordFailure(QStringLiteral("10.0.%1.%2").arg(i / 256).arg(i % 256), QStringLiteral("g"));
        now += 1ms;
    }
    // The newest keys are still counted.
    CHECK(t.recordFailure(QStringLiteral("10.0.39.15"), QStringLiteral("g")) == 2);
}

TEST_CASE("session cookies and CSRF tokens only verify with their own key and contents", "[gallery][unit]") {
    const SessionCodec codec(QByteArray(32, 's'));
    const GallerySession s{QStringLiteral("ev-1"), QStringLiteral("ann@example.com"), 1'700'000'000, QString()};
    const std::string value = codec.encode(s);
    CHECK(value.find_first_of(";, \"\\") == std::string::npos);
    const auto back = codec.decode(value, s.issuedAt + 10, kSessionMaxAgeSeconds);
    REQUIRE(back);
    CHECK(back->eventId == s.eventId);
    CHECK(back->email == s.email);
    CHECK(back->issuedAt == s.issuedAt);
    CHECK_FALSE(codec.decode(value, s.issuedAt + kSessionMaxAgeSeconds + 1, kSessionMaxAgeSeconds));

    // The MAC's last base64 character carries two padding bits the decoder ignores: a spelling
    // that differs only there names the same bytes but is not the cookie we issued.
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string padded = value;
    padded.back() = kAlphabet[kAlphabet.find(padded.back()) | 1];
    REQUIRE(padded != value);
    CHECK_FALSE(codec.decode(padded, s.issuedAt + 10, kSessionMaxAgeSeconds));
    CHECK_FALSE(codec.decode(value, s.issuedAt - 3600, kSessionMaxAgeSeconds)); // from the future
    CHECK_FALSE(SessionCodec(QByteArray(32, 't')).decode(value, s.issuedAt, kSessionMaxAgeSeconds));
    for (std::size_t i = 0; i < value.size(); i += 7) {
        std::string bad = value;
        bad[i] = bad[i] == 'x' ? 'y' : 'x';
        CHECK_FALSE(codec.decode(bad, s.issuedAt, kSessionMaxAgeSeconds));
    }
    CHECK_FALSE(codec.decode("", s.issuedAt, kSessionMaxAgeSeconds));
    CHECK_FALSE(codec.decode(std::string(10000, 'a') + ".b", s.issuedAt, kSessionMaxAgeSeconds));

    const std::string csrf = codec.csrfToken(s);
    CHECK(codec.checkCsrf(s, csrf));
    CHECK_FALSE(codec.checkCsrf(s, ""));
    CHECK_FALSE(codec.checkCsrf(s, csrf.substr(1)));
    GallerySession other = s;
    other.email = QStringLiteral("bob@example.com");
    CHECK_FALSE(codec.checkCsrf(other, csrf));
    // A cookie's MAC is never a CSRF token.
    CHECK_FALSE(codec.checkCsrf(s, value.substr(value.find('.') + 1)));

    HttpRequest request;
    // gallerySessionOf uses the real clock: a fresh session.
    const GallerySession fresh{QStringLiteral("ev-2"), QString(), QDateTime::currentSecsSinceEpoch(), QString()};
    request.headers = {{"Cookie", "theme=dark; pd_g=garbage; pd_g=" + codec.encode(fresh) + "; x=y"}};
    const auto found = gallerySessionOf(request, codec);
    REQUIRE(found);
    CHECK(found->eventId == QStringLiteral("ev-2"));
}

TEST_CASE("a centred crop keeps the largest area of the print's shape", "[gallery][unit]") {
    const CropRect landscape = centredCrop(1.4, 600, 400); // 5x7 of a 3:2 photo
    CHECK(landscape.w == Approx(560.0 / 600));
    CHECK(landscape.h == 1);
    CHECK(landscape.x == Approx(20.0 / 600));
    const CropRect portrait = centredCrop(1.4, 400, 600);
    CHECK(portrait.w == Approx(1));
    CHECK(portrait.h == Approx(560.0 / 600));
    CHECK(centredCrop(1.5, 600, 400) == CropRect{0, 0, 1, 1});
    CHECK(centredCrop(0, 600, 400) == CropRect{0, 0, 1, 1});
}

TEST_CASE("an order is priced from the sheet and its crops must fit their prints", "[gallery][unit]") {
    HostEvent event;
    event.id = QStringLiteral("ev");
    event.priceSheet.currency = QStringLiteral("GBP");
    event.priceSheet.products = {{QStringLiteral("Print"), QStringLiteral("4x6"), QStringLiteral("gloss"), 450},
                                 {QStringLiteral("Print"), QStringLiteral("5x7"), QString(), 800}};
    HostPhoto photo;
    photo.id = QStringLiteral("p1");
    photo.proofWidth = 600;
    photo.proofHeight = 400;
    pd::DeliveryOptions delivery;
    delivery.shipping = true;
    delivery.shippingCents = 395;
    const auto order = [&](const QJsonArray& items, const QString& how = QStringLiteral("ship")) {
        const QJsonObject o{{"customer", QJsonObject{{"name", "Ann"}, {"email", " ANN@example.COM "}, {"phone", "(020) 7946-0958"}}},
                            {"delivery", how},
                            {"address", "1 High St\nTown"},
                            {"items", items}};
        return buildGalleryOrder(QJsonDocument(o).toJson(), event, delivery, {photo});
    };
    const QJsonObject centred57{{"x", 20.0 / 600}, {"y", 0}, {"w", 560.0 / 600}, {"h", 1}};
    auto ok = order(QJsonArray{QJsonObject{{"photo_id", "p1"}, {"product_id", 1}, {"quantity", 2}, {"crop", centred57}, {"price_cents", 1}},
                               QJsonObject{{"photo_id", "p1"}, {"product_id", 0}, {"quantity", 1}}});
    REQUIRE(ok.ok());
    CHECK(ok->email == QStringLiteral("ann@example.com"));
    CHECK(ok->currency == QStringLiteral("GBP"));
    CHECK(ok->totalCents == 2 * 800 + 450 + 395);
    CHECK(ok->items[0].unitCents == 800);
    CHECK(ok->items[1].crop == CropRect{0, 0, 1, 1}); // no crop sent: centred
    CHECK(ok->address == QStringLiteral("1 High St\nTown"));

    // Within 1% of the print's aspect passes; beyond it does not.
    const QJsonObject near{{"x", 0}, {"y", 0}, {"w", 0.94}, {"h", 1}};   // 1.41
    const QJsonObject far{{"x", 0}, {"y", 0}, {"w", 0.9}, {"h", 1}};     // 1.35
    CHECK(order(QJsonArray{QJsonObject{{"photo_id", "p1"}, {"product_id", 1}, {"quantity", 1}, {"crop", near}}}).ok());
    CHECK_FALSE(order(QJsonArray{QJsonObject{{"photo_id", "p1"}, {"product_id", 1}, {"quantity", 1}, {"crop", far}}}).ok());
    const QJsonObject nan{{"x", "0"}, {"y", 0}, {"w", 1}, {"h", 1}};
    CHECK_FALSE(order(QJsonArray{QJsonObject{{"photo_id", "p1"}, {"product_id", 0}, {"quantity", 1}, {"crop", nan}}}).ok());
    CHECK_FALSE(order(QJsonArray{QJsonObject{{"photo_id", "p1"}, {"product_id", "0"}, {"quantity", 1}}}).ok());
    CHECK_FALSE(order(QJsonArray{QJsonObject{{"photo_id", 1}, {"product_id", 0}, {"quantity", 1}}}).ok());
    QJsonArray many;
    for (int i = 0; i <= kMaxOrderItems; ++i) many.append(QJsonObject{{"photo_id", "p1"}, {"product_id", 0}, {"quantity", 1}});
    CHECK_FALSE(order(many).ok());
    delivery.studioPickup = false;
    CHECK_FALSE(order(QJsonArray{QJsonObject{{"photo_id", "p1"}, {"product_id", 0}, {"quantity", 1}}}, QStringLiteral("pickup")).ok());
}

TEST_CASE("e-mail addresses are normalised or refused", "[gallery][unit]") {
    CHECK(normalisedEmail(QStringLiteral("  Ann.Smith@Example.COM ")) == QStringLiteral("ann.smith@example.com"));
    CHECK(normalisedEmail(QStringLiteral("ann@localhost")).isEmpty());
    CHECK(normalisedEmail(QStringLiteral("ann smith@example.com")).isEmpty());
    CHECK(normalisedEmail(QStringLiteral("a@b@example.com")).isEmpty());
    CHECK(normalisedEmail(QStringLiteral("a@example.com\n")).size() == 13);
    CHECK(normalisedEmail(QString(300, QLatin1Char('a')) + QStringLiteral("@example.com")).isEmpty());
}

TEST_CASE("HTML escaping covers text and both kinds of attribute quotes", "[gallery][unit]") {
    CHECK(htmlEscape(QStringLiteral("<a href=\"x\" title='y'>&</a>")) ==
          QStringLiteral("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;"));
    CHECK(displayMoney(1250, QStringLiteral("EUR")) == QStringLiteral("€12.50"));
    CHECK(displayMoney(5, QStringLiteral("CHF")) == QStringLiteral("CHF 0.05"));
    CHECK(displayDate(QStringLiteral("2026-06-01")) == QStringLiteral("1 June 2026"));
    CHECK(orderStatusWords(QStringLiteral("sent_to_lab")) == QStringLiteral("Sent to the lab"));
}
