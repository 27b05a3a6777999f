// Parsing and writing the studio API's event JSON.
#include "pd/host/event_json.h"

#include "api_json.h"

#include <QDate>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace pd::host {

namespace {

constexpr int kMaxName = 200;
constexpr int kMaxDescription = 20000;
constexpr int kMaxCategories = 1000;
constexpr int kMaxProducts = 500;
constexpr int kMaxAccessCode = 128;
constexpr int kMinProofSize = 200;
constexpr int kMaxProofSize = 16384;
constexpr double kMaxPriceCents = 1e11;
constexpr int kMaxSlug = 80;
constexpr int kMaxPickupNote = 1000;

using apijson::bad;
using apijson::dateField;
using apijson::integerField;
using apijson::stringField;

Result<QStringList> parseCategories(const QJsonValue& v) {
    QStringList out;
    if (v.isUndefined() || v.isNull()) return out;
    if (!v.isArray()) return bad(QStringLiteral("categories must be an array of names"));
    const QJsonArray a = v.toArray();
    if (a.size() > kMaxCategories) return bad(QStringLiteral("categories has more than %1 names").arg(kMaxCategories));
    QSet<QString> seen;
    for (int i = 0; i < a.size(); ++i) {
        const QString path = QStringLiteral("categories[%1]").arg(i);
        if (!a[i].isString()) return bad(path + QStringLiteral(" must be a string"));
        const QString name = a[i].toString();
        if (name.trimmed().isEmpty() || name.size() > kMaxName)
            return bad(QStringLiteral("%1 must be a name of 1 to %2 characters").arg(path).arg(kMaxName));
        if (seen.contains(name)) return bad(QStringLiteral("%1 repeats the name \"%2\"").arg(path, name));
        seen.insert(name);
        out << name;
    }
    return out;
}

Result<PriceSheet> parsePriceSheet(const QJsonValue& v) {
    PriceSheet sheet;
    if (v.isUndefined() || v.isNull()) return sheet;
    if (!v.isObject()) return bad(QStringLiteral("price_sheet must be an object"));
    const QJsonObject o = v.toObject();
    auto currency =
        stringField(o, QStringLiteral("currency"), QStringLiteral("price_sheet.currency"), 3, false, sheet.currency);
    if (!currency.ok()) return currency.error();
    static const QRegularExpression iso4217(QStringLiteral("^[A-Z]{3}$"));
    if (!iso4217.match(currency.value()).hasMatch())
        return bad(QStringLiteral("price_sheet.currency must be an ISO 4217 code such as EUR"));
    sheet.currency = currency.value();
    const QJsonValue products = o.value(QStringLiteral("products"));
    if (products.isUndefined() || products.isNull()) return sheet;
    if (!products.isArray()) return bad(QStringLiteral("price_sheet.products must be an array"));
    const QJsonArray a = products.toArray();
    if (a.size() > kMaxProducts)
        return bad(QStringLiteral("price_sheet.products has more than %1 items").arg(kMaxProducts));
    for (int i = 0; i < a.size(); ++i) {
        const QString path = QStringLiteral("price_sheet.products[%1]").arg(i);
        if (!a[i].isObject()) return bad(path + QStringLiteral(" must be an object"));
        const QJsonObject p = a[i].toObject();
        auto name = stringField(p, QStringLiteral("name"), path + QStringLiteral(".name"), kMaxName, true);
        if (!name.ok()) return name.error();
        auto size = stringField(p, QStringLiteral("size"), path + QStringLiteral(".size"), 50);
        if (!size.ok()) return size.error();
        auto finish = stringField(p, QStringLiteral("finish"), path + QStringLiteral(".finish"), 50);
        if (!finish.ok()) return finish.error();
        if (!p.contains(QStringLiteral("price_cents"))) return bad(path + QStringLiteral(".price_cents is required"));
        auto price =
            integerField(p, QStringLiteral("price_cents"), path + QStringLiteral(".price_cents"), 0, kMaxPriceCents, 0);
        if (!price.ok()) return price.error();
        sheet.products.push_back(PrintProduct{name.value(), size.value(), finish.value(), price.value()});
    }
    return sheet;
}

// A true/false field; absent or null -> fallback.
Result<bool> boolField(const QJsonObject& o, const QString& key, const QString& path, bool fallback) {
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) return fallback;
    if (!v.isBool()) return bad(QStringLiteral("%1 must be true or false").arg(path));
    return v.toBool();
}

