// The event dialog's price table and its editors.
#include "price_sheet_model.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QLocale>

#include <cmath>

namespace pd::ui {

namespace {
constexpr double kMaxPrice = 999999.99; // per product, in the currency

QString formatCents(qint64 cents) {
    return QLocale().toString(double(cents) / 100.0, 'f', 2);
}
} // namespace

QStringList commonPrintSizes() {
    return {QStringLiteral("4x6"),   QStringLiteral("5x7"),   QStringLiteral("8x10"),  QStringLiteral("8x12"),
            QStringLiteral("11x14"), QStringLiteral("12x18"), QStringLiteral("16x20"), QStringLiteral("digital")};
}

bool isValidProductSize(const QString& size) {
    return size == QLatin1String("digital") || printAspect(size) > 0;
}

PriceSheetModel::PriceSheetModel(QObject* parent) : QAbstractTableModel(parent) {}

void PriceSheetModel::setSheet(const PriceSheet& sheet) {
    beginResetModel();
    m_sheet = sheet;
    endResetModel();
}

void PriceSheetModel::setCurrency(const QString& currency) {
    if (currency == m_sheet.currency) return;
    m_sheet.currency = currency;
    emit headerDataChanged(Qt::Horizontal, PriceColumn, PriceColumn);
}

int PriceSheetModel::appendProduct(const PrintProduct& product) {
    const int row = rowCount();
    beginInsertRows(QModelIndex(), row, row);
    m_sheet.products.push_back(product);
    endInsertRows();
    return row;
}

int PriceSheetModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_sheet.products.size());
}

int PriceSheetModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PriceSheetModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const PrintProduct& p = m_sheet.products[size_t(index.row())];
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case NameColumn:
            return p.name;
        case SizeColumn:
            return p.size;
        case FinishColumn:
            return p.finish;
        case PriceColumn:
            return role == Qt::EditRole ? QVariant(double(p.priceCents) / 100.0) : QVariant(formatCents(p.priceCents));
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == PriceColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == SizeColumn && !isValidProductSize(p.size))
        return tr("A print size in inches like 5x7, or \"digital\"");
    return {};
}

bool PriceSheetModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    PrintProduct& p = m_sheet.products[size_t(index.row())];
    switch (index.column()) {
    case NameColumn:
        p.name = value.toString().trimmed();
        break;
    case SizeColumn:
        p.size = value.toString().trimmed();
        break;
    case FinishColumn:
        p.finish = value.toString().trimmed();
        break;
    case PriceColumn: {
        bool ok = false;
        const double amount =
            value.typeId() == QMetaType::QString ? QLocale().toDouble(value.toString(), &ok) : value.toDouble(&ok);
        if (!ok || !std::isfinite(amount) || amount < 0 || amount > kMaxPrice) return false;
        p.priceCents = qRound64(amount * 100.0);
        break;
    }
    default:
        return false;
    }
    emit dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole, Qt::ToolTipRole});
    return true;
}

QVariant PriceSheetModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return QAbstractTableModel::headerData(section, orientation, role);
    if (orientation == Qt::Vertical) return section + 1;
    switch (section) {
    case NameColumn:
        return tr("Product");
    case SizeColumn:
        return tr("Size");
    case FinishColumn:
        return tr("Finish");
    case PriceColumn:
        return tr("Price (%1)").arg(m_sheet.currency);
    default:
        return {};
    }
}

Qt::ItemFlags PriceSheetModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

bool PriceSheetModel::insertRows(int row, int count, const QModelIndex& parent) {
    if (parent.isValid() || row < 0 || row > rowCount() || count < 1) return false;
    beginInsertRows(QModelIndex(), row, row + count - 1);
    m_sheet.products.insert(m_sheet.products.begin() + row, size_t(count), PrintProduct{});
    endInsertRows();
    return true;
}

bool PriceSheetModel::removeRows(int row, int count, const QModelIndex& parent) {
    if (parent.isValid() || row < 0 || count < 1 || row + count > rowCount()) return false;
    beginRemoveRows(QModelIndex(), row, row + count - 1);
    m_sheet.products.erase(m_sheet.products.begin() + row, m_sheet.products.begin() + row + count);
    endRemoveRows();
    return true;
}

QWidget* PriceSheetDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                          const QModelIndex& index) const {
    switch (index.column()) {
    case PriceSheetModel::SizeColumn:
    case PriceSheetModel::FinishColumn: {
        auto* combo = new QComboBox(parent);
        combo->setEditable(true);
        combo->setInsertPolicy(QComboBox::NoInsert);
        combo->setFrame(false);
        if (index.column() == PriceSheetModel::SizeColumn)
            combo->addItems(commonPrintSizes());
        else
            combo->addItems({QStringLiteral("gloss"), QStringLiteral("matte"), QStringLiteral("lustre"), QString()});
        combo->lineEdit()->installEventFilter(const_cast<PriceSheetDelegate*>(this));
        return combo;
    }
    case PriceSheetModel::PriceColumn: {
        auto* spin = new QDoubleSpinBox(parent);
        spin->setFrame(false);
        spin->setDecimals(2);
        spin->setRange(0.0, kMaxPrice); // prices are never negative
        spin->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        spin->setButtonSymbols(QAbstractSpinBox::NoButtons);
        if (auto* edit = spin->findChild<QLineEdit*>()) edit->installEventFilter(const_cast<PriceSheetDelegate*>(this));
        return spin;
    }
    default:
        return QStyledItemDelegate::createEditor(parent, option, index);
    }
}

void PriceSheetDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        combo->setCurrentText(index.data(Qt::EditRole).toString());
        if (combo->lineEdit()) combo->lineEdit()->selectAll();
    } else if (auto* spin = qobject_cast<QDoubleSpinBox*>(editor)) {
        spin->setValue(index.data(Qt::EditRole).toDouble());
        spin->selectAll();
    } else {
        QStyledItemDelegate::setEditorData(editor, index);
    }
}

void PriceSheetDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const {
    if (auto* combo = qobject_cast<QComboBox*>(editor)) {
        model->setData(index, combo->currentText());
    } else if (auto* spin = qobject_cast<QDoubleSpinBox*>(editor)) {
        spin->interpretText();
        model->setData(index, spin->value());
    } else {
        QStyledItemDelegate::setModelData(editor, model, index);
    }
}

bool PriceSheetDelegate::eventFilter(QObject* watched, QEvent* event) {
    // The view knows the editor (the combo or spin box), not the line edit inside it, which
    // would otherwise take Tab to move the focus out of the table.
    if (event->type() == QEvent::KeyPress && qobject_cast<QLineEdit*>(watched)) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        QObject* editor = watched->parent();
        if ((key == Qt::Key_Tab || key == Qt::Key_Backtab) &&
            (qobject_cast<QComboBox*>(editor) || qobject_cast<QAbstractSpinBox*>(editor)))
            return QStyledItemDelegate::eventFilter(editor, event);
    }
    return QStyledItemDelegate::eventFilter(watched, event);
}

} // namespace pd::ui
