// The host's store: one interface, one implementation per database engine (SQLite,
// PostgreSQL), the same schema and migrations in both.
#pragma once

#include "pd/core/result.h"
#include "pd/host/host_records.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace pd::host {

// Every method is safe to call from any thread at the same time (implementations lease one
// connection per call and serialise writes). Errors: Database for engine failures; the other
// codes where stated. Queries about events are always scoped by the owner's id: an event of
// another photographer is "not found", never "forbidden".
class HostStore {
public:
    virtual ~HostStore() = default;

    // The schema version of the database, and the newest this program knows.
    virtual Result<int> schemaVersion() = 0;
    virtual int newestSchemaVersion() const = 0;
    // Applies the missing migrations up to `target` (-1: newest), each in its own transaction.
    // A database newer than this program is refused (InvalidArgument), never downgraded.
    virtual Status migrate(int target = -1) = 0;
    // Integrity and consistency checks; an empty list when all is well.
    virtual Result<QStringList> check() = 0;

    // AlreadyExists when the name is taken.
    virtual Result<Photographer> addPhotographer(const QString& name, const QString& tokenHash) = 0;
    virtual Result<std::vector<Photographer>> photographers() = 0;
    // The photographer whose token hashes to `tokenHash`, revoked or not.
    virtual Result<std::optional<Photographer>> photographerByTokenHash(const QString& tokenHash) = 0;
    // Revokes by id or exact name; NotFound when neither matches. Revoking twice keeps the first time.
    virtual Result<Photographer> revokePhotographer(const QString& idOrName) = 0;

    // Creates the event for `update.event.photographerId` or replaces its fields. NotFound when
    // the id belongs to another photographer.
    virtual Result<PutOutcome> putEvent(const EventUpdate& update) = 0;
    virtual Result<std::optional<HostEvent>> event(const QString& photographerId, const QString& eventId) = 0;
    // The photographer's events, newest date first.
    virtual Result<std::vector<HostEvent>> events(const QString& photographerId) = 0;
    // False when there was no such event of this photographer.
    // Deleting an event deletes its photos, favourites and shares, and the blobs no other photo
    // of the photographer uses. Orders are kept (the studio still has to fulfil them).
    virtual Result<bool> deleteEvent(const QString& photographerId, const QString& eventId) = 0;
    // The event with that slug, whoever owns it (for the gallery); nullopt when none.
    virtual Result<std::optional<HostEvent>> eventBySlug(const QString& slug) = 0;
    // The event with that id, whoever owns it (for a gallery session, which names its event by
    // id); nullopt when none.
    virtual Result<std::optional<HostEvent>> galleryEvent(const QString& eventId) = 0;

    // --- Blobs (content-addressed renditions) --------------------------------------------------
    // Stores the bytes under (photographer, info.sha256). The caller has verified the hash and
    // decoded the image. Idempotent: Created the first time, Updated (nothing written) after.
    // `uploadedFor`: the event the blob is uploaded for (empty: none), recorded when the blob is
    // created (a blob already held keeps what it has) and used by sweepUnreferencedBlobs.
    virtual Result<PutOutcome> putBlob(const QString& photographerId, const BlobInfo& info, const QByteArray& bytes,
                                       const QString& uploadedFor = {}) = 0;
    // Which of `sha256s` the photographer has no blob for, in the order given, without repeats.
    virtual Result<QStringList> missingBlobs(const QString& photographerId, const QStringList& sha256s) = 0;
    virtual Result<std::optional<BlobInfo>> blobInfo(const QString& photographerId, const QString& sha256) = 0;
    // Deletes the photographer's blobs uploaded for `eventId` that no photo of the photographer
    // uses and `keep` does not name (uploaded but never referenced: a publish killed between a
    // rendition and its photo, then the photo edited or unselected). Returns how many went.
    // NotFound when the event is not the photographer's. Serialised with putPhoto: a blob a photo
    // is being stored with is never swept from under it.
    virtual Result<int> sweepUnreferencedBlobs(const QString& photographerId, const QString& eventId,
                                               const QStringList& keep) = 0;

