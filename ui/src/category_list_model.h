// The event dialog's list of categories, in the catalog's order, with each one's photo count.
#pragma once

#include "pd/core/result.h"

#include <QAbstractListModel>
#include <QStringList>

#include <vector>

namespace pd {
class Catalog;
}

namespace pd::ui {

// GUI thread only. Two modes:
// - an existing event (non-empty eventId): every change is written to the catalog at once, and a
//   change the catalog refuses (a taken name, a category that still holds photos) changes nothing;
// - a new event (empty eventId): the names are kept in memory, checked by the catalog's rules,
//   until the event is created with them; attachToEvent() then switches to the first mode.
// Views may rename (setData) and reorder (moveRows, which QListView's internal drag and drop
// calls); refusals there are announced with operationFailed, since a view cannot show them.
// Rows are never removed through removeRows: deleting a category is deleteCategory() only, so a
// failed drag can never drop a category.
class CategoryListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { CategoryIdRole = Qt::UserRole + 1, PhotoCountRole };

    CategoryListModel(Catalog& catalog, const QString& eventId, QObject* parent = nullptr);

    bool isStaged() const { return m_eventId.isEmpty(); }
    // Reads the event's categories and counts again (an existing event only).
    Status reload();
    QStringList names() const;

    Result<int> addCategory(const QString& name); // the new category's row (always the last)
    Status renameCategory(int row, const QString& name);
    Status moveCategory(int row, int newIndex); // newIndex: its row afterwards
    Status deleteCategory(int row);             // refused while the category holds photos
    // The staged names have been written with the new event `eventId`: read them back from there.
    Status attachToEvent(const QString& eventId);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    Qt::DropActions supportedDropActions() const override;
    bool moveRows(const QModelIndex& sourceParent, int sourceRow, int count, const QModelIndex& destinationParent,
                  int destinationChild) override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;

signals:
    void operationFailed(const QString& message); // a rename or move asked for by a view

private:
    struct Row {
        qint64 id = 0; // 0 while staged
        QString name;
        int photos = 0;
    };
    Status checkName(const QString& name, int exceptRow) const;

    Catalog& m_catalog;
    QString m_eventId;
    std::vector<Row> m_rows;
};

} // namespace pd::ui
