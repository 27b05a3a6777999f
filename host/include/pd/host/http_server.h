// The host's HTTP/1.1 server: Boost.Beast on a thread pool, with limits on every resource a
// client can make it spend (header bytes, body bytes per route, time, connections).
#pragma once

#include "pd/core/result.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace pd::host {

class AccessLog;
class HttpHandler;

struct HttpServerOptions {
    std::string address = "127.0.0.1";      // a numeric IPv4 or IPv6 address (no name lookup)
    std::uint16_t port = 8080;              // 0: any free port (see listen())
    int threads = 0;                        // 0: one per hardware thread
    std::size_t maxHeaderBytes = 16 * 1024; // request line + fields; over it: 431
    // From a request's first byte to its last (slow senders, slowloris), and again for writing
    // the response (slow readers). Over it the connection is closed.
    std::chrono::milliseconds requestTimeout{30000};
    // How long a kept-alive connection may wait for the next request's first byte.
    std::chrono::milliseconds idleTimeout{60000};
    // After SIGTERM/SIGINT: how long requests in flight get to finish before the rest are dropped.
    std::chrono::milliseconds shutdownTimeout{30000};
    int maxConnections = 1000; // beyond it a new connection gets 503 and is closed
    // Peers (CIDR: "10.0.0.0/8", "::1/128", or a bare address) whose X-Forwarded-For and
    // X-Forwarded-Proto are believed; from anyone else those headers are ignored.
    std::vector<std::string> trustedProxies;
    // Both set: HTTPS only (TLS 1.2 or newer) with this PEM certificate chain and key.
    std::string tlsCertFile;
    std::string tlsKeyFile;
};

// Threads: construct, listen() and run() on one thread; stop() from any. While running, the
// handler and the access log are called from every pool thread.
class HttpServer {
public:
    HttpServer(HttpServerOptions options, HttpHandler& handler, AccessLog& log);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Loads the TLS certificate, binds and listens. Returns the address actually bound,
    // "127.0.0.1:43127" or "[::1]:43127". Errors: InvalidArgument (not an address, a bad
    // trusted-proxy CIDR, only one of the TLS files), Io (cannot bind, cannot read the
    // certificate or key, or they do not match).
    Result<std::string> listen();

    // Serves until SIGTERM or SIGINT arrives, or stop() is called; then stops accepting, closes
    // idle connections, lets requests in flight finish (each still bound by requestTimeout, all
    // by shutdownTimeout) and returns. Call listen() first.
    void run();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace pd::host
