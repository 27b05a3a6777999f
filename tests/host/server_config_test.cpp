// proofdesk-host serve's configuration and what every response and log line carries: flags and
// PROOFDESK_HOST_* variables (a flag wins), `serve --help`, the client behind trusted proxies
// (and only them), security headers, and an access log without share tokens or login queries.
#include <catch2/catch.hpp>

#include "host_process.h"
#include "raw_http.h"

#include "pd/host/access_log.h"
#include "pd/host/trusted_proxies.h"

#include <QTemporaryDir>
#include <QThread>

using namespace pd::test;
using pd::host::AccessLog;
using pd::host::TrustedProxies;

namespace {

// Sets an environment variable for the processes started in one scope.
struct ScopedEnv {
    ScopedEnv(const char* name, const QByteArray& value) : m_name(name) { qputenv(name, value); }
    ~ScopedEnv() { qunsetenv(m_name); }
    const char* m_name;
};

// The access log line of a request is written once its response is: poll for it (a hang guard).
bool logEventuallyHas(const HostServer& server, const QString& text) {
    for (int waited = 0; waited < 15000; waited += 20) {
        if (server.accessLog().contains(text)) return true;
        QThread::msleep(20);
    }
    return false;
}

RawResponse getWith(unsigned short port, const std::string& target, const std::string& headers) {
    RawConnection c(port);
    REQUIRE(c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers + "\r\n"));
    return c.readResponse();
}

} // namespace

TEST_CASE("trusted proxies: the right-most untrusted X-Forwarded-For hop is the client", "[host][server][proxy]") {
    auto parsed = TrustedProxies::parse({"10.0.0.0/8", "192.168.1.7", "2001:db8::/32"});
    REQUIRE(parsed.ok());
    const TrustedProxies& t = parsed.value();
    CHECK(t.contains("10.1.2.3"));
    CHECK(t.contains("::ffff:10.1.2.3")); // a dual-stack listener's view of an IPv4 peer
    CHECK(t.contains("192.168.1.7"));
    CHECK_FALSE(t.contains("192.168.1.8"));
    CHECK(t.contains("2001:db8::1"));
    CHECK_FALSE(t.contains("2001:db9::1"));
    CHECK_FALSE(t.contains("not an address"));

    // From a trusted peer: skip our own proxies from the right, stop at the first other address.
    auto id = t.resolve("10.0.0.2", false, "198.51.100.1, 203.0.113.9, 10.0.0.5", "https");
    CHECK(id.ip == "203.0.113.9"); // 198.51.100.1 is whatever the client claimed: not believed
    CHECK(id.secure);
    CHECK(t.resolve("10.0.0.2", false, "203.0.113.9", "http").secure == false);
    CHECK(t.resolve("10.0.0.2", false, "203.0.113.9", "http, https").secure); // the nearest proxy's word
    CHECK(t.resolve("10.0.0.2", false, "[2001:db9::7]:443", "").ip == "2001:db9::7");
    CHECK(t.resolve("10.0.0.2", false, "203.0.113.9:5555", "").ip == "203.0.113.9");
    CHECK(t.resolve("10.0.0.2", false, "10.0.0.9, 10.0.0.8", "").ip == "10.0.0.9"); // all ours: the farthest
    CHECK(t.resolve("10.0.0.2", false, "garbage, 10.0.0.8", "").ip == "10.0.0.8");
    CHECK(t.resolve("10.0.0.2", false, "", "").ip == "10.0.0.2");
    // From anyone else the headers mean nothing.
    id = t.resolve("198.51.100.4", false, "203.0.113.9", "https");
    CHECK(id.ip == "198.51.100.4");
    CHECK_FALSE(id.secure);
    CHECK(t.resolve("198.51.100.4", true, "", "").secure); // our own TLS
    CHECK(TrustedProxies().resolve("::ffff:127.0.0.1", false, "1.2.3.4", "https").ip == "127.0.0.1");

    for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "example.com", "::1/129", ""})
        CHECK_FALSE(TrustedProxies::parse({bad}).ok());
}

