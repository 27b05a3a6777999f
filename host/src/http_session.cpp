// A connection's life: (TLS handshake,) wait for a request (idle timeout), read it within the
// header, body and time limits, answer it at once or after a deferred wait, and again while the
// client keeps the connection alive.
#include "http_session.h"

#include "pd/host/access_log.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/empty_body.hpp>

#include <cstdio>
#include <exception>
#include <string_view>

namespace pd::host {

namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace net = boost::asio;

namespace {

// How long and how much a closing connection still reads and drops after an error response.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::uint64_t kLingerBytes = 1 << 20;
constexpr std::size_t kFirstRead = 4096;
// Unparsed bytes the session buffers beyond the header limit (one read's worth of body).
constexpr std::size_t kBufferSlack = 64 * 1024;
// The first byte of a TLS handshake record; anything else on the TLS port is not TLS.
constexpr unsigned char kTlsHandshakeRecord = 0x16;

bool isQuietClose(const beast::error_code& ec) {
    return ec == http::error::end_of_stream || ec == net::error::eof || ec == net::error::connection_reset ||
           ec == net::error::operation_aborted || ec == beast::error::timeout || ec == net::error::broken_pipe;
}

std::string text(beast::string_view s) {
    return std::string(s.data(), s.size());
}

std::string endpointText(const net::ip::tcp::endpoint& e) {
    const auto a = e.address();
    return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(e.port());
}

// What a plain-HTTP client gets on the TLS port, before the connection is closed.
const std::string& plainOnTlsPort() {
    static const std::string body = R"({"error":{"status":400,"message":"this port speaks HTTPS only"}})";
    static const std::string response = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                                        "X-Content-Type-Options: nosniff\r\nContent-Length: " +
                                        std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    return response;
}

// Why a request's body framing could be read two ways (by us and by a proxy in front of us),
// or nullptr. Beast resolves some of these on its own terms; a request smuggler relies on that.
const char* ambiguousFraming(const http::request_parser<http::string_body>::value_type& req) {
    const auto lengths = req.count(http::field::content_length);
    const auto encodings = req.count(http::field::transfer_encoding);
    if (lengths > 1) return "more than one Content-Length";
    if (lengths && encodings) return "both Content-Length and Transfer-Encoding";
    if (encodings > 1) return "more than one Transfer-Encoding";
    if (encodings && !beast::iequals(req[http::field::transfer_encoding], "chunked"))
        return "the only Transfer-Encoding accepted is chunked";
    return nullptr;
}

template <class Stream> Stream makeStream(net::ip::tcp::socket&& socket, net::ssl::context* tls) {
    if constexpr (std::is_same_v<Stream, TlsStream>)
        return Stream(std::move(socket), *tls);
    else
        return Stream(std::move(socket));
}

} // namespace

template <class Stream>
HttpSession<Stream>::HttpSession(net::ip::tcp::socket&& socket, SessionOwner& owner, net::ssl::context* tls)
    : m_stream(makeStream<Stream>(std::move(socket), tls)), m_buffer(owner.options().maxHeaderBytes + kBufferSlack),
      m_pollTimer(m_stream.get_executor()), m_owner(owner) {
    beast::error_code ec;
    const auto remote = tcp().socket().remote_endpoint(ec);
    m_remote = ec ? std::string("?") : endpointText(remote);
    if (!ec) {
        auto a = remote.address();
        if (a.is_v6() && a.to_v6().is_v4_mapped()) a = net::ip::make_address_v4(net::ip::v4_mapped, a.to_v6());
        m_peer = a.to_string();
    }
    m_started = std::chrono::steady_clock::now();
}

template <class Stream> HttpSession<Stream>::~HttpSession() {
    m_owner.sessionClosed(this);
}

template <class Stream> void HttpSession<Stream>::start() {
    auto self = this->shared_from_this();
    if constexpr (kTls) {
        net::dispatch(m_stream.get_executor(), [self] {
            self->m_phase = Phase::Handshake;
            // The handshake counts as part of the first request: a client that never finishes
            // it is cut off by the request timeout.
            self->tcp().expires_after(self->m_owner.options().requestTimeout);
            self->tcp().async_read_some(self->m_buffer.prepare(kFirstRead),
                                        beast::bind_front_handler(&HttpSession::onTlsFirstBytes, self));
        });
    } else {
        net::dispatch(m_stream.get_executor(), beast::bind_front_handler(&HttpSession::waitForRequest, self));
    }
}

template <class Stream> void HttpSession<Stream>::onTlsFirstBytes(beast::error_code ec, std::size_t bytes) {
    if constexpr (kTls) {
        if (ec) return closeNow();
        m_buffer.commit(bytes);
        const auto first = static_cast<const unsigned char*>(m_buffer.data().data());
        if (first[0] != kTlsHandshakeRecord) {
            // Plain HTTP (or anything else): say so in plain HTTP, then close.
            logRequest(400, 0);
            net::async_write(tcp(), net::buffer(plainOnTlsPort()),
                             [self = this->shared_from_this()](beast::error_code, std::size_t) {
                                 beast::error_code ignored;
                                 self->tcp().socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
                                 self->closeNow();
                             });
            return;
        }
        m_stream.async_handshake(net::ssl::stream_base::server, m_buffer.data(),
                                 beast::bind_front_handler(&HttpSession::onHandshake, this->shared_from_this()));
    }
}

template <class Stream> void HttpSession<Stream>::onHandshake(beast::error_code ec, std::size_t used) {
    if (ec) return closeNow(); // not TLS after all, no common version or cipher, or too slow
    m_buffer.consume(used);
    waitForRequest();
}

template <class Stream> void HttpSession<Stream>::serverStopping() {
    net::post(m_stream.get_executor(), [self = this->shared_from_this()] {
        self->m_stopRequested = true;
        if (self->m_phase == Phase::Idle || self->m_phase == Phase::AfterWait || self->m_phase == Phase::Handshake)
            self->closeNow();
        else if (self->m_phase == Phase::Waiting)
            self->m_pollTimer.cancel(); // onPollTimer answers with timedOut()
    });
}

template <class Stream> void HttpSession<Stream>::waitForRequest() {
    m_phase = Phase::Idle;
    if (m_stopRequested || m_owner.stopping()) return closeNow();
    if (m_buffer.size() > 0) return readHeader(); // the next request is already here (pipelining)
    tcp().expires_after(m_owner.options().idleTimeout);
    m_stream.async_read_some(m_buffer.prepare(kFirstRead),
                             beast::bind_front_handler(&HttpSession::onFirstBytes, this->shared_from_this()));
}

template <class Stream> void HttpSession<Stream>::onFirstBytes(beast::error_code ec, std::size_t bytes) {
    if (ec) return closeNow(); // idle timeout, the client left, or the server is stopping
    m_buffer.commit(bytes);
    readHeader();
}

template <class Stream> void HttpSession<Stream>::readHeader() {
    m_phase = Phase::Reading;
    m_started = std::chrono::steady_clock::now();
    m_method.clear();
    m_target.clear();
    m_client.clear();
    m_secure = kTls;
    m_parser.emplace();
    m_parser->header_limit(std::uint32_t(m_owner.options().maxHeaderBytes));
    // No body limit while reading the header: the route's limit is applied once the target is known.
    m_parser->body_limit(boost::none);
    // One deadline for the whole request, header and body: a client that trickles bytes is cut off.
    tcp().expires_after(m_owner.options().requestTimeout);
    http::async_read_header(m_stream, m_buffer, *m_parser,
                            beast::bind_front_handler(&HttpSession::onHeader, this->shared_from_this()));
}

template <class Stream> void HttpSession<Stream>::onHeader(beast::error_code ec, std::size_t) {
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
        return refuse(431, "the request header is larger than " + std::to_string(m_owner.options().maxHeaderBytes) +
                               " bytes");
    if (ec == beast::error::timeout) {
        logRequest(0, 0); // the request did not arrive in time: dropped without an answer
        return closeNow();
    }
    if (ec && isQuietClose(ec)) return closeNow();
    if (ec) return refuse(400, "malformed HTTP request: " + ec.message());

    const auto& req = m_parser->get();
    m_method = text(req.method_string());
    m_target = text(req.target());
    if (const char* why = ambiguousFraming(req)) return refuse(400, why);
    const std::uint64_t limit = m_owner.handler().bodyLimit(m_method, m_target);
    if (const auto length = m_parser->content_length(); length && *length > limit)
        return refuse(413, "the request body is larger than this route's limit of " + std::to_string(limit) + " bytes");
    m_parser->body_limit(limit); // also bounds a chunked body as it arrives

    const auto expect = req[http::field::expect];
    if (!m_parser->is_done() && beast::iequals(expect, "100-continue")) {
        m_continue.emplace(http::status::continue_, req.version());
        http::async_write(m_stream, *m_continue, [self = this->shared_from_this()](beast::error_code wec, std::size_t) {
            self->m_continue.reset();
            if (wec) return self->closeNow();
            self->readBody();
        });
        return;
    }
    readBody();
}

template <class Stream> void HttpSession<Stream>::readBody() {
    http::async_read(m_stream, m_buffer, *m_parser,
                     beast::bind_front_handler(&HttpSession::onBody, this->shared_from_this()));
}

template <class Stream> void HttpSession<Stream>::onBody(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit)
        return refuse(413, "the request body is larger than this route's limit of " +
                               std::to_string(m_owner.handler().bodyLimit(m_method, m_target)) + " bytes");
    if (ec == beast::error::timeout) {
        logRequest(0, 0);
        return closeNow();
    }
    if (ec && isQuietClose(ec)) return closeNow();
    if (ec) return refuse(400, "malformed HTTP request body: " + ec.message());
    handleRequest();
}

