// The photographer's data-entry window for one event: details, categories, price sheet, delivery.
//
// What is saved when: the details, the price sheet and the delivery options are a form, written
// to the catalog only by OK (Cancel discards them). Categories of an existing event are changed
// in the catalog at once, as each add, rename, move or delete is made, because the catalog is
// the one that says yes or no (a taken name, a category still holding photos) and the answer
// belongs next to the action that caused it, not to a batch replayed at OK that could fail half
// way. The Categories page says so. For a new event there is nothing in the catalog yet: the
// categories are kept in the dialog, checked by the same rules, and created with the event.
#include "pd/ui/event_details_dialog.h"

#include "category_editor.h"
#include "dialog_support.h"
#include "price_sheet_model.h"

#include "pd/db/catalog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QShortcut>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <set>

namespace pd::ui {

namespace {

// The locale's short date, with a four-digit year ("6/1/26" is ambiguous on a contact sheet).
QString dateFormat() {
    QString f = QLocale().dateFormat(QLocale::ShortFormat);
    if (!f.contains(QLatin1String("yyyy"))) f.replace(QLatin1String("yy"), QLatin1String("yyyy"));
    return f;
}

const QStringList& currencies() {
    static const QStringList list{QStringLiteral("EUR"), QStringLiteral("USD"), QStringLiteral("GBP"),
                                  QStringLiteral("CHF"), QStringLiteral("CAD"), QStringLiteral("AUD"),
                                  QStringLiteral("NZD"), QStringLiteral("SEK"), QStringLiteral("NOK"),
                                  QStringLiteral("DKK"), QStringLiteral("PLN"), QStringLiteral("CZK")};
    return list;
}

qint64 toCents(double amount) {
    return qRound64(amount * 100.0);
}

} // namespace

struct EventDetailsDialog::Private {
    Private(EventDetailsDialog* dialog, Catalog& c, const QString& id) : q(dialog), catalog(c), eventId(id) {}

    EventDetailsDialog* q;
    Catalog& catalog;
    QString eventId;
    EventRecord record; // as loaded: keeps what the form does not show (id, creation time)

    QTabWidget* tabs = nullptr;
    QWidget* detailsPage = nullptr;
    QWidget* categoriesPage = nullptr;
    QWidget* pricesPage = nullptr;

    QLineEdit* name = nullptr;
    QDateEdit* date = nullptr;
    QCheckBox* noDate = nullptr;
    QLineEdit* location = nullptr;
    QLineEdit* photographer = nullptr;
    QPlainTextEdit* description = nullptr;

    CategoryEditor* categories = nullptr;

    QComboBox* currency = nullptr;
    PriceSheetModel* prices = nullptr;
    QTableView* priceView = nullptr;
    QPushButton* addProduct = nullptr;
    QPushButton* removeProduct = nullptr;
    QCheckBox* pickup = nullptr;
    QLineEdit* pickupNote = nullptr;
    QCheckBox* shipping = nullptr;
    QDoubleSpinBox* shippingPrice = nullptr;

    QWidget* messageRow = nullptr;
    QLabel* messageIcon = nullptr;
    QLabel* message = nullptr;
    QDialogButtonBox* buttons = nullptr;

    QWidget* buildDetailsPage();
    QWidget* buildPricesPage();
    void load();
    void updateCurrency();

    void showMessage(const QString& text);
    void clearMessage();
    void showOn(QWidget* page, QWidget* focus, const QString& text);

