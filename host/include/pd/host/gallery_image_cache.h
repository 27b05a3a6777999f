// What the gallery's image route remembers between requests so that a repeated thumbnail or
// proof request touches no database and checks no MAC: which event a slug names, which rendition
// a photo of that event uses, the bytes of recently served renditions, and session cookies
// already verified.
#pragma once

#include "pd/host/gallery_session.h"

#include <QHash>
#include <QString>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace pd::host {

// Threads: every member from any thread at once (one mutex; each call holds it for a few map
// operations, never while calling out).
//
// Staleness contract: the facts (slug -> event, (event, photo, kind) -> rendition) are kept for
// `factsTtl` at most, so a photo deleted, an event's slug changed or a gallery closed by anyone
// (another process on the same database included) stops being served within that time;
// forget() drops them at once, which the site calls after every studio API write in this
// process. The bytes are keyed by their SHA-256, so they are never stale: a photo reaches them
// only through its facts. Facts loaded from the store are offered together with the generation
// read before the store was asked (generation()); the cache takes them only when no forget()
// happened since, so a write racing a load never leaves older facts behind.
//
// Verified cookies: a cookie value whose MAC checked out stays valid (the secret never changes
// in a process); the caller still checks the session's age, event and access code on each use.
// Values are found by a seeded hash and compared in constant time.
class GalleryImageCache {
public:
    struct Options {
        std::size_t maxBytes = 128u << 20; // of rendition bytes; 0 disables the byte cache
        std::chrono::milliseconds factsTtl{1000};
        std::size_t maxFacts = 100000; // entries of each kind of fact; all dropped when full
        std::size_t maxSessions = 10000; // verified cookie values; all dropped when full
    };
    // An open event, as the image route checks a session against it.
    struct Event {
        QString id;
        QString accessCodeHash; // HostEvent::accessCodeHash
    };
    // A cookie value that decoded to `session`; `codeHashChecked` is the access-code hash
    // SessionCodec::sameCode last accepted it for, if any.
    struct VerifiedSession {
        GallerySession session;
        std::optional<QString> codeHashChecked;
    };
    // A rendition of a photo, as the image route answers it.
    struct Rendition {
        std::string etag; // "\"<sha256>\""
        QString sha256;
        std::string mime;
    };

    explicit GalleryImageCache(Options options);
    GalleryImageCache(const GalleryImageCache&) = delete;
    GalleryImageCache& operator=(const GalleryImageCache&) = delete;

    std::uint64_t generation() const { return m_generation.load(std::memory_order_acquire); }
    // Drops every fact (not the bytes) and starts a new generation.
    void forget();

    // What one image request needs, found under one lock: the open event at /g/<slug> and the
    // rendition of its photo, both fresh (else nullopt), and the rendition's bytes when held
    // (marked recently used).
    struct Hit {
        std::shared_ptr<const Event> event;
        std::shared_ptr<const Rendition> rendition;
        std::shared_ptr<const std::string> bytes; // null when not held
    };
    std::optional<Hit> find(const QString& slug, const QString& photoId, const QString& kind);

    void putEvent(const QString& slug, Event event, std::uint64_t generation);
    void putRendition(const QString& eventId, const QString& photoId, const QString& kind, Rendition rendition,
                      std::uint64_t generation);

    // The bytes of that hash, when held (and marks them recently used).
    std::shared_ptr<const std::string> bytes(const QString& sha256);
    // Holds `bytes` under `sha256` (the caller has them from the store, which verified the
    // hash), evicting the least recently used beyond maxBytes. Larger than maxBytes: not held.
    void putBytes(const QString& sha256, std::shared_ptr<const std::string> bytes);
    std::size_t heldBytes() const;

    std::optional<VerifiedSession> verifiedSession(std::string_view cookieValue) const;
    void putVerifiedSession(std::string_view cookieValue, VerifiedSession verified);

private:
    using Clock = std::chrono::steady_clock;
    template <class T> struct Fact {
        T value;
        Clock::time_point loaded;
    };
    struct Held {
        std::shared_ptr<const std::string> bytes;
        std::list<QString>::iterator lru; // position in m_lru (front: most recent)
    };
    bool fresh(Clock::time_point loaded) const { return Clock::now() - loaded < m_options.factsTtl; }

    const Options m_options;
    std::atomic<std::uint64_t> m_generation{0};
    mutable std::mutex m_mutex;
    struct Cookie {
        std::string value;
        VerifiedSession verified;
    };

    std::shared_ptr<const std::string> touchBytes(const QString& sha256); // under m_mutex

    QHash<QString, Fact<std::shared_ptr<const Event>>> m_events; // slug -> event
    QHash<QString, Fact<std::shared_ptr<const Rendition>>> m_renditions; // "<event>\n<kind>\n<photo>"
    QHash<QString, Held> m_bytes;
    std::list<QString> m_lru;
    std::size_t m_heldBytes = 0;
    QHash<std::size_t, Cookie> m_sessions; // by the value's seeded hash
};

} // namespace pd::host
