// The security review's gallery and studio findings against a real proofdesk-host: access-code
// guessing from many addresses, sessions that outlived a changed access code, order pages shown
// to other customers, and the studio's order long polls.
#include <catch2/catch.hpp>

#include "gallery_fixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>
#include <vector>

using namespace pd::test;

namespace {

struct Gallery {
    GalleryHost host;
    std::string id, slug;
    PublishedPhoto photo;
    explicit Gallery(const QStringList& serveArgs = {}) : host(serveArgs) {
        std::tie(id, slug) = host.putEvent(weddingEvent());
        photo = host.putPhoto(id, "1001", QStringLiteral("Ceremony"));
    }
    RawResponse get(const std::string& target, const std::string& cookie) {
        return httpCall(host.port(), "GET", target, "Cookie: " + cookie + "\r\n");
    }
    // Checks out one 4x6 of photo 1001 for pickup under `email`, with the session's CSRF token
    // (or the one given).
    RawResponse order(const std::string& cookie, const std::string& email, std::string csrf = {}) {
        if (csrf.empty()) csrf = host.csrfOf(slug, cookie);
        const QJsonObject body{
            {"customer", QJsonObject{{"name", "Ann Smith"}, {"email", QString::fromStdString(email)}, {"phone", "+44 20 7946 0958"}}},
            {"delivery", "pickup"},
            {"items", QJsonArray{QJsonObject{{"photo_id", "1001"},
                                             {"product_id", 0},
                                             {"quantity", 1},
                                             {"crop", QJsonObject{{"x", 0}, {"y", 0}, {"w", 1}, {"h", 1}}}}}}};
        return httpCall(host.port(), "POST", "/g/" + slug + "/api/orders",
                        "Cookie: " + cookie + "\r\nContent-Type: application/json\r\nX-CSRF-Token: " + csrf + "\r\n",
                        QJsonDocument(body).toJson().toStdString());
    }
};

std::string from(const std::string& address) {
    return "X-Forwarded-For: " + address + "\r\n";
}

} // namespace

TEST_CASE("access-code guesses are counted per IPv6 /64 and per gallery across all clients",
          "[host][gallery][security]") {
    Gallery g({QStringLiteral("--trusted-proxy"), QStringLiteral("127.0.0.1/32")});

    // One subscriber rotating through the addresses of its /64 is one client.
    for (int i = 1; i <= 5; ++i) {
        INFO("attempt " << i);
        CHECK(g.host.postLogin(g.slug, "guess" + std::to_string(i), "m@example.com", from("2001:db8:1:2::" + std::to_string(i)))
                  .status == 401);
    }
    const RawResponse rotated = g.host.postLogin(g.slug, "rings2026", "m@example.com", from("2001:db8:1:2:ffff::99"));
    CHECK(rotated.status == 429);
    CHECK(std::atoi(rotated.header("retry-after").c_str()) >= 1);
    // Another /64 is another client.
    CHECK(g.host.postLogin(g.slug, "rings2026", "n@example.com", from("2001:db8:1:3::1")).status == 303);
    // An IPv4 client seen as an IPv4-mapped IPv6 address is the same client.
    for (int i = 1; i <= 5; ++i)
        CHECK(g.host.postLogin(g.slug, "wrong" + std::to_string(i), "o@example.com", from("::ffff:192.0.2.9")).status == 401);
    CHECK(g.host.postLogin(g.slug, "rings2026", "o@example.com", from("192.0.2.9")).status == 429);

    // Many addresses, each with a guess or two: past 50 failures in all, every client waits.
    for (int i = 0; i < 40; ++i) {
        INFO("address " << i);
        CHECK(g.host.postLogin(g.slug, "spray" + std::to_string(i), "b@example.com", from("198.51.100." + std::to_string(i)))
                  .status == 401);
    }
    const RawResponse everyone = g.host.postLogin(g.slug, "rings2026", "p@example.com", from("203.0.113.200"));
    CHECK(everyone.status == 429);
    CHECK(std::atoi(everyone.header("retry-after").c_str()) >= 1);
    CHECK_THAT(everyone.body, Catch::Contains("Too many wrong codes"));
    // Other galleries are not affected.
    const auto [otherId, otherSlug] = g.host.putEvent(weddingEvent(QStringLiteral("Jones party")));
    CHECK(g.host.postLogin(otherSlug, "rings2026", "p@example.com", from("203.0.113.200")).status == 303);
    const std::string log = g.host.server->errorOutput().toStdString();
    CHECK_THAT(log, Catch::Contains("from all clients") && Catch::Contains(g.slug));
    CHECK_THAT(log, Catch::Contains("2001:db8:1:2::/64"));
}