    void onAddProduct();
    void onRemoveProducts();
    bool validate();
};

QWidget* EventDetailsDialog::Private::buildDetailsPage() {
    auto* page = new QWidget;
    auto* form = new QFormLayout(page);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    name = new QLineEdit;
    name->setObjectName(QStringLiteral("nameEdit"));
    name->setPlaceholderText(tr("Required, e.g. Smith wedding"));
    auto* nameLabel = new QLabel(tr("&Name:"));
    nameLabel->setBuddy(name);
    form->addRow(nameLabel, name);

    date = new QDateEdit(QDate::currentDate());
    date->setObjectName(QStringLiteral("dateEdit"));
    date->setCalendarPopup(true);
    date->setDisplayFormat(dateFormat());
    date->setDateRange(QDate(1900, 1, 1), QDate(2199, 12, 31));
    noDate = new QCheckBox(tr("No da&te"));
    noDate->setObjectName(QStringLiteral("noDateCheck"));
    QObject::connect(noDate, &QCheckBox::toggled, date, &QWidget::setDisabled);
    auto* dateRow = new QHBoxLayout;
    dateRow->addWidget(date);
    dateRow->addWidget(noDate);
    dateRow->addStretch(1);
    auto* dateLabel = new QLabel(tr("&Date:"));
    dateLabel->setBuddy(date);
    form->addRow(dateLabel, dateRow);

    location = new QLineEdit;
    location->setObjectName(QStringLiteral("locationEdit"));
    auto* locationLabel = new QLabel(tr("&Location:"));
    locationLabel->setBuddy(location);
    form->addRow(locationLabel, location);

    photographer = new QLineEdit;
    photographer->setObjectName(QStringLiteral("photographerEdit"));
    auto* photographerLabel = new QLabel(tr("&Photographer:"));
    photographerLabel->setBuddy(photographer);
    form->addRow(photographerLabel, photographer);

    description = new QPlainTextEdit;
    description->setObjectName(QStringLiteral("descriptionEdit"));
    description->setTabChangesFocus(true); // Tab moves on; Enter makes a new line
    description->setPlaceholderText(tr("Shown to clients with the gallery"));
    auto* descriptionLabel = new QLabel(tr("Descr&iption:"));
    descriptionLabel->setBuddy(description);
    form->addRow(descriptionLabel, description);

    // What was typed for earlier events, offered again.
    if (auto all = catalog.events(); all.ok()) {
        QStringList places, people;
        for (const EventRecord& e : all.value()) {
            if (!e.location.isEmpty() && !places.contains(e.location)) places << e.location;
            if (!e.photographer.isEmpty() && !people.contains(e.photographer)) people << e.photographer;
        }
        auto* placeCompleter = new QCompleter(places, location);
        placeCompleter->setCaseSensitivity(Qt::CaseInsensitive);
        location->setCompleter(placeCompleter);
        auto* personCompleter = new QCompleter(people, photographer);
        personCompleter->setCaseSensitivity(Qt::CaseInsensitive);
        photographer->setCompleter(personCompleter);
    }
    return page;
}

QWidget* EventDetailsDialog::Private::buildPricesPage() {
    auto* page = new QWidget;
    auto* box = new QVBoxLayout(page);

    auto* top = new QHBoxLayout;
    currency = new QComboBox;
    currency->setObjectName(QStringLiteral("currencyCombo"));
    currency->setEditable(true);
    currency->setInsertPolicy(QComboBox::NoInsert);
    currency->addItems(currencies());
    currency->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z]{0,3}")), currency));
    currency->setToolTip(tr("The ISO 4217 code of the currency, e.g. EUR"));
    auto* currencyLabel = new QLabel(tr("C&urrency:"));
    currencyLabel->setBuddy(currency);
    top->addWidget(currencyLabel);
    top->addWidget(currency);
    top->addStretch(1);
    box->addLayout(top);

