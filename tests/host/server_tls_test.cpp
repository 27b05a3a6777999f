// HTTPS on the real proofdesk-host: a self-signed certificate made with the openssl CLI, a
// client speaking TLS through OpenSSL, the same limits and timeouts as plain HTTP, HSTS, and a
// clean refusal of plain HTTP on the TLS port.
#include <catch2/catch.hpp>

#include "host_process.h"
#include "raw_http.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace pd::test;

namespace {

// A self-signed EC certificate for 127.0.0.1 in `dir`: cert.pem and key.pem.
void makeCertificate(const QString& dir) {
    QProcess p;
    p.start(QStringLiteral("openssl"),
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
             QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
             QStringLiteral("-keyout"), QDir(dir).filePath(QStringLiteral("key.pem")), QStringLiteral("-out"),
             QDir(dir).filePath(QStringLiteral("cert.pem")), QStringLiteral("-days"), QStringLiteral("2"),
             QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"),
             QStringLiteral("subjectAltName=IP:127.0.0.1")});
    INFO("the openssl CLI (Debian package openssl) makes the test certificate");
    REQUIRE(p.waitForStarted());
    REQUIRE(p.waitForFinished(60000));
    INFO(p.readAllStandardError().toStdString());
    REQUIRE(p.exitCode() == 0);
}

QStringList tlsArgs(const QString& dir) {
    return {QStringLiteral("--tls-cert"), QDir(dir).filePath(QStringLiteral("cert.pem")), QStringLiteral("--tls-key"),
            QDir(dir).filePath(QStringLiteral("key.pem"))};
}

// One TLS connection to 127.0.0.1:port that trusts exactly `certFile`.
class TlsClient {
public:
    TlsClient(unsigned short port, const QString& certFile, int maxVersion = 0) {
        m_ctx = SSL_CTX_new(TLS_client_method());
        REQUIRE(m_ctx);
        REQUIRE(SSL_CTX_load_verify_locations(m_ctx, certFile.toLocal8Bit().constData(), nullptr) == 1);
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_PEER, nullptr);
        if (maxVersion) {
            SSL_CTX_set_min_proto_version(m_ctx, 0);
            SSL_CTX_set_max_proto_version(m_ctx, maxVersion);
            SSL_CTX_set_security_level(m_ctx, 0); // let this client offer the old versions at all
        }
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(port);
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(m_fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        timeval tv{20, 0}; // a hang guard
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        m_ssl = SSL_new(m_ctx);
        SSL_set_fd(m_ssl, m_fd);
        SSL_set1_host(m_ssl, "127.0.0.1");
    }
    ~TlsClient() {
        if (m_ssl) SSL_free(m_ssl);
        if (m_fd >= 0) ::close(m_fd);
        SSL_CTX_free(m_ctx);
    }
    bool handshake() { return SSL_connect(m_ssl) == 1; }
    std::string version() const { return SSL_get_version(m_ssl); }
    // Sends `request` (which should say Connection: close) and reads until the server closes.
    std::string exchange(const std::string& request) {
        REQUIRE(SSL_write(m_ssl, request.data(), int(request.size())) == int(request.size()));
        std::string out;
        char buf[16384];
        for (;;) {
            const int n = SSL_read(m_ssl, buf, sizeof buf);
            if (n <= 0) break;
            out.append(buf, std::size_t(n));
        }
        return out;
    }

private:
    SSL_CTX* m_ctx = nullptr;
    SSL* m_ssl = nullptr;
    int m_fd = -1;
};

std::string headerOf(const std::string& response, const std::string& name) {
    const auto head = response.substr(0, response.find("\r\n\r\n"));
    const auto at = head.find("\r\n" + name + ": ");
    if (at == std::string::npos) return {};
    const auto start = at + name.size() + 4;
    return head.substr(start, head.find("\r\n", start) - start);
}

} // namespace

