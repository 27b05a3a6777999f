// The events tree over the catalog, and what dropping onto it means.
#include "pd/ui/models/event_tree_model.h"

#include "pd/db/catalog.h"
#include "resources.h"

#include <QMimeData>
#include <QUrl>

namespace pd::ui {

namespace {
// Internal ids: events are 0; a category row stores its event's row + 1.
quintptr eventTag(int eventRow) { return quintptr(eventRow) + 1; }
} // namespace

EventTreeModel::EventTreeModel(Catalog& catalog, QObject* parent) : QAbstractItemModel(parent), m_catalog(catalog) {
    initResources();
    m_eventIcon = QIcon(QStringLiteral(":/icons/event.svg"));
    m_categoryIcon = QIcon(QStringLiteral(":/icons/category.svg"));
    m_events = readCatalog();
}

std::vector<EventTreeModel::Event> EventTreeModel::readCatalog() const {
    std::vector<Event> out;
    auto events = m_catalog.events();
    if (!events.ok()) return out;
    for (const EventRecord& e : events.value()) {
        Event ev{e.id, e.name, 0, 0, {}};
        auto counts = m_catalog.categoryCounts(e.id);
        auto cats = m_catalog.categories(e.id);
        auto st = m_catalog.db().prepare(QStringLiteral("SELECT count(*), coalesce(sum(selected), 0) FROM photos WHERE event_id = ?"));
        if (st.ok()) {
            st->bind(1, e.id);
            if (auto r = st->step(); r.ok() && r.value()) {
                ev.photos = st->int32(0);
                ev.web = st->int32(1);
            }
        }
        if (cats.ok())
            for (const CategoryRecord& c : cats.value())
                ev.categories.push_back(Category{c.id, c.name, counts.ok() ? counts->value(c.id) : 0});
        out.push_back(std::move(ev));
    }
    return out;
}

void EventTreeModel::reload() {
    std::vector<Event> fresh = readCatalog();
    bool sameShape = fresh.size() == m_events.size();
    for (size_t i = 0; sameShape && i < fresh.size(); ++i) {
        sameShape = fresh[i].id == m_events[i].id && fresh[i].name == m_events[i].name &&
                    fresh[i].categories.size() == m_events[i].categories.size();
        for (size_t c = 0; sameShape && c < fresh[i].categories.size(); ++c)
            sameShape = fresh[i].categories[c].id == m_events[i].categories[c].id &&
                        fresh[i].categories[c].name == m_events[i].categories[c].name;
    }
    if (!sameShape) {
        beginResetModel();
        m_events = std::move(fresh);
        endResetModel();
        return;
    }
    m_events = std::move(fresh);
    for (int i = 0; i < int(m_events.size()); ++i) {
        const QModelIndex ev = index(i, 1);
        emit dataChanged(ev, ev);
        if (!m_events[size_t(i)].categories.empty())
            emit dataChanged(index(0, 1, index(i, 0)), index(int(m_events[size_t(i)].categories.size()) - 1, 1, index(i, 0)));
    }
}

QModelIndex EventTreeModel::indexForEvent(const QString& eventId) const {
    for (int i = 0; i < int(m_events.size()); ++i)
        if (m_events[size_t(i)].id == eventId) return index(i, 0);
    return {};
}

QModelIndex EventTreeModel::indexForCategory(qint64 categoryId) const {
    for (int i = 0; i < int(m_events.size()); ++i)
        for (int c = 0; c < int(m_events[size_t(i)].categories.size()); ++c)
            if (m_events[size_t(i)].categories[size_t(c)].id == categoryId) return index(c, 0, index(i, 0));
    return {};
}

QModelIndex EventTreeModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    if (!parent.isValid()) return createIndex(row, column, quintptr(0));
    return createIndex(row, column, eventTag(parent.row()));
}

QModelIndex EventTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0) return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int EventTreeModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return int(m_events.size());
    if (parent.internalId() != 0 || parent.column() != 0) return 0;
    return int(m_events[size_t(parent.row())].categories.size());
}

int EventTreeModel::columnCount(const QModelIndex&) const { return 2; }

QVariant EventTreeModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const bool isCategory = index.internalId() != 0;
    const Event& ev = m_events[size_t(isCategory ? index.internalId() - 1 : index.row())];
    const Category* cat = isCategory ? &ev.categories[size_t(index.row())] : nullptr;
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == 0) return isCategory ? cat->name : ev.name;
        if (isCategory) return QString::number(cat->photos);
        return ev.web > 0 ? QStringLiteral("%1 · %2 web").arg(ev.photos).arg(ev.web) : QString::number(ev.photos);
    case Qt::DecorationRole:
        if (index.column() == 0) return isCategory ? m_categoryIcon : m_eventIcon;
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == 1 ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::ToolTipRole:
        return isCategory ? QStringLiteral("%1: %2 photo(s). Drop files here to import them into this category.").arg(cat->name).arg(cat->photos)
                          : QStringLiteral("%1: %2 photo(s), %3 selected for the web. Drop files here to import them.")
                                .arg(ev.name).arg(ev.photos).arg(ev.web);
    case EventIdRole: return ev.id;
    case CategoryIdRole: return isCategory ? cat->id : qint64(0);
    case IsCategoryRole: return isCategory;
    case PhotoCountRole: return isCategory ? cat->photos : ev.photos;
    case WebCountRole: return ev.web;
    default: return {};
    }
}

Qt::ItemFlags EventTreeModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDropEnabled;
}

QStringList EventTreeModel::mimeTypes() const {
    return {QStringLiteral("text/uri-list"), QLatin1String(kPhotoIdsMimeType)};
}

Qt::DropActions EventTreeModel::supportedDropActions() const { return Qt::CopyAction | Qt::MoveAction; }

bool EventTreeModel::canDropMimeData(const QMimeData* data, Qt::DropAction, int, int, const QModelIndex& parent) const {
    if (!parent.isValid() || !data) return false;
    if (data->hasFormat(QLatin1String(kPhotoIdsMimeType))) return true;
    if (!data->hasUrls()) return false;
    for (const QUrl& u : data->urls())
        if (u.isLocalFile()) return true;
    return false;
}

bool EventTreeModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column, const QModelIndex& parent) {
    if (!canDropMimeData(data, action, row, column, parent)) return false;
    const QString eventId = parent.data(EventIdRole).toString();
    const bool isCategory = parent.data(IsCategoryRole).toBool();
    if (data->hasFormat(QLatin1String(kPhotoIdsMimeType))) {
        const QStringList ids = QString::fromUtf8(data->data(QLatin1String(kPhotoIdsMimeType))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        emit photosDropped(ids, eventId, isCategory ? parent.data(CategoryIdRole).toLongLong() : 0);
        return true;
    }
    QStringList paths;
    for (const QUrl& u : data->urls())
        if (u.isLocalFile()) paths << u.toLocalFile();
    emit filesDropped(eventId, isCategory ? parent.sibling(parent.row(), 0).data(Qt::DisplayRole).toString() : QString(), paths);
    return true;
}

} // namespace pd::ui
