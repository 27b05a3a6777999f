// The publish's place in the status bar: photos and bytes sent of the total, speed, time left, a
// progress bar, and pause/resume and cancel buttons. Shown while a publish runs. It also owns the
// upload speed limit menu (in the status bar while publishing, and in File > Upload speed limit).
#pragma once

#include "pd/upload/publisher.h"

#include <QWidget>

class QActionGroup;
class QLabel;
class QMenu;
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
    // The limit's choices (no limit, 250 kB/s ... 10 MB/s), one checked; choosing one sets the
    // controller's cap at once, the running publish included, and emits speedCapChosen.
    QMenu* speedMenu() const { return m_speedMenu; }
    qint64 speedCap() const { return m_speedCap; }
    // Restores a saved limit (0: none); a value that is not one of the choices gets its own.
    void setSpeedCap(qint64 bytesPerSecond);
    QString text() const;
    // "1.2 MB", "350 kB/s", "2 min 5 s": the formats the label uses.
    static QString bytesText(qint64 bytes);
    static QString timeText(int seconds);

signals:
    void speedCapChosen(qint64 bytesPerSecond);

private:
    void onProgress(const upload::PublishProgress& p);
    QAction* addSpeedChoice(qint64 bytesPerSecond);

    PublishController& m_controller;
    QLabel* m_label;
    QProgressBar* m_bar;
    QToolButton* m_pause;
    QToolButton* m_cancel;
    QToolButton* m_speed;
    QMenu* m_speedMenu;
    QActionGroup* m_speedGroup;
    qint64 m_speedCap = 0;
};

} // namespace pd::ui