TEST_CASE("HTTPS with a certificate and key: HSTS, TLS 1.2 or newer, the same limits", "[host][server][tls]") {
    QTemporaryDir dir;
    makeCertificate(dir.path());
    HostServer server(dir.path(), tlsArgs(dir.path()));
    const QString cert = QDir(dir.path()).filePath(QStringLiteral("cert.pem"));
    {
        TlsClient c(server.port(), cert);
        REQUIRE(c.handshake());
        CHECK((c.version() == "TLSv1.2" || c.version() == "TLSv1.3"));
        const std::string r = c.exchange("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        CHECK(r.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
        CHECK(r.substr(r.find("\r\n\r\n") + 4) == R"({"status":"ok"})");
        CHECK(headerOf(r, "Strict-Transport-Security") == "max-age=31536000");
        CHECK(headerOf(r, "X-Content-Type-Options") == "nosniff");
    }
    { // the same limits as plain HTTP: a header flood is 431 over TLS too
        TlsClient c(server.port(), cert);
        REQUIRE(c.handshake());
        const std::string r =
            c.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(40000, 'a') + "\r\n\r\n");
        CHECK(r.rfind("HTTP/1.1 431 ", 0) == 0);
    }
    { // a client that offers only TLS 1.1 or older gets no connection
        TlsClient old(server.port(), cert, TLS1_1_VERSION);
        CHECK_FALSE(old.handshake());
    }
    bool logged = false; // the line is written once the response is: poll (a hang guard)
    for (int waited = 0; waited < 15000 && !logged; waited += 20) {
        logged = server.accessLog().contains(QStringLiteral("\"GET /healthz\" 200"));
        if (!logged) QThread::msleep(20);
    }
    CHECK(logged);
}

TEST_CASE("plain HTTP to the TLS port gets a plain 400 and is closed", "[host][server][tls]") {
    QTemporaryDir dir;
    makeCertificate(dir.path());
    HostServer server(dir.path(), tlsArgs(dir.path()));
    RawConnection c(server.port());
    REQUIRE(c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
    const RawResponse r = c.readResponse();
    CHECK(r.status == 400);
    CHECK_THAT(r.errorMessage(), Catch::Contains("HTTPS"));
    CHECK(c.waitClosed(15000));
    // The server carries on with TLS clients.
    TlsClient ok(server.port(), QDir(dir.path()).filePath(QStringLiteral("cert.pem")));
    REQUIRE(ok.handshake());
    CHECK(ok.exchange("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").rfind("HTTP/1.1 200", 0) == 0);
}

TEST_CASE("a TLS handshake that never finishes is cut off by the request timeout", "[host][server][tls]") {
    QTemporaryDir dir;
    makeCertificate(dir.path());
    HostServer server(dir.path(), tlsArgs(dir.path()) + QStringList{QStringLiteral("--request-timeout"),
                                                                    QStringLiteral("1s"),
                                                                    QStringLiteral("--idle-timeout"),
                                                                    QStringLiteral("10m")});
    RawConnection silent(server.port()); // connects, never says hello
    RawConnection stalled(server.port());
    REQUIRE(stalled.send(std::string("\x16\x03\x01\x02\x00\x01", 6))); // the start of a ClientHello, then nothing
    CHECK(silent.waitClosed(15000));
    CHECK(stalled.waitClosed(15000));
}

TEST_CASE("serve refuses a TLS key that does not match, or a certificate without a key", "[host][server][tls]") {
    QTemporaryDir dir, other;
    makeCertificate(dir.path());
    makeCertificate(other.path());
    const auto r = runHost({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                            QStringLiteral("--data"), dir.path(), QStringLiteral("--tls-cert"),
                            QDir(dir.path()).filePath(QStringLiteral("cert.pem")), QStringLiteral("--tls-key"),
                            QDir(other.path()).filePath(QStringLiteral("key.pem"))});
    CHECK(r.exitCode == 1);
    CHECK(QString::fromUtf8(r.err).contains(QStringLiteral("does not belong")));
    const auto half = runHost({QStringLiteral("serve"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                               QStringLiteral("--data"), dir.path(), QStringLiteral("--tls-cert"),
                               QDir(dir.path()).filePath(QStringLiteral("cert.pem"))});
    CHECK(half.exitCode == 2);
    CHECK(QString::fromUtf8(half.err).contains(QStringLiteral("--tls-key")));
}
