// JSON forms of price sheets and delivery options.
#include "pd/core/price_sheet.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace pd {

QJsonObject PriceSheet::toJson() const {
    QJsonArray items;
    for (const PrintProduct& p : products)
        items.append(QJsonObject{{"name", p.name}, {"size", p.size}, {"finish", p.finish}, {"price_cents", p.priceCents}});
    return QJsonObject{{"currency", currency}, {"products", items}};
}

PriceSheet PriceSheet::fromJson(const QJsonObject& o) {
    PriceSheet s;
    if (o.value("currency").isString()) s.currency = o.value("currency").toString();
    for (const QJsonValue& v : o.value("products").toArray()) {
        const QJsonObject p = v.toObject();
        if (!p.value("name").isString() || !p.value("price_cents").isDouble()) continue;
        s.products.push_back(PrintProduct{p.value("name").toString(), p.value("size").toString(), p.value("finish").toString(),
                                          qint64(p.value("price_cents").toDouble())});
    }
    return s;
}

QJsonObject DeliveryOptions::toJson() const {
    return QJsonObject{{"studio_pickup", studioPickup}, {"shipping", shipping}, {"shipping_cents", shippingCents},
                       {"pickup_note", pickupNote}};
}

DeliveryOptions DeliveryOptions::fromJson(const QJsonObject& o) {
    DeliveryOptions d;
    d.studioPickup = o.value("studio_pickup").toBool(true);
    d.shipping = o.value("shipping").toBool(false);
    d.shippingCents = qint64(o.value("shipping_cents").toDouble());
    d.pickupNote = o.value("pickup_note").toString();
    return d;
}

double printAspect(const QString& size) {
    static const QRegularExpression re(QStringLiteral("^\\s*(\\d+(?:\\.\\d+)?)\\s*[xX]\\s*(\\d+(?:\\.\\d+)?)\\s*$"));
    const auto m = re.match(size);
    if (!m.hasMatch()) return 0;
    const double a = m.captured(1).toDouble(), b = m.captured(2).toDouble();
    if (a <= 0 || b <= 0) return 0;
    return std::max(a, b) / std::min(a, b);
}

} // namespace pd
