// Publishing's records in the catalog (DESIGN.md section 8): host profiles, each event's gallery
// settings (access code, expiry) and what the host was last sent, each photo's publish state, and
// the publish queue that survives a crash.
#pragma once

#include "pd/core/publish_wire.h"
#include "pd/core/result.h"
#include "pd/core/watermark.h"
#include "pd/db/records.h"

#include <QDate>
#include <QString>

#include <optional>
#include <vector>

namespace pd {

class Catalog;

struct HostProfile {
    QString name;
    QString url;          // e.g. "https://photos.example.com" (no trailing slash)
    QString tokenFile;    // absolute path of the file holding the token (mode 0600)
    bool isDefault = false;
};

// Lightroom's publish states. Deleted photos that were published show as ToRemove.
enum class PublishState { New, Published, Modified, ToRemove, Failed };
QString publishStateName(PublishState state);   // "new", "published", "modified", "to_remove", "failed"

// Everything about an event that shapes its renditions: a change re-renders every photo.
struct PublishSettings {
    int proofLongEdge = 2048;
    int zoomLongEdge = 6000;      // the event's share size, or kZoomProofMaxLongEdge for "full"
    std::optional<WatermarkPreset> watermark;
    bool allowGps = false;
    QString key;                  // SHA-256 of all of the above
};

struct PhotoPublishStatus {
    QString photoId;
    PublishState state = PublishState::New;
    std::optional<PhotoRecord> photo;   // absent when the photo was deleted from the catalog
    WireRenditions held;                // what the host holds (empty when never published)
    WirePhoto wire;                     // selected photos: the metadata to send (renditions empty)
    bool renditionsStale = true;        // selected photos: new renditions must be made
    QString error;                      // Failed: the host's message
};

// The event's gallery settings kept beside the event row.
struct EventGallery {
    std::optional<QString> accessCode;   // nullopt: never set (the host keeps whatever it has)
    QDate expires;                       // invalid: never
    QString host;                        // the profile last published to
    QString syncedHash;                  // jsonHash of the event last PUT successfully
    QString galleryUrl;                  // absolute, as the host answered
};

struct PublishJobItem {
    QString photoId;
    bool remove = false;
    QString state;   // "pending", "done", "failed"
};

struct PublishJob {
    qint64 id = 0;
    QString eventId;
    QString host;
    std::vector<PublishJobItem> items;
};

// Uses the Catalog's connection: same thread rules as the Catalog (one thread).
class PublishStore {
public:
    explicit PublishStore(Catalog& catalog) : m_catalog(catalog) {}

    // Host profiles. addHost copies the token into <catalog>/hosts/<name>.token, readable by the
    // user only (0600), never into SQLite; the first host added becomes the default. Errors:
    // InvalidArgument (name not 1-64 of A-Z a-z 0-9 - _ ., URL not http(s), empty token),
    // AlreadyExists, Io.
    Result<HostProfile> addHost(const QString& name, const QString& url, const QByteArray& token);
    Status useHost(const QString& name);                 // NotFound
    // Removes the profile and its token file, in one transaction with what the catalog knew of
    // that host: its unfinished publish jobs are cancelled and its events forget what was
    // published there (a host added later, even under the same name, starts them afresh). When
    // no default remains, the first remaining profile by name becomes the default. The photos on
    // the host itself stay. Errors: NotFound, Io.
    Status removeHost(const QString& name);
    Result<std::vector<HostProfile>> hosts();
    // The named profile, else the default. NotFound says how to add one.
    Result<HostProfile> requireHost(const QString& name = {});
    static Result<QByteArray> readToken(const HostProfile& host);

    // Gallery settings.
    Result<EventGallery> gallery(const QString& eventId);
    Status setAccessCode(const QString& eventId, const QString& code);   // "": an open gallery
    Status setExpires(const QString& eventId, const QDate& date);        // invalid: never
    Status recordEventSynced(const QString& eventId, const QString& host, const QString& hash, const QString& galleryUrl);

    // The event's rendition settings, watermark included.
    Result<PublishSettings> settings(const EventRecord& event);
    // Every photo selected for the web, and every photo the host holds that is no longer selected
    // (or no longer exists), with its state. Photos published to another host than `host` count
    // as new there (the studio keeps one published copy per event).
    Result<std::vector<PhotoPublishStatus>> photoStates(const EventRecord& event, const PublishSettings& settings,
                                                        const QString& host);
    // The key a photo's renditions are made with (settings, edits, embedded tags).
    static QString renderKey(const PhotoRecord& photo, const PublishSettings& settings);

    // After the host accepted the photo's metadata PUT.
    Status recordPublished(const QString& eventId, const QString& photoId, const WireRenditions& held,
                           const QString& renderKey, const QString& metaHash);
    Status recordFailed(const QString& eventId, const QString& photoId, const QString& error);
    Status recordRemoved(const QString& eventId, const QString& photoId);
    // Forgets what another host held (publishing the event to a new host starts afresh).
    Status forgetHost(const QString& eventId);

    // The queue. startJob stores the job and its items in one transaction, replacing (cancelling)
    // an unfinished one of the same event: what was done is already in the photo records, so
    // the new plan holds exactly what is left.
    Result<qint64> startJob(const QString& eventId, const QString& host, const std::vector<PublishJobItem>& items);
    Status setItemState(qint64 jobId, const QString& photoId, const QString& state, const QString& error = {});
    Status finishJob(qint64 jobId);
    Result<std::vector<PublishJob>> unfinishedJobs();

private:
    Catalog& m_catalog;
};

} // namespace pd
