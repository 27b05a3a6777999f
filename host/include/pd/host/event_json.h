// The studio API's JSON form of an event: strict parsing of what a studio sends (every field's
// type and range checked, the first problem named), and the form the host sends back.
#pragma once

#include "pd/core/result.h"
#include "pd/host/host_records.h"

#include <QByteArray>
#include <QJsonObject>

#include <optional>

namespace pd::host {

// A parsed PUT body. `event` has no id, owner or times yet; an empty slug lets the store make
// one (on create) or keep the stored one (on update); `accessCode` unset keeps the stored
// code, an empty string removes it.
struct EventPut {
    HostEvent event;
    std::optional<QString> accessCode;
};

// Errors: InvalidArgument with a message naming the field ("categories[2] must be a string").
// Unknown fields are ignored, so a newer studio can talk to an older host.
Result<EventPut> parseEventPut(const QByteArray& body);

// {"id", "name", "slug", "gallery_url" ("/g/<slug>"), "date", "description", "categories",
// "price_sheet", "gallery" {access_code_set, expires, proof_size, share_size}, "created_at",
// "updated_at"}; never the access code or its hash, only whether one is set.
QJsonObject eventToJson(const HostEvent& event);

} // namespace pd::host
