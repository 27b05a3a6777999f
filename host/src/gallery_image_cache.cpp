// The gallery image route's memory: short-lived facts from the store and an LRU of rendition bytes.
#include "pd/host/gallery_image_cache.h"

#include <openssl/crypto.h>

namespace pd::host {

namespace {

// Constant time for equal lengths: a probe learns nothing from how long the comparison took.
bool sameBytes(const std::string& a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

QString renditionKey(const QString& eventId, const QString& photoId, const QString& kind) {
    return eventId + QLatin1Char('\n') + kind + QLatin1Char('\n') + photoId;
}

} // namespace

GalleryImageCache::GalleryImageCache(Options options) : m_options(options) {}

void GalleryImageCache::forget() {
    std::lock_guard lock(m_mutex);
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    m_events.clear();
    m_renditions.clear();
}

std::optional<GalleryImageCache::Hit> GalleryImageCache::find(const QString& slug, const QString& photoId,
                                                              const QString& kind) {
    std::lock_guard lock(m_mutex);
    const auto event = m_events.constFind(slug);
    if (event == m_events.constEnd() || !fresh(event->loaded)) return std::nullopt;
    const auto rendition = m_renditions.constFind(renditionKey(event->value->id, photoId, kind));
    if (rendition == m_renditions.constEnd() || !fresh(rendition->loaded)) return std::nullopt;
    return Hit{event->value, rendition->value, touchBytes(rendition->value->sha256)};
}

void GalleryImageCache::putEvent(const QString& slug, Event event, std::uint64_t generation) {
    std::lock_guard lock(m_mutex);
    if (generation != m_generation.load(std::memory_order_relaxed)) return; // a write came in meanwhile
    if (std::size_t(m_events.size()) >= m_options.maxFacts && !m_events.contains(slug)) m_events.clear();
    m_events.insert(slug, {std::make_shared<const Event>(std::move(event)), Clock::now()});
}

void GalleryImageCache::putRendition(const QString& eventId, const QString& photoId, const QString& kind,
                                     Rendition rendition, std::uint64_t generation) {
    const QString key = renditionKey(eventId, photoId, kind);
    std::lock_guard lock(m_mutex);
    if (generation != m_generation.load(std::memory_order_relaxed)) return;
    if (std::size_t(m_renditions.size()) >= m_options.maxFacts && !m_renditions.contains(key)) m_renditions.clear();
    m_renditions.insert(key, {std::make_shared<const Rendition>(std::move(rendition)), Clock::now()});
}

std::shared_ptr<const std::string> GalleryImageCache::bytes(const QString& sha256) {
    std::lock_guard lock(m_mutex);
    return touchBytes(sha256);
}

std::shared_ptr<const std::string> GalleryImageCache::touchBytes(const QString& sha256) {
    const auto it = m_bytes.find(sha256);
    if (it == m_bytes.end()) return nullptr;
    m_lru.splice(m_lru.begin(), m_lru, it->lru);
    return it->bytes;
}

void GalleryImageCache::putBytes(const QString& sha256, std::shared_ptr<const std::string> bytes) {
    if (!bytes || bytes->size() > m_options.maxBytes) return;
    std::lock_guard lock(m_mutex);
    if (const auto it = m_bytes.find(sha256); it != m_bytes.end()) { // another thread was first
        m_lru.splice(m_lru.begin(), m_lru, it->lru);
        return;
    }
    m_heldBytes += bytes->size();
    m_lru.push_front(sha256);
    m_bytes.insert(sha256, Held{std::move(bytes), m_lru.begin()});
    while (m_heldBytes > m_options.maxBytes) {
        const auto last = m_bytes.find(m_lru.back());
        Q_ASSERT(last != m_bytes.end());
        m_heldBytes -= last->bytes->size();
        m_bytes.erase(last);
        m_lru.pop_back();
    }
}

std::size_t GalleryImageCache::heldBytes() const {
    std::lock_guard lock(m_mutex);
    return m_heldBytes;
}

std::optional<GalleryImageCache::VerifiedSession> GalleryImageCache::verifiedSession(std::string_view cookieValue) const {
    const std::size_t key = qHash(QByteArrayView(cookieValue.data(), qsizetype(cookieValue.size())), QHashSeed::globalSeed());
    std::lock_guard lock(m_mutex);
    const auto it = m_sessions.constFind(key);
    if (it == m_sessions.constEnd() || !sameBytes(it->value, cookieValue)) return std::nullopt;
    return it->verified;
}

void GalleryImageCache::putVerifiedSession(std::string_view cookieValue, VerifiedSession verified) {
    const std::size_t key = qHash(QByteArrayView(cookieValue.data(), qsizetype(cookieValue.size())), QHashSeed::globalSeed());
    std::lock_guard lock(m_mutex);
    if (std::size_t(m_sessions.size()) >= m_options.maxSessions && !m_sessions.contains(key)) m_sessions.clear();
    m_sessions.insert(key, Cookie{std::string(cookieValue), std::move(verified)});
}

} // namespace pd::host
