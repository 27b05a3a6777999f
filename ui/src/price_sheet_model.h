// The event dialog's price sheet as an editable table: product, size, finish, price.
#pragma once

#include "pd/core/price_sheet.h"

#include <QAbstractTableModel>
#include <QStyledItemDelegate>

namespace pd::ui {

// GUI thread only. Holds a copy of a PriceSheet; nothing is saved until the dialog is accepted.
// Prices are integer cents inside; the Price column's EditRole is the amount in the currency
// (a double with two decimals) and a negative or non-numeric amount is refused.
class PriceSheetModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, SizeColumn, FinishColumn, PriceColumn, ColumnCount };

    explicit PriceSheetModel(QObject* parent = nullptr);

    void setSheet(const PriceSheet& sheet);
    const PriceSheet& sheet() const { return m_sheet; }
    void setCurrency(const QString& currency); // shown in the Price header

    // A new product at the end; its row.
    int appendProduct(const PrintProduct& product);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool insertRows(int row, int count, const QModelIndex& parent = QModelIndex()) override;
    bool removeRows(int row, int count, const QModelIndex& parent = QModelIndex()) override;

private:
    PriceSheet m_sheet;
};

// Editors for the price table: sizes and finishes offered from the usual ones (any text
// allowed), prices in a spin box that cannot go below zero.
class PriceSheetDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;

protected:
    // Tab in a combo box's or spin box's own line edit moves to the next cell, as in a plain one.
    bool eventFilter(QObject* watched, QEvent* event) override;
};

// The sizes offered for a product, and whether a size is one a lab can print (or "digital").
QStringList commonPrintSizes();
bool isValidProductSize(const QString& size);

} // namespace pd::ui