template <class Stream> void HttpSession<Stream>::handleRequest() {
    m_phase = Phase::Handling;
    auto req = m_parser->release();
    m_parser.reset();
    HttpRequest request;
    request.method = m_method;
    request.target = m_target;
    request.remote = m_remote;
    request.headers.reserve(std::size_t(std::distance(req.begin(), req.end())));
    std::string forwardedFor, forwardedProto;
    for (const auto& field : req) {
        request.headers.emplace_back(text(field.name_string()), text(field.value()));
        // Every X-Forwarded-For field, in order, as one list (a proxy may add its own field).
        if (beast::iequals(field.name_string(), "x-forwarded-for"))
            (forwardedFor.empty() ? forwardedFor : forwardedFor.append(",")).append(field.value());
        else if (beast::iequals(field.name_string(), "x-forwarded-proto"))
            (forwardedProto.empty() ? forwardedProto : forwardedProto.append(",")).append(field.value());
    }
    // Without forwarded headers the answer depends on the peer alone: worked out once per connection.
    const bool direct = forwardedFor.empty() && forwardedProto.empty();
    if (direct && !m_directClient) m_directClient = m_owner.trustedProxies().resolve(m_peer, kTls, {}, {});
    const ClientIdentity who =
        direct ? *m_directClient : m_owner.trustedProxies().resolve(m_peer, kTls, forwardedFor, forwardedProto);
    if (!(forwardedFor.empty() && forwardedProto.empty()) && !m_owner.trustedProxies().contains(m_peer)) {
        // From anyone but a trusted proxy these headers are a client's claims: the site never sees them.
        std::erase_if(request.headers, [](const auto& h) {
            return beast::iequals(h.first, "x-forwarded-for") || beast::iequals(h.first, "x-forwarded-proto");
        });
    }
    request.clientIp = who.ip;
    request.secure = m_secure = who.secure;
    if (who.ip != m_peer) m_client = who.ip;
    request.body = std::move(req.body());
    HttpResponse response = m_owner.handler().handle(request);
    const bool close = !req.keep_alive() || m_stopRequested || m_owner.stopping();
    if (response.deferred && response.deferred->poll && response.deferred->timedOut)
        return startWaiting(std::move(response.deferred), close);
    respond(std::move(response), close);
}

