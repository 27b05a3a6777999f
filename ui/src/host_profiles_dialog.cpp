// The Hosts dialog: a list of profiles beside a form; adding, choosing the default, testing.
#include "pd/ui/host_profiles_dialog.h"

#include "dialog_support.h"
#include "pd/db/catalog.h"
#include "pd/ui/publish_controller.h"
#include "pd/upload/host_tokens.h"
#include "pd/upload/host_check.h"
#include "pd/upload/local_host.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace pd::ui {

namespace {

QString displayName(const HostProfile& h) {
    return h.name == QLatin1String(upload::kLocalHostProfile) ? QObject::tr("This computer") : h.name;
}

struct TestAnswer {
    bool ok = false;
    QString message;
};

} // namespace

HostProfilesDialog::HostProfilesDialog(Catalog& catalog, QWidget* parent, const PublishController* publisher)
    : QDialog(parent), m_catalog(catalog), m_publisher(publisher) {
    setObjectName(QStringLiteral("hostProfilesDialog"));
    setWindowTitle(tr("Hosts"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Where galleries are published: a proofdesk-host and the token its owner printed with "
                                "`proofdesk-host photographer add`. With none, this computer runs one for you."));
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* body = new QHBoxLayout;
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("hostList"));
    m_list->setMinimumWidth(220);
    body->addWidget(m_list, 1);

    auto* right = new QVBoxLayout;
    auto* form = new QFormLayout;
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("hostName"));
    m_name->setPlaceholderText(tr("studio-site"));
    m_url = new QLineEdit;
    m_url->setObjectName(QStringLiteral("hostUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://photos.example.com"));
    m_token = new QLineEdit;
    m_token->setObjectName(QStringLiteral("hostToken"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("pasted from proofdesk-host"));
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("URL"), m_url);
    form->addRow(tr("Token"), m_token);
    right->addLayout(form);
    auto* buttons = new QHBoxLayout;
    auto* add = new QPushButton(tr("Add"));
    add->setObjectName(QStringLiteral("addHost"));
    m_test = new QPushButton(tr("Test connection"));
    m_test->setObjectName(QStringLiteral("testConnection"));
    auto* makeDefault = new QPushButton(tr("Make default"));
    makeDefault->setObjectName(QStringLiteral("makeDefault"));
    buttons->addWidget(add);
    buttons->addWidget(m_test);
    auto* remove = new QPushButton(tr("Remove"));
    remove->setObjectName(QStringLiteral("removeHost"));
    buttons->addWidget(makeDefault);
    buttons->addWidget(remove);
    right->addLayout(buttons);
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("hostStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    right->addWidget(m_status);
    m_storage = new QLabel;
    m_storage->setObjectName(QStringLiteral("tokenStorage"));
    m_storage->setWordWrap(true);
    m_storage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    right->addWidget(m_storage);
    right->addStretch(1);
    body->addLayout(right, 2);
    layout->addLayout(body, 1);

    auto* box = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(box);

    connect(add, &QPushButton::clicked, this, [this] { addFromForm(); });
    connect(m_test, &QPushButton::clicked, this, [this] { testConnection(); });
    connect(makeDefault, &QPushButton::clicked, this, [this] { makeSelectedDefault(); });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QString name = selectedName();
        if (name.isEmpty()) return setStatus(tr("Choose a host in the list first."), true);
        QMessageBox box(QMessageBox::Question, tr("Remove host"),
                        tr("Remove %1 and its token? The photos on that host stay there; events published to it will be sent "
                           "in full to the next host you publish them to.").arg(name),
                        QMessageBox::Cancel, this);
        QAbstractButton* confirm = box.addButton(tr("Remove"), QMessageBox::DestructiveRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() == confirm) removeSelected();
    });
    connect(m_list, &QListWidget::currentRowChanged, this, [this] {
        const QString name = selectedName();
        if (name.isEmpty()) return;
        auto h = PublishStore(m_catalog).requireHost(name);
        if (!h.ok()) return;
        m_name->setText(h->name);
        m_url->setText(h->url);
        m_token->clear();
    });
    resize(720, 360);
    reload();
    QString problem;
    const bool keyring = upload::HostTokens::keyringAvailable(&problem);
    m_storage->setText(keyring ? tr("New tokens go into the desktop keyring.")
                               : tr("No desktop keyring here (%1): tokens are kept in files beside the catalog, readable only by you.")
                                     .arg(problem.isEmpty() ? tr("none found") : problem));
}

HostProfilesDialog::~HostProfilesDialog() = default;

void HostProfilesDialog::reload() {
    const QString keep = selectedName();
    m_list->clear();
    auto hosts = PublishStore(m_catalog).hosts();
    if (!hosts.ok()) return setStatus(asSentence(hosts.error().toString()), true);
    for (const HostProfile& h : hosts.value()) {
        auto* item = new QListWidgetItem(QStringLiteral("%1%2\n%3").arg(displayName(h), h.isDefault ? tr(" (default)") : QString(), h.url));
        item->setData(Qt::UserRole, h.name);
        m_list->addItem(item);
        if (h.name == keep) m_list->setCurrentItem(item);
    }
    if (hosts->empty()) {
        auto* item = new QListWidgetItem(tr("This computer (starts when you publish)"));
        item->setFlags(Qt::ItemIsEnabled);
        m_list->addItem(item);
    }
}