    priceView = new QTableView;
    priceView->setObjectName(QStringLiteral("priceTable"));
    priceView->setModel(prices);
    priceView->setItemDelegate(new PriceSheetDelegate(priceView));
    priceView->setSelectionBehavior(QAbstractItemView::SelectRows);
    priceView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    priceView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                               QAbstractItemView::AnyKeyPressed | QAbstractItemView::SelectedClicked);
    priceView->setTabKeyNavigation(false); // Tab leaves the table; arrows move between cells
    priceView->verticalHeader()->hide();
    // Wide enough for the size and finish editors (a combo box with its arrow) and a price.
    QHeaderView* header = priceView->horizontalHeader();
    header->setSectionResizeMode(PriceSheetModel::NameColumn, QHeaderView::Stretch);
    const QFontMetrics fm = priceView->fontMetrics();
    const int comboWidth = fm.horizontalAdvance(QStringLiteral("digital")) + 2 * fm.height() + 16;
    header->resizeSection(PriceSheetModel::SizeColumn, comboWidth);
    header->resizeSection(PriceSheetModel::FinishColumn, comboWidth);
    header->resizeSection(PriceSheetModel::PriceColumn,
                          fm.horizontalAdvance(QStringLiteral("Price (EUR)")) + 2 * fm.height());
    box->addWidget(priceView, 1);

    auto* productButtons = new QHBoxLayout;
    addProduct = new QPushButton(tr("Add &product"));
    addProduct->setObjectName(QStringLiteral("addProductButton"));
    removeProduct = new QPushButton(tr("&Remove"));
    removeProduct->setObjectName(QStringLiteral("removeProductButton"));
    removeProduct->setToolTip(tr("Remove the selected products (Del)"));
    removeProduct->setEnabled(false);
    for (QPushButton* b : {addProduct, removeProduct}) {
        b->setAutoDefault(false);
        productButtons->addWidget(b);
    }
    productButtons->addStretch(1);
    box->addLayout(productButtons);

    auto* delivery = new QGroupBox(tr("Delivery"));
    auto* grid = new QGridLayout(delivery);
    pickup = new QCheckBox(tr("Studio pic&kup"));
    pickup->setObjectName(QStringLiteral("pickupCheck"));
    pickupNote = new QLineEdit;
    pickupNote->setObjectName(QStringLiteral("pickupNoteEdit"));
    pickupNote->setPlaceholderText(tr("Where and when to collect"));
    shipping = new QCheckBox(tr("S&hipping"));
    shipping->setObjectName(QStringLiteral("shippingCheck"));
    shippingPrice = new QDoubleSpinBox;
    shippingPrice->setObjectName(QStringLiteral("shippingPriceSpin"));
    shippingPrice->setDecimals(2);
    shippingPrice->setRange(0.0, 9999.99); // never negative
    shippingPrice->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    grid->addWidget(pickup, 0, 0);
    grid->addWidget(pickupNote, 0, 1, 1, 2);
    grid->addWidget(shipping, 1, 0);
    grid->addWidget(shippingPrice, 1, 1);
    grid->setColumnStretch(2, 1);
    box->addWidget(delivery);

    QObject::connect(pickup, &QCheckBox::toggled, pickupNote, &QWidget::setEnabled);
    QObject::connect(shipping, &QCheckBox::toggled, shippingPrice, &QWidget::setEnabled);
    QObject::connect(currency, &QComboBox::currentTextChanged, q, [this] { updateCurrency(); });
    QObject::connect(addProduct, &QPushButton::clicked, q, [this] { onAddProduct(); });
    QObject::connect(removeProduct, &QPushButton::clicked, q, [this] { onRemoveProducts(); });
    auto* del = new QShortcut(QKeySequence::Delete, priceView, nullptr, nullptr, Qt::WidgetShortcut);
    QObject::connect(del, &QShortcut::activated, q, [this] { onRemoveProducts(); });
    QObject::connect(priceView->selectionModel(), &QItemSelectionModel::selectionChanged, q,
                     [this] { removeProduct->setEnabled(priceView->selectionModel()->hasSelection()); });
    return page;
}

void EventDetailsDialog::Private::load() {
    if (!eventId.isEmpty()) {
        auto e = catalog.requireEvent(eventId);
        if (!e.ok()) {
            // Nothing to edit: say why and leave only Cancel.
            showMessage(e.error().code == ErrorCode::NotFound
                            ? tr("The event \"%1\" is not in the catalog (it may have been archived).").arg(eventId)
                            : asSentence(e.error().toString()));
            tabs->setEnabled(false);
            buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
            return;
        }
        record = e.value();
        eventId = record.id; // it may have been named by its name
    } else {
        record.delivery.studioPickup = true;
    }
    name->setText(record.name);
    noDate->setChecked(!eventId.isEmpty() && !record.date.isValid());
    if (record.date.isValid()) date->setDate(record.date);
    location->setText(record.location);
    photographer->setText(record.photographer);
    description->setPlainText(record.description);

    if (const Status s = categories->reload(); !s.ok()) showMessage(asSentence(s.error().toString()));

    prices->setSheet(record.priceSheet);
    if (currency->findText(record.priceSheet.currency) < 0) currency->addItem(record.priceSheet.currency);
    currency->setCurrentText(record.priceSheet.currency);
    pickup->setChecked(record.delivery.studioPickup);
    pickupNote->setText(record.delivery.pickupNote);
    pickupNote->setEnabled(record.delivery.studioPickup);
    shipping->setChecked(record.delivery.shipping);
    shippingPrice->setValue(double(record.delivery.shippingCents) / 100.0);
    shippingPrice->setEnabled(record.delivery.shipping);
    updateCurrency();
}

void EventDetailsDialog::Private::updateCurrency() {
    const QString code = currency->currentText().trimmed().toUpper();
    prices->setCurrency(code);
    shippingPrice->setSuffix(code.isEmpty() ? QString() : QLatin1Char(' ') + code);
}

