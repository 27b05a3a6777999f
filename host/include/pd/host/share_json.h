// The studio API's JSON for shares: parsing a create request, and a share as listed (never its
// token, which exists only in the create response).
#pragma once

#include "pd/core/result.h"
#include "pd/host/host_records.h"

#include <QByteArray>
#include <QJsonObject>

namespace pd::host {

// Pure functions of their arguments: thread-safe.

// {"name" (required), "photos": [photo ids] (optional: absent or empty = the whole event),
// "max_px" (0..16384, 0 = the event's share size), "expires" (YYYY-MM-DD or null),
// "max_retrievals" (0 = unlimited)}. The result has no id, event, owner or token yet.
// Errors: InvalidArgument naming the field.
Result<Share> parseShareCreate(const QByteArray& body);

// {"id", "event_id", "name", "photos", "max_px", "expires", "max_retrievals", "retrievals",
// "created_at", "revoked_at"}.
QJsonObject shareToJson(const Share& share);

} // namespace pd::host