TEST_CASE("X-Forwarded-For and -Proto count only from a configured trusted proxy", "[host][server][proxy]") {
    const std::string forwarded = "X-Forwarded-For: 198.51.100.1, 203.0.113.9\r\nX-Forwarded-Proto: https\r\n";
    SECTION("not configured: ignored") {
        QTemporaryDir dir;
        HostServer server(dir.path());
        const RawResponse r = getWith(server.port(), "/healthz", forwarded);
        CHECK(r.status == 200);
        CHECK(r.header("strict-transport-security").empty());
        CHECK(r.header("x-content-type-options") == "nosniff");
        CHECK(logEventuallyHas(server, QStringLiteral("\"GET /healthz\" 200")));
        CHECK_FALSE(server.accessLog().contains(QStringLiteral("203.0.113.9")));
    }
    SECTION("configured, but the peer is not in it: ignored") {
        QTemporaryDir dir;
        HostServer server(dir.path(), {QStringLiteral("--trusted-proxy"), QStringLiteral("10.0.0.0/8")});
        const RawResponse r = getWith(server.port(), "/healthz", forwarded);
        CHECK(r.header("strict-transport-security").empty());
        CHECK(logEventuallyHas(server, QStringLiteral("\"GET /healthz\" 200")));
        CHECK_FALSE(server.accessLog().contains(QStringLiteral("203.0.113.9")));
    }
    SECTION("the peer is trusted (flag, repeated): the client and https are believed") {
        QTemporaryDir dir;
        HostServer server(dir.path(), {QStringLiteral("--trusted-proxy"), QStringLiteral("10.0.0.0/8"),
                                       QStringLiteral("--trusted-proxy"), QStringLiteral("127.0.0.1/32")});
        const RawResponse r = getWith(server.port(), "/healthz", forwarded);
        CHECK(r.header("strict-transport-security") == "max-age=31536000");
        CHECK(logEventuallyHas(server, QStringLiteral(" 203.0.113.9 via 127.0.0.1:")));
        CHECK_FALSE(server.accessLog().contains(QStringLiteral("198.51.100.1")));
        // Without the headers the proxy itself is the client, over plain HTTP.
        CHECK(getWith(server.port(), "/healthz", "").header("strict-transport-security").empty());
    }
    SECTION("the peer is trusted through PROOFDESK_HOST_TRUSTED_PROXIES") {
        ScopedEnv env("PROOFDESK_HOST_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.0/8");
        QTemporaryDir dir;
        HostServer server(dir.path());
        CHECK(getWith(server.port(), "/healthz", forwarded).header("strict-transport-security") ==
              "max-age=31536000");
        CHECK(logEventuallyHas(server, QStringLiteral(" 203.0.113.9 via 127.0.0.1:")));
    }
}

TEST_CASE("serve options come from PROOFDESK_HOST_ variables and a flag wins", "[host][server][config]") {
    QTemporaryDir dir;
    {
        // The variable alone applies: a 2 KiB header limit makes a 4 KiB header a 431.
        ScopedEnv limit("PROOFDESK_HOST_MAX_HEADER_BYTES", "2048");
        // ... and the flag HostServer passes (--listen 127.0.0.1:0) beats this unusable one.
        ScopedEnv listen("PROOFDESK_HOST_LISTEN", "192.0.2.1:1");
        HostServer server(dir.path());
        CHECK(getWith(server.port(), "/healthz", "X-Big: " + std::string(4096, 'a') + "\r\n").status == 431);
        HostServer flagged(dir.path(), {QStringLiteral("--max-header-bytes"), QStringLiteral("65536")});
        CHECK(getWith(flagged.port(), "/healthz", "X-Big: " + std::string(4096, 'a') + "\r\n").status == 200);
    }
    { // a bad value in a variable is named like a bad flag
        ScopedEnv bad("PROOFDESK_HOST_THREADS", "lots");
        const auto r = runHost({QStringLiteral("serve"), QStringLiteral("--data"), dir.path()});
        CHECK(r.exitCode == 2);
        CHECK(QString::fromUtf8(r.err).contains(QStringLiteral("--threads")));
    }
    { // the public URL is checked
        const auto r = runHost({QStringLiteral("serve"), QStringLiteral("--data"), dir.path(),
                                QStringLiteral("--public-url"), QStringLiteral("photos.example.com")});
        CHECK(r.exitCode == 2);
        CHECK(QString::fromUtf8(r.err).contains(QStringLiteral("--public-url")));
    }
    { // so is a trusted proxy
        const auto r = runHost({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                QStringLiteral("--data"), dir.path(), QStringLiteral("--trusted-proxy"),
                                QStringLiteral("10.0.0.0/40")});
        CHECK(r.exitCode == 1);
        CHECK(QString::fromUtf8(r.err).contains(QStringLiteral("10.0.0.0/40")));
    }
}