    // --- Photos ----------------------------------------------------------------------------
    // Creates or replaces the photo's metadata and rendition hashes. NotFound when the event is
    // not the photographer's; InvalidArgument when a rendition hash names no blob of the
    // photographer ("proof 3fa4… has not been uploaded") or the category is not the event's.
    // Blobs the photo no longer uses, and no other photo of the photographer uses, are deleted
    // in the same transaction.
    virtual Result<PutOutcome> putPhoto(const QString& photographerId, const HostPhoto& photo) = 0;
    // The event's photos by position, then id. NotFound when the event is not the photographer's.
    virtual Result<std::vector<HostPhoto>> photos(const QString& photographerId, const QString& eventId) = 0;
    // False when there was no such photo. Drops its favourites and its unused blobs.
    virtual Result<bool> deletePhoto(const QString& photographerId, const QString& eventId,
                                     const QString& photoId) = 0;
    // For galleries and shares, scoped by the event alone (the caller has authorised the event).
    virtual Result<std::vector<HostPhoto>> galleryPhotos(const QString& eventId) = 0;
    virtual Result<std::optional<HostPhoto>> galleryPhoto(const QString& eventId, const QString& photoId) = 0;
    // The bytes of one rendition of a photo of that event; nullopt when the event has no such
    // photo or the photo no such rendition. `kind`: "proof", "thumb" or "zoom".
    virtual Result<std::optional<Blob>> photoRendition(const QString& eventId, const QString& photoId,
                                                       const QString& kind) = 0;

    // --- Favourites -------------------------------------------------------------------------
    // Idempotent. NotFound when the event has no such photo.
    virtual Status setFavourite(const QString& eventId, const QString& email, const QString& photoId,
                                bool favourite) = 0;
    // One customer's favourite photo ids, oldest first.
    virtual Result<QStringList> favourites(const QString& eventId, const QString& email) = 0;
    // Every customer's, for the studio. NotFound when the event is not the photographer's.
    virtual Result<std::vector<Favourite>> eventFavourites(const QString& photographerId,
                                                           const QString& eventId) = 0;

    // --- Orders ----------------------------------------------------------------------------
    // Stores a new order: sets id, photographerId, seq, status "placed", times. The caller has
    // priced it from the event's price sheet. NotFound when the event or an item's photo does
    // not exist.
    virtual Result<HostOrder> placeOrder(const HostOrder& order) = 0;
    // An order of that event (the customer's status page); nullopt when none.
    virtual Result<std::optional<HostOrder>> galleryOrder(const QString& eventId, const QString& orderId) = 0;
    virtual Result<std::optional<HostOrder>> order(const QString& photographerId, const QString& orderId) = 0;
    // The feed: the photographer's unacknowledged orders with seq > afterSeq, by seq, at most
    // `limit`.
    virtual Result<std::vector<HostOrder>> orderFeed(const QString& photographerId, qint64 afterSeq,
                                                     int limit) = 0;
    // Takes orders off the feed. Ids of other photographers or unknown ids are ignored; returns
    // how many were acknowledged now.
    virtual Result<int> acknowledgeOrders(const QString& photographerId, const QStringList& orderIds) = 0;
    // Sets the status (isOrderStatus), bumps seq. NotFound for another photographer's order.
    virtual Result<HostOrder> setOrderStatus(const QString& photographerId, const QString& orderId,
                                             const QString& status) = 0;

    // --- Shares ----------------------------------------------------------------------------
    // Sets id and createdAt. NotFound when the event is not the photographer's or a photo id is
    // not in it.
    virtual Result<Share> createShare(const Share& share) = 0;
    virtual Result<std::vector<Share>> shares(const QString& photographerId, const QString& eventId) = 0;
    virtual Result<std::optional<Share>> shareByTokenHash(const QString& tokenHash) = 0;
    // False when there was no such share of the photographer.
    virtual Result<bool> revokeShare(const QString& photographerId, const QString& shareId) = 0;
    // Counts one retrieval atomically: false (and nothing counted) when the share is already at
    // its maxRetrievals.
    virtual Result<bool> consumeShareRetrieval(const QString& shareId) = 0;

    // --- Site ------------------------------------------------------------------------------
    // A random 32-byte secret made once per database and shared by every process using it:
    // signs gallery cookies and CSRF tokens.
    virtual Result<QByteArray> siteSecret() = 0;
};

// The checks every backend makes after its engine's own: the schema is the newest this program
// knows (if not, the rest is skipped: it needs the newest tables), every stored token hash is a
// hex SHA-256, every event has a slug and every photo's renditions are stored. (Blob sizes and
// hashes are re-checked by each backend, which reads the bytes.) Appends what it finds to `problems`; errors only when the store cannot be read.
Status checkStoredContents(HostStore& store, int schemaVersion, QStringList& problems);

} // namespace pd::host
