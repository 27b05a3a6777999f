// Parsing and writing the studio API's event JSON.
#include "pd/host/event_json.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

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

Error bad(const QString& message) {
    return makeError(ErrorCode::InvalidArgument, message);
}

// A string field: absent -> `fallback`; present but not a string or too long -> error.
Result<QString> stringField(const QJsonObject& o, const QString& key, const QString& path, int maxLength,
                            bool required = false, const QString& fallback = {}) {
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || (v.isNull() && !required)) {
        if (required) return bad(QStringLiteral("%1 is required").arg(path));
        return fallback;
    }
    if (!v.isString()) return bad(QStringLiteral("%1 must be a string").arg(path));
    const QString s = v.toString();
    if (s.size() > maxLength) return bad(QStringLiteral("%1 is longer than %2 characters").arg(path).arg(maxLength));
    return s;
}

// A YYYY-MM-DD date or null/absent (empty).
Result<QString> dateField(const QJsonObject& o, const QString& key, const QString& path) {
    auto s = stringField(o, key, path, 10);
    if (!s.ok() || s->isEmpty()) return s;
    static const QRegularExpression shape(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (!shape.match(s.value()).hasMatch() || !QDate::fromString(s.value(), Qt::ISODate).isValid())
        return bad(QStringLiteral("%1 must be a date as YYYY-MM-DD").arg(path));
    return s;
}

// An integer in [lo, hi]; absent -> fallback.
Result<qint64> integerField(const QJsonObject& o, const QString& key, const QString& path, double lo, double hi,
                            qint64 fallback) {
    const QJsonValue v = o.value(key);
    if (v.isUndefined()) return fallback;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || d != std::floor(d) || d < lo || d > hi)
        return bad(QStringLiteral("%1 must be a whole number from %2 to %3").arg(path).arg(qint64(lo)).arg(qint64(hi)));
    return qint64(d);
}

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

} // namespace

Result<EventPut> parseEventPut(const QByteArray& body) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return bad(
            QStringLiteral("the body is not valid JSON: %1 at byte %2").arg(error.errorString()).arg(error.offset));
    if (!doc.isObject()) return bad(QStringLiteral("the body must be a JSON object"));
    const QJsonObject o = doc.object();

    EventPut put;
    HostEvent& e = put.event;
    auto name = stringField(o, QStringLiteral("name"), QStringLiteral("name"), kMaxName, true);
    if (!name.ok()) return name.error();
    if (name->trimmed().isEmpty()) return bad(QStringLiteral("name must not be empty"));
    e.name = name.value();
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
    return put;
}

QJsonObject eventToJson(const HostEvent& e) {
    const auto orNull = [](const QString& s) { return s.isEmpty() ? QJsonValue() : QJsonValue(s); };
    const QJsonObject gallery{
        {"access_code_set", !e.accessCodeHash.isEmpty()}, {"expires", orNull(e.expires)}, {"proof_size", e.proofSize}};
    return QJsonObject{{"id", e.id},
                       {"name", e.name},
                       {"date", orNull(e.date)},
                       {"description", e.description},
                       {"categories", QJsonArray::fromStringList(e.categories)},
                       {"price_sheet", e.priceSheet.toJson()},
                       {"gallery", gallery},
                       {"created_at", e.createdAt},
                       {"updated_at", e.updatedAt}};
}

} // namespace pd::host
