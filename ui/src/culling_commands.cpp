// Culling changes as undoable commands over the catalog.
#include "pd/ui/culling_commands.h"

#include "pd/db/catalog.h"

#include <QCoreApplication>

namespace pd::ui {

namespace {
QString describe(CullingCommand::Field f, const QVariant& v, int n) {
    const QString photos = n == 1 ? QCoreApplication::translate("Culling", "1 photo")
                                  : QCoreApplication::translate("Culling", "%1 photos").arg(n);
    switch (f) {
    case CullingCommand::Field::Rating: return QStringLiteral("Rate %1 %2 star(s)").arg(photos).arg(v.toInt());
    case CullingCommand::Field::Flag:
        return v.toInt() > 0 ? QStringLiteral("Pick %1").arg(photos)
               : v.toInt() < 0 ? QStringLiteral("Reject %1").arg(photos) : QStringLiteral("Unflag %1").arg(photos);
    case CullingCommand::Field::ColorLabel:
        return v.toString().isEmpty() ? QStringLiteral("Clear the label of %1").arg(photos)
                                      : QStringLiteral("Label %1 %2").arg(photos, v.toString());
    case CullingCommand::Field::WebSelection:
        return v.toBool() ? QStringLiteral("Select %1 for the web").arg(photos) : QStringLiteral("Unselect %1 for the web").arg(photos);
    case CullingCommand::Field::Category: return QStringLiteral("Move %1 to another category").arg(photos);
    }
    return {};
}
} // namespace

CullingCommand::CullingCommand(Catalog& catalog, Field field, const QStringList& photoIds, const QVariant& value,
                               Changed changed, Failed failed)
    : m_catalog(catalog), m_field(field), m_ids(photoIds), m_value(value), m_changed(std::move(changed)),
      m_failed(std::move(failed)) {
    for (const QString& id : m_ids) m_old.insert(id, current(id));
    setText(describe(field, value, int(photoIds.size())));
}

QVariant CullingCommand::current(const QString& id) const {
    auto p = m_catalog.findPhoto(id);
    if (!p.ok() || !p.value()) return {};
    const PhotoRecord& r = *p.value();
    switch (m_field) {
    case Field::Rating: return r.rating;
    case Field::Flag: return int(r.flag);
    case Field::ColorLabel: return r.colorLabel;
    case Field::WebSelection: return r.selected;
    case Field::Category: return qlonglong(r.categoryId.value_or(0));
    }
    return {};
}

bool CullingCommand::apply(const QString& id, const QVariant& v) {
    Status s;
    switch (m_field) {
    case Field::Rating: s = m_catalog.setRating(id, v.toInt()); break;
    case Field::Flag: s = m_catalog.setFlag(id, PhotoFlag(v.toInt())); break;
    case Field::ColorLabel: s = m_catalog.setColorLabel(id, v.toString()); break;
    case Field::WebSelection: s = m_catalog.setSelected({id}, v.toBool()); break;
    case Field::Category:
        s = m_catalog.setCategory({id}, v.toLongLong() ? std::optional<qint64>(v.toLongLong()) : std::nullopt);
        break;
    }
    if (!s.ok() && m_failed) m_failed(s.error().toString());
    return s.ok();
}

void CullingCommand::redo() {
    QStringList done;
    for (const QString& id : m_ids) {
        if (!apply(id, m_value)) {
            // Put back what this redo already changed, and leave no trace on the stack.
            for (const QString& d : done) apply(d, m_old.value(d));
            setObsolete(true);
            if (m_changed) m_changed(done);
            return;
        }
        done << id;
    }
    if (m_changed) m_changed(m_ids);
}

void CullingCommand::undo() {
    for (const QString& id : m_ids) apply(id, m_old.value(id));
    if (m_changed) m_changed(m_ids);
}

} // namespace pd::ui
