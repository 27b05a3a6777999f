// The host's records as plain values: what the store keeps and the studio API exchanges.
#pragma once

#include "pd/core/price_sheet.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace pd::host {

// A photographer who may use the studio API. Only the SHA-256 of the token is ever kept.
struct Photographer {
    QString id;        // UUID, made by the host
    QString name;      // unique, as given to `photographer add`
    QString tokenHash; // lower-case hex SHA-256 of the bearer token
    QString createdAt; // ISO 8601 UTC
    QString revokedAt; // empty while the token is valid

    bool revoked() const { return !revokedAt.isEmpty(); }
};

// An event as the studio publishes it. Dates are YYYY-MM-DD or empty.
struct HostEvent {
    QString id;             // the studio's UUID (lower case, no braces)
    QString photographerId; // the owner; every query is scoped by it
    QString name;
    QString date;
    QString description;
    QStringList categories; // in the studio's order
    PriceSheet priceSheet;
    DeliveryOptions delivery; // how the gallery's customers may receive prints
    // Gallery settings.
    QString accessCodeHash; // empty: the gallery has no access code
    QString expires;        // last day the gallery is open; empty: never expires
    int proofSize = 2048;   // long edge of the largest proof, in pixels
    int shareSize = 0;      // long edge of the largest size shares and zoom serve; 0: proofSize
    // The gallery's address is /g/<slug>. Unique across the host. The studio may send one;
    // otherwise the store makes it from the name and the id ("smith-wedding-3f2a9c") on create
    // and keeps it on update.
    QString slug;
    QString createdAt;      // set by the store
    QString updatedAt;      // set by the store
};

// What a PUT of an event brings. `accessCodeHash` unset keeps the stored code.
struct EventUpdate {
    HostEvent event;
    std::optional<QString> accessCodeHash;
};

enum class PutOutcome { Created, Updated };

// --- Photos and their renditions -----------------------------------------------------------

// A stored image: content-addressed by SHA-256, owned by one photographer (another
// photographer's identical bytes are a different blob, so the manifest never leaks what others
// hold). Image bytes live in the database, never in files.
struct BlobInfo {
    QString sha256;  // lower-case hex of `bytes`
    QString mime;    // "image/jpeg" or "image/jp2"
    int width = 0;   // pixels, as decoded when it was stored
    int height = 0;
    qint64 size = 0; // bytes
};
struct Blob {
    BlobInfo info;
    QByteArray bytes;
};

// The renditions a published photo uses, by kind. Empty: the photo has none of that kind.
struct PhotoRenditions {
    QString proof; // watermarked JPEG, up to the event's proof size
    QString thumb; // web thumbnail JPEG, 400 px
    QString zoom;  // JPEG 2000 zoom proof, for IIIF
    bool operator==(const PhotoRenditions&) const = default;
};

// A published photo's metadata, as the studio upserts it.
struct HostPhoto {
    QString id;        // the studio's photo id (a UUID or the catalog's integer id as text)
    QString eventId;
    QString category;  // one of the event's categories, or empty
    int position = 0;  // order in the gallery (ascending), then id
    QString filename;  // the original's file name, shown to the customer
    QString caption;
    QString capturedAt;      // ISO 8601 or empty
    int originalWidth = 0;   // the edited full-resolution image: what a print is made from
    int originalHeight = 0;
    int proofWidth = 0;      // filled by the store from the proof blob
    int proofHeight = 0;
    PhotoRenditions renditions; // every non-empty hash must name a blob of the same photographer
    QString updatedAt;          // set by the store
};

// A customer's favourite.
struct Favourite {
    QString email;   // lower-cased
    QString photoId;
    QString createdAt;
};

// --- Orders ------------------------------------------------------------------------------------

// The part of the oriented proof a print keeps: fractions 0..1 of width and height.
struct CropRect {
    double x = 0, y = 0, w = 1, h = 1;
    bool operator==(const CropRect&) const = default;
};

struct OrderItem {
    QString photoId;
    QString product;  // PrintProduct::name
    QString size;     // PrintProduct::size
    QString finish;   // PrintProduct::finish
    int quantity = 1;
    qint64 unitCents = 0; // from the event's price sheet at checkout, never from the client
    CropRect crop;
    bool operator==(const OrderItem&) const = default;
};

// Order status, in DESIGN.md section 10's words, as stored: "placed", "received", "sent_to_lab",
// "accepted_by_lab", "shipped", "ready", "completed", "cancelled".
bool isOrderStatus(const QString& status);

struct HostOrder {
    QString id;              // UUID, made by the store
    QString eventId;
    QString photographerId;  // set by the store from the event
    qint64 seq = 0;          // feed cursor: set by the store, grows on every change of the order
    QString customerName;
    QString email;           // lower-cased
    QString phone;
    QString delivery;        // "pickup" or "ship"
    QString address;         // multi-line shipping address; empty for pickup
    QString note;
    QString currency;        // the price sheet's
    qint64 shippingCents = 0;
    qint64 totalCents = 0;   // items plus shipping, computed by the host
    std::vector<OrderItem> items;
    QString status = QStringLiteral("placed");
    bool acknowledged = false; // the studio has taken it off the feed
    QString createdAt;
    QString updatedAt;
};

// --- Shares --------------------------------------------------------------------------------------

// A link that lets someone without a gallery session fetch chosen photos over IIIF, within limits.
struct Share {
    QString id;             // UUID, made by the store
    QString eventId;
    QString photographerId;
    QString tokenHash;      // SHA-256 of the token in the URL; the token itself is never stored
    QString name;           // who it is for ("Daily Courier")
    QStringList photoIds;   // empty: every photo of the event
    int maxPx = 0;          // largest long edge served; 0: the event's share size
    QString expires;        // last day it works (YYYY-MM-DD); empty: never
    int maxRetrievals = 0;  // 0: unlimited
    int retrievals = 0;     // image responses served so far
    QString createdAt;
    QString revokedAt;
};

} // namespace pd::host
