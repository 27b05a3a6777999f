// HTTP-level attacks on the real proofdesk-host beyond floods and huge bodies (those are in
// hostile_input_test.cpp): path traversal, request smuggling, odd methods, a slow body, and
// thousands of mixed hostile requests with the process's memory read before and after.
#include <catch2/catch.hpp>

#include "host_process.h"
#include "raw_http.h"
#include "test_support.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QUuid>

#include <functional>

using namespace pd::test;

namespace {

// One raw request on a fresh connection; the response (status 0: closed without one).
RawResponse rawOnce(unsigned short port, const std::string& bytes) {
    RawConnection c(port);
    (void)c.send(bytes); // the server may refuse and close before reading everything
    return c.readResponse();
}

// VmHWM (peak resident) or VmRSS of the process, in KiB.
qint64 memoryKiB(qint64 pid, const char* field) {
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    const QRegularExpression re(QStringLiteral("%1:\\s+(\\d+) kB").arg(QLatin1String(field)));
    const auto m = re.match(QString::fromLatin1(f.readAll()));
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

std::string chunk(const std::string& data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
}

} // namespace

TEST_CASE("path traversal never reaches a file", "[host][hostile][server]") {
    QTemporaryDir dir;
    HostServer server(dir.path());
    for (const std::string target :
         {"/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/g/..%2f..%2f..%2fetc%2fpasswd",
          "/g/x/img/..%2f..%2f..%2fetc%2fpasswd/thumb", "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
          "/static/..%5c..%5cetc%5cpasswd", "/static/%252e%252e/etc/passwd", "/etc/passwd",
          "/g/wedding/../../etc/passwd", "/api/v1/../../etc/passwd", "/static/%00/etc/passwd",
          "//etc/passwd", "/iiif/3/..%2f..%2fetc%2fpasswd/info.json"}) {
        const RawResponse r = rawOnce(server.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        INFO(target << " -> " << r.status);
        CHECK((r.status == 404 || r.status == 400 || r.status == 401 || r.status == 403));
        CHECK(r.body.find("root:") == std::string::npos);
    }
    CHECK(roundTrip(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("request smuggling framings are refused with 400", "[host][hostile][server]") {
    QTemporaryDir dir;
    HostServer server(dir.path());
    const std::string smuggled = "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n";
    for (const std::string head :
         {"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
          "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n",
          "Content-Length: 4\r\nContent-Length: 4\r\n",
          "Content-Length: 4\r\nContent-Length: 40\r\n",
          "Content-Length: 4, 40\r\n",
          "Transfer-Encoding: gzip, chunked\r\n",
          "Transfer-Encoding: chunked, identity\r\n",
          "Transfer-Encoding: xchunked\r\n",
          "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
          "Content-Length: +4\r\n",
          "Content-Length : 4\r\n",
          "Content-Length:\t4\r\n X-Folded: yes\r\n"}) {
        RawConnection c(server.port());
        (void)c.send("POST /healthz HTTP/1.1\r\nHost: x\r\n" + head + "\r\n0\r\n\r\n" + smuggled);
        const RawResponse r = c.readResponse();
        INFO(head);
        CHECK(r.status == 400);
        // Whatever followed was not taken as a second request.
        CHECK(c.readResponse(3000).status == 0);
    }
    CHECK(roundTrip(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("unknown and malformed methods get 405 or 400", "[host][hostile][server]") {
    QTemporaryDir dir;
    HostServer server(dir.path());
    for (const std::string line : {"FOO /healthz", "TRACE /healthz", "DELETE /healthz", "PATCH /healthz",
                                   "CONNECT 127.0.0.1:22", "G@T /healthz", "GET\t/healthz", " GET /healthz",
                                   "get /healthz", "GET /healthz extra"}) {
        const RawResponse r = rawOnce(server.port(), line + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        INFO(line << " -> " << r.status);
        CHECK((r.status == 405 || r.status == 400 || r.status == 404));
        CHECK(r.status != 200);
    }
    CHECK(rawOnce(server.port(), "FOO /healthz HTTP/1.1\r\nHost: x\r\n\r\n").status == 405);
}

TEST_CASE("a body sent one byte a second is cut off while others are served", "[host][hostile][server]") {
    QTemporaryDir dir;
    const std::string token = addPhotographer(dir.path(), QStringLiteral("Ann")).toStdString();
    HostServer server(dir.path(), {QStringLiteral("--request-timeout"), QStringLiteral("2s")});
    const std::string body = R"({"name": "slow body, never finished"})";
    RawConnection slow(server.port());
    REQUIRE(slow.send("PUT /api/v1/events/" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString() +
                      " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                      "\r\n\r\n"));
    std::size_t sent = 0;
    bool closed = false, othersServed = true;
    while (sent < body.size() && !closed) {
        if (!slow.send(body.substr(sent, 1))) break;
        ++sent;
        othersServed = othersServed && roundTrip(server.port(), "GET", "/api/v1/me", token).status == 200;
        closed = slow.waitClosed(1000);
    }
    INFO("sent " << sent << " of " << body.size() << " body bytes");
    CHECK(closed);
    CHECK(sent < body.size());
    CHECK(othersServed);
}

TEST_CASE("two thousand mixed hostile requests leave memory bounded and the server serving",
          "[host][hostile][server]") {
    QTemporaryDir dir;
    const std::string token = addPhotographer(dir.path(), QStringLiteral("Ann")).toStdString();
    HostServer server(dir.path(), {QStringLiteral("--request-timeout"), QStringLiteral("5s")});
    REQUIRE(roundTrip(server.port(), "GET", "/api/v1/me", token).status == 200);
    const qint64 rssBefore = memoryKiB(server.pid(), "VmRSS");
    const qint64 peakBefore = memoryKiB(server.pid(), "VmHWM");
    REQUIRE(rssBefore > 0);

    const std::string event = "/api/v1/events/" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    std::string manyHeaders = "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 2000; ++i) manyHeaders += "X-H" + std::to_string(i) + ": v\r\n";
    const std::vector<std::pair<std::string, std::function<RawResponse()>>> attacks = {
        {"header flood", [&] { return rawOnce(server.port(), manyHeaders + "\r\n"); }},
        {"huge header", [&] {
             return rawOnce(server.port(), "GET / HTTP/1.1\r\nX: " + std::string(20000, 'x') + "\r\n\r\n");
         }},
        {"huge length", [&] {
             return rawOnce(server.port(), "PUT " + event + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                               token + "\r\nContent-Length: 999999999999\r\n\r\n" +
                                               std::string(32768, '{'));
         }},
        {"chunked over the limit", [&] {
             std::string r = "PUT " + event + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                             "\r\nTransfer-Encoding: chunked\r\n\r\n";
             for (int i = 0; i < 6; ++i) r += chunk(std::string(65536, ' '));
             return rawOnce(server.port(), r);
         }},
        {"traversal", [&] { return rawOnce(server.port(), "GET /static/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\n\r\n"); }},
        {"smuggling", [&] {
             return rawOnce(server.port(),
                            "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
         }},
        {"garbage", [&] { return rawOnce(server.port(), std::string("\x01\x02\xff\xfe GET / HTTP/1.1\r\n\r\n", 22)); }},
        {"broken JSON", [&] { return roundTrip(server.port(), "PUT", event, token, "{\"name\": [1, 2"); }},
        {"bad token", [&] { return roundTrip(server.port(), "GET", "/api/v1/me", "' OR 1=1 --"); }},
    };
    int answered = 0;
    for (int i = 0; i < 2000; ++i) {
        const auto& [name, attack] = attacks[std::size_t(i) % attacks.size()];
        const RawResponse r = attack();
        INFO(name << " (round " << i << ") -> " << r.status);
        REQUIRE(r.status >= 400);
        REQUIRE(r.status < 500);
        ++answered;
    }
    CHECK(answered == 2000);
    CHECK(roundTrip(server.port(), "GET", "/api/v1/me", token).status == 200);
    const qint64 rssAfter = memoryKiB(server.pid(), "VmRSS");
    const qint64 peakAfter = memoryKiB(server.pid(), "VmHWM");
    INFO("VmRSS " << rssBefore << " -> " << rssAfter << " KiB, VmHWM " << peakBefore << " -> " << peakAfter << " KiB");
    if (pd::test::kAddressSanitizer) {
        WARN("memory bounds not checked under AddressSanitizer");
    } else {
        CHECK(rssAfter < rssBefore + 64 * 1024);
        CHECK(peakAfter < peakBefore + 64 * 1024);
    }
}
