// The fault-injecting proxy of the publish tests (see fault_proxy.h).
#include "fault_proxy.h"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <strings.h>

namespace pd::test {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxBuffered = 1 << 20;

void setNonBlocking(int fd) {
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

std::string reason(int status) {
    switch (status) {
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Injected";
    }
}

std::string injectedResponse(const Fault& f) {
    const std::string body = "{\"error\": {\"status\": " + std::to_string(f.status) +
                             ", \"message\": \"injected by the fault proxy\"}}";
    std::string r = "HTTP/1.1 " + std::to_string(f.status) + " " + reason(f.status) +
                    "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\nConnection: close\r\n";
    if (f.retryAfterSeconds >= 0) r += "Retry-After: " + std::to_string(f.retryAfterSeconds) + "\r\n";
    return r + "\r\n" + body;
}

// The value of a header in a request head (case-insensitive name), or empty.
std::string headerValue(const std::string& head, const char* name) {
    const std::size_t n = std::strlen(name);
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos && pos + 2 < head.size()) {
        const std::size_t start = pos + 2;
        const std::size_t end = head.find("\r\n", start);
        if (end == std::string::npos) break;
        if (end - start > n && head[start + n] == ':' && ::strncasecmp(head.data() + start, name, n) == 0) {
            std::string v = head.substr(start + n + 1, end - start - n - 1);
            v.erase(0, v.find_first_not_of(" \t"));
            v.erase(v.find_last_not_of(" \t") + 1);
            return v;
        }
        pos = end;
    }
    return {};
}

} // namespace

std::string Fault::describe() const {
    switch (kind) {
    case Kind::Pass: return "pass";
    case Kind::Cut: return "cut after " + std::to_string(afterBodyBytes) + " body bytes";
    case Kind::Stall: return "stall " + std::to_string(stallMs) + " ms after " + std::to_string(afterBodyBytes) + " body bytes";
    case Kind::Respond:
        return "answer " + std::to_string(status) +
               (retryAfterSeconds >= 0 ? " with Retry-After " + std::to_string(retryAfterSeconds) : std::string());
    }
    return "?";
}

struct FaultProxy::Conn {
    enum class State { Head, Body, Discard, Closing, Passthrough };
    int client = -1, upstream = -1;
    int index = 0;
    State state = State::Head;
    std::string fromClient, toUpstream, toClient;
    std::int64_t bodyLeft = 0, bodySeen = 0;
    Fault fault;
    bool stallDone = false;
    Clock::time_point stallUntil{};
    bool cutNow = false;
    bool dead = false;

    bool stalled(Clock::time_point now) const { return now < stallUntil; }
    void closeAll() {
        if (client >= 0) ::close(client);
        if (upstream >= 0) ::close(upstream);
        client = upstream = -1;
        dead = true;
    }
};

