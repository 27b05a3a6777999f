// What both host store backends share below the HostStore interface: how records become column
// text (JSON for order items and share photo lists), how slugs are made, and the blob checks.
#pragma once

#include "pd/core/result.h"
#include "pd/host/host_records.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace pd::host::store {

// ISO 8601 UTC with milliseconds: how every time is stored.
QString nowUtc();

QString priceSheetText(const PriceSheet& sheet);
PriceSheet priceSheetFromText(const QString& text);
// An event's delivery options as the `delivery` column's JSON text; '{}' (the column default)
// reads as studio pickup only.
QString deliveryText(const DeliveryOptions& delivery);
DeliveryOptions deliveryFromText(const QString& text);

// Order items as the JSON text the `items` column holds, and back (an unreadable text gives no
// items: check() reports it, a reader never crashes on it).
QString orderItemsText(const std::vector<OrderItem>& items);
std::vector<OrderItem> orderItemsFromText(const QString& text);

QString stringListText(const QStringList& list);
QStringList stringListFromText(const QString& text);

// A gallery slug as the studio may send it: lower-case letters and digits in words joined by
// single hyphens, at most 80 characters (the same rule as the studio API's).
bool isValidSlug(const QString& slug);
// The store's own slugs for an event: attempt 0 is "<name words>-<first 6 of the id>"
// ("smith-wedding-3f2a9c"); later attempts use more of the id, then add "-2", "-3", ... Every
// candidate is a valid slug. The first candidate no other event holds is the event's slug.
QString slugCandidate(const QString& name, const QString& id, int attempt);

// Appends a problem when the blob's stored size is not its byte count or its SHA-256 (hashed
// again now) is not its key.
void checkBlobBytes(const QString& photographerId, const BlobInfo& stored, const QByteArray& bytes,
                    QStringList& problems);

// The column holding a rendition kind's hash ("proof" -> "proof_sha256"); empty for other kinds.
QString renditionColumn(const QString& kind);

// "proof 3fa4c2d1… has not been uploaded": putPhoto's refusal for a hash that names no blob.
Error missingRendition(const QString& kind, const QString& sha256);

// The rendition hashes a photo uses, without empties or repeats.
QStringList renditionHashes(const PhotoRenditions& r);

// The fixed key of the site secret in site(key, value), and a fresh secret (32 bytes from
// OpenSSL's RAND_bytes, as lower-case hex).
inline constexpr auto kSiteSecretKey = "site_secret";
Result<QString> newSiteSecretHex();

} // namespace pd::host::store
