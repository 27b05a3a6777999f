// Column encodings, slugs and blob checks shared by the SQLite and PostgreSQL host stores.
#include "store_values.h"

#include "pd/core/content_hash.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <openssl/rand.h>

namespace pd::host::store {

QString nowUtc() {
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString priceSheetText(const PriceSheet& sheet) {
    return QString::fromUtf8(QJsonDocument(sheet.toJson()).toJson(QJsonDocument::Compact));
}

PriceSheet priceSheetFromText(const QString& text) {
    return PriceSheet::fromJson(QJsonDocument::fromJson(text.toUtf8()).object());
}

QString deliveryText(const DeliveryOptions& delivery) {
    return QString::fromUtf8(QJsonDocument(delivery.toJson()).toJson(QJsonDocument::Compact));
}

DeliveryOptions deliveryFromText(const QString& text) {
    return DeliveryOptions::fromJson(QJsonDocument::fromJson(text.toUtf8()).object());
}

QString orderItemsText(const std::vector<OrderItem>& items) {
    QJsonArray out;
    for (const OrderItem& i : items) {
        out.append(QJsonObject{
            {QStringLiteral("photo_id"), i.photoId},
            {QStringLiteral("product"), i.product},
            {QStringLiteral("size"), i.size},
            {QStringLiteral("finish"), i.finish},
            {QStringLiteral("quantity"), i.quantity},
            {QStringLiteral("unit_cents"), double(i.unitCents)},
            {QStringLiteral("crop"), QJsonObject{{QStringLiteral("x"), i.crop.x},
                                                 {QStringLiteral("y"), i.crop.y},
                                                 {QStringLiteral("w"), i.crop.w},
                                                 {QStringLiteral("h"), i.crop.h}}},
        });
    }
    return QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact));
}

std::vector<OrderItem> orderItemsFromText(const QString& text) {
    std::vector<OrderItem> out;
    for (const QJsonValue& v : QJsonDocument::fromJson(text.toUtf8()).array()) {
        const QJsonObject o = v.toObject();
        OrderItem i;
        i.photoId = o.value(QStringLiteral("photo_id")).toString();
        i.product = o.value(QStringLiteral("product")).toString();
        i.size = o.value(QStringLiteral("size")).toString();
        i.finish = o.value(QStringLiteral("finish")).toString();
        i.quantity = o.value(QStringLiteral("quantity")).toInt();
        i.unitCents = qint64(o.value(QStringLiteral("unit_cents")).toDouble());
        const QJsonObject c = o.value(QStringLiteral("crop")).toObject();
        i.crop = CropRect{c.value(QStringLiteral("x")).toDouble(0), c.value(QStringLiteral("y")).toDouble(0),
                          c.value(QStringLiteral("w")).toDouble(1), c.value(QStringLiteral("h")).toDouble(1)};
        out.push_back(std::move(i));
    }
    return out;
}

QString stringListText(const QStringList& list) {
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList stringListFromText(const QString& text) {
    QStringList out;
    for (const QJsonValue& v : QJsonDocument::fromJson(text.toUtf8()).array()) out << v.toString();
    return out;
}

bool isValidSlug(const QString& slug) {
    static const QRegularExpression shape(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    return slug.size() <= 80 && shape.match(slug).hasMatch();
}

namespace {

// The name's words in lower-case ASCII joined by hyphens ("Müller & Söhne" -> "muller-sohne"),
// at most 40 characters; "gallery" when nothing is left.
QString nameWords(const QString& name) {
    const QString plain = name.normalized(QString::NormalizationForm_KD).toLower();
    QString out;
    bool gap = false;
    for (const QChar c : plain) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'))) {
            if (gap && !out.isEmpty()) out += QLatin1Char('-');
            out += c;
            gap = false;
        } else if (c.category() != QChar::Mark_NonSpacing) {
            gap = true;
        }
        if (out.size() >= 40) break;
    }
    while (out.endsWith(QLatin1Char('-'))) out.chop(1);
    return out.isEmpty() ? QStringLiteral("gallery") : out;
}

QString idLetters(const QString& id) {
    QString out;
    for (const QChar c : id.toLower())
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('0') && c <= QLatin1Char('9')))
            out += c;
    return out.left(32);
}

} // namespace

QString slugCandidate(const QString& name, const QString& id, int attempt) {
    const QString base = nameWords(name), letters = idLetters(id);
    if (letters.isEmpty()) return attempt == 0 ? base : QStringLiteral("%1-%2").arg(base).arg(attempt + 1);
    if (attempt == 0) return base + QLatin1Char('-') + letters.left(6);
    if (attempt == 1 && letters.size() > 6) return base + QLatin1Char('-') + letters.left(12);
    if (attempt <= 2) return base + QLatin1Char('-') + letters;
    return QStringLiteral("%1-%2-%3").arg(base, letters).arg(attempt - 1);
}

void checkBlobBytes(const QString& photographerId, const BlobInfo& stored, const QByteArray& bytes,
                    QStringList& problems) {
    if (stored.size != bytes.size())
        problems << QStringLiteral("blob %1 of photographer %2: stored size %3 but %4 bytes")
                        .arg(stored.sha256, photographerId)
                        .arg(stored.size)
                        .arg(bytes.size());
    const QString actual = sha256Hex(bytes);
    if (actual != stored.sha256)
        problems << QStringLiteral("blob %1 of photographer %2: its bytes hash to %3")
                        .arg(stored.sha256, photographerId, actual);
}

QString renditionColumn(const QString& kind) {
    if (kind == QLatin1String("proof")) return QStringLiteral("proof_sha256");
    if (kind == QLatin1String("thumb")) return QStringLiteral("thumb_sha256");
    if (kind == QLatin1String("zoom")) return QStringLiteral("zoom_sha256");
    return {};
}

Error missingRendition(const QString& kind, const QString& sha256) {
    return makeError(ErrorCode::InvalidArgument,
                     QStringLiteral("%1 %2… has not been uploaded").arg(kind, sha256.left(8)), sha256);
}

QStringList renditionHashes(const PhotoRenditions& r) {
    QStringList out;
    for (const QString& h : {r.proof, r.thumb, r.zoom})
        if (!h.isEmpty() && !out.contains(h)) out << h;
    return out;
}

Result<QString> newSiteSecretHex() {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return makeError(ErrorCode::Internal, QStringLiteral("the system's random generator failed"));
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(bytes), sizeof bytes).toHex());
}

} // namespace pd::host::store
