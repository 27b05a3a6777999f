// One client connection of the HttpServer, plain TCP or TLS: reads requests within the limits,
// asks the handler, waits out deferred (long-poll) answers on a timer, writes responses, and
// closes on any limit, timeout or error.
#pragma once

#include "pd/host/http_handler.h"
#include "pd/host/http_server.h"
#include "pd/host/trusted_proxies.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/optional/optional.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace pd::host {

class AccessLog;
class SessionBase;

// What a session needs from its server.
class SessionOwner {
public:
    virtual const HttpServerOptions& options() const = 0;
    virtual const TrustedProxies& trustedProxies() const = 0;
    virtual HttpHandler& handler() = 0;
    virtual AccessLog& accessLog() = 0;
    virtual bool stopping() const = 0;
    // From the session's destructor.
    virtual void sessionClosed(SessionBase* session) = 0;

protected:
    ~SessionOwner() = default;
};

// What the server holds of a session, whatever its stream.
class SessionBase {
public:
    virtual ~SessionBase() = default;
    virtual void start() = 0;
    // The server is shutting down: close now if waiting between requests, answer a waiting
    // long poll with its timedOut() response, otherwise close after the response in flight.
    // From any thread (it posts to the session's strand).
    virtual void serverStopping() = 0;
};

// The body of every response a session writes: the handler's own string, or immutable bytes it
// shares with a cache (HttpResponse::sharedBody), written in place and kept alive by the
// response until the write completes. Serialisation only (a session never parses a response).
struct ResponseBody {
    struct value_type {
        std::string own;
        std::shared_ptr<const std::string> shared; // used instead of `own` when set
        std::string_view bytes() const { return shared ? std::string_view(*shared) : std::string_view(own); }
    };
    static std::uint64_t size(const value_type& body) { return body.bytes().size(); }

    class writer {
    public:
        using const_buffers_type = boost::asio::const_buffer;
        template <bool isRequest, class Fields>
        writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& body) : m_body(body) {}
        void init(boost::beast::error_code& ec) { ec = {}; }
        boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
            ec = {};
            const std::string_view b = m_body.bytes();
            return std::make_pair(const_buffers_type(b.data(), b.size()), false);
        }

    private:
        const value_type& m_body;
    };
};

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// Threads: every member runs on the socket's strand (serverStopping() posts to it).
// Stream is PlainStream or TlsStream (explicitly instantiated in http_session.cpp).
template <class Stream>
class HttpSession final : public SessionBase, public std::enable_shared_from_this<HttpSession<Stream>> {
public:
    static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

    // `tls` is used (and must outlive the session) only when Stream is TlsStream.
    HttpSession(boost::asio::ip::tcp::socket&& socket, SessionOwner& owner, boost::asio::ssl::context* tls);
    ~HttpSession() override;
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    void start() override;
    void serverStopping() override;

private:
    enum class Phase { Handshake, Idle, Reading, Handling, Waiting, Writing, AfterWait, Lingering, Closing };
    using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
    using Response = boost::beast::http::response<ResponseBody>;

    boost::beast::tcp_stream& tcp() { return boost::beast::get_lowest_layer(m_stream); }
    void onTlsFirstBytes(boost::beast::error_code ec, std::size_t bytes);
    void onHandshake(boost::beast::error_code ec, std::size_t used);
    void waitForRequest();
    void onFirstBytes(boost::beast::error_code ec, std::size_t bytes);
    void readHeader();
    void onHeader(boost::beast::error_code ec, std::size_t bytes);
    void readBody();
    void onBody(boost::beast::error_code ec, std::size_t bytes);
    void handleRequest();
    // A deferred answer: poll on m_pollTimer, watch the socket for the client leaving.
    void startWaiting(std::shared_ptr<HttpResponse::Deferred> deferred, bool close);
    void armPollTimer();
    void onPollTimer();
    void onWatchRead(boost::beast::error_code ec, std::size_t bytes);
    void finishWaiting(HttpResponse response);
    // Writes the response; `close` ends the connection after it (lingering: see lingerAndClose).
    void respond(HttpResponse response, bool close);
    void onWritten(bool close, boost::beast::error_code ec, std::size_t bytes);
    // Sends `status` with a JSON message and closes: for requests that break a limit or the protocol.
    void refuse(int status, std::string_view message);
    // TCP: half-closes, then reads and drops what the client still sends for a short while, so
    // the response is not lost to a reset, then closes. TLS: sends close_notify first.
    void lingerAndClose();
    void onLingerRead(boost::beast::error_code ec, std::size_t bytes);
    void closeNow();
    void logRequest(int status, std::uint64_t bytes);
    double millisecondsSinceStart() const;

    Stream m_stream;
    boost::beast::flat_buffer m_buffer;
    std::optional<Parser> m_parser;
    std::optional<Response> m_response;
    std::optional<boost::beast::http::response<boost::beast::http::empty_body>> m_continue;
    boost::asio::steady_timer m_pollTimer;
    std::shared_ptr<HttpResponse::Deferred> m_deferred;
    SessionOwner& m_owner;
    Phase m_phase = Phase::Idle;
    bool m_stopRequested = false;
    bool m_closeAfterWait = false;
    bool m_watching = false; // the watch read of a deferred answer is still pending
    bool m_peerGone = false; // the watch read saw the client leave while the answer was being written
    bool m_secure = kTls;    // of the request in hand (for HSTS)
    std::uint64_t m_lingerBytes = 0;
    std::chrono::steady_clock::time_point m_started;
    std::string m_peer; // the peer's address, no port (IPv4-mapped as IPv4)
    std::string m_remote;
    std::string m_client; // set when a trusted proxy named a different client
    std::optional<ClientIdentity> m_directClient; // the peer's identity when no headers were forwarded
    std::string m_method;
    std::string m_target;
};

} // namespace pd::host
