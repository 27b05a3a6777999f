// What the HTTP server hands to the site and gets back: plain request and response values (no
// Boost types), and the interface a site implements.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pd::host {

struct HttpRequest {
    std::string method; // "GET", "PUT", ...
    std::string target; // origin-form, as received: "/api/v1/events?x=1"
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;   // complete; never longer than the route's body limit
    std::string remote; // "127.0.0.1:51234": the peer of the TCP connection
    // The client as the site should see it: the peer's address, or the X-Forwarded-For client
    // when the peer is a configured trusted proxy. No port.
    std::string clientIp;
    // Whether the client reached us over TLS (our own, or X-Forwarded-Proto: https from a
    // trusted proxy): cookies get Secure and HSTS is sent.
    bool secure = false;

    // The first header of that name (ASCII case-insensitive), or empty.
    std::string_view header(std::string_view name) const;
    // The target without its query string.
    std::string_view path() const;
};

struct HttpResponse {
    int status = 200;
    std::string contentType; // empty: no Content-Type (204, 304)
    std::string body;
    // Sent instead of `body` when set: immutable bytes shared with a cache (image renditions).
    // The server writes them without copying and holds the pointer until the write completes;
    // nobody may change the string meanwhile (hence const).
    std::shared_ptr<const std::string> sharedBody;
    std::vector<std::pair<std::string, std::string>> headers; // extra ones (WWW-Authenticate, Allow, ...)

    // Set instead of a ready response when the answer has to wait (a long poll): the server
    // calls poll() on its own timer every `pollInterval` without blocking any thread, sends the
    // first response it returns, or timedOut() once `deadline` passes. Both run on server
    // threads and must not block. The connection's request timeout does not apply meanwhile.
    struct Deferred {
        std::function<std::optional<HttpResponse>()> poll;
        std::function<HttpResponse()> timedOut;
        std::chrono::steady_clock::time_point deadline;
        std::chrono::milliseconds pollInterval{200};
    };
    std::shared_ptr<Deferred> deferred;

    static HttpResponse json(int status, std::string body);
    // {"error": {"status": N, "message": "..."}}
    static HttpResponse error(int status, std::string_view message);
};

// A site: the server asks it for each request's body limit (from the request line, before any
// body byte is read) and then for the response. Threads: called from every server thread at
// once; implementations must be thread-safe. handle() must not throw.
class HttpHandler {
public:
    virtual ~HttpHandler() = default;
    virtual std::uint64_t bodyLimit(std::string_view method, std::string_view target) const = 0;
    virtual HttpResponse handle(const HttpRequest& request) = 0;
};

} // namespace pd::host
