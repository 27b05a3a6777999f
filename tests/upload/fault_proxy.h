// A fault-injecting TCP proxy for the publish tests: it sits between the studio and a real
// proofdesk-host on 127.0.0.1 and, request by request, passes it through, cuts the connection in
// the middle of its body, stalls it, or answers 500/503/429 itself without forwarding.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace pd::test {

struct Fault {
    enum class Kind { Pass, Cut, Stall, Respond };
    Kind kind = Kind::Pass;
    std::int64_t afterBodyBytes = 0; // Cut, Stall: after forwarding this many body bytes (capped
                                     // at the body's length: a Cut then comes before the response)
    int stallMs = 0;                 // Stall: forward nothing either way for this long, then go on
    int status = 0;                  // Respond: 500, 503, 429...
    int retryAfterSeconds = -1;      // Respond: a Retry-After header when >= 0

    static Fault pass() { return {}; }
    static Fault cut(std::int64_t afterBodyBytes) { return {Kind::Cut, afterBodyBytes, 0, 0, -1}; }
    static Fault stall(int ms, std::int64_t afterBodyBytes = 0) { return {Kind::Stall, afterBodyBytes, ms, 0, -1}; }
    static Fault respond(int status, int retryAfterSeconds = -1) { return {Kind::Respond, 0, 0, status, retryAfterSeconds}; }
    std::string describe() const;
};

// A request head the proxy saw, and what it did with it.
struct SeenRequest {
    std::chrono::steady_clock::time_point at; // when its head had fully arrived
    std::string method;
    std::string target;
    Fault fault;
    int connection = 0;                       // the client connection it came on (0, 1, ...)
};

// Listens on 127.0.0.1 port 0 and forwards each client connection to 127.0.0.1:targetPort over a
// connection of its own. Requests are parsed (Content-Length bodies; a chunked body passes the
// rest of that connection through untouched) so each request, kept-alive ones included, gets
// its own fault: the next scripted one, else one drawn with the random table, else Pass.
// One thread runs everything with poll(); the public methods may be called from any thread.
class FaultProxy {
public:
    explicit FaultProxy(unsigned short targetPort);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    unsigned short port() const { return m_port; }

    // Appends faults for the next requests, in arrival order.
    void script(const std::vector<Fault>& faults);
    // For requests past the script: fault i with probability table[i].first (the rest Pass),
    // drawn from a generator seeded with `seed`.
    void setRandomFaults(unsigned seed, std::vector<std::pair<double, Fault>> table);

    std::vector<SeenRequest> requests() const;
    int connectionsAccepted() const;
    // Bytes read from clients, and when the first and last of them arrived.
    struct Traffic {
        std::int64_t bytes = 0;
        std::chrono::steady_clock::time_point first, last;
    };
    Traffic clientTraffic() const;
    void resetTraffic();

private:
    struct Conn;
    void run();
    Fault nextFault();
    void pump(Conn& c, std::chrono::steady_clock::time_point now);

    unsigned short m_targetPort = 0;
    unsigned short m_port = 0;
    int m_listen = -1;
    int m_wake[2] = {-1, -1};

    mutable std::mutex m_mutex;
    std::deque<Fault> m_script;
    std::optional<std::mt19937> m_random;
    std::vector<std::pair<double, Fault>> m_table;
    std::vector<SeenRequest> m_seen;
    int m_accepted = 0;
    Traffic m_traffic;

    std::vector<std::unique_ptr<Conn>> m_conns; // proxy thread only
    std::thread m_thread;
};

} // namespace pd::test