TEST_CASE("serve --help lists every option with its environment variable", "[host][server][config]") {
    const auto r = runHost({QStringLiteral("serve"), QStringLiteral("--help")});
    CHECK(r.exitCode == 0);
    const QString help = QString::fromUtf8(r.out);
    for (const char* flag :
         {"listen", "data", "db", "public-url", "threads", "max-connections", "max-header-bytes", "max-json-bytes",
          "request-timeout", "idle-timeout", "shutdown-timeout", "access-log", "trusted-proxy", "tls-cert", "tls-key"})
        CHECK(help.contains(QStringLiteral("--%1 ").arg(QLatin1String(flag))));
    for (const char* env : {"PROOFDESK_HOST_LISTEN", "PROOFDESK_HOST_DATA", "PROOFDESK_HOST_DB",
                            "PROOFDESK_HOST_PUBLIC_URL", "PROOFDESK_HOST_THREADS", "PROOFDESK_HOST_MAX_CONNECTIONS",
                            "PROOFDESK_HOST_TRUSTED_PROXIES", "PROOFDESK_HOST_TLS_CERT", "PROOFDESK_HOST_TLS_KEY"})
        CHECK(help.contains(QLatin1String(env)));
}

TEST_CASE("the access log never holds share tokens or a gallery login's query string", "[host][server][log]") {
    CHECK(AccessLog::loggedTarget("GET", "/s/Zq3tok/iiif/3/p1/full/max/0/default.jpg") ==
          "/s/<redacted>/iiif/3/p1/full/max/0/default.jpg");
    CHECK(AccessLog::loggedTarget("GET", "/s/Zq3tok") == "/s/<redacted>");
    CHECK(AccessLog::loggedTarget("GET", "/s/Zq3tok?x=1") == "/s/<redacted>?x=1");
    CHECK(AccessLog::loggedTarget("POST", "/g/wedding/login?code=1234") == "/g/wedding/login");
    CHECK(AccessLog::loggedTarget("GET", "/g/wedding?view=grid") == "/g/wedding?view=grid");
    CHECK(AccessLog::loggedTarget("GET", "/api/v1/me") == "/api/v1/me");

    QTemporaryDir dir;
    HostServer server(dir.path());
    const std::string token = "ShareTokenThatMustNotBeLogged42";
    roundTrip(server.port(), "GET", "/s/" + token + "/iiif/3/p1/info.json");
    roundTrip(server.port(), "GET", "/s/" + token + "/");
    {
        RawConnection c(server.port());
        REQUIRE(c.send("POST /g/wedding/login?code=SecretCode991 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                       "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\n\r\n"));
        CHECK(c.readResponse().status != 0);
    }
    CHECK(logEventuallyHas(server, QStringLiteral("\"GET /s/<redacted>/iiif/3/p1/info.json\"")));
    CHECK(logEventuallyHas(server, QStringLiteral("\"GET /s/<redacted>/\"")));
    CHECK(logEventuallyHas(server, QStringLiteral("\"POST /g/wedding/login\"")));
    const QString log = server.accessLog();
    INFO(log.toStdString());
    CHECK(log.contains(QStringLiteral("\"GET /s/<redacted>/iiif/3/p1/info.json\"")));
    CHECK(log.contains(QStringLiteral("\"POST /g/wedding/login\"")));
    CHECK_FALSE(log.contains(QString::fromStdString(token)));
    CHECK_FALSE(log.contains(QStringLiteral("SecretCode991")));
}
