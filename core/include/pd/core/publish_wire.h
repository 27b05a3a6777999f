// What the studio sends the host when it publishes, and what it reads back (docs/host-api.md):
// the event, a photo's metadata, the manifest exchange. Plain values with their JSON form, shared
// by the uploader and (later) the host, which keeps its own strict parsers for now.
#pragma once

#include "pd/core/price_sheet.h"
#include "pd/core/result.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace pd {

// The SHA-256 (lower-case hex) of each rendition of a published photo; empty: none.
struct WireRenditions {
    QString proof;   // image/jpeg
    QString thumb;   // image/jpeg, 400 px, from the proof
    QString zoom;    // image/jp2
    QJsonObject toJson() const;   // empty ones are left out
    bool operator==(const WireRenditions&) const = default;
};

// PUT /api/v1/events/{id}. The whole event is sent every time.
struct WireEvent {
    QString name;
    QDate date;
    QString description;
    QStringList categories;
    PriceSheet priceSheet;
    DeliveryOptions delivery;
    std::optional<QString> accessCode;   // nullopt: leave the host's as it is; "": an open gallery
    QDate expires;                       // invalid: never
    int proofSize = 2048;
    int shareSize = 0;
    QJsonObject toJson() const;
};

// PUT /api/v1/events/{id}/photos/{photo-id}.
struct WirePhoto {
    QString id;
    QString category;
    int position = 0;
    QString filename;
    QString caption;
    QDateTime capturedAt;
    int originalWidth = 0;   // the edited full-resolution size
    int originalHeight = 0;
    WireRenditions renditions;
    QJsonObject toJson() const;
    // SHA-256 of everything but the renditions: changes when the photo is re-described.
    QString metadataHash() const;
};

// POST /api/v1/events/{id}/manifest: its body from (photo id, renditions) pairs.
// `sweepUnreferenced`: the full manifest of a finished publish; the host deletes the renditions
// uploaded for the event that no photo uses and the manifest does not name.
QByteArray manifestBody(const std::vector<std::pair<QString, WireRenditions>>& photos, bool sweepUnreferenced = false);

struct WireManifestAnswer {
    QStringList missing;
    QStringList newPhotos;
    QStringList stale;
    QStringList unknownPhotos;
    // CorruptData when the body is not the host's manifest answer.
    static Result<WireManifestAnswer> fromJson(const QByteArray& body);
};

// The parts of the host's event answer the studio keeps.
struct WireHostEvent {
    QString id;
    QString slug;
    QString galleryUrl;   // "/g/<slug>", relative to the host
    static Result<WireHostEvent> fromJson(const QByteArray& body);
};

// SHA-256 of canonical (compact, key-sorted) JSON: how the studio notices a change.
QString jsonHash(const QJsonObject& o);

} // namespace pd
