// The studio API's JSON for orders and the order feed: the full order as the studio stores it,
// and strict parsing of the acknowledge and status bodies.
#pragma once

#include "pd/core/result.h"
#include "pd/host/host_records.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace pd::host {

// Pure functions of their arguments: thread-safe.

// {"id", "event_id", "seq", "status", "acknowledged", "customer" {name, email, phone},
// "delivery", "address", "note", "currency", "shipping_cents", "total_cents",
// "items" [{"photo_id", "product", "size", "finish", "quantity", "unit_cents",
// "crop" {x, y, w, h}}], "created_at", "updated_at"}.
QJsonObject orderToJson(const HostOrder& order);

// {"ids": ["<order id>", ...]} (at most 1000, each a UUID). Errors: InvalidArgument.
Result<QStringList> parseOrderAck(const QByteArray& body);

// {"status": "sent_to_lab"}: one of the statuses isOrderStatus accepts. Errors: InvalidArgument
// listing the accepted words.
Result<QString> parseOrderStatus(const QByteArray& body);

} // namespace pd::host
