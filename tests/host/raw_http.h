// A deliberately small HTTP/1.1 client over a raw TCP socket, for talking to proofdesk-host the
// way a hostile or slow client would: bytes exactly as written, at the pace the test wants.
#pragma once

#include <QJsonDocument>

#include <map>
#include <string>
#include <string_view>

namespace pd::test {

struct RawResponse {
    int status = 0;                             // 0: the connection closed before a whole response
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
    QJsonDocument json() const { return QJsonDocument::fromJson(QByteArray::fromStdString(body)); }
    std::string errorMessage() const; // the "error.message" of a JSON error body
    std::string header(const std::string& lowerName) const {
        const auto it = headers.find(lowerName);
        return it == headers.end() ? std::string() : it->second;
    }
};

// One TCP connection to 127.0.0.1:port (the test fails if it cannot connect).
class RawConnection {
public:
    explicit RawConnection(unsigned short port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    // Sends every byte; false when the server closed or reset the connection.
    bool send(std::string_view bytes);
    // Reads one response (Content-Length or chunked body); status 0 when the connection closed
    // first or nothing came within timeoutMs (a hang guard, not a measurement).
    RawResponse readResponse(int timeoutMs = 20000);
    // Waits until the server closes the connection (EOF or reset): true when it did within timeoutMs.
    bool waitClosed(int timeoutMs);
    unsigned short localPort() const;

private:
    // Reads more bytes into m_pending; false on close, error or timeout.
    bool fill(int timeoutMs);
    int m_fd = -1;
    std::string m_pending;
};

// Tries to connect: false when refused.
bool canConnect(unsigned short port);

// "METHOD target HTTP/1.1" with Host, the token as a bearer (when given), Content-Type and
// Content-Length for a body, and `extraHeaders` ("Name: value\r\n" lines).
std::string httpRequest(std::string_view method, std::string_view target, std::string_view token = {},
                        std::string_view body = {}, std::string_view extraHeaders = {});

// One request on a fresh connection.
RawResponse roundTrip(unsigned short port, std::string_view method, std::string_view target,
                      std::string_view token = {}, std::string_view body = {});

// Whether the server process has read everything this connection sent (its receive queue for
// the connection is empty in /proc/PID/net/tcp).
bool serverHasReadAll(long long serverPid, unsigned short serverPort, unsigned short clientPort);

} // namespace pd::test
