// The publish's place in the status bar: photos and bytes sent of the total, speed, time left, a
// progress bar, and pause/resume and cancel buttons. Shown while a publish runs.
#pragma once

#include "pd/upload/publisher.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace pd::ui {

class PublishController;

// GUI thread only. Follows the controller's signals; the buttons act on it.
class PublishStatus : public QWidget {
    Q_OBJECT
public:
    explicit PublishStatus(PublishController& controller, QWidget* parent = nullptr);

    QProgressBar* progressBar() const { return m_bar; }
    QString text() const;
    // "1.2 MB", "350 kB/s", "2 min 5 s": the formats the label uses.
    static QString bytesText(qint64 bytes);
    static QString timeText(int seconds);

private:
    void onProgress(const upload::PublishProgress& p);

    PublishController& m_controller;
    QLabel* m_label;
    QProgressBar* m_bar;
    QToolButton* m_pause;
    QToolButton* m_cancel;
};

} // namespace pd::ui
