// The acceptor, the threads (one io_context each), the connection limit, TLS setup and the
// graceful shutdown of HttpServer.
#include "pd/host/http_server.h"

#include "http_session.h"
#include "pd/host/access_log.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>

#include <QFileInfo>
#include <QString>

#include <openssl/ssl.h>

#include <algorithm>
#include <csignal>
#include <functional>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace pd::host {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {
// Sent to a connection beyond the limit, without reading anything from it.
const std::string& busyResponse() {
    static const std::string body = R"({"error":{"status":503,"message":"too many connections, try again"}})";
    static const std::string response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                        "Content-Length: " +
                                        std::to_string(body.size()) +
                                        "\r\nRetry-After: 1\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n" + body;
    return response;
}
} // namespace

struct HttpServer::Impl final : SessionOwner {
    Impl(HttpServerOptions o, HttpHandler& h, AccessLog& l);
    // Sessions left in the io_contexts (after a shutdown timeout) die with them: they must not post.
    ~Impl() { m_destroying = true; }

    const HttpServerOptions& options() const override { return m_options; }
    const TrustedProxies& trustedProxies() const override { return m_proxies; }
    HttpHandler& handler() override { return m_handler; }
    AccessLog& accessLog() override { return m_log; }
    bool stopping() const override { return m_stopping.load(); }
    void sessionClosed(SessionBase* session) override;
    Status setUpTls();

    void accept();
    void onAccept(boost::system::error_code ec, tcp::socket socket, std::size_t context);
    void refuseConnection(tcp::socket socket);
    void beginStop();
    void stopAll();

    struct Tracked {
        std::weak_ptr<SessionBase> session;
        std::size_t context;
    };

    HttpServerOptions m_options;
    TrustedProxies m_proxies;
    // Only when serving HTTPS.
    std::unique_ptr<net::ssl::context> m_tls;
    HttpHandler& m_handler;
    AccessLog& m_log;
    // Declared before the io_contexts: sessions still queued in them are destroyed with them and
    // call sessionClosed(), which needs these.
    std::mutex m_lock;
    std::unordered_map<SessionBase*, Tracked> m_sessions;
    std::vector<int> m_perContext; // open sessions of each io_context (under m_lock)
    std::atomic<bool> m_stopping{false};
    std::atomic<bool> m_destroying{false};

    // One io_context per thread, each run by its thread alone: a connection lives on one of them
    // (the least busy when it was accepted), so its handlers need no strand and the threads share
    // no scheduler queue. The acceptor, on the first, hands each new socket to one of them.
    std::vector<std::unique_ptr<net::io_context>> m_contexts;
    // Keeps the io_contexts without a connection running until the server stops.
    std::vector<net::executor_work_guard<net::io_context::executor_type>> m_keepRunning;
    // The acceptor, the signals and the shutdown deadline are only touched on this strand.
    net::strand<net::io_context::executor_type> m_control;
    tcp::acceptor m_acceptor{m_control};
    net::signal_set m_signals{m_control, SIGINT, SIGTERM};
    net::steady_timer m_deadline{m_control};
    net::steady_timer m_acceptRetry{m_control};
};

namespace {
std::size_t threadCount(const HttpServerOptions& o) {
    return o.threads > 0 ? std::size_t(o.threads) : std::size_t(std::max(1u, std::thread::hardware_concurrency()));
}

std::vector<std::unique_ptr<net::io_context>> makeContexts(std::size_t n) {
    std::vector<std::unique_ptr<net::io_context>> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(std::make_unique<net::io_context>(1)); // one thread each
    return out;
}
} // namespace

HttpServer::Impl::Impl(HttpServerOptions o, HttpHandler& h, AccessLog& l)
    : m_options(std::move(o)), m_handler(h), m_log(l), m_perContext(threadCount(m_options), 0),
      m_contexts(makeContexts(threadCount(m_options))), m_control(net::make_strand(*m_contexts.front())) {
    for (auto& c : m_contexts) m_keepRunning.push_back(net::make_work_guard(*c));
}

