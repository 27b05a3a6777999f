// Thumbnails for the views: loaded from the catalog off the GUI thread, kept in a byte-bounded
// cache, newest requests first (the cells on screen now).
#pragma once

#include <QCache>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThread>

namespace pd::ui {

class ThumbnailLoader;

// Lives on the GUI thread; thumbnail() and the signals are GUI-thread only. Loading runs on the
// cache's own thread with its own catalog connection, and hands back QImages.
class ThumbnailCache : public QObject {
    Q_OBJECT
public:
    ThumbnailCache(const QString& catalogDir, qint64 maxBytes, QObject* parent = nullptr);
    ~ThumbnailCache() override;

    // The cached thumbnail, or a null image and a load request (thumbnailReady follows).
    QImage thumbnail(const QString& photoId);
    // Forgets a photo's thumbnail (after an edit) and drops pending requests for it.
    void invalidate(const QString& photoId);
    // Drops every pending request (the view now shows something else); cached images stay.
    void cancelPending();
    qint64 cachedBytes() const { return m_cache.totalCost(); }

signals:
    void thumbnailReady(const QString& photoId);

private slots:
    void onLoaded(const QString& photoId, const QImage& image, quint64 generation);

private:
    QCache<QString, QImage> m_cache;
    QSet<QString> m_pending;
    QThread m_thread;
    ThumbnailLoader* m_loader;
    quint64 m_generation = 0;
};

} // namespace pd::ui
