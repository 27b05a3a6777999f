// The upload speed cap: a token bucket of body bytes shared by every transfer. Engine thread only.
#pragma once

#include <chrono>
#include <cstdint>

namespace pd::upload {

class TokenBucket {
public:
    using Clock = std::chrono::steady_clock;

    // 0 turns the cap off. The bucket starts empty (no burst at the start of an upload) and holds
    // at most 1/10 s of the rate (16 KiB at least): enough to make up for the engine thread
    // waking late, and the most any second can carry above the rate (after an idle moment).
    void setRate(std::int64_t bytesPerSecond, Clock::time_point now);
    bool enabled() const { return m_rate > 0; }

    // Takes up to `wanted` bytes: all of them, or what is there when that is at least the chunk
    // size (the smaller of `wanted` and a rate-dependent minimum), otherwise nothing (0: wait).
    std::int64_t take(std::int64_t wanted, Clock::time_point now);
    // How long until a take of `wanted` bytes would succeed (zero when it would now).
    std::chrono::milliseconds waitFor(std::int64_t wanted, Clock::time_point now);

private:
    void refill(Clock::time_point now);
    std::int64_t chunk(std::int64_t wanted) const;

    std::int64_t m_rate = 0;
    double m_tokens = 0;
    double m_capacity = 0;
    Clock::time_point m_last;
};

} // namespace pd::upload
