// Clients that try to make proofdesk-host spend memory, time or connections: header floods,
// huge and endless bodies, slow and silent clients, too many connections; and SIGTERM while a
// request is in flight. Timeouts are set short by flags; waits are hang guards, never measured.
#include <catch2/catch.hpp>

#include "host_process.h"
#include "raw_http.h"

#include "test_support.h"

#include "pd/core/jpeg_encoder.h"
#include "pd/host/sqlite_host_store.h"

#include <QImage>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <thread>

using namespace pd::test;

namespace {

std::string newEventPath() {
    return "/api/v1/events/" + QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

// "PUT path" with the token and a Content-Length header of `length`, none of the body.
std::string putHead(const std::string& path, const std::string& token, std::uint64_t length,
                    std::string_view extra = {}) {
    return "PUT " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(length) + "\r\n" +
           std::string(extra) + "\r\n";
}

std::string chunk(const std::string& data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
}

template <typename Pred> bool eventually(Pred pred, int timeoutMs = 10000) {
    for (int waited = 0; waited < timeoutMs; waited += 20) {
        if (pred()) return true;
        QThread::msleep(20);
    }
    return pred();
}

} // namespace

TEST_CASE("header floods, huge and endless bodies are refused and memory stays bounded", "[host][hostile]") {
    // One server takes every attack in turn, then must still serve with its memory bounded.
    QTemporaryDir dir;
    const std::string token = addPhotographer(dir.path(), QStringLiteral("Ann")).toStdString();
    HostServer server(dir.path(), {QStringLiteral("--request-timeout"), QStringLiteral("5s")});
    REQUIRE(roundTrip(server.port(), "GET", "/api/v1/me", token).status == 200);
    const qint64 rssBefore = server.residentKiB();
    REQUIRE(rssBefore > 0);

    { // thousands of headers, over 16 KiB: 431
        std::string flood = "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 5000; ++i) flood += "X-Flood-" + std::to_string(i) + ": aaaaaaaaaa\r\n";
        RawConnection c(server.port());
        (void)c.send(flood + "\r\n"); // the server may stop reading once it has refused
        const RawResponse r = c.readResponse();
        CHECK(r.status == 431);
        CHECK(c.waitClosed(15000));
    }
    { // one header line longer than the limit: 431
        RawConnection c(server.port());
        (void)c.send("GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(40000, 'a') + "\r\n\r\n");
        CHECK(c.readResponse().status == 431);
    }
    for (int round = 0; round < 10; ++round) { // Content-Length of 1 GB: 413 before the body is sent
        RawConnection c(server.port());
        REQUIRE(c.send(putHead(newEventPath(), token, 1000000000ULL) + std::string(65536, '{')));
        const RawResponse r = c.readResponse();
        CHECK(r.status == 413);
        CHECK_THAT(r.errorMessage(), Catch::Contains("262144"));
        CHECK(r.header("connection") == "close");
    }
    { // the JSON limit is exact: one byte over is 413, the limit itself is read and parsed
        CHECK(roundTrip(server.port(), "PUT", newEventPath(), token, std::string(262145, ' ')).status == 413);
        const RawResponse atLimit = roundTrip(server.port(), "PUT", newEventPath(), token, std::string(262144, ' '));
        CHECK(atLimit.status == 400);
        CHECK_THAT(atLimit.errorMessage(), Catch::Contains("JSON"));
    }
    for (int round = 0; round < 5; ++round) { // a chunked body over the limit: 413 while it streams
        RawConnection c(server.port());
        REQUIRE(c.send("PUT " + newEventPath() + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                       "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        const std::string piece(64 * 1024, ' ');
        bool refusedEarly = false;
        for (int i = 0; i < 64 && !refusedEarly; ++i) refusedEarly = !c.send(chunk(piece)); // 4 MiB offered
        CHECK(c.readResponse().status == 413);
    }
    { // a chunked body within the limit is accepted
        RawConnection c(server.port());
        const std::string path = newEventPath();
        REQUIRE(c.send("PUT " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                       "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
                       chunk(R"({"name": )") + chunk(R"("Chunked"})") + "0\r\n\r\n"));
        CHECK(c.readResponse().status == 201);
    }
    { // Expect: 100-continue gets the go-ahead within the limit and a 413 without it beyond
        RawConnection c(server.port());
        const std::string body = R"({"name": "Expected"})";
        REQUIRE(c.send(putHead(newEventPath(), token, body.size(), "Expect: 100-continue\r\n")));
        CHECK(c.readResponse().status == 100);
        REQUIRE(c.send(body));
        CHECK(c.readResponse().status == 201);
        RawConnection big(server.port());
        REQUIRE(big.send(putHead(newEventPath(), token, 10 << 20, "Expect: 100-continue\r\n")));
        CHECK(big.readResponse().status == 413);
    }
    { // malformed request lines and framing: 400
        for (const std::string bad : {"NOT HTTP AT ALL\r\n\r\n", "GET /healthz HTTP/9.9\r\n\r\n",
                                      "GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
                                      "GET /healthz HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"}) {
            RawConnection c(server.port());
            (void)c.send(bad);
            INFO(bad);
            CHECK(c.readResponse().status == 400);
        }
    }

    // Whatever happened above, the server still serves and did not keep what it was offered.
    const RawResponse after = roundTrip(server.port(), "GET", "/api/v1/me", token);
    CHECK(after.status == 200);
    const qint64 rssAfter = server.residentKiB();
    INFO("VmRSS before " << rssBefore << " KiB, after " << rssAfter << " KiB");
    CHECK(rssAfter < rssBefore + 64 * 1024);
    server.terminate();
    CHECK(server.waitForExit() == 0);
}

TEST_CASE("a client sending one byte a second is cut off while others are served", "[host][hostile]") {
    QTemporaryDir dir;
    HostServer server(dir.path(), {QStringLiteral("--request-timeout"), QStringLiteral("2s"),
                                   QStringLiteral("--idle-timeout"), QStringLiteral("5s")});
    const std::string request = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n\r\n";
    RawConnection slow(server.port());
    std::size_t sent = 0;
    bool closed = false;
    bool othersServed = false;
    while (sent < request.size() && !closed) {
        if (!slow.send(request.substr(sent, 1))) {
            closed = true;
            break;
        }
        ++sent;
        if (sent == 2) othersServed = roundTrip(server.port(), "GET", "/healthz").status == 200;
        closed = slow.waitClosed(1000); // one byte a second, watching for the server to hang up
    }
    INFO("sent " << sent << " of " << request.size() << " bytes");
    CHECK(closed);
    CHECK(sent < request.size()); // cut off before the request was ever complete
    CHECK(othersServed);
    CHECK(roundTrip(server.port(), "GET", "/healthz").status == 200);
}

TEST_CASE("a silent connection is closed after the idle timeout", "[host][hostile]") {
    QTemporaryDir dir;
    HostServer server(dir.path(), {QStringLiteral("--idle-timeout"), QStringLiteral("1s")});
    RawConnection silent(server.port());
    CHECK(silent.waitClosed(15000));
    // A kept-alive connection is also closed once it goes quiet after a request.
    RawConnection keptAlive(server.port());
    REQUIRE(keptAlive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK(keptAlive.readResponse().status == 200);
    REQUIRE(keptAlive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")); // keep-alive works
    CHECK(keptAlive.readResponse().status == 200);
    CHECK(keptAlive.waitClosed(15000));
}

TEST_CASE("connections beyond the limit get 503 and the server recovers", "[host][hostile]") {
    QTemporaryDir dir;
    HostServer server(dir.path(), {QStringLiteral("--max-connections"), QStringLiteral("3")});
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<RawConnection>(server.port()));
        REQUIRE(held.back()->send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
        REQUIRE(held.back()->readResponse().status == 200); // kept alive: it holds its slot
    }
    RawConnection extra(server.port());
    const RawResponse refused = extra.readResponse();
    CHECK(refused.status == 503);
    CHECK(extra.waitClosed(15000));

    held.pop_back(); // one slot frees up once the server sees the close
    CHECK(eventually([&] { return roundTrip(server.port(), "GET", "/healthz").status == 200; }));
    CHECK(server.accessLog().contains(QStringLiteral(" 503 ")));
}

TEST_CASE("SIGTERM lets the request in flight finish, refuses new ones, and exits 0", "[host][shutdown]") {
    QTemporaryDir dir;
    const std::string token = addPhotographer(dir.path(), QStringLiteral("Ann")).toStdString();
    HostServer server(dir.path(), {QStringLiteral("--request-timeout"), QStringLiteral("30s")});
    RawConnection idle(server.port()); // a kept-alive connection with nothing in flight
    REQUIRE(idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    REQUIRE(idle.readResponse().status == 200);

    const std::string path = newEventPath();
    const std::string body = R"({"name": "Finished after SIGTERM", "categories": ["Ceremony"]})";
    RawConnection busy(server.port());
    REQUIRE(busy.send(putHead(path, token, body.size()) + body.substr(0, 10)));
    // Wait until the server has read what was sent, so the request is truly in flight.
    REQUIRE(eventually([&] { return serverHasReadAll(server.pid(), server.port(), busy.localPort()); }));

    server.terminate();
    CHECK(eventually([&] { return !canConnect(server.port()); })); // the listener goes first
    CHECK(idle.waitClosed(15000));                                 // idle connections are closed
    REQUIRE(busy.send(body.substr(10)));
    const RawResponse r = busy.readResponse();
    CHECK(r.status == 201);
    CHECK(r.header("connection") == "close");
    CHECK(server.waitForExit() == 0);
    CHECK(server.errorOutput().contains(QStringLiteral("stopped")));

    auto store = pd::host::SqliteHostStore::open(dir.path());
    REQUIRE(store.ok());
    const auto people = store.value()->photographers().value();
    REQUIRE(people.size() == 1);
    const auto stored = store.value()->event(people[0].id, QString::fromStdString(path.substr(15))).value();
    REQUIRE(stored);
    CHECK(stored->name == "Finished after SIGTERM");
}

TEST_CASE("a request that never completes does not hold shutdown past --shutdown-timeout", "[host][shutdown]") {
    QTemporaryDir dir;
    const std::string token = addPhotographer(dir.path(), QStringLiteral("Ann")).toStdString();
    HostServer server(dir.path(), {QStringLiteral("--request-timeout"), QStringLiteral("10m"),
                                   QStringLiteral("--shutdown-timeout"), QStringLiteral("1s")});
    RawConnection stuck(server.port());
    REQUIRE(stuck.send(putHead(newEventPath(), token, 1000) + "{\"name\":"));
    REQUIRE(eventually([&] { return serverHasReadAll(server.pid(), server.port(), stuck.localPort()); }));
    server.terminate();
    CHECK(server.waitForExit(30000) == 0);
    CHECK(server.errorOutput().contains(QStringLiteral("shutdown timeout")));
    CHECK(stuck.waitClosed(15000));
}

namespace {

// A rendition PUT's head: the token, the type, and a Content-Length or chunked framing.
std::string renditionHead(const std::string& sha, const std::string& token, std::string_view type,
                          std::string_view framing) {
    return "PUT /api/v1/renditions/" + sha + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: " + std::string(type) + "\r\n" + std::string(framing) + "\r\n";
}

// A JPEG whose frame header claims width x height while its data is a tiny real image.
QByteArray jpegClaiming(int width, int height) {
    QImage small(16, 16, QImage::Format_RGB888);
    small.fill(Qt::darkCyan);
    auto jpeg = pd::encodeJpeg(small, pd::JpegEncodeOptions{});
    REQUIRE(jpeg.ok());
    QByteArray bytes = jpeg.value();
    const qsizetype sof = bytes.indexOf(QByteArray("\xFF\xC0", 2));
    REQUIRE(sof > 0);
    bytes[sof + 5] = char(height >> 8);
    bytes[sof + 6] = char(height & 0xFF);
    bytes[sof + 7] = char(width >> 8);
    bytes[sof + 8] = char(width & 0xFF);
    return bytes;
}

} // namespace

TEST_CASE("hostile renditions: over-limit, cut-short, lying and junk uploads leave nothing and memory bounded",
          "[host][hostile][api]") {
    QTemporaryDir dir;
    const std::string token = addPhotographer(dir.path(), QStringLiteral("Ann")).toStdString();
    HostServer server(dir.path(), {QStringLiteral("--request-timeout"), QStringLiteral("5s")});
    REQUIRE(roundTrip(server.port(), "GET", "/api/v1/me", token).status == 200);
    const qint64 rssBefore = server.residentKiB();
    const std::string someSha(64, 'a');

    { // a chunked rendition past the 48 MiB limit: 413 while it streams
        RawConnection c(server.port());
        REQUIRE(c.send(renditionHead(someSha, token, "image/jpeg", "Transfer-Encoding: chunked\r\n")));
        const std::string piece(1 << 20, '\x55');
        bool refusedEarly = false;
        for (int i = 0; i < 60 && !refusedEarly; ++i) refusedEarly = !c.send(chunk(piece));
        CHECK(c.readResponse().status == 413);
    }
    { // an upload cut short: the client goes away halfway, nothing is stored
        const QByteArray jpeg = jpegClaiming(16, 16);
        const std::string sha = pd::test::sha256Of(jpeg).toStdString();
        {
            RawConnection c(server.port());
            REQUIRE(c.send(renditionHead(sha, token, "image/jpeg",
                                         "Content-Length: " + std::to_string(jpeg.size()) + "\r\n") +
                           std::string(jpeg.constData(), std::size_t(jpeg.size() / 2))));
        }
        CHECK(roundTrip(server.port(), "GET", "/api/v1/renditions/" + sha, token).status == 404);
    }
    { // headers claiming gigapixels: refused before any pixel buffer exists
        for (const auto& [w, h] : {std::pair{65000, 65000}, std::pair{20000, 10000}, std::pair{0, 100}}) {
            const QByteArray lying = jpegClaiming(w, h);
            RawConnection c(server.port());
            REQUIRE(c.send(renditionHead(pd::test::sha256Of(lying).toStdString(), token, "image/jpeg",
                                         "Content-Length: " + std::to_string(lying.size()) + "\r\n") +
                           lying.toStdString()));
            const RawResponse r = c.readResponse();
            INFO(w << "x" << h << ": " << r.body);
            CHECK(r.status == 422);
        }
    }
    // Junk of many megabytes behind a JPEG or JP2 signature, again and again: 422 each.
    QByteArray junk(8 << 20, Qt::Uninitialized);
    for (qsizetype i = 0; i < junk.size(); ++i) junk[i] = char((i * 2654435761u) >> 13);
    for (int round = 0; round < 20; ++round) {
        const bool jp2 = round % 2 == 1;
        QByteArray body = jp2 ? QByteArray("\x00\x00\x00\x0cjP  \r\n\x87\n", 12) : QByteArray("\xFF\xD8\xFF\xE0", 4);
        body += junk;
        body[body.size() - 1] = char(round);
        RawConnection c(server.port());
        REQUIRE(c.send(renditionHead(pd::test::sha256Of(body).toStdString(), token, jp2 ? "image/jp2" : "image/jpeg",
                                     "Content-Length: " + std::to_string(body.size()) + "\r\n") +
                       body.toStdString()));
        CHECK(c.readResponse().status == 422);
    }

    CHECK(roundTrip(server.port(), "GET", "/api/v1/me", token).status == 200);
    const qint64 rssAfter = server.residentKiB();
    INFO("VmRSS before " << rssBefore << " KiB, after " << rssAfter << " KiB");
    if (pd::test::kAddressSanitizer) WARN("memory bound not checked under AddressSanitizer");
    else CHECK(rssAfter < rssBefore + 128 * 1024);
    server.terminate();
    CHECK(server.waitForExit() == 0);
    const HostResult check = runHost({QStringLiteral("check"), QStringLiteral("--data"), dir.path()});
    CHECK(check.outText() == "ok");
}