template <class Stream>
void HttpSession<Stream>::startWaiting(std::shared_ptr<HttpResponse::Deferred> deferred, bool close) {
    m_phase = Phase::Waiting;
    m_deferred = std::move(deferred);
    m_closeAfterWait = close;
    m_peerGone = false;
    if (m_stopRequested || m_owner.stopping()) return onPollTimer(); // answers timedOut() now
    // No request timeout while waiting; a read stays pending so a client that leaves is noticed.
    // Not when the client already sent its next request (pipelining): it is still there, and a
    // write to it that fails ends the connection.
    tcp().expires_never();
    if (m_buffer.size() == 0) {
        m_watching = true;
        m_stream.async_read_some(m_buffer.prepare(kFirstRead),
                                 beast::bind_front_handler(&HttpSession::onWatchRead, this->shared_from_this()));
    }
    armPollTimer();
}

template <class Stream> void HttpSession<Stream>::armPollTimer() {
    const auto next = std::min(std::chrono::steady_clock::now() + m_deferred->pollInterval, m_deferred->deadline);
    m_pollTimer.expires_at(next);
    m_pollTimer.async_wait([self = this->shared_from_this()](beast::error_code) { self->onPollTimer(); });
}

template <class Stream> void HttpSession<Stream>::onPollTimer() {
    if (m_phase != Phase::Waiting) return; // answered, or the client left
    try {
        if (m_stopRequested || m_owner.stopping()) return finishWaiting(m_deferred->timedOut());
        if (auto ready = m_deferred->poll()) return finishWaiting(std::move(*ready));
        if (std::chrono::steady_clock::now() >= m_deferred->deadline) return finishWaiting(m_deferred->timedOut());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "proofdesk-host: error while waiting to answer %s: %s\n", m_target.c_str(), e.what());
        return finishWaiting(HttpResponse::error(500, "internal error"));
    }
    armPollTimer();
}

template <class Stream> void HttpSession<Stream>::onWatchRead(beast::error_code ec, std::size_t bytes) {
    m_watching = false;
    if (!ec) m_buffer.commit(bytes);
    switch (m_phase) {
    case Phase::Waiting:
        if (ec) { // the client went away: stop polling for it
            logRequest(0, 0);
            m_pollTimer.cancel();
            m_deferred.reset();
            return closeNow();
        }
        // The client already sent more (a pipelined request): keep it for after the answer.
        return;
    case Phase::Writing:
        if (ec) m_peerGone = true;
        return;
    case Phase::AfterWait: // the read doubles as the wait for the next request
        m_pollTimer.cancel();
        if (ec) return closeNow();
        return waitForRequest();
    case Phase::Lingering:
        return onLingerRead(ec, ec ? 0 : bytes);
    default:
        return;
    }
}

