// Checkout JSON to a priced HostOrder: customer, delivery, items, crops, all checked against the event.
#include "pd/host/gallery_order.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <map>

namespace pd::host {

namespace {

constexpr int kMaxName = 200;
constexpr int kMaxPhone = 50;
constexpr int kMaxAddress = 2000;
constexpr int kMaxNote = 2000;
constexpr double kEdgeSlack = 1e-6; // a crop reaching 1.0000000001 is rounding, not outside

Error bad(const QString& message) {
    return makeError(ErrorCode::InvalidArgument, message);
}

bool hasControl(const QString& s, bool allowNewlines) {
    return std::any_of(s.begin(), s.end(), [&](QChar c) {
        if (allowNewlines && (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t'))) return false;
        return c.category() == QChar::Other_Control;
    });
}

// A required or optional text field, trimmed.
Result<QString> text(const QJsonObject& o, const char* key, const QString& what, int maxLength, bool required,
                     bool multiLine = false) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull()) {
        if (required) return bad(QStringLiteral("Please give your %1.").arg(what));
        return QString();
    }
    if (!v.isString()) return bad(QStringLiteral("The %1 must be text.").arg(what));
    const QString s = v.toString().trimmed();
    if (required && s.isEmpty()) return bad(QStringLiteral("Please give your %1.").arg(what));
    if (s.size() > maxLength) return bad(QStringLiteral("The %1 is longer than %2 characters.").arg(what).arg(maxLength));
    if (hasControl(s, multiLine)) return bad(QStringLiteral("The %1 contains characters that are not allowed.").arg(what));
    return s;
}

// A whole JSON number in [lo, hi], or nullopt.
std::optional<int> wholeNumber(const QJsonValue& v, int lo, int hi) {
    if (!v.isDouble()) return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d) || d != std::floor(d) || d < lo || d > hi) return std::nullopt;
    return int(d);
}

Result<CropRect> parseCrop(const QJsonValue& v, const QString& where) {
    if (!v.isObject()) return bad(where + QStringLiteral(": the crop must be an object with x, y, w and h."));
    const QJsonObject o = v.toObject();
    double f[4];
    const char* keys[4] = {"x", "y", "w", "h"};
    for (int i = 0; i < 4; ++i) {
        const QJsonValue n = o.value(QLatin1String(keys[i]));
        if (!n.isDouble() || !std::isfinite(n.toDouble()))
            return bad(where + QStringLiteral(": the crop's %1 must be a number.").arg(QLatin1String(keys[i])));
        f[i] = n.toDouble();
    }
    const CropRect c{f[0], f[1], f[2], f[3]};
    if (c.x < 0 || c.y < 0 || c.w <= 0 || c.h <= 0 || c.x + c.w > 1 + kEdgeSlack || c.y + c.h > 1 + kEdgeSlack)
        return bad(where + QStringLiteral(": the crop must lie inside the photo (fractions from 0 to 1)."));
    return c;
}

} // namespace

QString normalisedEmail(const QString& raw) {
    const QString s = raw.trimmed().toLower();
    static const QRegularExpression shape(QStringLiteral("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"));
    if (s.size() > 254 || hasControl(s, false) || !shape.match(s).hasMatch()) return {};
    return s;
}

CropRect centredCrop(double aspect, int photoWidth, int photoHeight) {
    if (aspect <= 0 || photoWidth <= 0 || photoHeight <= 0) return CropRect{};
    const double photo = double(photoWidth) / photoHeight;
    const double target = photoWidth >= photoHeight ? aspect : 1 / aspect; // width / height of the kept area
    CropRect c;
    if (photo > target) {
        c.w = target / photo;
        c.x = (1 - c.w) / 2;
    } else {
        c.h = photo / target;
        c.y = (1 - c.h) / 2;
    }
    return c;
}

