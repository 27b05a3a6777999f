// A connection's life: wait for a request (idle timeout), read it within the header, body and
// time limits, answer it, and again while the client keeps the connection alive.
#include "http_session.h"

#include "pd/host/access_log.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http/empty_body.hpp>

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

} // namespace

HttpSession::HttpSession(net::ip::tcp::socket&& socket, SessionOwner& owner)
    : m_stream(std::move(socket)), m_buffer(owner.options().maxHeaderBytes + kBufferSlack), m_owner(owner) {
    beast::error_code ec;
    const auto remote = m_stream.socket().remote_endpoint(ec);
    m_remote = ec ? std::string("?") : endpointText(remote);
    m_started = std::chrono::steady_clock::now();
}

HttpSession::~HttpSession() {
    m_owner.sessionClosed(this);
}

void HttpSession::start() {
    net::dispatch(m_stream.get_executor(), beast::bind_front_handler(&HttpSession::waitForRequest, shared_from_this()));
}

void HttpSession::serverStopping() {
    net::post(m_stream.get_executor(), [self = shared_from_this()] {
        self->m_stopRequested = true;
        if (self->m_phase == Phase::Idle) self->closeNow();
    });
}

void HttpSession::waitForRequest() {
    m_phase = Phase::Idle;
    if (m_stopRequested || m_owner.stopping()) return closeNow();
    if (m_buffer.size() > 0) return readHeader(); // the next request is already here (pipelining)
    m_stream.expires_after(m_owner.options().idleTimeout);
    m_stream.async_read_some(m_buffer.prepare(kFirstRead),
                             beast::bind_front_handler(&HttpSession::onFirstBytes, shared_from_this()));
}

void HttpSession::onFirstBytes(beast::error_code ec, std::size_t bytes) {
    if (ec) return closeNow(); // idle timeout, the client left, or the server is stopping
    m_buffer.commit(bytes);
    readHeader();
}

void HttpSession::readHeader() {
    m_phase = Phase::Reading;
    m_started = std::chrono::steady_clock::now();
    m_method.clear();
    m_target.clear();
    m_parser.emplace();
    m_parser->header_limit(std::uint32_t(m_owner.options().maxHeaderBytes));
    // No body limit while reading the header: the route's limit is applied once the target is known.
    m_parser->body_limit(boost::none);
    // One deadline for the whole request, header and body: a client that trickles bytes is cut off.
    m_stream.expires_after(m_owner.options().requestTimeout);
    http::async_read_header(m_stream, m_buffer, *m_parser,
                            beast::bind_front_handler(&HttpSession::onHeader, shared_from_this()));
}

void HttpSession::onHeader(beast::error_code ec, std::size_t) {
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
    const std::uint64_t limit = m_owner.handler().bodyLimit(m_method, m_target);
    if (const auto length = m_parser->content_length(); length && *length > limit)
        return refuse(413, "the request body is larger than this route's limit of " + std::to_string(limit) + " bytes");
    m_parser->body_limit(limit); // also bounds a chunked body as it arrives

    const auto expect = req[http::field::expect];
    if (!m_parser->is_done() && beast::iequals(expect, "100-continue")) {
        m_continue.emplace(http::status::continue_, req.version());
        http::async_write(m_stream, *m_continue, [self = shared_from_this()](beast::error_code wec, std::size_t) {
            self->m_continue.reset();
            if (wec) return self->closeNow();
            self->readBody();
        });
        return;
    }
    readBody();
}

void HttpSession::readBody() {
    http::async_read(m_stream, m_buffer, *m_parser,
                     beast::bind_front_handler(&HttpSession::onBody, shared_from_this()));
}

void HttpSession::onBody(beast::error_code ec, std::size_t) {
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

void HttpSession::handleRequest() {
    m_phase = Phase::Handling;
    auto req = m_parser->release();
    m_parser.reset();
    HttpRequest request;
    request.method = m_method;
    request.target = m_target;
    request.remote = m_remote;
    request.headers.reserve(std::size_t(std::distance(req.begin(), req.end())));
    for (const auto& field : req) request.headers.emplace_back(text(field.name_string()), text(field.value()));
    request.body = std::move(req.body());
    HttpResponse response = m_owner.handler().handle(request);
    respond(std::move(response), !req.keep_alive() || m_stopRequested || m_owner.stopping());
}

void HttpSession::respond(HttpResponse r, bool close) {
    m_phase = Phase::Writing;
    m_response.emplace(static_cast<http::status>(r.status), 11);
    Response& res = *m_response;
    res.set(http::field::server, "proofdesk-host");
    if (!r.contentType.empty()) res.set(http::field::content_type, r.contentType);
    for (auto& [name, value] : r.headers) res.insert(name, value);
    res.body() = std::move(r.body);
    res.keep_alive(!close);
    res.prepare_payload();
    m_stream.expires_after(m_owner.options().requestTimeout);
    http::async_write(m_stream, res, beast::bind_front_handler(&HttpSession::onWritten, shared_from_this(), close));
}

void HttpSession::onWritten(bool close, beast::error_code ec, std::size_t) {
    logRequest(ec ? 0 : m_response->result_int(), ec ? 0 : m_response->body().size());
    m_response.reset();
    if (ec) return closeNow();
    if (close) return lingerAndClose();
    waitForRequest();
}

void HttpSession::refuse(int status, std::string_view message) {
    m_parser.reset();
    m_buffer.consume(m_buffer.size());
    respond(HttpResponse::error(status, message), true);
}

void HttpSession::lingerAndClose() {
    m_phase = Phase::Closing;
    beast::error_code ec;
    m_stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
    if (ec) return closeNow();
    m_buffer.consume(m_buffer.size());
    m_lingerBytes = 0;
    m_stream.expires_after(kLingerTime);
    m_stream.async_read_some(m_buffer.prepare(kFirstRead),
                             beast::bind_front_handler(&HttpSession::onLingerRead, shared_from_this()));
}

void HttpSession::onLingerRead(beast::error_code ec, std::size_t bytes) {
    m_lingerBytes += bytes;
    if (ec || m_lingerBytes > kLingerBytes) return closeNow();
    m_stream.async_read_some(m_buffer.prepare(kFirstRead),
                             beast::bind_front_handler(&HttpSession::onLingerRead, shared_from_this()));
}

void HttpSession::closeNow() {
    m_phase = Phase::Closing;
    m_stream.close();
}

void HttpSession::logRequest(int status, std::uint64_t bytes) {
    m_owner.accessLog().write(AccessLogEntry{m_remote, m_method, m_target, status, bytes, millisecondsSinceStart()});
}

double HttpSession::millisecondsSinceStart() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - m_started).count();
}

} // namespace pd::host
