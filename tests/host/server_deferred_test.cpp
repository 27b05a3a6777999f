// Deferred (long-poll) answers of the HttpServer library, with a test handler in this process:
// many waiting clients hold no server thread, a client that leaves ends its wait, the request
// timeout does not cut a wait short, and shutdown answers every wait at once. Waits in the test
// are hang guards, never measurements.
#include <catch2/catch.hpp>

#include "raw_http.h"

#include "pd/host/access_log.h"
#include "pd/host/http_handler.h"
#include "pd/host/http_server.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QThread>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

using namespace pd::host;
using namespace pd::test;

namespace {

template <typename Pred> bool eventually(Pred pred, int timeoutMs = 15000) {
    for (int waited = 0; waited < timeoutMs; waited += 10) {
        if (pred()) return true;
        QThread::msleep(10);
    }
    return pred();
}

// GET /wait: a long poll answered once release() is called (deadline one minute).
// GET /never: a long poll nothing answers; its deadline is `?ms=N` from now.
// Anything else: 200 "now".
class WaitingSite final : public HttpHandler {
public:
    std::uint64_t bodyLimit(std::string_view, std::string_view) const override { return 0; }

    HttpResponse handle(const HttpRequest& request) override {
        const std::string_view path = request.path();
        if (path != "/wait" && path != "/never") return HttpResponse::json(200, R"({"answer":"now"})");
        auto d = std::make_shared<HttpResponse::Deferred>();
        // Lives as long as the server keeps the wait: the test sees it released through `token`.
        auto token = std::make_shared<int>(0);
        {
            std::lock_guard lock(m_lock);
            m_waits.push_back(token);
        }
        ++m_started;
        if (path == "/wait") {
            d->poll = [this, token]() -> std::optional<HttpResponse> {
                ++m_polls;
                if (!m_released.load()) return std::nullopt;
                return HttpResponse::json(200, R"({"answer":"released"})");
            };
            d->deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
        } else {
            const auto query = request.target.substr(request.target.find("ms=") + 3);
            d->poll = [token]() -> std::optional<HttpResponse> { return std::nullopt; };
            d->deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(std::stoi(query));
        }
        d->timedOut = [] { return HttpResponse::json(200, R"({"answer":"timed out"})"); };
        d->pollInterval = std::chrono::milliseconds(20);
        HttpResponse r;
        r.deferred = std::move(d);
        return r;
    }

