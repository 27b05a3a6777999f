// Slows down guessing of gallery access codes: failures are counted per (client, gallery) and,
// past a few, every further attempt must wait a delay that doubles with each failure; failures
// are also counted per gallery from all clients together, so that many addresses guessing at
// once (a botnet, an IPv6 network's addresses) slow down every client of that gallery.
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
    // The gallery-wide budget: past this many failures from all clients (forgotten after
    // `window` without one), every client of the gallery waits a doubling delay too. Its ceiling
    // is lower: a lockout also keeps the gallery's real customers out for that long.
    int galleryFreeFailures = 50;
    std::chrono::seconds galleryMaxDelay{5 * 60};
};

// The key a client's failures are counted under, from its address without a port: an IPv4
// address as it is (IPv4-mapped IPv6 too: "::ffff:192.0.2.1" is "192.0.2.1"), an IPv6 address by
// its /64 ("2001:db8:1:2::/64"): one subscriber usually holds a whole /64 and can rotate through
// it. Anything else is used as given.
QString throttleClientKey(const std::string& address);

// Threads: every method from any thread at once (one mutex). The clock is injectable so the
// policy can be tested without waiting.
class AccessThrottle {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    explicit AccessThrottle(ThrottlePolicy policy = {}, Clock clock = [] { return std::chrono::steady_clock::now(); });

    // Zero when (client, gallery) may try a code now; otherwise how long it must still wait (the
    // longer of the client's lockout and the gallery's). An attempt while locked out is refused
    // whether its code is right or not: the caller must not even verify it.
    std::chrono::seconds retryAfter(const QString& client, const QString& gallery);
    // Counts a wrong code for the client and for the gallery; returns the failures counted for
    // this client's key in the current window.
    int recordFailure(const QString& client, const QString& gallery);
    const ThrottlePolicy& policy() const { return m_policy; }
    // The failures counted for the gallery from all clients in the current window.
    int galleryFailures(const QString& gallery);
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
    std::map<QString, Entry> m_galleries; // the gallery-wide counts
};

} // namespace pd::host
