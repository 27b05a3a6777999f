// Writing orders as JSON and parsing the order feed's acknowledge and status bodies.
#include "pd/host/order_json.h"

#include "api_json.h"

#include <QJsonArray>
#include <QUuid>

namespace pd::host {

namespace {

using apijson::bad;

constexpr int kMaxAckIds = 1000;

} // namespace

QJsonObject orderToJson(const HostOrder& o) {
    QJsonArray items;
    for (const OrderItem& item : o.items) {
        items.append(QJsonObject{
            {"photo_id", item.photoId},
            {"product", item.product},
            {"size", item.size},
            {"finish", item.finish},
            {"quantity", item.quantity},
            {"unit_cents", item.unitCents},
            {"crop", QJsonObject{{"x", item.crop.x}, {"y", item.crop.y}, {"w", item.crop.w}, {"h", item.crop.h}}}});
    }
    return QJsonObject{{"id", o.id},
                       {"event_id", o.eventId},
                       {"seq", o.seq},
                       {"status", o.status},
                       {"acknowledged", o.acknowledged},
                       {"customer", QJsonObject{{"name", o.customerName}, {"email", o.email}, {"phone", o.phone}}},
                       {"delivery", o.delivery},
                       {"address", o.address},
                       {"note", o.note},
                       {"currency", o.currency},
                       {"shipping_cents", o.shippingCents},
                       {"total_cents", o.totalCents},
                       {"items", items},
                       {"created_at", o.createdAt},
                       {"updated_at", o.updatedAt}};
}

Result<QStringList> parseOrderAck(const QByteArray& body) {
    auto parsed = apijson::parseObject(body);
    if (!parsed.ok()) return parsed.error();
    const QJsonValue ids = parsed->value(QStringLiteral("ids"));
    if (!ids.isArray()) return bad(QStringLiteral("ids must be an array of order ids"));
    const QJsonArray a = ids.toArray();
    if (a.size() > kMaxAckIds)
        return bad(QStringLiteral("ids has more than %1 order ids; acknowledge them in batches").arg(kMaxAckIds));
    QStringList out;
    for (qsizetype i = 0; i < a.size(); ++i) {
        const QUuid id = a[i].isString() ? QUuid::fromString(a[i].toString()) : QUuid();
        if (id.isNull() || a[i].toString().size() != 36)
            return bad(QStringLiteral("ids[%1] must be an order id (a UUID)").arg(i));
        out << id.toString(QUuid::WithoutBraces);
    }
    out.removeDuplicates();
    return out;
}

Result<QString> parseOrderStatus(const QByteArray& body) {
    auto parsed = apijson::parseObject(body);
    if (!parsed.ok()) return parsed.error();
    auto status = apijson::stringField(parsed.value(), QStringLiteral("status"), QStringLiteral("status"), 40, true);
    if (!status.ok()) return status.error();
    if (!isOrderStatus(status.value()))
        return bad(QStringLiteral("status must be one of placed, received, sent_to_lab, accepted_by_lab, shipped, "
                                  "ready, completed, cancelled"));
    return status.value();
}

} // namespace pd::host
