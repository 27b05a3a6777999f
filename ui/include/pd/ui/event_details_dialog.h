// The photographer's data-entry window for one event: details, categories, price sheet, delivery.
#pragma once

#include <QDialog>
#include <QString>

namespace pd {
class Catalog;
}

namespace pd::ui {

// GUI thread only. Edits an existing event (eventId) or creates a new one (empty eventId) in the
// catalog when accepted. Categories can be added, renamed, reordered and deleted when empty;
// errors (a taken name, a non-empty category) are shown in the dialog, which stays open.
class EventDetailsDialog : public QDialog {
    Q_OBJECT
public:
    EventDetailsDialog(Catalog& catalog, const QString& eventId, QWidget* parent = nullptr);
    ~EventDetailsDialog() override;

    QString eventId() const;  // the saved event's id (new events get theirs on accept)

signals:
    void eventSaved(const QString& eventId);

public slots:
    void accept() override;

private:
    struct Private;
    Private* d;
};

} // namespace pd::ui