    void release() { m_released = true; }
    int started() const { return m_started.load(); }
    int polls() const { return m_polls.load(); }
    // How many waits the server still holds.
    int held() {
        std::lock_guard lock(m_lock);
        int n = 0;
        for (const auto& w : m_waits) n += w.expired() ? 0 : 1;
        return n;
    }

private:
    std::atomic<bool> m_released{false};
    std::atomic<int> m_started{0};
    std::atomic<int> m_polls{0};
    std::mutex m_lock;
    std::vector<std::weak_ptr<int>> m_waits;
};

// An HttpServer on 127.0.0.1 port 0 with two threads, running on its own thread.
struct RunningServer {
    explicit RunningServer(HttpHandler& handler, HttpServerOptions options = {}) {
        options.address = "127.0.0.1";
        options.port = 0;
        options.threads = 2;
        auto opened = AccessLog::open(dir.filePath(QStringLiteral("access.log")));
        REQUIRE(opened.ok());
        log = std::move(opened).value();
        server = std::make_unique<HttpServer>(options, handler, *log);
        const auto bound = server->listen();
        REQUIRE(bound.ok());
        port = static_cast<unsigned short>(std::stoi(bound.value().substr(bound.value().rfind(':') + 1)));
        thread = std::thread([this] { server->run(); });
    }
    ~RunningServer() { stop(); }
    void stop() {
        if (!thread.joinable()) return;
        server->stop();
        thread.join();
    }
    QString accessLog() const {
        QFile f(dir.filePath(QStringLiteral("access.log")));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

    QTemporaryDir dir;
    std::unique_ptr<AccessLog> log;
    std::unique_ptr<HttpServer> server;
    std::thread thread;
    unsigned short port = 0;
};

const char* kWait = "GET /wait HTTP/1.1\r\nHost: x\r\n\r\n";

} // namespace

TEST_CASE("fifty long polls on a two-thread server leave it free to answer others", "[host][server][deferred]") {
    WaitingSite site;
    RunningServer server(site);
    std::vector<std::unique_ptr<RawConnection>> waiting;
    for (int i = 0; i < 50; ++i) {
        waiting.push_back(std::make_unique<RawConnection>(server.port));
        REQUIRE(waiting.back()->send(kWait));
    }
    REQUIRE(eventually([&] { return site.started() == 50; }));
    REQUIRE(eventually([&] { return site.polls() >= 50; })); // the waits are being polled

    // With both threads free, other requests are answered while all fifty wait.
    for (int i = 0; i < 10; ++i) {
        const RawResponse r = roundTrip(server.port, "GET", "/healthz");
        CHECK(r.status == 200);
        CHECK(r.body == R"({"answer":"now"})");
    }
    CHECK(site.held() == 50);

    site.release();
    for (auto& c : waiting) {
        const RawResponse r = c->readResponse();
        CHECK(r.status == 200);
        CHECK(r.body == R"({"answer":"released"})");
        CHECK(r.header("x-content-type-options") == "nosniff");
    }
    // Kept alive after a deferred answer: the same connection serves its next request.
    REQUIRE(waiting[0]->send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK(waiting[0]->readResponse().body == R"({"answer":"now"})");
    CHECK(eventually([&] { return site.held() == 0; }));
}

TEST_CASE("a long poll nothing answers gets its timedOut response, past the request timeout", "[host][server][deferred]") {
    WaitingSite site;
    HttpServerOptions options;
    options.requestTimeout = std::chrono::milliseconds(200); // shorter than the wait below
    RunningServer server(site, options);
    RawConnection c(server.port);
    REQUIRE(c.send("GET /never?ms=1500 HTTP/1.1\r\nHost: x\r\n\r\n"));
    const RawResponse r = c.readResponse();
    CHECK(r.status == 200);
    CHECK(r.body == R"({"answer":"timed out"})");
    // A request pipelined behind a long poll is answered after it.
    REQUIRE(c.send("GET /never?ms=50 HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK(c.readResponse().body == R"({"answer":"timed out"})");
    CHECK(c.readResponse().body == R"({"answer":"now"})");
}

TEST_CASE("a client that leaves during a long poll ends the wait", "[host][server][deferred]") {
    WaitingSite site;
    RunningServer server(site);
    {
        RawConnection c(server.port);
        REQUIRE(c.send(kWait));
        REQUIRE(eventually([&] { return site.held() == 1; }));
    } // closed by the client
    CHECK(eventually([&] { return site.held() == 0; }));
    const int pollsAfter = site.polls();
    // The server still serves, and the wait is logged as closed without an answer.
    CHECK(roundTrip(server.port, "GET", "/healthz").status == 200);
    CHECK(site.polls() == pollsAfter);
    CHECK(server.accessLog().contains(QStringLiteral("\"GET /wait\" 0 0")));
}

TEST_CASE("stopping the server answers waiting long polls with their timedOut response", "[host][server][deferred]") {
    WaitingSite site;
    HttpServerOptions options;
    options.shutdownTimeout = std::chrono::minutes(5); // so only the prompt answers can end run()
    RunningServer server(site, options);
    std::vector<std::unique_ptr<RawConnection>> waiting;
    for (int i = 0; i < 5; ++i) {
        waiting.push_back(std::make_unique<RawConnection>(server.port));
        REQUIRE(waiting.back()->send(kWait));
    }
    REQUIRE(eventually([&] { return site.held() == 5; }));
    server.server->stop();
    for (auto& c : waiting) {
        const RawResponse r = c->readResponse();
        CHECK(r.status == 200);
        CHECK(r.body == R"({"answer":"timed out"})");
        CHECK(r.header("connection") == "close");
        CHECK(c->waitClosed(15000));
    }
    server.thread.join(); // run() returned: nothing was left waiting
    CHECK(site.held() == 0);
}
