// The event dialog's Categories page: add, rename in place, reorder, delete when empty.
#pragma once

#include "pd/core/result.h"

#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;

namespace pd {
class Catalog;
}

namespace pd::ui {

class CategoryListModel;

// GUI thread only. For an existing event every change is written to the catalog at once; for a
// new event (empty id) the names wait in memory until attachToEvent() (see CategoryListModel).
// Nothing is shown here when the catalog refuses: problemRaised carries the sentence to show.
class CategoryEditor : public QWidget {
    Q_OBJECT
public:
    CategoryEditor(Catalog& catalog, const QString& eventId, QWidget* parent = nullptr);

    Status reload();
    QStringList names() const;
    // The new event has been created with names(): from now on changes go to the catalog.
    Status attachToEvent(const QString& eventId);
    // Adds a name typed in the field but not yet added. False when it was refused.
    bool addTypedName();
    // Saves a rename still being typed in the list.
    void commitOpenEditor();

signals:
    void problemRaised(const QString& message);
    void problemCleared();

private:
    void addCategory();
    void moveCurrent(int delta);
    void deleteCurrent();
    void updateButtons();
    void updateNote();

    CategoryListModel* m_model = nullptr;
    QLabel* m_note = nullptr;
    QLineEdit* m_newName = nullptr;
    QPushButton* m_add = nullptr;
    QListView* m_view = nullptr;
    QPushButton* m_rename = nullptr;
    QPushButton* m_up = nullptr;
    QPushButton* m_down = nullptr;
    QPushButton* m_delete = nullptr;
};

} // namespace pd::ui
