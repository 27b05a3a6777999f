// The publish run: plan, persist, then event, renditions, metadata, removals and a last manifest,
// driven by one loop on the caller's thread fed by the engine's sink and the render pool.
#include "pd/upload/publisher.h"

#include "publish_renditions.h"

#include "pd/core/publish_wire.h"
#include "pd/db/catalog.h"
#include "pd/db/publish_store.h"
#include "pd/upload/host_tokens.h"
#include "pd/upload/transfer_engine.h"

#include <QJsonDocument>
#include <QThreadPool>

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>

namespace pd::upload {

namespace {

QString messageOf(const TransferResult& r) {
    return r.status.ok() ? QStringLiteral("the host answered %1").arg(r.httpStatus) : r.status.error().toString();
}

} // namespace

struct Publisher::Impl : TransferSink {
    PublishOptions o;
    std::atomic<bool> cancelled{false};
    std::atomic<bool> paused{false};
    std::atomic<qint64> speedCap{0};

    std::mutex mutex;   // guards queue and engine (for the any-thread controls)
    std::condition_variable cv;
    std::deque<std::function<void()>> queue;
    TransferEngine* engine = nullptr;
    std::map<TransferId, std::function<void(const TransferResult&)>> handlers;   // run thread only

    void post(std::function<void()> fn) {
        {
            std::lock_guard lock(mutex);
            queue.push_back(std::move(fn));
        }
        cv.notify_all();
    }
    void transferFinished(const TransferResult& r) override {
        post([this, r] {
            const auto it = handlers.find(r.id);
            if (it == handlers.end()) return;
            auto fn = std::move(it->second);
            handlers.erase(it);
            fn(r);
        });
    }
    // Runs what the sink and the pool posted, waiting up to `ms` for the first.
    void pump(int ms) {
        std::deque<std::function<void()>> batch;
        {
            std::unique_lock lock(mutex);
            cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return !queue.empty() || cancelled.load(); });
            batch.swap(queue);
        }
        for (auto& fn : batch) fn();
    }
    void submit(TransferRequest req, std::function<void(const TransferResult&)> handler) {
        const TransferId id = engine->submit(std::move(req));
        handlers.emplace(id, std::move(handler));
    }
};

Publisher::Publisher(PublishOptions options) : d(std::make_unique<Impl>()) {
    d->o = std::move(options);
    d->speedCap = d->o.speedCapBytesPerSecond; // the engine made by run() starts under it
}
Publisher::~Publisher() = default;

void Publisher::cancel() {
    d->cancelled = true;
    d->cv.notify_all();
}
void Publisher::pause() {
    std::lock_guard lock(d->mutex);
    d->paused = true;
    if (d->engine) d->engine->pause();
}
void Publisher::resume() {
    std::lock_guard lock(d->mutex);
    d->paused = false;
    if (d->engine) d->engine->resume();
}
void Publisher::setSpeedCap(qint64 bytesPerSecond) {
    std::lock_guard lock(d->mutex);
    d->speedCap = bytesPerSecond;
    if (d->engine) d->engine->setSpeedCap(bytesPerSecond);
}

