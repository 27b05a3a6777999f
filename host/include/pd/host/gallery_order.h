// Turning a customer's checkout JSON into an order priced from the event's price sheet: every
// check a gallery order must pass before the store sees it.
#pragma once

#include "pd/core/price_sheet.h"
#include "pd/core/result.h"
#include "pd/host/host_records.h"

#include <QByteArray>

#include <vector>

namespace pd::host {

// Limits of one checkout.
inline constexpr int kMaxOrderItems = 200;
inline constexpr int kMaxItemQuantity = 99;
// How far a crop's aspect may be from its print's (rounding of the client's arithmetic).
inline constexpr double kCropAspectTolerance = 0.01;

// The address lower-cased and trimmed when it looks like an e-mail address (one "@", a dot in
// the domain, no spaces or controls, at most 254 characters); empty otherwise.
QString normalisedEmail(const QString& text);

// The crop a print of `aspect` (long / short, 0: not a print) keeps by default: the largest
// centred area of the photo's shape, in the photo's orientation.
CropRect centredCrop(double aspect, int photoWidth, int photoHeight);

// Parses and checks `body` (the contract's order JSON) against the event, its delivery options
// and its photos, and prices it from the price sheet: prices the client sends are ignored.
// Errors: InvalidArgument with a sentence the customer can act on (sent back as 422).
// The result has no id, seq or status yet (the store sets them).
Result<HostOrder> buildGalleryOrder(const QByteArray& body, const HostEvent& event, const DeliveryOptions& delivery,
                                    const std::vector<HostPhoto>& photos);

} // namespace pd::host
