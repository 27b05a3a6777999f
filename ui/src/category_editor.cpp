// The event dialog's Categories page.
#include "category_editor.h"

#include "category_list_model.h"
#include "dialog_support.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

#include <functional>

namespace pd::ui {

namespace {

// Gives Enter in one field to `handler` first (which returns whether it used the key).
class EnterKeyFilter : public QObject {
public:
    EnterKeyFilter(QObject* parent, std::function<bool()> handler) : QObject(parent), m_handler(std::move(handler)) {}

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent*>(event)->key();
            if ((key == Qt::Key_Return || key == Qt::Key_Enter) && m_handler()) return true;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<bool()> m_handler;
};

} // namespace

CategoryEditor::CategoryEditor(Catalog& catalog, const QString& eventId, QWidget* parent)
    : QWidget(parent), m_model(new CategoryListModel(catalog, eventId, this)) {
    auto* box = new QVBoxLayout(this);

    m_note = new QLabel;
    m_note->setObjectName(QStringLiteral("categoryNote"));
    m_note->setWordWrap(true);
    box->addWidget(m_note);

    auto* addRow = new QHBoxLayout;
    m_newName = new QLineEdit;
    m_newName->setObjectName(QStringLiteral("newCategoryEdit"));
    m_newName->setPlaceholderText(tr("New category, e.g. Ceremony"));
    // Enter adds the typed category instead of pressing the dialog's OK.
    m_newName->installEventFilter(new EnterKeyFilter(m_newName, [this] {
        if (m_newName->text().trimmed().isEmpty()) return false;
        addCategory();
        return true;
    }));
    m_add = new QPushButton(tr("&Add"));
    m_add->setObjectName(QStringLiteral("addCategoryButton"));
    m_add->setAutoDefault(false);
    m_add->setEnabled(false);
    addRow->addWidget(m_newName, 1);
    addRow->addWidget(m_add);
    box->addLayout(addRow);

    auto* listRow = new QHBoxLayout;
    m_view = new QListView;
    m_view->setObjectName(QStringLiteral("categoryList"));
    m_view->setModel(m_model);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::SelectedClicked);
    m_view->setDragDropMode(QAbstractItemView::InternalMove); // QListView moves with moveRows
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setDropIndicatorShown(true);
    m_view->setUniformItemSizes(true);
    listRow->addWidget(m_view, 1);

    auto* side = new QVBoxLayout;
    m_rename = new QPushButton(tr("&Rename"));
    m_rename->setObjectName(QStringLiteral("renameCategoryButton"));
    m_rename->setToolTip(tr("Rename the category (F2)"));
    m_up = new QPushButton(tr("Move &up"));
    m_up->setObjectName(QStringLiteral("moveCategoryUpButton"));
    m_up->setToolTip(tr("Move up (Ctrl+Up); or drag the category"));
    m_down = new QPushButton(tr("Move do&wn"));
    m_down->setObjectName(QStringLiteral("moveCategoryDownButton"));
    m_down->setToolTip(tr("Move down (Ctrl+Down); or drag the category"));
    m_delete = new QPushButton(tr("De&lete"));
    m_delete->setObjectName(QStringLiteral("deleteCategoryButton"));
    m_delete->setToolTip(tr("Delete the category (Del); only an empty category can be deleted"));
    for (QPushButton* b : {m_rename, m_up, m_down, m_delete}) {
        b->setAutoDefault(false);
        side->addWidget(b);
    }
    side->addStretch(1);
    listRow->addLayout(side);
    box->addLayout(listRow, 1);

    connect(m_newName, &QLineEdit::textChanged, this,
            [this](const QString& t) { m_add->setEnabled(!t.trimmed().isEmpty()); });
    connect(m_add, &QPushButton::clicked, this, &CategoryEditor::addCategory);
    connect(m_rename, &QPushButton::clicked, this, [this] {
        if (m_view->currentIndex().isValid()) m_view->edit(m_view->currentIndex());
    });
    connect(m_up, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveCurrent(+1); });
    connect(m_delete, &QPushButton::clicked, this, &CategoryEditor::deleteCurrent);
    // Keys that act on the list only while it has the focus (Del in a text field deletes text).
    auto* up = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Up), m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(up, &QShortcut::activated, this, [this] { moveCurrent(-1); });
    auto* down = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Down), m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(down, &QShortcut::activated, this, [this] { moveCurrent(+1); });
    auto* del = new QShortcut(QKeySequence::Delete, m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(del, &QShortcut::activated, this, &CategoryEditor::deleteCurrent);

    // A rename or a drop the catalog refused.
    connect(m_model, &CategoryListModel::operationFailed, this,
            [this](const QString& m) { emit problemRaised(asSentence(m)); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, &CategoryEditor::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &CategoryEditor::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &CategoryEditor::updateButtons);
    connect(m_model, &QAbstractItemModel::rowsMoved, this, &CategoryEditor::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CategoryEditor::updateButtons);
    updateNote();
    updateButtons();
}

Status CategoryEditor::reload() {
    return m_model->reload();
}

QStringList CategoryEditor::names() const {
    return m_model->names();
}

Status CategoryEditor::attachToEvent(const QString& eventId) {
    const Status s = m_model->attachToEvent(eventId);
    updateNote();
    return s;
}

bool CategoryEditor::addTypedName() {
    if (m_newName->text().trimmed().isEmpty()) return true;
    addCategory();
    return m_newName->text().trimmed().isEmpty();
}

void CategoryEditor::commitOpenEditor() {
    pd::ui::commitOpenEditor(m_view);
}

void CategoryEditor::addCategory() {
    const QString text = m_newName->text();
    if (text.trimmed().isEmpty()) return;
    auto row = m_model->addCategory(text);
    if (!row.ok()) {
        emit problemRaised(asSentence(row.error().toString()));
        m_newName->selectAll();
        return;
    }
    emit problemCleared();
    m_newName->clear();
    m_view->setCurrentIndex(m_model->index(row.value()));
}

void CategoryEditor::moveCurrent(int delta) {
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) return;
    const int to = current.row() + delta;
    if (to < 0 || to >= m_model->rowCount()) return;
    if (const Status s = m_model->moveCategory(current.row(), to); !s.ok()) {
        emit problemRaised(asSentence(s.error().toString()));
        return;
    }
    emit problemCleared();
    m_view->setCurrentIndex(m_model->index(to));
}

void CategoryEditor::deleteCurrent() {
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) return;
    if (const Status s = m_model->deleteCategory(current.row()); !s.ok()) {
        emit problemRaised(asSentence(s.error().toString()));
        return;
    }
    emit problemCleared();
}

void CategoryEditor::updateButtons() {
    const int row = m_view->currentIndex().isValid() ? m_view->currentIndex().row() : -1;
    m_rename->setEnabled(row >= 0);
    m_delete->setEnabled(row >= 0); // a non-empty one too: the catalog's refusal says why
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row < m_model->rowCount() - 1);
}

void CategoryEditor::updateNote() {
    m_note->setText(m_model->isStaged()
                        ? tr("The categories are created with the event when you press OK. Drag them, or use Move up "
                             "and Move down, to set their order.")
                        : tr("Changes to categories are saved at once (Cancel does not undo them). A category can be "
                             "deleted when it holds no photos; the number after each name is its photo count."));
}

} // namespace pd::ui
