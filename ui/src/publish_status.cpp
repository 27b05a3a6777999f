// The status bar's publish progress and its pause/resume and cancel buttons.
#include "pd/ui/publish_status.h"

#include "pd/ui/publish_controller.h"

#include <QAction>
#include <QActionGroup>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QToolButton>

#include <algorithm>

namespace pd::ui {

namespace {
constexpr int kBarMax = 1000;
// The speed limit's choices, bytes per second (0: none): from a hotel's shared line to an office's.
constexpr qint64 kSpeedChoices[] = {0, 250'000, 500'000, 1'000'000, 2'000'000, 5'000'000, 10'000'000};
QIcon icon(const char* name) { return QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name))); }
} // namespace

PublishStatus::PublishStatus(PublishController& controller, QWidget* parent) : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("publishStatus"));
    auto* l = new QHBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->setSpacing(4);
    m_label = new QLabel;
    m_label->setObjectName(QStringLiteral("publishLabel"));
    m_bar = new QProgressBar;
    m_bar->setObjectName(QStringLiteral("publishProgress"));
    m_bar->setRange(0, kBarMax);
    m_bar->setMaximumWidth(160);
    m_bar->setTextVisible(false);
    m_pause = new QToolButton;
    m_pause->setObjectName(QStringLiteral("publishPause"));
    m_pause->setCheckable(true);
    m_pause->setIcon(icon("pause"));
    m_pause->setToolTip(tr("Pause the publish (transfers under way finish)"));
    m_cancel = new QToolButton;
    m_cancel->setObjectName(QStringLiteral("publishCancel"));
    m_cancel->setIcon(icon("cancel"));
    m_cancel->setToolTip(tr("Stop the publish (it goes on from here next time you publish)"));
    m_speedMenu = new QMenu(tr("Upload speed &limit"), this);
    m_speedMenu->setObjectName(QStringLiteral("publishSpeedMenu"));
    m_speedGroup = new QActionGroup(this);
    m_speedGroup->setExclusive(true);
    for (const qint64 v : kSpeedChoices) addSpeedChoice(v);
    m_speedGroup->actions().constFirst()->setChecked(true);
    m_speed = new QToolButton;
    m_speed->setObjectName(QStringLiteral("publishSpeed"));
    m_speed->setMenu(m_speedMenu);
    m_speed->setPopupMode(QToolButton::InstantPopup);
    m_speed->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_speed->setText(tr("No limit"));
    m_speed->setToolTip(tr("Upload speed limit, so the publish leaves room on a shared line"));
    l->addWidget(m_label);
    l->addWidget(m_bar);
    l->addWidget(m_speed);
    l->addWidget(m_pause);
    l->addWidget(m_cancel);
    hide();

    connect(m_pause, &QToolButton::toggled, this, [this](bool on) {
        if (on) m_controller.pause();
        else m_controller.resume();
    });
    connect(&controller, &PublishController::pausedChanged, this, [this](bool on) {
        m_pause->blockSignals(true);
        m_pause->setChecked(on);
        m_pause->blockSignals(false);
        m_pause->setIcon(icon(on ? "resume" : "pause"));
        m_pause->setToolTip(on ? tr("Resume the publish") : tr("Pause the publish (transfers under way finish)"));
        if (on) m_label->setText(tr("Publishing paused"));
    });
    connect(m_cancel, &QToolButton::clicked, this, [this] { m_controller.cancel(); });
    connect(&controller, &PublishController::publishStarted, this, [this] {
        m_bar->setValue(0);
        m_label->setText(tr("Publishing: preparing"));
        show();
    });
    connect(&controller, &PublishController::localHostStarted, this, [this](const QString& url) {
        m_label->setText(tr("Publishing: started this computer's host at %1").arg(url));
    });
    connect(&controller, &PublishController::progressed, this,
            [this](const QString&, const upload::PublishProgress& p) { onProgress(p); });
    connect(&controller, &PublishController::idle, this, &QWidget::hide);
}

QString PublishStatus::text() const { return m_label->text(); }

QAction* PublishStatus::addSpeedChoice(qint64 v) {
    QAction* a = m_speedMenu->addAction(v > 0 ? tr("%1/s").arg(bytesText(v)) : tr("No limit"));
    a->setCheckable(true);
    a->setData(v);
    m_speedGroup->addAction(a);
    connect(a, &QAction::triggered, this, [this, v] {
        setSpeedCap(v);
        emit speedCapChosen(v);
    });
    return a;
}

void PublishStatus::setSpeedCap(qint64 v) {
    v = std::max<qint64>(v, 0);
    QAction* match = nullptr;
    for (QAction* a : m_speedGroup->actions())
        if (a->data().toLongLong() == v) match = a;
    if (!match) match = addSpeedChoice(v);
    match->setChecked(true);
    m_speedCap = v;
    m_speed->setText(v > 0 ? tr("≤ %1/s").arg(bytesText(v)) : tr("No limit"));
    m_controller.setSpeedCap(v);
}

QString PublishStatus::bytesText(qint64 b) {
    if (b < 1000) return tr("%1 B").arg(b);
    if (b < 1000 * 1000) return tr("%1 kB").arg(double(b) / 1e3, 0, 'f', 0);
    if (b < 1000LL * 1000 * 1000) return tr("%1 MB").arg(double(b) / 1e6, 0, 'f', 1);
    return tr("%1 GB").arg(double(b) / 1e9, 0, 'f', 2);
}

QString PublishStatus::timeText(int s) {
    if (s < 60) return tr("%1 s").arg(s);
    if (s < 3600) return tr("%1 min %2 s").arg(s / 60).arg(s % 60);
    return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60);
}

void PublishStatus::onProgress(const upload::PublishProgress& p) {
    // The bar follows the bytes (the estimate firms up as photos are made); photos when there
    // are no bytes to send (only metadata, or nothing changed).
    const double fraction = p.bytesTotal > 0 ? double(p.bytesSent) / double(p.bytesTotal)
                            : p.photosTotal > 0 ? double(p.photosDone) / p.photosTotal
                                                : 1.0;
    m_bar->setValue(int(std::clamp(fraction, 0.0, 1.0) * kBarMax + 0.5));
    if (m_controller.isPaused()) return;
    QStringList parts;
    parts << tr("Publishing %1 of %2").arg(p.photosDone).arg(p.photosTotal);
    if (p.bytesTotal > 0) parts << tr("%1 of %2").arg(bytesText(p.bytesSent), bytesText(p.bytesTotal));
    if (p.bytesPerSecond > 0) parts << tr("%1/s").arg(bytesText(qint64(p.bytesPerSecond)));
    if (p.secondsLeft >= 0 && p.photosDone < p.photosTotal) parts << tr("%1 left").arg(timeText(p.secondsLeft));
    m_label->setText(parts.join(QStringLiteral(" · ")));
}

} // namespace pd::ui