void HttpServer::Impl::accept() {
    std::size_t target = 0;
    {
        std::lock_guard lock(m_lock);
        for (std::size_t i = 1; i < m_perContext.size(); ++i)
            if (m_perContext[i] < m_perContext[target]) target = i;
    }
    m_acceptor.async_accept(m_contexts[target]->get_executor(),
                            [this, target](boost::system::error_code ec, tcp::socket socket) {
                                onAccept(ec, std::move(socket), target);
                            });
}

void HttpServer::Impl::onAccept(boost::system::error_code ec, tcp::socket socket, std::size_t context) {
    if (m_stopping.load() || ec == net::error::operation_aborted) return;
    if (ec) {
        // Out of file descriptors or memory: wait a little instead of spinning.
        std::fprintf(stderr, "proofdesk-host: accept failed: %s\n", ec.message().c_str());
        m_acceptRetry.expires_after(std::chrono::milliseconds(100));
        m_acceptRetry.async_wait([this](boost::system::error_code wec) {
            if (!wec && !m_stopping.load()) accept();
        });
        return;
    }
    std::shared_ptr<SessionBase> session;
    {
        std::lock_guard lock(m_lock);
        if (int(m_sessions.size()) < m_options.maxConnections) {
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored); // small responses go out at once
            if (m_tls)
                session = std::make_shared<HttpSession<TlsStream>>(std::move(socket), *this, m_tls.get());
            else
                session = std::make_shared<HttpSession<PlainStream>>(std::move(socket), *this, nullptr);
            m_sessions.emplace(session.get(), Tracked{session, context});
            ++m_perContext[context];
        }
    }
    if (session)
        session->start(); // posts to the session's io_context
    else
        refuseConnection(std::move(socket));
    accept();
}

void HttpServer::Impl::refuseConnection(tcp::socket socket) {
    auto s = std::make_shared<tcp::socket>(std::move(socket));
    boost::system::error_code ec;
    const auto remote = s->remote_endpoint(ec);
    const std::string who = ec ? std::string("?") : remote.address().to_string() + ":" + std::to_string(remote.port());
    m_log.write(AccessLogEntry{who, {}, {}, 503, 0, 0, {}});
    // The socket belongs to another thread's io_context: the write starts there.
    net::post(s->get_executor(), [s] {
        net::async_write(*s, net::buffer(busyResponse()), [s](boost::system::error_code, std::size_t) {
            boost::system::error_code ignored;
            s->shutdown(tcp::socket::shutdown_both, ignored);
            s->close(ignored);
        });
    });
}

void HttpServer::Impl::sessionClosed(SessionBase* session) {
    std::lock_guard lock(m_lock);
    if (const auto it = m_sessions.find(session); it != m_sessions.end()) {
        --m_perContext[it->second.context];
        m_sessions.erase(it);
    }
    if (m_stopping.load() && m_sessions.empty() && !m_destroying.load())
        net::post(m_control, [this] { m_deadline.cancel(); });
}

void HttpServer::Impl::stopAll() {
    for (auto& c : m_contexts) c->stop();
}

void HttpServer::Impl::beginStop() {
    if (m_stopping.exchange(true)) return;
    net::post(m_control, [this] {
        boost::system::error_code ignored;
        m_acceptor.close(ignored);
        m_signals.cancel();
        m_acceptRetry.cancel();
        // Each io_context's run() now returns once its last connection is gone.
        for (auto& guard : m_keepRunning) guard.reset();
        std::vector<std::shared_ptr<SessionBase>> live;
        {
            std::lock_guard lock(m_lock);
            for (auto& [raw, tracked] : m_sessions)
                if (auto s = tracked.session.lock()) live.push_back(std::move(s));
        }
        if (live.empty()) return; // nothing in flight: run() returns as soon as the threads are idle
        for (auto& s : live) s->serverStopping();
        m_deadline.expires_after(m_options.shutdownTimeout);
        m_deadline.async_wait([this](boost::system::error_code ec) {
            if (ec) return; // every connection finished in time
            std::fprintf(stderr, "proofdesk-host: shutdown timeout: dropping the connections still open\n");
            stopAll();
        });
    });
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler& handler, AccessLog& log)
    : m(std::make_unique<Impl>(std::move(options), handler, log)) {}

