// One line per HTTP request, to stderr or a file, or nowhere ("off"). Each line is formatted
// into a buffer of the calling thread and goes out in one write(2) on an O_APPEND descriptor,
// without a lock: lines from different server threads never interleave (a line is at most
// kMaxLineBytes, under PIPE_BUF, so this holds for pipes too).
#pragma once

#include "pd/core/result.h"

#include <QString>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace pd::host {

struct AccessLogEntry {
    std::string_view remote;
    std::string_view method; // empty when the request line never arrived whole
    std::string_view target;
    int status = 0;          // 0: the connection was closed without a response
    std::uint64_t bytes = 0; // response body bytes
    double milliseconds = 0; // from the request's first byte to the response's last
    std::string_view client; // set when a trusted proxy named a client other than the peer
};

// Threads: write() from any thread.
class AccessLog {
public:
    // `path` empty or "-": stderr; "off": no log at all (./off for a file of that name).
    // Otherwise appended to. Errors: Io.
    static Result<std::unique_ptr<AccessLog>> open(const QString& path);
    ~AccessLog();
    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    // "2026-05-01T10:00:00.123Z 127.0.0.1:5555 "GET /api/v1/me" 200 57 1.2ms", or
    // "... 203.0.113.7 via 10.0.0.2:5555 ..." behind a trusted proxy; control characters and
    // quotes in the target are escaped, so a hostile target cannot forge a line. Secrets in
    // targets are not written: see loggedTarget().
    // The target is cut at 2048 escaped bytes ("..." follows); a line never exceeds kMaxLineBytes.
    void write(const AccessLogEntry& entry);
    bool enabled() const { return m_fd >= 0; }
    static constexpr std::size_t kMaxLineBytes = 4096;

    // The target as logged: a share's token becomes "<redacted>" (/s/<token>/... →
    // /s/<redacted>/...), and a POST under /g/ (a gallery login) loses its query string.
    static std::string loggedTarget(std::string_view method, std::string_view target);

private:
    AccessLog(int fd, bool owned) : m_fd(fd), m_owned(owned) {}
    int m_fd; // -1: off
    bool m_owned;
};

} // namespace pd::host
