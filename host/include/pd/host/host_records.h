// The host's records as plain values: what the store keeps and the studio API exchanges.
#pragma once

#include "pd/core/price_sheet.h"

#include <QString>
#include <QStringList>

#include <optional>

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
    // Gallery settings.
    QString accessCodeHash; // empty: the gallery has no access code
    QString expires;        // last day the gallery is open; empty: never expires
    int proofSize = 2048;   // long edge of the largest proof, in pixels
    QString createdAt;      // set by the store
    QString updatedAt;      // set by the store
};

// What a PUT of an event brings. `accessCodeHash` unset keeps the stored code.
struct EventUpdate {
    HostEvent event;
    std::optional<QString> accessCodeHash;
};

enum class PutOutcome { Created, Updated };

} // namespace pd::host
