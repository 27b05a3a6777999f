// Renders IIIF images off the network threads on a small bounded pool, and remembers recent
// renders by (zoom proof hash, canonical request) so repeated identical requests cost nothing.
#pragma once

#include "pd/host/iiif_image.h"

#include <QByteArray>
#include <QCache>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace pd::host {

// One render handed to the pool. The submitter polls `done` (acquire) and reads `result` only
// once it is true; setting `cancelled` makes a job that has not started yet skip its work.
struct IiifRenderJob {
    QByteArray zoom;
    IiifPlan plan;
    std::string cacheKey;
    std::atomic<bool> cancelled{false};
    std::atomic<bool> done{false};
    std::optional<Result<IiifRendered>> result; // written by the worker before done
};

// Threads: every method from any thread at once (one mutex for the queue, one for the cache).
// Workers run renderIiifImage only (pure: the job holds the bytes, no store), so the process-wide
// instance can be torn down at exit after the store has gone. Never throws across its interface.
class IiifRenderPool {
public:
    struct Options {
        int workers = 2;
        std::size_t maxQueued = 16;          // jobs waiting for a worker; beyond: refused
        std::size_t cacheBytes = 32u << 20;  // rendered images kept
    };
    explicit IiifRenderPool(Options options);
    ~IiifRenderPool();
    IiifRenderPool(const IiifRenderPool&) = delete;
    IiifRenderPool& operator=(const IiifRenderPool&) = delete;

    // The process's pool (two workers, a queue of 16, 32 MiB of renders).
    static IiifRenderPool& instance();

    // The job, queued; nullptr when the queue is full (the caller answers 503).
    std::shared_ptr<IiifRenderJob> submit(QByteArray zoom, IiifPlan plan, std::string cacheKey);
    // The encoded bytes of an earlier render with that key, if still held.
    std::shared_ptr<const std::string> cached(const std::string& cacheKey);

private:
    void work();
    void remember(const std::string& cacheKey, std::shared_ptr<const std::string> bytes);

    const Options m_options;
    std::mutex m_queueMutex;
    std::condition_variable m_wake;
    std::deque<std::shared_ptr<IiifRenderJob>> m_queue;
    bool m_stopping = false;
    std::vector<std::thread> m_workers; // started with the first job

    std::mutex m_cacheMutex;
    QCache<QString, std::shared_ptr<const std::string>> m_cache; // cost: KiB
};

} // namespace pd::host
