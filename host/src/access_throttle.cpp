// Per (client, gallery) failure counting with doubling lockouts, bounded in memory.
#include "pd/host/access_throttle.h"

#include <algorithm>
#include <vector>

namespace pd::host {

using std::chrono::seconds;
using std::chrono::steady_clock;

AccessThrottle::AccessThrottle(ThrottlePolicy policy, Clock clock) : m_policy(policy), m_clock(std::move(clock)) {}

seconds AccessThrottle::retryAfter(const QString& client, const QString& gallery) {
    const auto now = m_clock();
    std::lock_guard lock(m_mutex);
    const auto it = m_entries.find({client, gallery});
    if (it == m_entries.end() || it->second.lockedUntil <= now) return seconds(0);
    // Round up: a client told "1 s" must not come back a few milliseconds early.
    const auto left = it->second.lockedUntil - now;
    return std::max(seconds(1), std::chrono::ceil<seconds>(left));
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
