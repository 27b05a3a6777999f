// One client connection of the HttpServer: reads requests within the limits, asks the handler,
// writes responses, and closes on any limit, timeout or error.
#pragma once

#include "pd/host/http_handler.h"
#include "pd/host/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace pd::host {

class AccessLog;
class HttpSession;

// What a session needs from its server.
class SessionOwner {
public:
    virtual const HttpServerOptions& options() const = 0;
    virtual HttpHandler& handler() = 0;
    virtual AccessLog& accessLog() = 0;
    virtual bool stopping() const = 0;
    // From the session's destructor.
    virtual void sessionClosed(HttpSession* session) = 0;

protected:
    ~SessionOwner() = default;
};

// Threads: every member runs on the socket's strand; serverStopping() may be called from any
// thread (it posts to the strand).
class HttpSession : public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(boost::asio::ip::tcp::socket&& socket, SessionOwner& owner);
    ~HttpSession();
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    void start();
    // The server is shutting down: close now if waiting between requests, otherwise after the
    // response to the request in flight.
    void serverStopping();

private:
    enum class Phase { Idle, Reading, Handling, Writing, Closing };
    using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
    using Response = boost::beast::http::response<boost::beast::http::string_body>;

    void waitForRequest();
    void onFirstBytes(boost::beast::error_code ec, std::size_t bytes);
    void readHeader();
    void onHeader(boost::beast::error_code ec, std::size_t bytes);
    void readBody();
    void onBody(boost::beast::error_code ec, std::size_t bytes);
    void handleRequest();
    // Writes the response; `close` ends the connection after it (lingering: see lingerAndClose).
    void respond(HttpResponse response, bool close);
    void onWritten(bool close, boost::beast::error_code ec, std::size_t bytes);
    // Sends `status` with a JSON message and closes: for requests that break a limit or the protocol.
    void refuse(int status, std::string_view message);
    // Half-closes, then reads and drops what the client still sends for a short while, so the
    // response is not lost to a reset, then closes.
    void lingerAndClose();
    void onLingerRead(boost::beast::error_code ec, std::size_t bytes);
    void closeNow();
    void logRequest(int status, std::uint64_t bytes);
    double millisecondsSinceStart() const;

    boost::beast::tcp_stream m_stream;
    boost::beast::flat_buffer m_buffer;
    std::optional<Parser> m_parser;
    std::optional<Response> m_response;
    std::optional<boost::beast::http::response<boost::beast::http::empty_body>> m_continue;
    SessionOwner& m_owner;
    Phase m_phase = Phase::Idle;
    bool m_stopRequested = false;
    std::uint64_t m_lingerBytes = 0;
    std::chrono::steady_clock::time_point m_started;
    std::string m_remote;
    std::string m_method;
    std::string m_target;
};

} // namespace pd::host
