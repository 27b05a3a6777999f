// The JSON records of edit operations and their validation.
#include "pd/core/edit_operations.h"

#include "pd/core/edit_geometry.h"

#include <QJsonDocument>

#include <cmath>

namespace pd {

namespace {

Error invalid(const QString& message) { return makeError(ErrorCode::InvalidArgument, message); }

bool finite(double v) { return std::isfinite(v); }

// Shortest round-trip text for a double ("0.25", "1.5"), as JSON writes it.
QString number(double v) { return QString::number(v, 'g', QLocale::FloatingPointShortest); }

struct ToJson {
    QJsonObject operator()(const RotateOp& r) const {
        return {{"op", "rotate"}, {"v", kEditOperationVersion}, {"turns", r.turns}};
    }
    QJsonObject operator()(const FlipOp& f) const {
        return {{"op", "flip"}, {"v", kEditOperationVersion}, {"axis", f.axis == FlipAxis::Horizontal ? "h" : "v"}};
    }
    QJsonObject operator()(const CropOp& c) const {
        QJsonObject o{{"op", "crop"}, {"v", kEditOperationVersion}, {"x", c.x}, {"y", c.y}, {"w", c.width}, {"h", c.height}};
        if (!c.aspect.isEmpty()) o.insert("aspect", c.aspect);
        return o;
    }
    QJsonObject operator()(const StraightenOp& s) const {
        return {{"op", "straighten"}, {"v", kEditOperationVersion}, {"degrees", s.degrees}};
    }
};

struct Describe {
    QString operator()(const RotateOp& r) const {
        if (r.turns == 1) return QStringLiteral("rotate cw");
        if (r.turns == -1) return QStringLiteral("rotate ccw");
        return QStringLiteral("rotate %1 quarter turn(s)").arg(r.turns);
    }
    QString operator()(const FlipOp& f) const { return f.axis == FlipAxis::Horizontal ? QStringLiteral("flip h") : QStringLiteral("flip v"); }
    QString operator()(const CropOp& c) const {
        QString s = QStringLiteral("crop %1 %2 %3 %4").arg(number(c.x), number(c.y), number(c.width), number(c.height));
        if (!c.aspect.isEmpty()) s += QStringLiteral(" (%1)").arg(c.aspect);
        return s;
    }
    QString operator()(const StraightenOp& s) const { return QStringLiteral("straighten %1").arg(number(s.degrees)); }
};

Result<double> requireNumber(const QJsonObject& o, const char* key) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (!v.isDouble() || !finite(v.toDouble()))
        return invalid(QStringLiteral("the %1 edit has no number \"%2\"").arg(o.value("op").toString(), QLatin1String(key)));
    return v.toDouble();
}

} // namespace

Status validateEditOperation(const EditOperation& op) {
    if (const auto* r = std::get_if<RotateOp>(&op)) {
        if (r->turns == 0 || r->turns < -3 || r->turns > 3) return invalid(QStringLiteral("a rotation is 1 to 3 quarter turns either way"));
    } else if (const auto* c = std::get_if<CropOp>(&op)) {
        constexpr double kSlack = 1e-9;
        if (!finite(c->x) || !finite(c->y) || !finite(c->width) || !finite(c->height))
            return invalid(QStringLiteral("crop numbers must be numbers"));
        if (c->width <= 0 || c->height <= 0) return invalid(QStringLiteral("a crop needs a width and a height above 0"));
        if (c->x < -kSlack || c->y < -kSlack || c->x + c->width > 1 + kSlack || c->y + c->height > 1 + kSlack)
            return invalid(QStringLiteral("crop numbers are fractions 0..1 of the picture: X + W and Y + H must stay within 1"));
        if (!c->aspect.isEmpty() && !isValidCropAspect(c->aspect))
            return invalid(QStringLiteral("unknown crop aspect \"%1\" (free, original, or W:H such as 2:3)").arg(c->aspect));
    } else if (const auto* s = std::get_if<StraightenOp>(&op)) {
        if (!finite(s->degrees) || std::abs(s->degrees) > kMaxStraightenDegrees)
            return invalid(QStringLiteral("straighten takes -45 to 45 degrees"));
    }
    return {};
}

QJsonObject editOperationToJson(const EditOperation& op) { return std::visit(ToJson{}, op); }

Result<EditOperation> editOperationFromJson(const QJsonObject& o) {
    const QString name = o.value("op").toString();
    const QJsonValue version = o.value("v");
    if (!version.isUndefined() && (!version.isDouble() || version.toDouble() < 1))
        return invalid(QStringLiteral("the %1 edit has a bad version").arg(name));
    if (version.toInt(1) > kEditOperationVersion)
        return makeError(ErrorCode::UnsupportedFormat,
                         QStringLiteral("the %1 edit (version %2) was made by a newer Proofdesk").arg(name).arg(version.toInt()));
    EditOperation op;
    if (name == QLatin1String("rotate")) {
        const QJsonValue t = o.value("turns");
        if (!t.isDouble() || t.toDouble() != std::floor(t.toDouble())) return invalid(QStringLiteral("the rotate edit has no whole number of turns"));
        op = RotateOp{t.toInt()};
    } else if (name == QLatin1String("flip")) {
        const QString axis = o.value("axis").toString();
        if (axis != QLatin1String("h") && axis != QLatin1String("v")) return invalid(QStringLiteral("the flip edit's axis is h or v"));
        op = FlipOp{axis == QLatin1String("h") ? FlipAxis::Horizontal : FlipAxis::Vertical};
    } else if (name == QLatin1String("crop")) {
        auto x = requireNumber(o, "x"), y = requireNumber(o, "y"), w = requireNumber(o, "w"), h = requireNumber(o, "h");
        for (const auto* r : {&x, &y, &w, &h}) PD_TRY(*r);
        op = CropOp{x.value(), y.value(), w.value(), h.value(), o.value("aspect").toString()};
    } else if (name == QLatin1String("straighten")) {
        auto d = requireNumber(o, "degrees");
        PD_TRY(d);
        op = StraightenOp{d.value()};
    } else if (name.isEmpty()) {
        return invalid(QStringLiteral("an edit record without \"op\""));
    } else {
        return makeError(ErrorCode::UnsupportedFormat, QStringLiteral("unknown edit \"%1\" (made by a newer Proofdesk?)").arg(name));
    }
    PD_TRY(validateEditOperation(op));
    return op;
}

QJsonArray editListToJson(const EditList& edits) {
    QJsonArray a;
    for (const EditOperation& op : edits) a.append(editOperationToJson(op));
    return a;
}

Result<EditList> editListFromJson(const QJsonArray& a) {
    EditList out;
    out.reserve(size_t(a.size()));
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!a[i].isObject()) return invalid(QStringLiteral("edit %1 is not a record").arg(i + 1));
        auto op = editOperationFromJson(a[i].toObject());
        if (!op.ok()) return op.error().withContext(QStringLiteral("edit %1").arg(i + 1));
        out.push_back(std::move(op).value());
    }
    return out;
}

QString editListToText(const EditList& edits) {
    return QString::fromUtf8(QJsonDocument(editListToJson(edits)).toJson(QJsonDocument::Compact));
}

Result<EditList> editListFromText(const QString& json) {
    if (json.trimmed().isEmpty()) return EditList{};
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isArray())
        return makeError(ErrorCode::CorruptData, QStringLiteral("the edit list is not a JSON array"));
    return editListFromJson(doc.array());
}

QString describeEditOperation(const EditOperation& op) { return std::visit(Describe{}, op); }

} // namespace pd
