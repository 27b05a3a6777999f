// The orders feed's in-process change counter and per-photographer long-poll places.
#include "order_watch.h"

#include <QHash>

#include <atomic>
#include <mutex>

namespace pd::host::order_watch {

namespace {

std::atomic<std::uint64_t> g_generation{0};
std::mutex g_waitersMutex;
QHash<QString, int> g_waiters; // photographer -> open long polls; no entry at 0

} // namespace

void ordersChanged() {
    g_generation.fetch_add(1, std::memory_order_release);
}

std::uint64_t generation() {
    return g_generation.load(std::memory_order_acquire);
}

std::shared_ptr<void> tryWait(const QString& photographerId) {
    {
        std::lock_guard lock(g_waitersMutex);
        int& open = g_waiters[photographerId];
        if (open >= kMaxWaitersPerPhotographer) return nullptr;
        ++open;
    }
    // The deleter gives the place back, whichever thread drops the last reference.
    return std::shared_ptr<void>(new int(0), [photographerId](void* p) {
        delete static_cast<int*>(p);
        std::lock_guard lock(g_waitersMutex);
        if (--g_waiters[photographerId] <= 0) g_waiters.remove(photographerId);
    });
}

} // namespace pd::host::order_watch