QString HostProfilesDialog::selectedName() const {
    const QListWidgetItem* i = m_list->currentItem();
    return i ? i->data(Qt::UserRole).toString() : QString();
}

void HostProfilesDialog::selectProfile(const QString& name) {
    for (int r = 0; r < m_list->count(); ++r)
        if (m_list->item(r)->data(Qt::UserRole).toString() == name) m_list->setCurrentRow(r);
}

QStringList HostProfilesDialog::profileNames() const {
    QStringList out;
    for (int r = 0; r < m_list->count(); ++r)
        if (const QString n = m_list->item(r)->data(Qt::UserRole).toString(); !n.isEmpty()) out << n;
    return out;
}

void HostProfilesDialog::setStatus(const QString& text, bool error) {
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("color: #e06c6c;") : QString());
}

QString HostProfilesDialog::statusText() const { return m_status->text(); }
QString HostProfilesDialog::storageText() const { return m_storage->text(); }

bool HostProfilesDialog::addFromForm() {
    PublishStore store(m_catalog);
    auto added = upload::HostTokens::addProfile(store, m_name->text().trimmed(), m_url->text().trimmed(), m_token->text().toUtf8());
    if (!added.ok()) {
        QString why = asSentence(added.error().message);
        if (added.error().code == ErrorCode::AlreadyExists) why += QLatin1Char(' ') + tr("To change its address or token, remove it and add it again.");
        setStatus(why, true);
        return false;
    }
    m_token->clear();
    reload();
    selectProfile(added->first.name);
    setStatus(tr("Added %1.").arg(added->first.name), false);
    m_storage->setText(added->second.describe());
    return true;
}

bool HostProfilesDialog::removeSelected() {
    const QString name = selectedName();
    if (name.isEmpty()) {
        setStatus(tr("Choose a host in the list first."), true);
        return false;
    }
    if (m_publisher && m_publisher->isBusy() && m_publisher->runningHost() == name) {
        setStatus(tr("A publish to %1 is under way: stop it in the status bar, or let it finish, then remove the host.").arg(name), true);
        return false;
    }
    PublishStore store(m_catalog);
    const Status s = upload::HostTokens::removeProfile(store, name);
    reload();
    m_name->clear();
    m_url->clear();
    m_token->clear();
    if (!s.ok()) {
        setStatus(asSentence(s.error().message), true);
        return false;
    }
    setStatus(tr("Removed %1.").arg(name), false);
    return true;
}

void HostProfilesDialog::makeSelectedDefault() {
    const QString name = selectedName();
    if (name.isEmpty()) return setStatus(tr("Choose a host in the list first."), true);
    const Status s = PublishStore(m_catalog).useHost(name);
    if (!s.ok()) return setStatus(asSentence(s.error().message), true);
    reload();
    setStatus(tr("%1 is the default: Publish sends there.").arg(name), false);
}

void HostProfilesDialog::testConnection() {
    QString url = m_url->text().trimmed();
    QByteArray token = m_token->text().trimmed().toUtf8();
    if (token.isEmpty()) {
        const QString name = selectedName();
        if (name.isEmpty()) return setStatus(tr("Type a URL and token, or choose a host in the list."), true);
        auto h = PublishStore(m_catalog).requireHost(name);
        if (!h.ok()) return setStatus(asSentence(h.error().message), true);
        auto t = upload::HostTokens::token(h.value());
        if (!t.ok()) return setStatus(asSentence(t.error().toString()), true);
        url = h->url;
        token = t.value();
    }
    if (url.isEmpty()) return setStatus(tr("Type the host's URL."), true);
    setStatus(tr("Testing %1…").arg(url), false);
    m_test->setEnabled(false);
    const int generation = ++m_generation;
    auto* watcher = new QFutureWatcher<TestAnswer>(this);
    connect(watcher, &QFutureWatcher<TestAnswer>::finished, this, [this, watcher, generation, url] {
        watcher->deleteLater();
        if (generation != m_generation) return;
        m_test->setEnabled(true);
        const TestAnswer a = watcher->result();
        setStatus(a.ok ? tr("Connected to %1 as %2.").arg(url, a.message) : tr("Cannot use %1: %2").arg(url, asSentence(a.message)), !a.ok);
        emit connectionTested(a.ok, statusText());
    });
    watcher->setFuture(QtConcurrent::run([url, token] {
        auto me = upload::checkHost(url, token);
        return me.ok() ? TestAnswer{true, me->value(QStringLiteral("name")).toString()} : TestAnswer{false, me.error().message};
    }));
}

} // namespace pd::ui
