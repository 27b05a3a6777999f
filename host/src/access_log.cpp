// The access log's line format, and its one write per line.
#include "pd/host/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <ctime>
#include <string>

namespace pd::host {

namespace {
// Appends at most `maxIn` bytes of `s`, and at most `maxOut` bytes of output, with control bytes,
// quotes, backslashes and non-ASCII as \xHH; "..." when cut short.
void appendEscaped(std::string& out, std::string_view s, std::size_t maxIn, std::size_t maxOut) {
    static const char* hex = "0123456789abcdef";
    std::size_t written = 0, i = 0;
    for (; i < s.size() && i < maxIn; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            if (written + 4 > maxOut) break;
            const char esc[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
            out.append(esc, 4);
            written += 4;
        } else {
            if (written + 1 > maxOut) break;
            out += char(c);
            ++written;
        }
    }
    if (i < s.size()) out += "...";
}

template <class T> void appendNumber(std::string& out, T value) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, r.ptr);
}

// "2026-05-01T10:00:00.123Z" (UTC): the part up to the seconds is formatted once a second per thread.
void appendTime(std::string& out) {
    struct Cache {
        std::time_t second = -1;
        char text[32] = {};
        std::size_t size = 0;
    };
    thread_local Cache cache;
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    if (now.tv_sec != cache.second) {
        std::tm tm{};
        gmtime_r(&now.tv_sec, &tm);
        cache.size = std::strftime(cache.text, sizeof cache.text, "%Y-%m-%dT%H:%M:%S.", &tm);
        cache.second = now.tv_sec;
    }
    out.append(cache.text, cache.size);
    const long ms = now.tv_nsec / 1000000;
    const char digits[4] = {char('0' + ms / 100), char('0' + ms / 10 % 10), char('0' + ms % 10), 'Z'};
    out.append(digits, 4);
}
} // namespace

std::string AccessLog::loggedTarget(std::string_view method, std::string_view target) {
    std::string out(target);
    // Shares: the token is the whole credential.
    if (out.rfind("/s/", 0) == 0) {
        const auto end = out.find_first_of("/?#", 3);
        out.replace(3, end == std::string::npos ? std::string::npos : end - 3, "<redacted>");
    }
    // A gallery form post carries its secrets in the body; a query string on it could only be a
    // mistake (an access code sent as ?code=...): never written down.
    if (method == "POST" && out.rfind("/g/", 0) == 0) out = out.substr(0, out.find('?'));
    return out;
}

Result<std::unique_ptr<AccessLog>> AccessLog::open(const QString& path) {
    if (path == QLatin1String("off")) return std::unique_ptr<AccessLog>(new AccessLog(-1, false));
    if (path.isEmpty() || path == QLatin1String("-"))
        return std::unique_ptr<AccessLog>(new AccessLog(STDERR_FILENO, false));
    const int fd = ::open(path.toLocal8Bit().constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) return makeError(ErrorCode::Io, QStringLiteral("cannot open the access log for appending"), path);
    return std::unique_ptr<AccessLog>(new AccessLog(fd, true));
}

AccessLog::~AccessLog() {
    if (m_owned) ::close(m_fd);
}

void AccessLog::write(const AccessLogEntry& e) {
    if (m_fd < 0) return;
    thread_local std::string line;
    line.clear();
    line.reserve(kMaxLineBytes);
    appendTime(line);
    line += ' ';
    if (e.client.empty()) {
        appendEscaped(line, e.remote, 64, 256);
    } else {
        appendEscaped(line, e.client, 64, 256);
        line += " via ";
        appendEscaped(line, e.remote, 64, 256);
    }
    line += " \"";
    if (e.method.empty())
        line += '-';
    else
        appendEscaped(line, e.method, 16, 64);
    line += ' ';
    // Only a target that needs rewriting is copied.
    const bool rewrite = e.target.rfind("/s/", 0) == 0 || (e.method == "POST" && e.target.rfind("/g/", 0) == 0);
    appendEscaped(line, rewrite ? std::string_view(loggedTarget(e.method, e.target)) : e.target, std::string::npos, 2048);
    line += "\" ";
    appendNumber(line, e.status);
    line += ' ';
    appendNumber(line, static_cast<unsigned long long>(e.bytes));
    line += ' ';
    char ms[32];
    const auto r = std::to_chars(ms, ms + sizeof ms, e.milliseconds, std::chars_format::fixed, 1);
    line.append(ms, r.ptr);
    line += "ms\n";
    // One write: with O_APPEND (or a pipe, the line being under PIPE_BUF) lines never interleave.
    const char* p = line.data();
    std::size_t left = line.size();
    while (left > 0) {
        const ssize_t n = ::write(m_fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return; // a full disk or a closed pipe: the request is served anyway
        p += n;
        left -= std::size_t(n);
    }
}

} // namespace pd::host
