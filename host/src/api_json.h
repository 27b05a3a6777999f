// Internal: the field readers every studio API JSON parser shares, so each field's type and
// range is checked the same way and the first problem is named by its path ("photos[3].id").
#pragma once

#include "pd/core/result.h"

#include <QByteArray>
#include <QDate>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QRegularExpression>
#include <QString>

#include <cmath>

namespace pd::host::apijson {

inline Error bad(const QString& message) {
    return makeError(ErrorCode::InvalidArgument, message);
}

// The body as a JSON object, or InvalidArgument saying why not.
inline Result<QJsonObject> parseObject(const QByteArray& body) {
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return bad(
            QStringLiteral("the body is not valid JSON: %1 at byte %2").arg(error.errorString()).arg(error.offset));
    if (!doc.isObject()) return bad(QStringLiteral("the body must be a JSON object"));
    return doc.object();
}

// A string field: absent (or null when not required) -> `fallback`; present but not a string or
// too long -> error.
inline Result<QString> stringField(const QJsonObject& o, const QString& key, const QString& path, int maxLength,
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

// A whole number in [lo, hi]; absent -> fallback.
inline Result<qint64> integerField(const QJsonObject& o, const QString& key, const QString& path, double lo, double hi,
                                   qint64 fallback) {
    const QJsonValue v = o.value(key);
    if (v.isUndefined()) return fallback;
    const double d = v.toDouble(std::nan(""));
    if (!v.isDouble() || d != std::floor(d) || d < lo || d > hi)
        return bad(QStringLiteral("%1 must be a whole number from %2 to %3").arg(path).arg(qint64(lo)).arg(qint64(hi)));
    return qint64(d);
}

// A YYYY-MM-DD date; absent or null -> empty.
inline Result<QString> dateField(const QJsonObject& o, const QString& key, const QString& path) {
    auto s = stringField(o, key, path, 10);
    if (!s.ok() || s->isEmpty()) return s;
    static const QRegularExpression shape(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (!shape.match(s.value()).hasMatch() || !QDate::fromString(s.value(), Qt::ISODate).isValid())
        return bad(QStringLiteral("%1 must be a date as YYYY-MM-DD").arg(path));
    return s;
}

// A SHA-256 as 64 hex digits, returned in lower case; absent, null or "" -> empty.
inline Result<QString> sha256Field(const QJsonObject& o, const QString& key, const QString& path) {
    auto s = stringField(o, key, path, 64);
    if (!s.ok() || s->isEmpty()) return s;
    static const QRegularExpression hex(QStringLiteral("^[0-9a-fA-F]{64}$"));
    if (!hex.match(s.value()).hasMatch()) return bad(QStringLiteral("%1 must be a SHA-256 as 64 hex digits").arg(path));
    return s->toLower();
}

} // namespace pd::host::apijson
