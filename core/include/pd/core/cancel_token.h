// Cooperative cancellation shared between the one who asks and the workers who check.
#pragma once

#include <atomic>

namespace pd {

// Thread-safe. Workers check isCancelled() between stages; cancel() may come from any thread.
class CancelToken {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
private:
    std::atomic<bool> m_cancelled{false};
};

} // namespace pd