Result<HostOrder> buildGalleryOrder(const QByteArray& body, const HostEvent& event, const DeliveryOptions& delivery,
                                    const std::vector<HostPhoto>& photos) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return bad(QStringLiteral("The order is not a JSON object."));
    const QJsonObject root = doc.object();

    HostOrder order;
    order.eventId = event.id;
    order.currency = event.priceSheet.currency;

    const QJsonObject customer = root.value(QLatin1String("customer")).toObject();
    auto name = text(customer, "name", QStringLiteral("name"), kMaxName, true);
    if (!name.ok()) return name.error();
    auto email = text(customer, "email", QStringLiteral("e-mail address"), 254, true);
    if (!email.ok()) return email.error();
    auto phone = text(customer, "phone", QStringLiteral("phone number"), kMaxPhone, true);
    if (!phone.ok()) return phone.error();
    order.customerName = name.value();
    order.email = normalisedEmail(email.value());
    if (order.email.isEmpty()) return bad(QStringLiteral("Please give an e-mail address like name@example.com."));
    static const QRegularExpression phoneShape(QStringLiteral("^[0-9+()./ x-]*[0-9][0-9+()./ x-]*$"));
    if (!phoneShape.match(phone.value()).hasMatch() ||
        std::count_if(phone->begin(), phone->end(), [](QChar c) { return c.isDigit(); }) < 3)
        return bad(QStringLiteral("Please give a phone number the studio can call."));
    order.phone = phone.value();

    const QJsonValue how = root.value(QLatin1String("delivery"));
    if (how == QJsonValue(QStringLiteral("pickup"))) {
        if (!delivery.studioPickup) return bad(QStringLiteral("This studio does not offer pickup: choose shipping."));
        order.delivery = QStringLiteral("pickup");
    } else if (how == QJsonValue(QStringLiteral("ship"))) {
        if (!delivery.shipping) return bad(QStringLiteral("This studio does not ship prints: choose pickup."));
        order.delivery = QStringLiteral("ship");
        auto address = text(root, "address", QStringLiteral("shipping address"), kMaxAddress, true, true);
        if (!address.ok()) return address.error();
        order.address = address.value();
        order.shippingCents = delivery.shippingCents;
    } else {
        return bad(QStringLiteral("Please choose pickup or shipping."));
    }
    auto note = text(root, "note", QStringLiteral("note"), kMaxNote, false, true);
    if (!note.ok()) return note.error();
    order.note = note.value();

    const QJsonValue itemsValue = root.value(QLatin1String("items"));
    if (!itemsValue.isArray()) return bad(QStringLiteral("The order has no items."));
    const QJsonArray items = itemsValue.toArray();
    if (items.isEmpty()) return bad(QStringLiteral("Your cart is empty."));
    if (items.size() > kMaxOrderItems)
        return bad(QStringLiteral("An order can hold at most %1 items.").arg(kMaxOrderItems));

    std::map<QString, const HostPhoto*> byId;
    for (const HostPhoto& p : photos) byId[p.id] = &p;
    const auto& products = event.priceSheet.products;
    qint64 total = 0;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString where = QStringLiteral("Item %1").arg(i + 1);
        if (!items[i].isObject()) return bad(where + QStringLiteral(" is not an object."));
        const QJsonObject it = items[i].toObject();
        const QJsonValue photoId = it.value(QLatin1String("photo_id"));
        const auto photo = photoId.isString() ? byId.find(photoId.toString()) : byId.end();
        if (photo == byId.end()) return bad(where + QStringLiteral(" is not a photo of this gallery."));
        const auto productIndex = wholeNumber(it.value(QLatin1String("product_id")), 0, int(products.size()) - 1);
        if (!productIndex) return bad(where + QStringLiteral(" names a print this gallery does not sell."));
        const auto quantity = wholeNumber(it.value(QLatin1String("quantity")), 1, kMaxItemQuantity);
        if (!quantity) return bad(where + QStringLiteral(": the quantity must be from 1 to %1.").arg(kMaxItemQuantity));
        const PrintProduct& product = products[std::size_t(*productIndex)];
        const HostPhoto& ph = *photo->second;
        const int w = ph.proofWidth > 0 ? ph.proofWidth : ph.originalWidth;
        const int h = ph.proofWidth > 0 ? ph.proofHeight : ph.originalHeight;
        const double aspect = printAspect(product.size);

        CropRect crop;
        const QJsonValue cropValue = it.value(QLatin1String("crop"));
        if (aspect > 0) {
            if (cropValue.isUndefined() || cropValue.isNull()) {
                crop = centredCrop(aspect, w, h);
            } else {
                auto parsed = parseCrop(cropValue, where);
                if (!parsed.ok()) return parsed.error();
                crop = parsed.value();
                if (w > 0 && h > 0) {
                    const double r = (crop.w * w) / (crop.h * h);
                    const double kept = std::max(r, 1 / r);
                    if (std::abs(kept / aspect - 1) > kCropAspectTolerance)
                        return bad(where + QStringLiteral(": the crop does not have the shape of a %1 print.").arg(product.size));
                }
            }
        }
        const qint64 line = product.priceCents * *quantity;
        total += line;
        order.items.push_back(OrderItem{ph.id, product.name, product.size, product.finish, *quantity, product.priceCents, crop});
    }
    order.totalCents = total + order.shippingCents;
    return order;
}

} // namespace pd::host
