// What the orders feed's long polls wait on in this process: a generation counter bumped by every
// order change made here, and the count of long polls each photographer has open.
#pragma once

#include <QString>

#include <chrono>
#include <cstdint>
#include <memory>

namespace pd::host::order_watch {

// Threads: every function from any thread at once (an atomic; a mutex for the waiter counts).

// Called after an order is placed, acknowledged or changes status through this process.
void ordersChanged();
// Moves on with every ordersChanged(). Orders written by another process on the same database
// do not move it: waiters also look at the store every second (kStoreRecheck).
std::uint64_t generation();

// How often a waiter asks the store even though the generation has not moved.
inline constexpr std::chrono::milliseconds kStoreRecheck{1000};
inline constexpr int kMaxWaitersPerPhotographer = 8;

// A place among the photographer's open long polls, held for as long as the returned object
// lives (the deferred response keeps it); nullptr when kMaxWaitersPerPhotographer are open.
std::shared_ptr<void> tryWait(const QString& photographerId);

} // namespace pd::host::order_watch
