// The shared upload speed cap (see token_bucket.h).
#include "token_bucket.h"

#include <algorithm>
#include <cmath>

namespace pd::upload {

void TokenBucket::setRate(std::int64_t bytesPerSecond, Clock::time_point now) {
    refill(now);
    m_rate = std::max<std::int64_t>(0, bytesPerSecond);
    m_capacity = std::max(16.0 * 1024, double(m_rate) / 10.0);
    m_tokens = std::min(m_tokens, m_capacity);
    m_last = now;
}

void TokenBucket::refill(Clock::time_point now) {
    if (m_rate <= 0) return;
    const double seconds = std::chrono::duration<double>(now - m_last).count();
    if (seconds > 0) m_tokens = std::min(m_capacity, m_tokens + seconds * double(m_rate));
    m_last = now;
}

std::int64_t TokenBucket::chunk(std::int64_t wanted) const {
    // Small enough to keep the rate smooth, large enough not to wake up for every packet.
    const std::int64_t minimum = std::clamp<std::int64_t>(m_rate / 100, 512, 16 * 1024);
    return std::max<std::int64_t>(1, std::min(wanted, minimum));
}

std::int64_t TokenBucket::take(std::int64_t wanted, Clock::time_point now) {
    if (m_rate <= 0) return wanted;
    refill(now);
    const auto have = std::int64_t(m_tokens);
    if (have < chunk(wanted)) return 0;
    const std::int64_t given = std::min(wanted, have);
    m_tokens -= double(given);
    return given;
}

std::chrono::milliseconds TokenBucket::waitFor(std::int64_t wanted, Clock::time_point now) {
    if (m_rate <= 0) return std::chrono::milliseconds(0);
    refill(now);
    const double missing = double(chunk(wanted)) - m_tokens;
    if (missing <= 0) return std::chrono::milliseconds(0);
    return std::chrono::milliseconds(std::int64_t(std::ceil(missing * 1000.0 / double(m_rate))));
}

} // namespace pd::upload
