// What a photographer sees when a publish completes: the gallery link and the access code to give
// the client, with Copy link, Copy code and Open in browser.
#pragma once

#include "pd/upload/publisher.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace pd::ui {

// GUI thread only. Shown without blocking (the grid stays usable); deletes itself when closed
// when WA_DeleteOnClose is set by the caller.
class PublishDoneDialog : public QDialog {
    Q_OBJECT
public:
    PublishDoneDialog(const QString& eventName, const upload::PublishSummary& summary, QWidget* parent = nullptr);

    QString galleryUrl() const { return m_url; }
    QString accessCode() const { return m_code; }
    QString summaryText() const;

private:
    QString m_url;
    QString m_code;
    QLabel* m_summary = nullptr;
};

} // namespace pd::ui