void EventDetailsDialog::Private::showMessage(const QString& text) {
    message->setText(text);
    messageRow->setVisible(!text.isEmpty());
}

void EventDetailsDialog::Private::clearMessage() {
    showMessage(QString());
}

void EventDetailsDialog::Private::showOn(QWidget* page, QWidget* focus, const QString& text) {
    tabs->setCurrentWidget(page);
    showMessage(text);
    if (focus) focus->setFocus(Qt::OtherFocusReason);
}

void EventDetailsDialog::Private::onAddProduct() {
    // A print in the first usual size the sheet does not sell yet: three clicks give 4x6, 5x7 and
    // 8x10, and only the prices are left to type.
    QSet<QString> sold;
    for (const PrintProduct& p : prices->sheet().products) sold.insert(p.size);
    QString size = QStringLiteral("4x6");
    for (const QString& s : commonPrintSizes())
        if (s != QLatin1String("digital") && !sold.contains(s)) {
            size = s;
            break;
        }
    const int row = prices->appendProduct(PrintProduct{tr("Print"), size, QString(), 0});
    const QModelIndex cell = prices->index(row, PriceSheetModel::NameColumn);
    tabs->setCurrentWidget(pricesPage);
    priceView->setCurrentIndex(cell);
    priceView->setFocus(Qt::OtherFocusReason);
    priceView->edit(cell);
}

void EventDetailsDialog::Private::onRemoveProducts() {
    std::set<int> rows;
    for (const QModelIndex& i : priceView->selectionModel()->selectedRows()) rows.insert(i.row());
    if (rows.empty() && priceView->currentIndex().isValid()) rows.insert(priceView->currentIndex().row());
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) prices->removeRow(*it);
}

bool EventDetailsDialog::Private::validate() {
    if (name->text().trimmed().isEmpty()) {
        showOn(detailsPage, name, tr("The event needs a name."));
        return false;
    }
    static const QRegularExpression isoCode(QStringLiteral("^[A-Z]{3}$"));
    if (!isoCode.match(currency->currentText().trimmed().toUpper()).hasMatch()) {
        showOn(pricesPage, currency, tr("The currency is a three-letter code such as EUR or USD."));
        return false;
    }
    const auto& products = prices->sheet().products;
    for (int row = 0; row < int(products.size()); ++row) {
        const PrintProduct& p = products[size_t(row)];
        auto problemAt = [&](int column, const QString& text) {
            showOn(pricesPage, priceView, text);
            priceView->setCurrentIndex(prices->index(row, column));
            return false;
        };
        if (p.name.isEmpty())
            return problemAt(PriceSheetModel::NameColumn, tr("Product %1 needs a name.").arg(row + 1));
        if (!isValidProductSize(p.size))
            return problemAt(
                PriceSheetModel::SizeColumn,
                tr("Product %1: the size is a print size in inches like 5x7, or \"digital\".").arg(row + 1));
        if (p.priceCents < 0) // the editors cannot make one; a sheet loaded from elsewhere could
            return problemAt(PriceSheetModel::PriceColumn, tr("Product %1: a price cannot be negative.").arg(row + 1));
    }
    return true;
}

