// The Hosts dialog: the catalog's host profiles (URL and token), a connection test (GET
// /api/v1/me), the default profile, and where the token is kept (keyring or a 0600 file).
#pragma once

#include "pd/db/publish_store.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace pd {
class Catalog;
}

namespace pd::ui {

class PublishController;

// GUI thread only; uses the GUI thread's catalog connection. The connection test runs on a
// pool thread (it may wait up to ~20 s for a host that does not answer) and reports through
// connectionTested; the dialog stays responsive meanwhile.
class HostProfilesDialog : public QDialog {
    Q_OBJECT
public:
    // `publisher` (optional): a host it is publishing to cannot be removed meanwhile.
    HostProfilesDialog(Catalog& catalog, QWidget* parent = nullptr, const PublishController* publisher = nullptr);
    ~HostProfilesDialog() override;

    // Adds a profile from the form (name, URL, token); false with statusText() saying why.
    bool addFromForm();
    // Tests the form's URL and token when a token is typed, else the selected profile's.
    void testConnection();
    void makeSelectedDefault();
    // Removes the selected profile (HostTokens::removeProfile) without asking; the Remove button
    // asks first. False with statusText() saying why.
    bool removeSelected();
    void selectProfile(const QString& name);
    QString statusText() const;
    QString storageText() const;
    QStringList profileNames() const;

    QLineEdit* nameField() const { return m_name; }
    QLineEdit* urlField() const { return m_url; }
    QLineEdit* tokenField() const { return m_token; }

signals:
    void connectionTested(bool ok, const QString& message);

private:
    void reload();
    void setStatus(const QString& text, bool error);
    QString selectedName() const;

    Catalog& m_catalog;
    const PublishController* m_publisher = nullptr;
    QListWidget* m_list;
    QLineEdit* m_name;
    QLineEdit* m_url;
    QLineEdit* m_token;
    QPushButton* m_test;
    QLabel* m_status;
    QLabel* m_storage;
    int m_generation = 0;   // a test answer for an older request is dropped
};

} // namespace pd::ui
