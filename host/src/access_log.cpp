// The access log's line format and its one lock.
#include "pd/host/access_log.h"

#include <QDateTime>

#include <string>

namespace pd::host {

namespace {
// At most `max` bytes of `s`, with control bytes, quotes, backslashes and non-ASCII as \xHH.
std::string escaped(std::string_view s, std::size_t max = 2048) {
    static const char* hex = "0123456789abcdef";
    std::string out;
    out.reserve(std::min(s.size(), max));
    for (std::size_t i = 0; i < s.size() && i < max; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += char(c);
        }
    }
    if (s.size() > max) out += "...";
    return out;
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
    if (path.isEmpty() || path == QLatin1String("-")) return std::unique_ptr<AccessLog>(new AccessLog(stderr, false));
    std::FILE* f = std::fopen(path.toLocal8Bit().constData(), "a");
    if (!f) return makeError(ErrorCode::Io, QStringLiteral("cannot open the access log for appending"), path);
    return std::unique_ptr<AccessLog>(new AccessLog(f, true));
}

AccessLog::~AccessLog() {
    if (m_owned) std::fclose(m_file);
}

void AccessLog::write(const AccessLogEntry& e) {
    const QByteArray time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1();
    const std::string method = e.method.empty() ? std::string("-") : escaped(e.method, 16);
    const std::string target = escaped(loggedTarget(e.method, e.target));
    const std::string remote =
        e.client.empty() ? escaped(e.remote, 64) : escaped(e.client, 64) + " via " + escaped(e.remote, 64);
    std::lock_guard lock(m_lock);
    std::fprintf(m_file, "%s %s \"%s %s\" %d %llu %.1fms\n", time.constData(), remote.c_str(), method.c_str(),
                 target.c_str(), e.status, static_cast<unsigned long long>(e.bytes), e.milliseconds);
    std::fflush(m_file);
}

} // namespace pd::host