HttpServer::~HttpServer() = default;

Status HttpServer::Impl::setUpTls() {
    const bool cert = !m_options.tlsCertFile.empty(), key = !m_options.tlsKeyFile.empty();
    if (!cert && !key) return {};
    if (cert != key)
        return makeError(ErrorCode::InvalidArgument, QStringLiteral("HTTPS needs both a certificate and its key"));
    const QString certFile = QString::fromStdString(m_options.tlsCertFile);
    const QString keyFile = QString::fromStdString(m_options.tlsKeyFile);
    for (const QString& f : {certFile, keyFile})
        if (!QFileInfo(f).isReadable()) return makeError(ErrorCode::Io, QStringLiteral("cannot read this file"), f);
    auto ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    boost::system::error_code ec;
    ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                         net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 |
                         net::ssl::context::single_dh_use,
                     ec);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    // No session tickets: nothing is written behind a pending read (see the deferred wait).
    SSL_CTX_set_num_tickets(ctx->native_handle(), 0);
    if (!ec) ctx->use_certificate_chain_file(m_options.tlsCertFile, ec);
    if (ec) return makeError(ErrorCode::Io, QStringLiteral("not a PEM certificate chain: %1")
                                                .arg(QString::fromStdString(ec.message())), certFile);
    // OpenSSL checks here that the key belongs to the certificate, too.
    ctx->use_private_key_file(m_options.tlsKeyFile, net::ssl::context::pem, ec);
    if (!ec && SSL_CTX_check_private_key(ctx->native_handle()) != 1) ec = net::error::invalid_argument;
    if (ec)
        return makeError(ErrorCode::Io,
                         QStringLiteral("not a PEM private key, or one that does not belong to the certificate (%1)")
                             .arg(QString::fromStdString(ec.message())),
                         keyFile);
    m_tls = std::move(ctx);
    return {};
}

Result<std::string> HttpServer::listen() {
    auto proxies = TrustedProxies::parse(m->m_options.trustedProxies);
    if (!proxies.ok()) return proxies.error();
    m->m_proxies = std::move(proxies).value();
    PD_TRY(m->setUpTls());
    boost::system::error_code ec;
    const auto address = net::ip::make_address(m->m_options.address, ec);
    const QString where = QString::fromStdString(m->m_options.address + ":" + std::to_string(m->m_options.port));
    if (ec) return makeError(ErrorCode::InvalidArgument, QStringLiteral("not a numeric IP address"), where);
    const tcp::endpoint endpoint(address, m->m_options.port);
    auto& a = m->m_acceptor;
    a.open(endpoint.protocol(), ec);
    if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(endpoint, ec);
    if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
    const auto bound = ec ? tcp::endpoint() : a.local_endpoint(ec);
    if (!ec) {
        const auto ip = bound.address();
        return (ip.is_v6() ? "[" + ip.to_string() + "]" : ip.to_string()) + ":" + std::to_string(bound.port());
    }
    return makeError(ErrorCode::Io, QStringLiteral("cannot listen: %1").arg(QString::fromStdString(ec.message())),
                     where);
}

void HttpServer::run() {
    m->m_signals.async_wait([this](boost::system::error_code ec, int) {
        if (!ec) m->beginStop();
    });
    net::post(m->m_control, [this] { m->accept(); });
    const auto work = [this](net::io_context& io) {
        for (;;) {
            try {
                io.run();
                return;
            } catch (const std::exception& e) {
                // A handler threw (out of memory, a library's exception): keep the other connections.
                std::fprintf(stderr, "proofdesk-host: error in a connection: %s\n", e.what());
            }
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(m->m_contexts.size() - 1);
    for (std::size_t i = 1; i < m->m_contexts.size(); ++i) pool.emplace_back(work, std::ref(*m->m_contexts[i]));
    work(*m->m_contexts.front());
    for (auto& t : pool) t.join();
}

void HttpServer::stop() {
    m->beginStop();
}

} // namespace pd::host
