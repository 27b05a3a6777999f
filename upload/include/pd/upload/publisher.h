// Publishes one event to a proofdesk-host (DESIGN.md section 8, docs/host-api.md): plans what
// differs from the catalog, keeps the plan in the catalog's publish queue, makes the renditions
// on a bounded pool and sends only what the host lacks through the TransferEngine.
#pragma once

#include "pd/core/result.h"
#include "pd/upload/retry_schedule.h"

#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace pd::upload {

struct PublishOptions {
    QString catalogDir;           // the catalog folder (opened by run() on its own thread)
    QString event;                // id or exact name
    QString host;                 // profile name; empty: the default profile
    // The profile's bearer token when the caller holds it (the app reads it from the desktop
    // keyring); empty: read from the profile's token file (PublishStore::readToken).
    QByteArray token;
    int maxConcurrent = 4;        // transfers on the wire at once
    qint64 speedCapBytesPerSecond = 0;   // 0: none
    int renderThreads = 0;        // 0: one per core
    int photosInFlight = 8;       // rendered photos held in memory at most (the bounded queue)
    RetryPolicy retry;
};

// What the grid shows per photo: "queued", "rendering", "sending", "published", "failed",
// "removing", "removed".
struct PublishPhotoUpdate {
    QString photoId;
    QString state;
    QString error;   // failed: the host's message
};

struct PublishProgress {
    int photosDone = 0;           // sent, failed or removed
    int photosTotal = 0;          // in this publish's plan
    qint64 bytesSent = 0;         // rendition and metadata bodies accepted by the host
    qint64 bytesTotal = 0;        // estimate: known bodies, plus the average for photos not made yet
    double bytesPerSecond = 0;
    int secondsLeft = -1;         // -1: not known yet
};

// Called on the thread that runs Publisher::run(), never concurrently. Keep calls short (e.g.
// emit a queued Qt signal to the GUI thread).
class PublishObserver {
public:
    virtual ~PublishObserver() = default;
    virtual void photoChanged(const PublishPhotoUpdate&) {}
    virtual void progressed(const PublishProgress&) {}   // about every 250 ms while running
};

struct PublishFailure {
    QString photoId;
    QString error;
};

struct PublishSummary {
    int sent = 0;                 // photos whose metadata the host accepted in this run
    int removed = 0;              // photos deleted from the host
    std::vector<PublishFailure> failed;
    int renditionsUploaded = 0;   // renditions PUT because the host lacked them
    qint64 renditionBytes = 0;    // their bodies
    bool eventChanged = false;    // the event's settings differed from the last publish
    QString galleryUrl;           // absolute
    std::optional<QString> accessCode;
    bool cancelled = false;
};

// The contract.
//
// Threads: construct anywhere; run() blocks the thread that calls it (a worker thread in the app,
// e.g. a QObject moved to a QThread, or main() in the CLI) and opens its own catalog connection
// there. cancel(), pause(), resume() and setSpeedCap() may be called from any thread while run()
// runs. The observer is called on run()'s thread.
//
// Order: the plan (every selected photo that is new, modified or failed, every published photo
// now unselected or deleted) is stored as a publish job with its items in one transaction before
// anything is sent. Then: PUT the event (with access code and expiry); for each photo, make its
// proof, web thumbnail and zoom proof (only when its edits or the event's rendition settings
// changed since it was published), ask the manifest which of them the host lacks, PUT those, then
// PUT the photo's metadata and only then record it as published; DELETE removed photos; finally a
// manifest of every published photo whose unknown_photos are deleted, so nothing is left behind.
// Renditions are PUT with ?event=<id> and that last manifest asks the host to sweep the ones
// uploaded for the event that no photo uses (a run killed between a photo's renditions and its
// metadata, the photo then edited or unselected). Renditions are byte-deterministic (the same
// photo, edits and settings give the same hashes in any process), so a re-run reuses them.
// Every step is idempotent: an interrupted run (crash, kill, reboot) is finished by running again.
//
// Errors: the returned error (event or host missing, the host unreachable past the retry budget,
// the event refused) leaves the job unfinished for the next run. A photo the host refuses (4xx
// other than 408/425/429) is listed in `failed` and recorded as failed in the catalog; the rest
// go on.
class Publisher {
public:
    explicit Publisher(PublishOptions options);
    ~Publisher();
    Publisher(const Publisher&) = delete;
    Publisher& operator=(const Publisher&) = delete;

    Result<PublishSummary> run(PublishObserver* observer = nullptr);

    void cancel();   // run() returns soon with cancelled = true; the job stays queued
    void pause();    // no new transfer starts (running ones finish)
    void resume();
    void setSpeedCap(qint64 bytesPerSecond);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace pd::upload