FaultProxy::FaultProxy(unsigned short targetPort) : m_targetPort(targetPort) {
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(m_listen >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(m_listen, 64) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    m_port = ntohs(addr.sin_port);
    setNonBlocking(m_listen);
    REQUIRE(::pipe2(m_wake, O_CLOEXEC | O_NONBLOCK) == 0);
    m_thread = std::thread([this] { run(); });
}

FaultProxy::~FaultProxy() {
    const char stop = 'x';
    (void)!::write(m_wake[1], &stop, 1);
    m_thread.join();
    for (auto& c : m_conns) c->closeAll();
    ::close(m_listen);
    ::close(m_wake[0]);
    ::close(m_wake[1]);
}

void FaultProxy::script(const std::vector<Fault>& faults) {
    std::lock_guard lock(m_mutex);
    m_script.insert(m_script.end(), faults.begin(), faults.end());
}

void FaultProxy::setRandomFaults(unsigned seed, std::vector<std::pair<double, Fault>> table) {
    std::lock_guard lock(m_mutex);
    m_random.emplace(seed);
    m_table = std::move(table);
}

std::vector<SeenRequest> FaultProxy::requests() const {
    std::lock_guard lock(m_mutex);
    return m_seen;
}

int FaultProxy::connectionsAccepted() const {
    std::lock_guard lock(m_mutex);
    return m_accepted;
}

FaultProxy::Traffic FaultProxy::clientTraffic() const {
    std::lock_guard lock(m_mutex);
    return m_traffic;
}

void FaultProxy::resetTraffic() {
    std::lock_guard lock(m_mutex);
    m_traffic = Traffic{};
}

Fault FaultProxy::nextFault() {
    // m_mutex held by the caller
    if (!m_script.empty()) {
        const Fault f = m_script.front();
        m_script.pop_front();
        return f;
    }
    if (m_random) {
        double x = std::uniform_real_distribution<double>(0.0, 1.0)(*m_random);
        for (const auto& [p, f] : m_table) {
            if (x < p) return f;
            x -= p;
        }
    }
    return Fault::pass();
}

// Moves what the client sent through the current request's fault.
void FaultProxy::pump(Conn& c, Clock::time_point now) {
    while (!c.dead && !c.cutNow && !c.stalled(now)) {
        if (c.state == Conn::State::Passthrough) {
            c.toUpstream += c.fromClient;
            c.fromClient.clear();
            return;
        }
        if (c.state == Conn::State::Closing) return;
        if (c.state == Conn::State::Head) {
            const std::size_t end = c.fromClient.find("\r\n\r\n");
            if (end == std::string::npos) {
                if (c.fromClient.size() > 64 * 1024) c.state = Conn::State::Passthrough;
                return;
            }
            const std::string head = c.fromClient.substr(0, end + 4);
            c.fromClient.erase(0, end + 4);
            SeenRequest seen;
            seen.at = now;
            const std::size_t sp1 = head.find(' ');
            const std::size_t sp2 = head.find(' ', sp1 + 1);
            seen.method = head.substr(0, sp1);
            seen.target = head.substr(sp1 + 1, sp2 - sp1 - 1);
            seen.connection = c.index;
            const bool chunked = ::strcasecmp(headerValue(head, "Transfer-Encoding").c_str(), "chunked") == 0;
            const std::string length = headerValue(head, "Content-Length");
            {
                std::lock_guard lock(m_mutex);
                c.fault = chunked ? Fault::pass() : nextFault();
                seen.fault = c.fault;
                m_seen.push_back(seen);
            }
            c.bodyLeft = length.empty() ? 0 : std::stoll(length);
            c.bodySeen = 0;
            c.stallDone = false;
            if (chunked) {
                c.toUpstream += head;
                c.state = Conn::State::Passthrough;
            } else if (c.fault.kind == Fault::Kind::Respond) {
                c.state = Conn::State::Discard;
            } else {
                c.toUpstream += head;
                c.state = Conn::State::Body;
            }
            continue;
        }
        if (c.state == Conn::State::Discard) {
            const auto take = std::min<std::int64_t>(c.bodyLeft, std::int64_t(c.fromClient.size()));
            c.fromClient.erase(0, std::size_t(take));
            c.bodyLeft -= take;
            if (c.bodyLeft > 0) return;
            c.toClient += injectedResponse(c.fault);
            c.state = Conn::State::Closing; // closed once the answer is written
            return;
        }
        // Body
        std::int64_t limit = c.bodyLeft;
        const bool stalls = c.fault.kind == Fault::Kind::Stall && !c.stallDone;
        const bool cuts = c.fault.kind == Fault::Kind::Cut;
        if (stalls || cuts) {
            const std::int64_t at = std::min(c.fault.afterBodyBytes, c.bodySeen + c.bodyLeft);
            if (c.bodySeen >= at) {
                if (cuts) {
                    c.cutNow = true; // closed once what came before is forwarded
                    return;
                }
                c.stallDone = true;
                c.stallUntil = now + std::chrono::milliseconds(c.fault.stallMs);
                return;
            }
            limit = std::min(limit, at - c.bodySeen);
        }
        if (limit == 0) {
            c.state = Conn::State::Head;
            continue;
        }
        const auto take = std::min<std::int64_t>(limit, std::int64_t(c.fromClient.size()));
        if (take == 0) return;
        c.toUpstream.append(c.fromClient, 0, std::size_t(take));
        c.fromClient.erase(0, std::size_t(take));
        c.bodySeen += take;
        c.bodyLeft -= take;
    }
}

void FaultProxy::run() {
    std::vector<pollfd> fds;
    std::vector<std::pair<Conn*, bool>> owners; // conn, is-client
    while (true) {
        auto now = Clock::now();
        std::erase_if(m_conns, [](const auto& c) { return c->dead; });
        fds.clear();
        owners.clear();
        fds.push_back({m_wake[0], POLLIN, 0});
        fds.push_back({m_listen, POLLIN, 0});
        owners.push_back({nullptr, false});
        owners.push_back({nullptr, false});
        int timeout = 1000;
        for (auto& cp : m_conns) {
            Conn& c = *cp;
            const bool stalled = c.stalled(now);
            if (stalled)
                timeout = std::min<int>(timeout, int(std::chrono::ceil<std::chrono::milliseconds>(c.stallUntil - now).count()));
            short ce = 0, ue = 0;
            if (!stalled) {
                if (!c.cutNow && c.state != Conn::State::Closing && c.fromClient.size() < kMaxBuffered) ce |= POLLIN;
                if (!c.toClient.empty()) ce |= POLLOUT;
                if (c.state != Conn::State::Closing && c.toClient.size() < kMaxBuffered) ue |= POLLIN;
                if (!c.toUpstream.empty()) ue |= POLLOUT;
            }
            fds.push_back({c.client, ce, 0});
            owners.push_back({&c, true});
            fds.push_back({c.upstream, ue, 0});
            owners.push_back({&c, false});
        }
        ::poll(fds.data(), fds.size(), std::max(0, timeout));
        if (fds[0].revents) return;
        now = Clock::now();

        if (fds[1].revents & POLLIN) {
            while (true) {
                const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
                if (fd < 0) break;
                const int up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
                sockaddr_in addr{};
                addr.sin_family = AF_INET;
                addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
                addr.sin_port = htons(m_targetPort);
                if (up < 0 || ::connect(up, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
                    if (up >= 0) ::close(up);
                    ::close(fd);
                    continue;
                }
                setNonBlocking(up);
                const int one = 1;
                ::setsockopt(up, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                auto c = std::make_unique<Conn>();
                c->client = fd;
                c->upstream = up;
                {
                    std::lock_guard lock(m_mutex);
                    c->index = m_accepted++;
                }
                m_conns.push_back(std::move(c)); // polled from the next round
            }
        }

        char buffer[64 * 1024];
        for (std::size_t i = 2; i < fds.size(); ++i) {
            Conn& c = *owners[i].first;
            if (c.dead) continue;
            const short re = fds[i].revents;
            if (!re) continue;
            const int fd = fds[i].fd;
            if (owners[i].second) { // client side
                if (re & POLLIN) {
                    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
                    if (n <= 0) {
                        c.closeAll();
                        continue;
                    }
                    c.fromClient.append(buffer, std::size_t(n));
                    std::lock_guard lock(m_mutex);
                    if (m_traffic.bytes == 0) m_traffic.first = now;
                    m_traffic.bytes += n;
                    m_traffic.last = now;
                } else if (re & (POLLERR | POLLHUP)) {
                    c.closeAll();
                    continue;
                }
                if ((re & POLLOUT) && !c.toClient.empty()) {
                    const ssize_t n = ::send(fd, c.toClient.data(), c.toClient.size(), MSG_NOSIGNAL);
                    if (n < 0 && errno != EAGAIN) {
                        c.closeAll();
                        continue;
                    }
                    if (n > 0) c.toClient.erase(0, std::size_t(n));
                }
            } else { // upstream side
                if (re & POLLIN) {
                    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
                    if (n <= 0) {
                        // The host closed: hand the client what it said, then close.
                        if (!c.toClient.empty())
                            (void)!::send(c.client, c.toClient.data(), c.toClient.size(), MSG_NOSIGNAL);
                        c.closeAll();
                        continue;
                    }
                    c.toClient.append(buffer, std::size_t(n));
                } else if (re & (POLLERR | POLLHUP)) {
                    c.closeAll();
                    continue;
                }
                if ((re & POLLOUT) && !c.toUpstream.empty()) {
                    const ssize_t n = ::send(fd, c.toUpstream.data(), c.toUpstream.size(), MSG_NOSIGNAL);
                    if (n < 0 && errno != EAGAIN) {
                        c.closeAll();
                        continue;
                    }
                    if (n > 0) c.toUpstream.erase(0, std::size_t(n));
                }
            }
        }
        for (auto& cp : m_conns) {
            Conn& c = *cp;
            if (c.dead) continue;
            pump(c, now);
            if (c.cutNow && c.toUpstream.empty()) c.closeAll();
            else if (c.state == Conn::State::Closing && c.toClient.empty()) c.closeAll();
        }
    }
}

} // namespace pd::test
