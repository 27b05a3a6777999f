// The publish-done dialog: the link and code in large selectable type, copy and open buttons.
#include "pd/ui/publish_done_dialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace pd::ui {

PublishDoneDialog::PublishDoneDialog(const QString& eventName, const upload::PublishSummary& s, QWidget* parent)
    : QDialog(parent), m_url(s.galleryUrl), m_code(s.accessCode.value_or(QString())) {
    setObjectName(QStringLiteral("publishDoneDialog"));
    setWindowTitle(tr("Published: %1").arg(eventName));
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);

    auto* title = new QLabel(s.failed.empty() ? tr("The gallery of “%1” is up to date.").arg(eventName)
                                              : tr("The gallery of “%1” is published, with problems.").arg(eventName));
    QFont tf = title->font();
    tf.setPointSizeF(tf.pointSizeF() * 1.25);
    tf.setBold(true);
    title->setFont(tf);
    layout->addWidget(title);

    QStringList parts;
    parts << (s.sent == 1 ? tr("1 photo sent") : tr("%1 photos sent").arg(s.sent));
    if (s.removed) parts << tr("%1 removed from the gallery").arg(s.removed);
    if (!s.failed.empty()) parts << tr("%1 failed (the red marks in the grid say why)").arg(s.failed.size());
    if (s.sent == 0 && s.removed == 0 && s.failed.empty()) parts = QStringList{tr("Nothing had changed: no photo was sent")};
    m_summary = new QLabel(parts.join(QStringLiteral(" · ")));
    m_summary->setObjectName(QStringLiteral("publishSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(10);
    grid->setColumnStretch(1, 1);
    auto value = [](const QString& text, const char* name) {
        auto* l = new QLabel(text);
        l->setObjectName(QLatin1String(name));
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont f = l->font();
        f.setPointSizeF(f.pointSizeF() * 1.15);
        l->setFont(f);
        l->setMinimumWidth(l->fontMetrics().horizontalAdvance(text) + 8);
        return l;
    };
    auto* copyLink = new QPushButton(tr("Copy link"));
    copyLink->setObjectName(QStringLiteral("copyLink"));
    auto* open = new QPushButton(tr("Open in browser"));
    open->setObjectName(QStringLiteral("openInBrowser"));
    grid->addWidget(new QLabel(tr("Gallery")), 0, 0);
    grid->addWidget(value(m_url, "galleryUrl"), 0, 1);
    grid->addWidget(copyLink, 0, 2);
    grid->addWidget(open, 0, 3);
    auto* copyCode = new QPushButton(tr("Copy code"));
    copyCode->setObjectName(QStringLiteral("copyCode"));
    grid->addWidget(new QLabel(tr("Access code")), 1, 0);
    grid->addWidget(value(m_code.isEmpty() ? tr("none: the gallery is open to anyone with the link") : m_code, "accessCode"), 1, 1);
    grid->addWidget(copyCode, 1, 2);
    copyCode->setEnabled(!m_code.isEmpty());
    layout->addLayout(grid);

    connect(copyLink, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_url); });
    connect(copyCode, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_code); });
    connect(open, &QPushButton::clicked, this, [this] { QDesktopServices::openUrl(QUrl(m_url)); });
    copyLink->setEnabled(!m_url.isEmpty());
    open->setEnabled(!m_url.isEmpty());

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString PublishDoneDialog::summaryText() const { return m_summary->text(); }

} // namespace pd::ui
