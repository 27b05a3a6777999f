// The thumbnail loader thread and the GUI-side cache in front of it.
#include "pd/ui/thumbnail_cache.h"

#include "pd/db/catalog.h"

#include <QMetaObject>
#include <QMutex>

#include <deque>

namespace pd::ui {

// Runs on the cache's thread. Requests arrive from the GUI thread under a mutex; the newest is
// served first. Opens its catalog connection lazily, on its own thread.
class ThumbnailLoader : public QObject {
    Q_OBJECT
public:
    explicit ThumbnailLoader(QString dir) : m_dir(std::move(dir)) {}

    void enqueue(const QString& id, quint64 generation) {
        QMutexLocker lock(&m_mutex);
        m_queue.push_back({id, generation});
        if (!m_scheduled) {
            m_scheduled = true;
            QMetaObject::invokeMethod(this, &ThumbnailLoader::drain, Qt::QueuedConnection);
        }
    }
    void dropBefore(quint64 generation) {
        QMutexLocker lock(&m_mutex);
        std::erase_if(m_queue, [&](const Request& r) { return r.generation < generation; });
    }

signals:
    void loaded(const QString& photoId, const QImage& image, quint64 generation);

private:
    struct Request {
        QString id;
        quint64 generation;
    };

    void drain() {
        for (;;) {
            Request next;
            {
                QMutexLocker lock(&m_mutex);
                if (m_queue.empty()) {
                    m_scheduled = false;
                    return;
                }
                next = std::move(m_queue.back());  // newest first: what is on screen now
                m_queue.pop_back();
            }
            emit loaded(next.id, load(next.id), next.generation);
        }
    }

    QImage load(const QString& id) {
        if (!m_catalog) {
            auto c = Catalog::open(m_dir);
            if (!c.ok()) return {};
            m_catalog = std::move(c).value();
        }
        auto r = m_catalog->rendition(id, QStringLiteral("thumb"));
        if (!r.ok() || !r.value()) return {};
        QImage img = QImage::fromData(r.value()->jpeg, "JPEG");
        return img.convertToFormat(QImage::Format_RGB32);  // the raster engine's fastest to draw
    }

    QString m_dir;
    std::unique_ptr<Catalog> m_catalog;
    QMutex m_mutex;
    std::deque<Request> m_queue;
    bool m_scheduled = false;
};

ThumbnailCache::ThumbnailCache(const QString& catalogDir, qint64 maxBytes, QObject* parent)
    : QObject(parent), m_loader(new ThumbnailLoader(catalogDir)) {
    m_cache.setMaxCost(maxBytes);
    m_loader->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_loader, &QObject::deleteLater);
    connect(m_loader, &ThumbnailLoader::loaded, this, &ThumbnailCache::onLoaded, Qt::QueuedConnection);
    m_thread.setObjectName(QStringLiteral("thumbnail loader"));
    m_thread.start();
}

ThumbnailCache::~ThumbnailCache() {
    cancelPending();
    m_thread.quit();
    m_thread.wait();
}

QImage ThumbnailCache::thumbnail(const QString& photoId) {
    if (const QImage* img = m_cache.object(photoId)) return *img;
    if (!m_pending.contains(photoId)) {
        m_pending.insert(photoId);
        m_loader->enqueue(photoId, m_generation);
    }
    return {};
}

void ThumbnailCache::invalidate(const QString& photoId) {
    m_cache.remove(photoId);
    m_pending.remove(photoId);
}

void ThumbnailCache::cancelPending() {
    ++m_generation;
    m_pending.clear();
    m_loader->dropBefore(m_generation);
}

void ThumbnailCache::onLoaded(const QString& photoId, const QImage& image, quint64 generation) {
    if (generation != m_generation || !m_pending.remove(photoId)) return;  // late: nobody waits for it
    if (image.isNull()) return;
    m_cache.insert(photoId, new QImage(image), qint64(image.sizeInBytes()));
    emit thumbnailReady(photoId);
}

} // namespace pd::ui

#include "thumbnail_cache.moc"