Result<DeliveryOptions> parseDelivery(const QJsonValue& v) {
    DeliveryOptions d;
    if (v.isUndefined() || v.isNull()) return d;
    if (!v.isObject()) return bad(QStringLiteral("delivery must be an object"));
    const QJsonObject o = v.toObject();
    auto pickup = boolField(o, QStringLiteral("studio_pickup"), QStringLiteral("delivery.studio_pickup"), true);
    if (!pickup.ok()) return pickup.error();
    auto shipping = boolField(o, QStringLiteral("shipping"), QStringLiteral("delivery.shipping"), false);
    if (!shipping.ok()) return shipping.error();
    if (!pickup.value() && !shipping.value())
        return bad(QStringLiteral("delivery must offer studio_pickup, shipping or both"));
    auto cents = integerField(o, QStringLiteral("shipping_cents"), QStringLiteral("delivery.shipping_cents"), 0,
                              kMaxPriceCents, 0);
    if (!cents.ok()) return cents.error();
    auto note = stringField(o, QStringLiteral("pickup_note"), QStringLiteral("delivery.pickup_note"), kMaxPickupNote);
    if (!note.ok()) return note.error();
    d.studioPickup = pickup.value();
    d.shipping = shipping.value();
    d.shippingCents = cents.value();
    d.pickupNote = note.value();
    return d;
}

} // namespace

Result<EventPut> parseEventPut(const QByteArray& body) {
    auto parsed = apijson::parseObject(body);
    if (!parsed.ok()) return parsed.error();
    const QJsonObject o = parsed.value();

    EventPut put;
    HostEvent& e = put.event;
    auto name = stringField(o, QStringLiteral("name"), QStringLiteral("name"), kMaxName, true);
    if (!name.ok()) return name.error();
    if (name->trimmed().isEmpty()) return bad(QStringLiteral("name must not be empty"));
    e.name = name.value();
    auto slug = stringField(o, QStringLiteral("slug"), QStringLiteral("slug"), kMaxSlug);
    if (!slug.ok()) return slug.error();
    static const QRegularExpression slugShape(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    if (!slug->isEmpty() && !slugShape.match(slug.value()).hasMatch())
        return bad(QStringLiteral("slug must be lower-case letters and digits in words joined by single hyphens, "
                                  "such as \"smith-wedding-2026\""));
    e.slug = slug.value();
    auto date = dateField(o, QStringLiteral("date"), QStringLiteral("date"));
    if (!date.ok()) return date.error();
    e.date = date.value();
    auto description = stringField(o, QStringLiteral("description"), QStringLiteral("description"), kMaxDescription);
    if (!description.ok()) return description.error();
    e.description = description.value();
    auto categories = parseCategories(o.value(QStringLiteral("categories")));
    if (!categories.ok()) return categories.error();
    e.categories = categories.value();
    auto sheet = parsePriceSheet(o.value(QStringLiteral("price_sheet")));
    if (!sheet.ok()) return sheet.error();
    e.priceSheet = sheet.value();
    auto delivery = parseDelivery(o.value(QStringLiteral("delivery")));
    if (!delivery.ok()) return delivery.error();
    e.delivery = delivery.value();

    const QJsonValue gallery = o.value(QStringLiteral("gallery"));
    if (gallery.isUndefined() || gallery.isNull()) return put;
    if (!gallery.isObject()) return bad(QStringLiteral("gallery must be an object"));
    const QJsonObject g = gallery.toObject();
    if (g.contains(QStringLiteral("access_code"))) {
        auto code =
            stringField(g, QStringLiteral("access_code"), QStringLiteral("gallery.access_code"), kMaxAccessCode);
        if (!code.ok()) return code.error();
        put.accessCode = code.value();
    }
    auto expires = dateField(g, QStringLiteral("expires"), QStringLiteral("gallery.expires"));
    if (!expires.ok()) return expires.error();
    e.expires = expires.value();
    auto proofSize = integerField(g, QStringLiteral("proof_size"), QStringLiteral("gallery.proof_size"), kMinProofSize,
                                  kMaxProofSize, e.proofSize);
    if (!proofSize.ok()) return proofSize.error();
    e.proofSize = int(proofSize.value());
    auto shareSize = integerField(g, QStringLiteral("share_size"), QStringLiteral("gallery.share_size"), 0,
                                  kMaxProofSize, e.shareSize);
    if (!shareSize.ok()) return shareSize.error();
    e.shareSize = int(shareSize.value());
    return put;
}

QJsonObject eventToJson(const HostEvent& e) {
    const auto orNull = [](const QString& s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    const QJsonObject gallery{{"access_code_set", !e.accessCodeHash.isEmpty()},
                              {"expires", orNull(e.expires)},
                              {"proof_size", e.proofSize},
                              {"share_size", e.shareSize}};
    return QJsonObject{{"id", e.id},
                       {"name", e.name},
                       {"slug", e.slug},
                       {"gallery_url", QStringLiteral("/g/") + e.slug},
                       {"date", orNull(e.date)},
                       {"description", e.description},
                       {"categories", QJsonArray::fromStringList(e.categories)},
                       {"price_sheet", e.priceSheet.toJson()},
                       {"delivery", e.delivery.toJson()},
                       {"gallery", gallery},
                       {"created_at", e.createdAt},
                       {"updated_at", e.updatedAt}};
}

} // namespace pd::host