Result<PublishSummary> Publisher::run(PublishObserver* observer) {
    Impl& I = *d;
    I.queue.clear();
    I.handlers.clear();
    PublishObserver quiet;
    PublishObserver& obs = observer ? *observer : quiet;

    auto opened = Catalog::open(I.o.catalogDir);
    PD_TRY(opened);
    Catalog& catalog = **opened;
    PublishStore store(catalog);
    auto event = catalog.requireEvent(I.o.event);
    PD_TRY(event);
    const QString eventId = event->id;
    auto host = store.requireHost(I.o.host);
    PD_TRY(host);
    auto token = I.o.token.isEmpty() ? HostTokens::token(host.value()) : Result<QByteArray>(I.o.token);
    PD_TRY(token);
    auto gallery = store.gallery(eventId);
    PD_TRY(gallery);
    if (!gallery->host.isEmpty() && gallery->host != host->name) {
        PD_TRY(store.forgetHost(eventId));   // a new host holds nothing yet
        gallery->syncedHash.clear();
    }
    auto settings = store.settings(event.value());
    PD_TRY(settings);
    auto states = store.photoStates(event.value(), settings.value(), host->name);
    PD_TRY(states);

    // The plan, stored before anything is sent.
    std::deque<PhotoPublishStatus> toSend;
    std::vector<PhotoPublishStatus> toRemove;
    std::vector<PublishJobItem> items;
    for (const auto& s : states.value()) {
        if (s.state == PublishState::Published) continue;
        const bool remove = s.state == PublishState::ToRemove;
        items.push_back(PublishJobItem{s.photoId, remove, QStringLiteral("pending")});
        if (remove) toRemove.push_back(s);
        else toSend.push_back(s);
    }
    auto jobId = store.startJob(eventId, host->name, items);
    PD_TRY(jobId);
    for (const auto& i : items) obs.photoChanged(PublishPhotoUpdate{i.photoId, QStringLiteral("queued"), {}});

    PublishSummary summary;
    summary.accessCode = gallery->accessCode;
    PublishProgress progress;
    progress.photosTotal = int(items.size());

    EngineOptions eo;
    eo.maxConcurrent = std::max(1, I.o.maxConcurrent);
    eo.retry = I.o.retry;
    TransferEngine engine(I, eo);
    {
        std::lock_guard lock(I.mutex);
        I.engine = &engine;
        if (I.speedCap > 0) engine.setSpeedCap(I.speedCap);
        if (I.paused) engine.pause();
    }
    struct EngineGuard {
        Impl& i;
        ~EngineGuard() {
            std::lock_guard lock(i.mutex);
            i.engine = nullptr;
        }
    } engineGuard{I};

    const QString base = host->url;
    const QString eventPath = QStringLiteral("/api/v1/events/") + eventId;
    auto request = [&](const QByteArray& method, const QString& path, QByteArray body, const QByteArray& type) {
        TransferRequest r;
        r.method = method;
        r.url = base + path;
        r.bearerToken = token.value();
        if (!type.isEmpty()) r.headers << ("Content-Type: " + type);
        r.body = std::move(body);
        return r;
    };
    std::optional<Error> fatal;
    // Blocks (pumping the queue) until the request finished.
    auto call = [&](TransferRequest req) {
        std::optional<TransferResult> out;
        I.submit(std::move(req), [&](const TransferResult& r) { out = r; });
        while (!out && !I.cancelled) I.pump(250);
        if (!out) {
            engine.cancelAll();
            while (!out) I.pump(250);
        }
        return *out;
    };

    // 1. The event.
    auto cats = catalog.categories(eventId);
    PD_TRY(cats);
    WireEvent we;
    we.name = event->name;
    we.date = event->date;
    we.description = event->description;
    for (const auto& c : cats.value()) we.categories << c.name;
    we.priceSheet = event->priceSheet;
    we.delivery = event->delivery;
    we.accessCode = gallery->accessCode;
    we.expires = gallery->expires;
    we.proofSize = std::clamp(settings->proofLongEdge, 200, 16384);
    we.shareSize = settings->zoomLongEdge;
    const QJsonObject eventJson = we.toJson();
    const QString eventHash = jsonHash(eventJson);
    summary.eventChanged = eventHash != gallery->syncedHash;
    {
        const TransferResult r = call(request("PUT", eventPath, QJsonDocument(eventJson).toJson(QJsonDocument::Compact), "application/json"));
        if (I.cancelled) { summary.cancelled = true; return summary; }
        if (!r.ok()) return makeError(r.outcome == TransferOutcome::GaveUp ? ErrorCode::Io : ErrorCode::InvalidArgument,
                                      QStringLiteral("the host did not take the event: %1").arg(messageOf(r)), base);
        auto he = WireHostEvent::fromJson(r.responseBody);
        PD_TRY(he);
        summary.galleryUrl = base + he->galleryUrl;
        PD_TRY(store.recordEventSynced(eventId, host->name, eventHash, summary.galleryUrl));
    }

    // 2. The photos, a bounded number at a time.
    struct Ctx {
        PhotoPublishStatus st;
        QString key;
        WireRenditions r;
        std::map<QString, std::pair<QByteArray, QByteArray>> bodies;   // sha -> (bytes, mime)
        int pendingPuts = 0;
        bool rendered = false;
        bool failed = false;
    };
    std::map<QString, Ctx> active;
    int inFlight = 0;
    qint64 knownBytes = 0, sentBytes = 0, renderedBytes = 0;
    int renderedPhotos = 0;
    QThreadPool pool;
    pool.setMaxThreadCount(I.o.renderThreads > 0 ? I.o.renderThreads : std::max(1, QThread::idealThreadCount()));

    auto finishPhoto = [&](const QString& id) {
        active.erase(id);
        --inFlight;
        ++progress.photosDone;
    };
    auto photoFailed = [&](const QString& id, const QString& error) {
        auto it = active.find(id);
        if (it == active.end()) return;
        if (it->second.failed) {   // a later transfer of a photo that already failed
            if (it->second.pendingPuts == 0) finishPhoto(id);
            return;
        }
        it->second.failed = true;
        (void)store.recordFailed(eventId, id, error);
        (void)store.setItemState(jobId.value(), id, QStringLiteral("failed"), error);
        summary.failed.push_back(PublishFailure{id, error});
        obs.photoChanged(PublishPhotoUpdate{id, QStringLiteral("failed"), error});
        if (it->second.pendingPuts == 0) finishPhoto(id);
    };
    auto transferFailed = [&](const QString& id, const TransferResult& r) {
        if (r.outcome == TransferOutcome::Cancelled) return;
        if (r.outcome == TransferOutcome::GaveUp) {
            if (!fatal) fatal = makeError(ErrorCode::Io, QStringLiteral("the host cannot be reached: %1 (run publish again to carry on)").arg(messageOf(r)), base);
            return;
        }
        photoFailed(id, messageOf(r));
    };
    auto putMeta = [&](const QString& id) {
        Ctx& c = active.at(id);
        WirePhoto wp = c.st.wire;
        wp.renditions = c.r;
        QByteArray body = QJsonDocument(wp.toJson()).toJson(QJsonDocument::Compact);
        knownBytes += body.size();
        const qint64 size = body.size();
        I.submit(request("PUT", eventPath + QStringLiteral("/photos/") + id, body, "application/json"),
                 [&, id, size, metaHash = wp.metadataHash()](const TransferResult& r) {
                     auto it = active.find(id);
                     if (it == active.end()) return;
                     if (!r.ok()) return transferFailed(id, r);
                     sentBytes += size;
                     (void)store.recordPublished(eventId, id, it->second.r, it->second.key, metaHash);
                     (void)store.setItemState(jobId.value(), id, QStringLiteral("done"));
                     ++summary.sent;
                     obs.photoChanged(PublishPhotoUpdate{id, QStringLiteral("published"), {}});
                     finishPhoto(id);
                 });
    };
    std::function<void(const QString&)> render;
    auto askManifest = [&](const QString& id) {
        Ctx& c = active.at(id);
        obs.photoChanged(PublishPhotoUpdate{id, QStringLiteral("sending"), {}});
        I.submit(request("POST", eventPath + QStringLiteral("/manifest"), manifestBody({{id, c.r}}), "application/json"),
                 [&, id](const TransferResult& r) {
                     auto it = active.find(id);
                     if (it == active.end()) return;
                     if (!r.ok()) return transferFailed(id, r);
                     auto answer = WireManifestAnswer::fromJson(r.responseBody);
                     if (!answer.ok()) return photoFailed(id, answer.error().message);
                     Ctx& c = it->second;
                     if (!answer->missing.isEmpty() && !c.rendered) return render(id);   // the host lost them: make them again
                     for (const QString& sha : answer->missing) {
                         const auto b = c.bodies.find(sha);
                         if (b == c.bodies.end()) continue;
                         ++c.pendingPuts;
                         const qint64 size = b->second.first.size();
                         // ?event: the host may sweep it at the end if no photo ends up using it.
                         I.submit(request("PUT", QStringLiteral("/api/v1/renditions/%1?event=%2").arg(sha, eventId),
                                          b->second.first, b->second.second),
                                  [&, id, size](const TransferResult& pr) {
                                      auto pit = active.find(id);
                                      if (pit == active.end()) return;
                                      --pit->second.pendingPuts;
                                      if (!pr.ok()) return transferFailed(id, pr);   // finishes the photo when it was the last
                                      ++summary.renditionsUploaded;
                                      summary.renditionBytes += size;
                                      sentBytes += size;
                                      if (pit->second.pendingPuts == 0) {
                                          if (pit->second.failed) finishPhoto(id);
                                          else putMeta(id);
                                      }
                                  });
                     }
                     c.bodies.clear();   // the engine holds its own copies; free ours early
                     if (c.pendingPuts == 0) putMeta(id);
                 });
    };
    render = [&](const QString& id) {
        Ctx& c = active.at(id);
        obs.photoChanged(PublishPhotoUpdate{id, QStringLiteral("rendering"), {}});
        auto job = detail::prepareRenditions(catalog, *c.st.photo, settings.value());
        if (!job.ok()) return photoFailed(id, job.error().toString());
        c.rendered = true;
        pool.start([&I, id, j = std::move(job).value(), &active, &photoFailed, &askManifest, &knownBytes, &renderedBytes,
                    &renderedPhotos, &fatal]() mutable {
            auto made = detail::makeRenditions(j);
            j = {};   // drop the source bytes before waiting in the queue
            I.post([&, id, made = std::move(made)] {
                auto it = active.find(id);
                if (it == active.end() || fatal || I.cancelled) return;   // stopping: send nothing more
                if (!made.ok()) return photoFailed(id, made.error().toString());
                Ctx& c = it->second;
                c.r = made->hashes;
                c.bodies[made->hashes.proof] = {made->proof, "image/jpeg"};
                c.bodies[made->hashes.thumb] = {made->thumb, "image/jpeg"};
                c.bodies[made->hashes.zoom] = {made->zoom, "image/jp2"};
                const qint64 bytes = made->proof.size() + made->thumb.size() + made->zoom.size();
                knownBytes += bytes;
                renderedBytes += bytes;
                ++renderedPhotos;
                askManifest(id);
            });
        });
    };
    auto startPhoto = [&](PhotoPublishStatus st) {
        const QString id = st.photoId;
        ++inFlight;
        Ctx& c = active[id];
        c.st = std::move(st);
        c.key = PublishStore::renderKey(*c.st.photo, settings.value());
        if (!c.st.renditionsStale && !c.st.held.proof.isEmpty()) {
            c.r = c.st.held;   // only re-described: the host has the renditions
            askManifest(id);
        } else {
            render(id);
        }
    };
    const int maxInFlight = std::max(1, I.o.photosInFlight);
    auto lastReport = std::chrono::steady_clock::now();
    auto report = [&](bool force) {
        const auto now = std::chrono::steady_clock::now();
        if (!force && now - lastReport < std::chrono::milliseconds(250)) return;
        lastReport = now;
        const EngineProgress ep = engine.progress();
        progress.bytesSent = sentBytes;
        const int notRendered = int(toSend.size());
        progress.bytesTotal = knownBytes + (renderedPhotos > 0 ? renderedBytes / renderedPhotos * notRendered : 0);
        progress.bytesPerSecond = ep.bytesPerSecond;
        progress.secondsLeft = ep.bytesPerSecond > 1 && (renderedPhotos > 0 || notRendered == 0)
                                   ? int(double(std::max<qint64>(0, progress.bytesTotal - sentBytes)) / ep.bytesPerSecond)
                                   : -1;
        obs.progressed(progress);
    };
    while (!fatal && !I.cancelled && (inFlight > 0 || !toSend.empty())) {
        while (!fatal && !I.cancelled && inFlight < maxInFlight && !toSend.empty()) {
            PhotoPublishStatus next = std::move(toSend.front());
            toSend.pop_front();
            startPhoto(std::move(next));
        }
        I.pump(250);
        report(false);
    }

    // 3. Removed photos, then whatever else the host holds that is not ours to show.
    if (!fatal && !I.cancelled) {
        int pending = 0;
        auto removePhoto = [&](const QString& id, bool planned) {
            ++pending;
            if (planned) obs.photoChanged(PublishPhotoUpdate{id, QStringLiteral("removing"), {}});
            TransferRequest r = request("DELETE", eventPath + QStringLiteral("/photos/") + id, {}, {});
            r.okStatuses = {204, 404};
            I.submit(std::move(r), [&, id, planned](const TransferResult& res) {
                --pending;
                if (!res.ok()) {
                    if (res.outcome == TransferOutcome::GaveUp && !fatal)
                        fatal = makeError(ErrorCode::Io, QStringLiteral("the host cannot be reached: %1").arg(messageOf(res)), base);
                    else if (res.outcome == TransferOutcome::Rejected) summary.failed.push_back(PublishFailure{id, messageOf(res)});
                    return;
                }
                (void)store.recordRemoved(eventId, id);
                if (planned) {
                    (void)store.setItemState(jobId.value(), id, QStringLiteral("done"));
                    ++progress.photosDone;
                }
                ++summary.removed;
                obs.photoChanged(PublishPhotoUpdate{id, QStringLiteral("removed"), {}});
            });
        };
        for (const auto& s : toRemove) removePhoto(s.photoId, true);
        while (pending > 0 && !I.cancelled) I.pump(250);

        if (!fatal && !I.cancelled) {
            auto now = store.photoStates(event.value(), settings.value(), host->name);
            PD_TRY(now);
            std::vector<std::pair<QString, WireRenditions>> keep;
            for (const auto& s : now.value())
                if (s.state != PublishState::ToRemove && !s.held.proof.isEmpty()) keep.emplace_back(s.photoId, s.held);
            // The full manifest also sweeps the renditions uploaded for this event that no photo
            // uses (a run killed between a photo's renditions and its metadata, the photo then
            // edited or unselected): nothing is left behind.
            const TransferResult r = call(request("POST", eventPath + QStringLiteral("/manifest"),
                                                  manifestBody(keep, /*sweepUnreferenced=*/true), "application/json"));
            if (r.ok()) {
                auto answer = WireManifestAnswer::fromJson(r.responseBody);
                PD_TRY(answer);
                for (const QString& id : answer->unknownPhotos) removePhoto(id, false);
                while (pending > 0 && !I.cancelled) I.pump(250);
            } else if (r.outcome != TransferOutcome::Cancelled && !fatal) {
                fatal = makeError(ErrorCode::Io, QStringLiteral("the last manifest failed: %1").arg(messageOf(r)), base);
            }
        }
    }

    if (I.cancelled || fatal) {
        engine.cancelAll();
        pool.waitForDone();
        while (!I.handlers.empty()) I.pump(100);   // every submitted transfer reports once
        I.pump(0);
        if (fatal) return *fatal;
        summary.cancelled = true;
        return summary;
    }
    PD_TRY(store.finishJob(jobId.value()));
    report(true);
    return summary;
}

} // namespace pd::upload
