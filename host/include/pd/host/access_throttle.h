// Slows down guessing of gallery access codes: failures are counted per (client, gallery) and,
// past a few, every further attempt must wait a delay that doubles with each failure.
#pragma once

#include <QString>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <utility>

namespace pd::host {

struct ThrottlePolicy {
    int freeFailures = 5;                              // failures allowed before any lockout
    std::chrono::seconds window{15 * 60};              // a key's count is forgotten after this long without a failure
    std::chrono::seconds firstDelay{2};                // lockout after failure freeFailures (then doubling)
    std::chrono::seconds maxDelay{15 * 60};
    std::size_t maxKeys = 100000;                      // memory bound: idle keys are dropped beyond it
};

// Threads: every method from any thread at once (one mutex). The clock is injectable so the
// policy can be tested without waiting.
class AccessThrottle {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit AccessThrottle(ThrottlePolicy policy = {}, Clock clock = [] { return std::chrono::steady_clock::now(); });

    // Zero when (client, gallery) may try a code now; otherwise how long it must still wait.
    // An attempt while locked out is refused whether its code is right or not.
    std::chrono::seconds retryAfter(const QString& client, const QString& gallery);
    // Counts a wrong code; returns the failures counted for this key in the current window.
    int recordFailure(const QString& client, const QString& gallery);
    // A right code (outside a lockout): forgets the key's failures.
    void recordSuccess(const QString& client, const QString& gallery);

private:
    struct Entry {
        int failures = 0;
        std::chrono::steady_clock::time_point lastFailure;
        std::chrono::steady_clock::time_point lockedUntil;
    };
    using Key = std::pair<QString, QString>;
    // Drops entries idle for longer than the window and not locked; caller holds m_mutex.
    void pruneLocked(std::chrono::steady_clock::time_point now);

    ThrottlePolicy m_policy;
    Clock m_clock;
    std::mutex m_mutex;
    std::map<Key, Entry> m_entries;
};

} // namespace pd::host