EventDetailsDialog::EventDetailsDialog(Catalog& catalog, const QString& eventId, QWidget* parent)
    : QDialog(parent), d(new Private(this, catalog, eventId)) {
    setWindowTitle(eventId.isEmpty() ? tr("New Event") : tr("Event Details"));
    setObjectName(QStringLiteral("eventDetailsDialog"));
    d->prices = new PriceSheetModel(this);

    auto* layout = new QVBoxLayout(this);
    d->tabs = new QTabWidget;
    d->tabs->setObjectName(QStringLiteral("eventTabs"));
    d->detailsPage = d->buildDetailsPage();
    d->categories = new CategoryEditor(catalog, eventId);
    d->categoriesPage = d->categories;
    connect(d->categories, &CategoryEditor::problemRaised, this, [this](const QString& m) { d->showMessage(m); });
    connect(d->categories, &CategoryEditor::problemCleared, this, [this] { d->clearMessage(); });
    d->pricesPage = d->buildPricesPage();
    d->tabs->addTab(d->detailsPage, tr("&Event"));
    d->tabs->addTab(d->categoriesPage, tr("&Categories"));
    d->tabs->addTab(d->pricesPage, tr("Prices and deli&very"));
    layout->addWidget(d->tabs, 1);

    d->messageRow = new QWidget;
    auto* messageLayout = new QHBoxLayout(d->messageRow);
    messageLayout->setContentsMargins(0, 0, 0, 0);
    d->messageIcon = new QLabel;
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    d->messageIcon->setPixmap(
        style()->standardIcon(QStyle::SP_MessageBoxWarning, nullptr, this).pixmap(iconSize, iconSize));
    d->messageIcon->setAlignment(Qt::AlignTop);
    d->message = new QLabel;
    d->message->setObjectName(QStringLiteral("messageLabel"));
    d->message->setTextFormat(Qt::PlainText); // names come from the user
    d->message->setWordWrap(true);
    d->message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    messageLayout->addWidget(d->messageIcon);
    messageLayout->addWidget(d->message, 1);
    d->messageRow->hide();
    layout->addWidget(d->messageRow);

    d->buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    d->buttons->setObjectName(QStringLiteral("buttonBox"));
    d->buttons->button(QDialogButtonBox::Ok)->setDefault(true);
    connect(d->buttons, &QDialogButtonBox::accepted, this, &EventDetailsDialog::accept);
    connect(d->buttons, &QDialogButtonBox::rejected, this, &EventDetailsDialog::reject);
    layout->addWidget(d->buttons);

    // Enter in a multi-line field is a new line: Ctrl+Enter is OK from anywhere.
    for (QKeySequence keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto* ok = new QShortcut(keys, this);
        connect(ok, &QShortcut::activated, this, &EventDetailsDialog::accept);
    }

    d->load();
    setTabOrder(d->name, d->date);
    setTabOrder(d->date, d->noDate);
    setTabOrder(d->noDate, d->location);
    setTabOrder(d->location, d->photographer);
    setTabOrder(d->photographer, d->description);
    d->name->setFocus(Qt::OtherFocusReason);
    resize(sizeHint().expandedTo(QSize(620, 480)));
}

EventDetailsDialog::~EventDetailsDialog() {
    delete d;
}

QString EventDetailsDialog::eventId() const {
    return d->eventId;
}

void EventDetailsDialog::accept() {
    if (!d->buttons->button(QDialogButtonBox::Ok)->isEnabled()) return;
    commitOpenEditor(d->priceView);
    d->categories->commitOpenEditor();
    // A category name typed but not yet added is what the photographer meant to add.
    if (!d->categories->addTypedName()) {
        d->tabs->setCurrentWidget(d->categoriesPage);
        return;
    }
    if (!d->validate()) return;

    EventRecord e = d->record;
    e.name = d->name->text().trimmed();
    e.description = d->description->toPlainText();
    e.date = d->noDate->isChecked() ? QDate() : d->date->date();
    e.location = d->location->text().trimmed();
    e.photographer = d->photographer->text().trimmed();
    e.priceSheet = d->prices->sheet();
    e.priceSheet.currency = d->currency->currentText().trimmed().toUpper();
    e.delivery.studioPickup = d->pickup->isChecked();
    e.delivery.pickupNote = d->pickupNote->text().trimmed();
    e.delivery.shipping = d->shipping->isChecked();
    e.delivery.shippingCents = toCents(d->shippingPrice->value());

    if (d->eventId.isEmpty()) {
        auto created = d->catalog.createEvent(
            NewEvent{e.name, e.description, e.date, e.photographer, e.location, d->categories->names()});
        if (!created.ok()) {
            d->showOn(d->detailsPage, d->name, asSentence(created.error().toString()));
            return;
        }
        // From here on the event exists: a second OK updates it instead of creating another.
        d->record = created.value();
        d->eventId = d->record.id;
        e.id = d->record.id;
        e.createdAt = d->record.createdAt;
        setWindowTitle(tr("Event Details"));
        if (const Status s = d->categories->attachToEvent(d->eventId); !s.ok())
            d->showMessage(asSentence(s.error().toString()));
    }
    // createEvent stores no price sheet or delivery: both paths finish with updateEvent.
    if (const Status s = d->catalog.updateEvent(e); !s.ok()) {
        d->showOn(d->detailsPage, s.error().code == ErrorCode::AlreadyExists ? d->name : nullptr,
                  asSentence(s.error().toString()));
        return;
    }
    d->record = e;
    d->clearMessage();
    emit eventSaved(d->eventId);
    QDialog::accept();
}

} // namespace pd::ui
