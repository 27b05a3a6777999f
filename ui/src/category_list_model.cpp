// The event dialog's category list: a thin adapter over the catalog's category operations.
#include "category_list_model.h"

#include "pd/db/catalog.h"

#include <algorithm>

namespace pd::ui {

CategoryListModel::CategoryListModel(Catalog& catalog, const QString& eventId, QObject* parent)
    : QAbstractListModel(parent), m_catalog(catalog), m_eventId(eventId) {}

Status CategoryListModel::reload() {
    if (isStaged()) return {};
    auto cats = m_catalog.categories(m_eventId);
    PD_TRY(cats);
    auto counts = m_catalog.categoryCounts(m_eventId);
    PD_TRY(counts);
    beginResetModel();
    m_rows.clear();
    for (const CategoryRecord& c : cats.value()) m_rows.push_back(Row{c.id, c.name, counts->value(c.id)});
    endResetModel();
    return {};
}

QStringList CategoryListModel::names() const {
    QStringList out;
    for (const Row& r : m_rows) out << r.name;
    return out;
}

// The catalog's rules, for names not yet in the catalog (same words as the catalog's refusals).
Status CategoryListModel::checkName(const QString& name, int exceptRow) const {
    const QString n = name.trimmed();
    if (n.isEmpty()) return makeError(ErrorCode::InvalidArgument, QStringLiteral("a category needs a name"));
    for (int i = 0; i < int(m_rows.size()); ++i)
        if (i != exceptRow && m_rows[size_t(i)].name == n)
            return makeError(ErrorCode::AlreadyExists,
                             QStringLiteral("the event already has a category \"%1\"").arg(n));
    return {};
}

Result<int> CategoryListModel::addCategory(const QString& name) {
    Row row;
    if (isStaged()) {
        PD_TRY(checkName(name, -1));
        row.name = name.trimmed();
    } else {
        auto added = m_catalog.addCategory(m_eventId, name);
        PD_TRY(added);
        row = Row{added->id, added->name, 0};
    }
    const int at = int(m_rows.size());
    beginInsertRows(QModelIndex(), at, at);
    m_rows.push_back(row);
    endInsertRows();
    return at;
}

Status CategoryListModel::renameCategory(int row, const QString& name) {
    if (row < 0 || row >= int(m_rows.size()))
        return makeError(ErrorCode::NotFound, QStringLiteral("no category at row %1").arg(row));
    Row& r = m_rows[size_t(row)];
    if (isStaged()) {
        PD_TRY(checkName(name, row));
    } else {
        PD_TRY(m_catalog.renameCategory(r.id, name));
    }
    r.name = name.trimmed();
    const QModelIndex i = index(row);
    emit dataChanged(i, i);
    return {};
}

Status CategoryListModel::moveCategory(int row, int newIndex) {
    const int n = int(m_rows.size());
    if (row < 0 || row >= n || newIndex < 0 || newIndex >= n)
        return makeError(ErrorCode::InvalidArgument,
                         QStringLiteral("no category to move from row %1 to %2").arg(row).arg(newIndex));
    if (row == newIndex) return {};
    if (!isStaged()) PD_TRY(m_catalog.moveCategory(m_rows[size_t(row)].id, newIndex));
    // beginMoveRows names the row the category goes before, counted before the move.
    const bool ok = beginMoveRows(QModelIndex(), row, row, QModelIndex(), newIndex > row ? newIndex + 1 : newIndex);
    Q_ASSERT(ok);
    (void)ok;
    const auto from = m_rows.begin() + row, to = m_rows.begin() + newIndex;
    if (newIndex > row)
        std::rotate(from, from + 1, to + 1);
    else
        std::rotate(to, from, from + 1);
    endMoveRows();
    return {};
}

Status CategoryListModel::deleteCategory(int row) {
    if (row < 0 || row >= int(m_rows.size()))
        return makeError(ErrorCode::NotFound, QStringLiteral("no category at row %1").arg(row));
    if (!isStaged()) PD_TRY(m_catalog.deleteCategory(m_rows[size_t(row)].id));
    beginRemoveRows(QModelIndex(), row, row);
    m_rows.erase(m_rows.begin() + row);
    endRemoveRows();
    return {};
}

Status CategoryListModel::attachToEvent(const QString& eventId) {
    m_eventId = eventId;
    return reload();
}

int CategoryListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant CategoryListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = m_rows[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        // A staged category holds nothing yet: no count to show.
        return isStaged() ? r.name : tr("%1 (%2)").arg(r.name).arg(r.photos);
    case Qt::EditRole:
        return r.name;
    case Qt::ToolTipRole:
        if (isStaged()) return tr("Created with the event");
        if (r.photos == 0) return tr("Empty: it can be deleted");
        return r.photos == 1 ? tr("1 photo") : tr("%1 photos").arg(r.photos);
    case CategoryIdRole:
        return r.id;
    case PhotoCountRole:
        return r.photos;
    default:
        return {};
    }
}

bool CategoryListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString name = value.toString();
    if (name.trimmed() == m_rows[size_t(index.row())].name) return true;
    const Status s = renameCategory(index.row(), name);
    if (!s.ok()) emit operationFailed(s.error().toString());
    return s.ok();
}

Qt::ItemFlags CategoryListModel::flags(const QModelIndex& index) const {
    // Drops land between rows (the root accepts them), never on a category.
    if (!index.isValid()) return Qt::ItemIsDropEnabled;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemIsDragEnabled |
           Qt::ItemNeverHasChildren;
}

Qt::DropActions CategoryListModel::supportedDropActions() const {
    return Qt::MoveAction;
}

bool CategoryListModel::moveRows(const QModelIndex& sourceParent, int sourceRow, int count,
                                 const QModelIndex& destinationParent, int destinationChild) {
    if (sourceParent.isValid() || destinationParent.isValid() || count != 1) return false;
    if (destinationChild == sourceRow || destinationChild == sourceRow + 1) return false; // not a move
    const int newIndex = destinationChild > sourceRow ? destinationChild - 1 : destinationChild;
    const Status s = moveCategory(sourceRow, newIndex);
    if (!s.ok()) emit operationFailed(s.error().toString());
    return s.ok();
}

bool CategoryListModel::dropMimeData(const QMimeData*, Qt::DropAction, int, int, const QModelIndex&) {
    // Reordering goes through moveRows; a drop from elsewhere carries nothing a category is made of.
    return false;
}

} // namespace pd::ui