template <class Stream> void HttpSession<Stream>::finishWaiting(HttpResponse response) {
    m_deferred.reset();
    m_pollTimer.cancel();
    respond(std::move(response), m_closeAfterWait || m_stopRequested || m_owner.stopping());
}

template <class Stream> void HttpSession<Stream>::respond(HttpResponse r, bool close) {
    m_phase = Phase::Writing;
    m_response.emplace(static_cast<http::status>(r.status), 11);
    Response& res = *m_response;
    res.set(http::field::server, "proofdesk-host");
    if (!r.contentType.empty()) res.set(http::field::content_type, r.contentType);
    for (auto& [name, value] : r.headers) res.insert(name, value);
    if (res.find("X-Content-Type-Options") == res.end()) res.set("X-Content-Type-Options", "nosniff");
    if (m_secure && res.find(http::field::strict_transport_security) == res.end())
        res.set(http::field::strict_transport_security, "max-age=31536000");
    if (r.sharedBody)
        res.body().shared = std::move(r.sharedBody);
    else
        res.body().own = std::move(r.body);
    res.keep_alive(!close);
    res.prepare_payload();
    // Bounds the write (a slow reader); a pending watch read keeps its own (no) deadline.
    tcp().expires_after(m_owner.options().requestTimeout);
    http::async_write(m_stream, res,
                      beast::bind_front_handler(&HttpSession::onWritten, this->shared_from_this(), close));
}

template <class Stream> void HttpSession<Stream>::onWritten(bool close, beast::error_code ec, std::size_t) {
    logRequest(ec ? 0 : m_response->result_int(), ec ? 0 : ResponseBody::size(m_response->body()));
    m_response.reset();
    if (ec || m_peerGone) return closeNow();
    if (m_watching) { // after a deferred answer: the watch read is still pending, reuse it
        if (close) {
            if constexpr (kTls) return closeNow();
            m_phase = Phase::Lingering;
            beast::error_code ignored;
            tcp().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
            m_lingerBytes = 0;
            m_pollTimer.expires_after(kLingerTime);
        } else {
            m_phase = Phase::AfterWait;
            m_pollTimer.expires_after(m_owner.options().idleTimeout);
        }
        m_pollTimer.async_wait([self = this->shared_from_this()](beast::error_code wec) {
            if (!wec) self->closeNow(); // idle or linger time over (the watch read ends with it)
        });
        return;
    }
    if (close) return lingerAndClose();
    waitForRequest();
}

template <class Stream> void HttpSession<Stream>::refuse(int status, std::string_view message) {
    m_parser.reset();
    m_buffer.consume(m_buffer.size());
    respond(HttpResponse::error(status, message), true);
}

template <class Stream> void HttpSession<Stream>::lingerAndClose() {
    m_phase = Phase::Lingering;
    if constexpr (kTls) {
        tcp().expires_after(kLingerTime);
        m_stream.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->closeNow(); });
    } else {
        beast::error_code ec;
        tcp().socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
        if (ec) return closeNow();
        m_buffer.consume(m_buffer.size());
        m_lingerBytes = 0;
        tcp().expires_after(kLingerTime);
        m_stream.async_read_some(m_buffer.prepare(kFirstRead),
                                 beast::bind_front_handler(&HttpSession::onLingerRead, this->shared_from_this()));
    }
}

template <class Stream> void HttpSession<Stream>::onLingerRead(beast::error_code ec, std::size_t bytes) {
    m_lingerBytes += bytes;
    if (ec || m_lingerBytes > kLingerBytes || m_phase != Phase::Lingering) return closeNow();
    m_buffer.consume(m_buffer.size());
    m_stream.async_read_some(m_buffer.prepare(kFirstRead),
                             beast::bind_front_handler(&HttpSession::onLingerRead, this->shared_from_this()));
}

template <class Stream> void HttpSession<Stream>::closeNow() {
    m_phase = Phase::Closing;
    m_pollTimer.cancel();
    tcp().close();
}

template <class Stream> void HttpSession<Stream>::logRequest(int status, std::uint64_t bytes) {
    m_owner.accessLog().write(
        AccessLogEntry{m_remote, m_method, m_target, status, bytes, millisecondsSinceStart(), m_client});
}

template <class Stream> double HttpSession<Stream>::millisecondsSinceStart() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_started).count();
}

template class HttpSession<PlainStream>;
template class HttpSession<TlsStream>;

} // namespace pd::host
