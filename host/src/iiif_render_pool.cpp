// The IIIF render pool: a bounded queue, two worker threads and a byte-bounded cache of renders.
#include "iiif_render_pool.h"

#include <cstdio>
#include <exception>

namespace pd::host {

IiifRenderPool::IiifRenderPool(Options options)
    : m_options(options), m_cache(qsizetype(std::max<std::size_t>(1, options.cacheBytes / 1024))) {}

IiifRenderPool::~IiifRenderPool() {
    {
        std::lock_guard lock(m_queueMutex);
        m_stopping = true;
        for (const auto& job : m_queue) job->cancelled = true;
    }
    m_wake.notify_all();
    for (std::thread& t : m_workers) t.join();
}

IiifRenderPool& IiifRenderPool::instance() {
    static IiifRenderPool pool(Options{});
    return pool;
}

std::shared_ptr<IiifRenderJob> IiifRenderPool::submit(QByteArray zoom, IiifPlan plan, std::string cacheKey) {
    auto job = std::make_shared<IiifRenderJob>();
    job->zoom = std::move(zoom);
    job->plan = std::move(plan);
    job->cacheKey = std::move(cacheKey);
    {
        std::lock_guard lock(m_queueMutex);
        if (m_stopping || m_queue.size() >= m_options.maxQueued) return nullptr;
        if (m_workers.empty())
            for (int i = 0; i < std::max(1, m_options.workers); ++i) m_workers.emplace_back([this] { work(); });
        m_queue.push_back(job);
    }
    m_wake.notify_one();
    return job;
}

void IiifRenderPool::work() {
    for (;;) {
        std::shared_ptr<IiifRenderJob> job;
        {
            std::unique_lock lock(m_queueMutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) return; // stopping
            job = std::move(m_queue.front());
            m_queue.pop_front();
        }
        if (!job->cancelled.load(std::memory_order_acquire)) {
            try {
                job->result = renderIiifImage(job->zoom, job->plan);
            } catch (const std::exception& e) { // never across the thread: an error like any other
                job->result = Result<IiifRendered>(makeError(ErrorCode::Internal, QString::fromUtf8(e.what())));
            }
            if (job->result->ok())
                remember(job->cacheKey, std::make_shared<const std::string>((*job->result)->bytes.toStdString()));
        } else {
            job->result = Result<IiifRendered>(makeError(ErrorCode::Cancelled, QStringLiteral("cancelled")));
        }
        job->zoom = QByteArray(); // the zoom proof's bytes are not needed any longer
        job->done.store(true, std::memory_order_release);
    }
}

std::shared_ptr<const std::string> IiifRenderPool::cached(const std::string& cacheKey) {
    std::lock_guard lock(m_cacheMutex);
    if (const auto* held = m_cache.object(QString::fromStdString(cacheKey))) return *held;
    return nullptr;
}

void IiifRenderPool::remember(const std::string& cacheKey, std::shared_ptr<const std::string> bytes) {
    const qsizetype cost = qsizetype(std::max<std::size_t>(1, bytes->size() / 1024));
    std::lock_guard lock(m_cacheMutex);
    m_cache.insert(QString::fromStdString(cacheKey), new std::shared_ptr<const std::string>(std::move(bytes)), cost);
}

} // namespace pd::host
