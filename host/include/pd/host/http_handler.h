// What the HTTP server hands to the site and gets back: plain request and response values (no
// Boost types), and the interface a site implements.
#pragma once

#include <cstdint>
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
    std::string remote; // "127.0.0.1:51234"

    // The first header of that name (ASCII case-insensitive), or empty.
    std::string_view header(std::string_view name) const;
    // The target without its query string.
    std::string_view path() const;
};

struct HttpResponse {
    int status = 200;
    std::string contentType; // empty: no Content-Type (204, 304)
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // extra ones (WWW-Authenticate, Allow, ...)

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
