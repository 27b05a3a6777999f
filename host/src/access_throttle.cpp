// Per (client, gallery) and per gallery failure counting with doubling lockouts, bounded in memory.
#include "pd/host/access_throttle.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace pd::host {

using std::chrono::seconds;
using std::chrono::steady_clock;

QString throttleClientKey(const std::string& address) {
    std::string text = address;
    if (text.size() > 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    if (const auto zone = text.find('%'); zone != std::string::npos) text.resize(zone);
    unsigned char v6[16];
    if (text.find(':') == std::string::npos || inet_pton(AF_INET6, text.c_str(), v6) != 1)
        return QString::fromStdString(address);
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    char out[INET6_ADDRSTRLEN] = {};
    if (std::memcmp(v6, kMapped, sizeof kMapped) == 0) {
        inet_ntop(AF_INET, v6 + 12, out, sizeof out);
        return QString::fromLatin1(out);
    }
    std::memset(v6 + 8, 0, 8);
    inet_ntop(AF_INET6, v6, out, sizeof out);
    return QString::fromLatin1(out) + QStringLiteral("/64");
}

AccessThrottle::AccessThrottle(ThrottlePolicy policy, Clock clock) : m_policy(policy), m_clock(std::move(clock)) {}

seconds AccessThrottle::retryAfter(const QString& client, const QString& gallery) {
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    steady_clock::time_point until = now;
    if (const auto it = m_entries.find({client, gallery}); it != m_entries.end())
        until = std::max(until, it->second.lockedUntil);
    if (const auto it = m_galleries.find(gallery); it != m_galleries.end())
        until = std::max(until, it->second.lockedUntil);
    if (until <= now) return seconds(0);
    // Round up: a client told "1 s" must not come back a few milliseconds early.
    return std::max(seconds(1), std::chrono::ceil<seconds>(until - now));
}

int AccessThrottle::galleryFailures(const QString& gallery) {
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    const auto it = m_galleries.find(gallery);
    if (it == m_galleries.end()) return 0;
    const Entry& e = it->second;
    return now - e.lastFailure > m_policy.window && e.lockedUntil <= now ? 0 : e.failures;
}

int AccessThrottle::recordFailure(const QString& client, const QString& gallery) {
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    if (m_entries.size() >= m_policy.maxKeys) pruneLocked(now);
    Entry& e = m_entries[{client, gallery}];
    if (e.failures > 0 && now - e.lastFailure > m_policy.window && e.lockedUntil <= now) e = Entry{};
    ++e.failures;
    e.lastFailure = now;
    if (e.failures >= m_policy.freeFailures) {
        // 2 s at the fifth failure, then 4, 8, ... up to the ceiling.
        const int doublings = std::min(e.failures - m_policy.freeFailures, 20);
        const seconds delay = std::min(m_policy.maxDelay, m_policy.firstDelay * (std::int64_t(1) << doublings));
        e.lockedUntil = now + delay;
    }
    // The same count for the gallery as a whole, with its own threshold and ceiling. Galleries
    // exist in the store (the caller checked), so this map stays as small as the site.
    if (m_galleries.size() >= m_policy.maxKeys)
        std::erase_if(m_galleries, [&](const auto& g) {
            return now - g.second.lastFailure > m_policy.window && g.second.lockedUntil <= now;
        });
    Entry& g = m_galleries[gallery];
    if (g.failures > 0 && now - g.lastFailure > m_policy.window && g.lockedUntil <= now) g = Entry{};
    ++g.failures;
    g.lastFailure = now;
    if (g.failures >= m_policy.galleryFreeFailures) {
        const int doublings = std::min(g.failures - m_policy.galleryFreeFailures, 20);
        g.lockedUntil = now + std::min(m_policy.galleryMaxDelay, m_policy.firstDelay * (std::int64_t(1) << doublings));
    }
    return e.failures;
}

void AccessThrottle::recordSuccess(const QString& client, const QString& gallery) {
    std::lock_guard lock(m_mutex);
    m_entries.erase({client, gallery});
}

void AccessThrottle::pruneLocked(steady_clock::time_point now) {
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        const Entry& e = it->second;
        const bool idle = now - e.lastFailure > m_policy.window && e.lockedUntil <= now;
        it = idle ? m_entries.erase(it) : std::next(it);
    }
    if (m_entries.size() < m_policy.maxKeys) return;
    // Still full (a flood of fresh keys): drop the half that failed longest ago. Their next
    // attempts start counting again, which costs an attacker more than it gains them.
    std::vector<std::pair<steady_clock::time_point, Key>> byAge;
    byAge.reserve(m_entries.size());
    for (const auto& [k, e] : m_entries) byAge.emplace_back(e.lastFailure, k);
    const auto half = byAge.begin() + std::ptrdiff_t(byAge.size() / 2);
    std::nth_element(byAge.begin(), half, byAge.end());
    for (auto it = byAge.begin(); it != half; ++it) m_entries.erase(it->second);
}

} // namespace pd::host
