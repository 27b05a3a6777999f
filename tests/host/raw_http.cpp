// The host suites' raw-socket HTTP client.
#include "raw_http.h"

#include <catch2/catch.hpp>

#include <QFile>
#include <QJsonObject>
#include <QStringList>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pd::test {

namespace {

int connectTo(unsigned short port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

} // namespace

std::string RawResponse::errorMessage() const {
    return json()
        .object()
        .value(QStringLiteral("error"))
        .toObject()
        .value(QStringLiteral("message"))
        .toString()
        .toStdString();
}

RawConnection::RawConnection(unsigned short port) : m_fd(connectTo(port)) {
    REQUIRE(m_fd >= 0);
}

RawConnection::~RawConnection() {
    if (m_fd >= 0) ::close(m_fd);
}

bool RawConnection::send(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        bytes.remove_prefix(std::size_t(n));
    }
    return true;
}

bool RawConnection::fill(int timeoutMs) {
    pollfd p{m_fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeoutMs);
    if (ready <= 0) return false;
    char buf[65536];
    const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    m_pending.append(buf, std::size_t(n));
    return true;
}

RawResponse RawConnection::readResponse(int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    const auto left = [&] {
        return int(std::max<long long>(
            0, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
                   .count()));
    };
    std::size_t end;
    while ((end = m_pending.find("\r\n\r\n")) == std::string::npos)
        if (!fill(left())) return {};
    RawResponse r;
    const std::string head = m_pending.substr(0, end);
    m_pending.erase(0, end + 4);
    const QStringList lines = QString::fromStdString(head).split(QStringLiteral("\r\n"));
    const QStringList statusLine = lines.value(0).split(QLatin1Char(' '));
    if (statusLine.size() < 2 || !statusLine[0].startsWith(QLatin1String("HTTP/1."))) return {};
    for (int i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(QLatin1Char(':'));
        if (colon > 0)
            r.headers[lower(lines[i].left(colon).toStdString())] = lines[i].mid(colon + 1).trimmed().toStdString();
    }
    if (r.headers["transfer-encoding"] == "chunked") {
        for (;;) {
            std::size_t eol;
            while ((eol = m_pending.find("\r\n")) == std::string::npos)
                if (!fill(left())) return {};
            const std::size_t size = std::stoul(m_pending.substr(0, eol), nullptr, 16);
            while (m_pending.size() < eol + 2 + size + 2)
                if (!fill(left())) return {};
            r.body += m_pending.substr(eol + 2, size);
            m_pending.erase(0, eol + 2 + size + 2);
            if (size == 0) break;
        }
    } else {
        const std::size_t length = r.headers.count("content-length") ? std::stoul(r.headers["content-length"]) : 0;
        while (m_pending.size() < length)
            if (!fill(left())) return {};
        r.body = m_pending.substr(0, length);
        m_pending.erase(0, length);
    }
    r.status = statusLine[1].toInt();
    return r;
}

bool RawConnection::waitClosed(int timeoutMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, int(left.count())) <= 0) continue;
        char buf[4096];
        const ssize_t n = ::recv(m_fd, buf, sizeof buf, 0);
        if (n <= 0) return true; // EOF or reset
    }
}

unsigned short RawConnection::localPort() const {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&a), &len);
    return ntohs(a.sin_port);
}

bool canConnect(unsigned short port) {
    const int fd = connectTo(port);
    if (fd < 0) return false;
    ::close(fd);
    return true;
}

std::string httpRequest(std::string_view method, std::string_view target, std::string_view token, std::string_view body,
                        std::string_view extraHeaders) {
    std::string r;
    r.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if (!token.empty()) r.append("Authorization: Bearer ").append(token).append("\r\n");
    if (!body.empty() || method == "PUT")
        r.append("Content-Type: application/json\r\nContent-Length: ")
            .append(std::to_string(body.size()))
            .append("\r\n");
    r.append(extraHeaders).append("\r\n").append(body);
    return r;
}

RawResponse roundTrip(unsigned short port, std::string_view method, std::string_view target, std::string_view token,
                      std::string_view body) {
    RawConnection c(port);
    REQUIRE(c.send(httpRequest(method, target, token, body, "Connection: close\r\n")));
    return c.readResponse();
}

bool serverHasReadAll(long long serverPid, unsigned short serverPort, unsigned short clientPort) {
    QFile f(QStringLiteral("/proc/%1/net/tcp").arg(serverPid));
    if (!f.open(QIODevice::ReadOnly)) return false;
    const QString local = QStringLiteral(":%1").arg(serverPort, 4, 16, QLatin1Char('0')).toUpper();
    const QString remote = QStringLiteral(":%1").arg(clientPort, 4, 16, QLatin1Char('0')).toUpper();
    for (const QString& line : QString::fromLatin1(f.readAll()).split(QLatin1Char('\n'))) {
        const QStringList f2 = line.simplified().split(QLatin1Char(' '));
        if (f2.size() < 5 || !f2[1].endsWith(local) || !f2[2].endsWith(remote)) continue;
        return f2[4].section(QLatin1Char(':'), 1, 1).toULongLong(nullptr, 16) == 0; // tx_queue:rx_queue
    }
    return false;
}

} // namespace pd::test
