// What an event sells and how it delivers: shared by the studio (which edits it) and the host
// (which shows it in the cart), as plain values with a JSON form.
#pragma once

#include <QJsonObject>
#include <QString>

#include <vector>

namespace pd {

struct PrintProduct {
    QString name;     // "Print", "Canvas"
    QString size;     // "4x6", "5x7", "8x10" (inches, short x long) or "digital"
    QString finish;   // "gloss", "matte", "" for none
    qint64 priceCents = 0;

    bool operator==(const PrintProduct&) const = default;
};

struct PriceSheet {
    QString currency = QStringLiteral("EUR");   // ISO 4217
    std::vector<PrintProduct> products;

    QJsonObject toJson() const;
    static PriceSheet fromJson(const QJsonObject& o);   // tolerant: unknown or bad fields are skipped
    bool operator==(const PriceSheet&) const = default;
};

struct DeliveryOptions {
    bool studioPickup = true;
    bool shipping = false;
    qint64 shippingCents = 0;
    QString pickupNote;   // where and when to collect

    QJsonObject toJson() const;
    static DeliveryOptions fromJson(const QJsonObject& o);
    bool operator==(const DeliveryOptions&) const = default;
};

// The print aspect (long / short) for a size like "5x7"; 0 when it is not a print size.
double printAspect(const QString& size);

} // namespace pd
