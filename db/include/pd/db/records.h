// The catalog's records as plain values, with the JSON form the vault keeps a copy of.
#pragma once

#include "pd/core/edit_operations.h"
#include "pd/core/photo_metadata.h"
#include "pd/core/price_sheet.h"
#include "pd/core/proof.h"
#include "pd/core/watermark.h"

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace pd {

struct EventRecord {
    QString id;            // UUID, the same on studio and host
    QString name;
    QString description;
    QDate date;
    QString photographer;
    QString location;
    QDateTime createdAt;
    PriceSheet priceSheet;
    DeliveryOptions delivery;
    std::optional<qint64> watermarkPresetId;   // the default watermark of the event's proofs
    int proofSize = kDefaultProofLongEdge;     // long edge of proofs, px
    int shareSize = 0;                         // largest size shared (zoom proofs, shares); 0 = full resolution
    bool allowGps = false;                     // proofs keep the photo's GPS position
    // The default watermark itself, filled only for the vault's copy (archive), so that an
    // attached event brings its watermark back; the catalog names it by watermarkPresetId.
    std::optional<WatermarkPreset> watermarkPreset;

    QJsonObject toJson() const;
    static EventRecord fromJson(const QJsonObject& o);
};

struct CategoryRecord {
    qint64 id = 0;
    QString eventId;
    QString name;
    int position = 0;
};

enum class PhotoFlag { Reject = -1, None = 0, Pick = 1 };

struct PhotoRecord {
    QString id;            // UUID
    QString eventId;
    std::optional<qint64> categoryId;
    QString category;      // the category's name, filled when read from the catalog
    QString filename;      // the original's file name (display only: never used to match)
    QString sha256;
    qint64 byteSize = 0;
    QString format;        // imageFormatName()
    int width = 0;         // oriented, full resolution
    int height = 0;
    PhotoMetadata meta;
    int rating = 0;
    PhotoFlag flag = PhotoFlag::None;
    QString colorLabel;
    bool selected = false; // selected for the web
    QDateTime importedAt;
    EditList edits;        // crop, rotate, flip, straighten, in order (the original is never touched)
    qint64 editVersion = 0;// goes up with every change of `edits`; renditions record the one they show

    QJsonObject toJson() const;   // everything but the category id (the vault keeps the name)
    static PhotoRecord fromJson(const QJsonObject& o);
};

// Colour labels, as photographers know them from Lightroom (keys 6-9 and purple).
inline const QStringList& colorLabels() {
    static const QStringList labels{QStringLiteral("red"), QStringLiteral("yellow"), QStringLiteral("green"),
                                    QStringLiteral("blue"), QStringLiteral("purple")};
    return labels;
}

QString photoFlagName(PhotoFlag flag);  // "pick", "reject", "none"
std::optional<PhotoFlag> photoFlagFromName(const QString& name);

} // namespace pd