TEST_CASE("changing the access code ends every session opened with the old one", "[host][gallery][security]") {
    Gallery g;
    const std::string cookie = g.host.login(g.slug, "rings2026");
    const std::string json = "/g/" + g.slug + "/api/gallery";
    REQUIRE(g.get(json, cookie).status == 200);
    const QString thumb = g.get(json, cookie).json().object().value("photos").toArray().at(0).toObject().value("thumb").toString();
    REQUIRE(!thumb.isEmpty());
    const RawResponse image = g.get(thumb.toStdString(), cookie);
    REQUIRE(image.status == 200);
    REQUIRE(g.get(thumb.toStdString(), cookie).body == g.photo.thumb.toStdString()); // and again, from any cache
    const std::string csrf = g.host.csrfOf(g.slug, cookie);

    QJsonObject changed = weddingEvent();
    changed.insert("gallery", QJsonObject{{"access_code", "vows2026"}, {"expires", "2099-12-31"}});
    REQUIRE(g.host.studio("PUT", "/api/v1/events/" + g.id, QJsonDocument(changed).toJson().toStdString()).status == 200);

    CHECK(g.get(json, cookie).status == 401);
    const RawResponse after = g.get(thumb.toStdString(), cookie);
    CHECK(after.status == 401);
    CHECK(after.body != g.photo.thumb.toStdString());
    const RawResponse page = g.get("/g/" + g.slug + "/", cookie);
    CHECK(page.body.find("form id=\"login\"") != std::string::npos);
    CHECK(g.order(cookie, "ann@example.com", csrf).status == 401);
    // The old code opens nothing; the new one opens the gallery again.
    CHECK(g.host.postLogin(g.slug, "rings2026", "ann@example.com").status == 401);
    const std::string fresh = g.host.login(g.slug, "vows2026");
    CHECK(g.get(json, fresh).status == 200);
    CHECK(g.get(thumb.toStdString(), fresh).status == 200);

    // Republishing without a code change keeps sessions.
    QJsonObject same = weddingEvent();
    same.insert("gallery", QJsonObject{{"expires", "2099-12-31"}});
    REQUIRE(g.host.studio("PUT", "/api/v1/events/" + g.id, QJsonDocument(same).toJson().toStdString()).status == 200);
    CHECK(g.get(json, fresh).status == 200);
}

TEST_CASE("an order page is shown only to the customer who placed it", "[host][gallery][security]") {
    Gallery g;
    const std::string ann = g.host.login(g.slug, "rings2026", "ann@example.com");
    const RawResponse placed = g.order(ann, "Ann@Example.com");
    REQUIRE(placed.status == 201);
    const std::string url = placed.json().object().value("url").toString().toStdString();
    const RawResponse own = g.get(url, ann);
    CHECK(own.status == 200);
    CHECK(own.body.find("ann@example.com") != std::string::npos);

    // Another customer of the same gallery, with the same code: nothing of Ann's order.
    const std::string bob = g.host.login(g.slug, "rings2026", "bob@example.com");
    const RawResponse foreign = g.get(url, bob);
    CHECK(foreign.status == 404);
    CHECK(foreign.body.find("ann@example.com") == std::string::npos);
    CHECK(foreign.body.find("Ann Smith") == std::string::npos);
    // And an order under another address than the session's is refused at checkout, with why.
    const RawResponse other = g.order(bob, "ann@example.com");
    CHECK(other.status == 422);
    CHECK_THAT(other.errorMessage(), Catch::Contains("bob@example.com"));
}

TEST_CASE("a photographer's order long polls are capped and woken by a gallery checkout", "[host][api][orders][security]") {
    Gallery g;
    const std::string cookie = g.host.login(g.slug, "rings2026");
    // Ten long polls at once: eight wait, the two beyond the cap get the current (empty) feed.
    std::vector<std::unique_ptr<RawConnection>> polls;
    for (int i = 0; i < 10; ++i) {
        polls.push_back(std::make_unique<RawConnection>(g.host.port()));
        REQUIRE(polls.back()->send(httpRequest("GET", "/api/v1/orders/feed?wait=60", g.host.token)));
    }
    std::vector<bool> answered(polls.size(), false);
    int early = 0;
    for (int round = 0; round < 80 && early < 2; ++round)
        for (size_t i = 0; i < polls.size(); ++i) {
            if (answered[i]) continue;
            const RawResponse r = polls[i]->readResponse(25); // nothing yet: still waiting
            if (r.status == 0) continue;
            answered[i] = true;
            ++early;
            CHECK(r.status == 200);
            CHECK(r.json().object().value("orders").toArray().isEmpty());
        }
    REQUIRE(early == 2);

    // A checkout through this host wakes every waiting poll with the order.
    const RawResponse placed = g.order(cookie, "ann@example.com");
    REQUIRE(placed.status == 201);
    const QString orderId = placed.json().object().value("id").toString();
    int woken = 0;
    for (size_t i = 0; i < polls.size(); ++i) {
        if (answered[i]) continue;
        const RawResponse r = polls[i]->readResponse(30000);
        INFO("poll " << i << ": " << r.status << " " << r.body);
        REQUIRE(r.status == 200);
        const QJsonArray orders = r.json().object().value("orders").toArray();
        REQUIRE(orders.size() == 1);
        CHECK(orders.at(0).toObject().value("id").toString() == orderId);
        ++woken;
    }
    CHECK(woken == 8);
    // The places are given back: a new long poll waits (and is answered at once with the order).
    const RawResponse next = roundTrip(g.host.port(), "GET", "/api/v1/orders/feed?wait=60", g.host.token);
    CHECK(next.json().object().value("orders").toArray().size() == 1);
}
