// A bounded multi-producer, multi-consumer queue: the back-pressure between import stages.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace pd {

template <typename T>
class BlockingQueue {
public:
    explicit BlockingQueue(size_t capacity) : m_capacity(capacity) {}

    // Blocks while full. False when the queue was closed (the item is dropped).
    bool push(T item) {
        std::unique_lock lock(m_mutex);
        m_notFull.wait(lock, [&] { return m_items.size() < m_capacity || m_closed; });
        if (m_closed) return false;
        m_items.push_back(std::move(item));
        m_notEmpty.notify_one();
        return true;
    }

    // Blocks while empty; nullopt once closed and drained.
    std::optional<T> pop() {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [&] { return !m_items.empty() || m_closed; });
        return takeLocked();
    }

    // Never blocks.
    std::optional<T> tryPop() {
        std::lock_guard lock(m_mutex);
        return takeLocked();
    }

    // No more pushes; consumers drain what is left.
    void close() {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_notEmpty.notify_all();
        m_notFull.notify_all();
    }

private:
    std::optional<T> takeLocked() {
        if (m_items.empty()) return std::nullopt;
        T item = std::move(m_items.front());
        m_items.pop_front();
        m_notFull.notify_one();
        return item;
    }

    std::mutex m_mutex;
    std::condition_variable m_notEmpty, m_notFull;
    std::deque<T> m_items;
    size_t m_capacity;
    bool m_closed = false;
};

} // namespace pd
