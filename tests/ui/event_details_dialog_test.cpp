// The event details dialog driven like a photographer would, checked against the catalog.
#include <catch2/catch.hpp>

#include "pd/db/catalog.h"
#include "pd/db/sqlite_db.h"
#include "pd/ui/event_details_dialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <memory>

using namespace pd;
using pd::ui::EventDetailsDialog;

namespace {

struct TempCatalog {
    QTemporaryDir dir;
    std::unique_ptr<Catalog> catalog;
    TempCatalog() {
        REQUIRE(dir.isValid());
        auto c = Catalog::open(dir.path());
        REQUIRE(c.ok());
        catalog = std::move(c).value();
    }
    Catalog* operator->() { return catalog.get(); }
};

template <typename T> T* child(QWidget* root, const char* name) {
    T* w = root->findChild<T*>(QString::fromLatin1(name));
    INFO("widget " << name);
    REQUIRE(w != nullptr);
    return w;
}

// Collects what QAbstractItemModelTester reports (category qt.modeltest) while alive.
class ModelTestLog {
public:
    ModelTestLog() {
        failures().clear();
        previous() = qInstallMessageHandler(&ModelTestLog::handle);
    }
    ~ModelTestLog() { qInstallMessageHandler(previous()); }
    static QStringList& failures() {
        static QStringList f;
        return f;
    }

private:
    static QtMessageHandler& previous() {
        static QtMessageHandler h = nullptr;
        return h;
    }
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& message) {
        if (type != QtDebugMsg && type != QtInfoMsg && context.category &&
            qstrcmp(context.category, "qt.modeltest") == 0)
            failures() << message;
        else if (previous())
            previous()(type, context, message);
    }
};

std::unique_ptr<QAbstractItemModelTester> testModel(QAbstractItemModel* model) {
    return std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::Warning);
}

void showActive(QWidget* w) {
    w->show();
    QApplication::setActiveWindow(w);
    REQUIRE(QTest::qWaitForWindowActive(w));
}

// Types into whatever has the keyboard focus (a cell editor the view opened), replacing its text.
void typeIntoFocus(const QString& text) {
    QWidget* focus = QApplication::focusWidget();
    REQUIRE(focus != nullptr);
    QTest::keyClick(focus, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(focus, text);
}

// Ends the edit in the open cell editor. The view commits on Enter from a queued call.
void endEdit(Qt::Key key = Qt::Key_Return) {
    QWidget* focus = QApplication::focusWidget();
    REQUIRE(focus != nullptr);
    QTest::keyClick(focus, key);
    QCoreApplication::processEvents();
}

// Readable in a failed CHECK (Catch2 does not know Qt's types).
std::string joined(const QStringList& list) {
    return list.join(QStringLiteral(", ")).toStdString();
}
std::string describe(const PrintProduct& p) {
    return QStringLiteral("%1|%2|%3|%4").arg(p.name, p.size, p.finish).arg(p.priceCents).toStdString();
}

void replaceText(QWidget* field, const QString& text) {
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(field, text);
}

QStringList categoryNames(Catalog& c, const QString& eventId) {
    auto cats = c.categories(eventId);
    REQUIRE(cats.ok());
    QStringList out;
    for (const CategoryRecord& r : cats.value()) out << r.name;
    return out;
}

QStringList listTexts(QListView* view) {
    QStringList out;
    for (int r = 0; r < view->model()->rowCount(); ++r) out << view->model()->index(r, 0).data().toString();
    return out;
}

void selectRow(QListView* view, const QString& name) {
    for (int r = 0; r < view->model()->rowCount(); ++r)
        if (view->model()->index(r, 0).data(Qt::EditRole).toString() == name) {
            view->setCurrentIndex(view->model()->index(r, 0));
            return;
        }
    FAIL("no category " << name.toStdString() << " in the list");
}

void insertPhotoIn(Catalog& c, const QString& eventId, qint64 categoryId) {
    PhotoRecord p;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    p.eventId = eventId;
    p.categoryId = categoryId;
    p.filename = QStringLiteral("DSC_0001.JPG");
    p.sha256 = QString(64, QLatin1Char('a'));
    p.byteSize = 1000;
    p.format = QStringLiteral("jpeg");
    p.width = 600;
    p.height = 400;
    p.importedAt = QDateTime::currentDateTimeUtc();
    Transaction tx(c.db());
    REQUIRE(tx.begun().ok());
    REQUIRE(c.insertPhoto(p, Rendition{4, 4, QByteArray("\xFF\xD8t\xFF\xD9")},
                          Rendition{8, 8, QByteArray("\xFF\xD8p\xFF\xD9")})
                .ok());
    REQUIRE(tx.commit().ok());
}

EventRecord onlyEvent(Catalog& c) {
    auto all = c.events();
    REQUIRE(all.ok());
    REQUIRE(all->size() == 1);
    return all->front();
}

} // namespace

TEST_CASE("a new event is saved with everything the photographer typed, prices as cents", "[ui][event-dialog]") {
    TempCatalog cat;
    ModelTestLog log;
    EventDetailsDialog dlg(*cat.catalog, QString());
    auto categoriesTester = testModel(child<QListView>(&dlg, "categoryList")->model());
    auto pricesTester = testModel(child<QTableView>(&dlg, "priceTable")->model());
    QSignalSpy saved(&dlg, &EventDetailsDialog::eventSaved);
    showActive(&dlg);

    // The name field has the focus when the window opens.
    QLineEdit* name = child<QLineEdit>(&dlg, "nameEdit");
    CHECK(QApplication::focusWidget() == name);
    QTest::keyClicks(name, QStringLiteral("Smith wedding"));
    child<QDateEdit>(&dlg, "dateEdit")->setDate(QDate(2026, 6, 13)); // picked in the calendar popup
    QTest::keyClicks(child<QLineEdit>(&dlg, "locationEdit"), QStringLiteral("St Mary's Chapel"));
    QTest::keyClicks(child<QLineEdit>(&dlg, "photographerEdit"), QStringLiteral("Ann Lee"));
    QPlainTextEdit* description = child<QPlainTextEdit>(&dlg, "descriptionEdit");
    QTest::keyClicks(description, QStringLiteral("Ceremony at two."));
    QTest::keyClick(description, Qt::Key_Return);
    QTest::keyClicks(description, QStringLiteral("Reception after."));

    // Categories: Enter in the field adds (it does not press OK), so does the Add button.
    auto* tabs = child<QTabWidget>(&dlg, "eventTabs");
    tabs->setCurrentIndex(1);
    QLineEdit* newCategory = child<QLineEdit>(&dlg, "newCategoryEdit");
    QListView* categories = child<QListView>(&dlg, "categoryList");
    QTest::keyClicks(newCategory, QStringLiteral("Ceremony"));
    QTest::keyClick(newCategory, Qt::Key_Return);
    REQUIRE(dlg.isVisible());
    QTest::keyClicks(newCategory, QStringLiteral("Reception"));
    QTest::mouseClick(child<QPushButton>(&dlg, "addCategoryButton"), Qt::LeftButton);
    QTest::keyClicks(newCategory, QStringLiteral("Portraits"));
    QTest::keyClick(newCategory, Qt::Key_Return);
    CHECK(newCategory->text().isEmpty());
    CHECK(joined(listTexts(categories)) == "Ceremony, Reception, Portraits");
    // A name twice is refused with the reason, and nothing is added.
    QTest::keyClicks(newCategory, QStringLiteral("Ceremony"));
    QTest::keyClick(newCategory, Qt::Key_Return);
    CHECK(child<QLabel>(&dlg, "messageLabel")->text().contains("already has a category"));
    CHECK(categories->model()->rowCount() == 3);
    newCategory->clear();
    selectRow(categories, "Portraits");
    QTest::mouseClick(child<QPushButton>(&dlg, "moveCategoryUpButton"), Qt::LeftButton);
    CHECK(joined(listTexts(categories)) == "Ceremony, Portraits, Reception");
    CHECK(cat->events()->empty()); // nothing is written before OK for a new event

    // Price sheet: Add product opens the name cell; Tab walks the cells; Enter ends the row.
    tabs->setCurrentIndex(2);
    QComboBox* currency = child<QComboBox>(&dlg, "currencyCombo");
    replaceText(currency->lineEdit(), QStringLiteral("gbp"));
    QTableView* table = child<QTableView>(&dlg, "priceTable");
    CHECK(table->model()->headerData(3, Qt::Horizontal).toString() == "Price (GBP)");
    const QString point = QLocale().decimalPoint();
    QTest::mouseClick(child<QPushButton>(&dlg, "addProductButton"), Qt::LeftButton);
    typeIntoFocus(QStringLiteral("Print"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    typeIntoFocus(QStringLiteral("5x7"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    typeIntoFocus(QStringLiteral("matte"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    typeIntoFocus(QStringLiteral("12") + point + QStringLiteral("50"));
    endEdit();
    QTest::mouseClick(child<QPushButton>(&dlg, "addProductButton"), Qt::LeftButton);
    typeIntoFocus(QStringLiteral("Canvas"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    typeIntoFocus(QStringLiteral("8x10"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab); // no finish
    typeIntoFocus(QStringLiteral("45"));
    endEdit();
    REQUIRE(table->model()->rowCount() == 2);
    CHECK(table->model()->index(0, 3).data().toString() == QStringLiteral("12") + point + QStringLiteral("50"));

    QTest::keyClicks(child<QLineEdit>(&dlg, "pickupNoteEdit"), QStringLiteral("Saturdays 10-12 at the studio"));
    QTest::mouseClick(child<QCheckBox>(&dlg, "shippingCheck"), Qt::LeftButton);
    QDoubleSpinBox* shippingPrice = child<QDoubleSpinBox>(&dlg, "shippingPriceSpin");
    REQUIRE(shippingPrice->isEnabled());
    replaceText(shippingPrice, QStringLiteral("4") + point + QStringLiteral("95"));

    // Enter in a one-line field is OK.
    tabs->setCurrentIndex(0);
    name->setFocus();
    QTest::keyClick(name, Qt::Key_Return);
    REQUIRE(dlg.result() == QDialog::Accepted);
    CHECK_FALSE(dlg.isVisible());

    const EventRecord e = onlyEvent(*cat.catalog);
    CHECK(e.name == "Smith wedding");
    CHECK(e.date == QDate(2026, 6, 13));
    CHECK(e.location == "St Mary's Chapel");
    CHECK(e.photographer == "Ann Lee");
    CHECK(e.description == "Ceremony at two.\nReception after.");
    CHECK(joined(categoryNames(*cat.catalog, e.id)) == "Ceremony, Portraits, Reception");
    CHECK(e.priceSheet.currency == "GBP");
    REQUIRE(e.priceSheet.products.size() == 2);
    CHECK(describe(e.priceSheet.products[0]) == "Print|5x7|matte|1250");
    CHECK(describe(e.priceSheet.products[1]) == "Canvas|8x10||4500");
    CHECK(e.delivery.studioPickup);
    CHECK(e.delivery.pickupNote == "Saturdays 10-12 at the studio");
    CHECK(e.delivery.shipping);
    CHECK(e.delivery.shippingCents == 495);
    CHECK(dlg.eventId() == e.id);
    REQUIRE(saved.count() == 1);
    CHECK(saved.at(0).at(0).toString() == e.id);
    INFO(ModelTestLog::failures().join('\n').toStdString());
    CHECK(ModelTestLog::failures().isEmpty());
}

TEST_CASE("an existing event's form is shown, edited on OK and discarded by Cancel", "[ui][event-dialog]") {
    TempCatalog cat;
    auto created = cat->createEvent({"Jones party", "Garden party", QDate(2026, 7, 4), "Ann", "Hall", {}});
    REQUIRE(created.ok());
    EventRecord before = created.value();
    before.priceSheet.currency = "USD";
    before.priceSheet.products = {{"Print", "4x6", "gloss", 500}, {"Print", "8x10", "matte", 1500}};
    before.delivery = DeliveryOptions{true, true, 700, "Front desk"};
    REQUIRE(cat->updateEvent(before).ok());

    SECTION("Cancel (Esc) leaves the catalog as it was") {
        EventDetailsDialog dlg(*cat.catalog, before.id);
        showActive(&dlg);
        QLineEdit* name = child<QLineEdit>(&dlg, "nameEdit");
        CHECK(name->text() == "Jones party");
        replaceText(name, "Renamed party");
        child<QCheckBox>(&dlg, "noDateCheck")->setChecked(true);
        QTest::keyClick(name, Qt::Key_Escape);
        CHECK(dlg.result() == QDialog::Rejected);
        const EventRecord after = onlyEvent(*cat.catalog);
        CHECK(after.name == "Jones party");
        CHECK(after.date == QDate(2026, 7, 4));
    }

    SECTION("the price sheet is shown, a row removed, a price changed, the date cleared") {
        EventDetailsDialog dlg(*cat.catalog, before.id);
        ModelTestLog log;
        QTableView* table = child<QTableView>(&dlg, "priceTable");
        auto tester = testModel(table->model());
        showActive(&dlg);
        child<QTabWidget>(&dlg, "eventTabs")->setCurrentIndex(2);
        CHECK(child<QComboBox>(&dlg, "currencyCombo")->currentText() == "USD");
        REQUIRE(table->model()->rowCount() == 2);
        CHECK(table->model()->index(1, 0).data().toString() == "Print");
        CHECK(table->model()->index(1, 1).data().toString() == "8x10");
        CHECK(table->model()->index(1, 3).data().toString() == QLocale().toString(15.0, 'f', 2));
        CHECK(child<QLineEdit>(&dlg, "pickupNoteEdit")->text() == "Front desk");
        CHECK(child<QDoubleSpinBox>(&dlg, "shippingPriceSpin")->value() == Approx(7.0));

        table->selectRow(0);
        QTest::mouseClick(child<QPushButton>(&dlg, "removeProductButton"), Qt::LeftButton);
        REQUIRE(table->model()->rowCount() == 1);
        // Typing on a cell starts editing it, as in a spreadsheet.
        const QModelIndex price = table->model()->index(0, 3);
        table->setCurrentIndex(price);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_1);
        QTest::keyClicks(QApplication::focusWidget(), "7");
        endEdit();
        QTest::mouseClick(child<QCheckBox>(&dlg, "pickupCheck"), Qt::LeftButton);
        child<QTabWidget>(&dlg, "eventTabs")->setCurrentIndex(0);
        QTest::mouseClick(child<QCheckBox>(&dlg, "noDateCheck"), Qt::LeftButton);
        QTest::mouseClick(child<QDialogButtonBox>(&dlg, "buttonBox")->button(QDialogButtonBox::Ok), Qt::LeftButton);
        REQUIRE(dlg.result() == QDialog::Accepted);

        const EventRecord after = onlyEvent(*cat.catalog);
        CHECK(after.id == before.id);
        CHECK(after.name == "Jones party");
        CHECK_FALSE(after.date.isValid());
        CHECK(after.priceSheet.currency == "USD");
        REQUIRE(after.priceSheet.products.size() == 1);
        CHECK(describe(after.priceSheet.products[0]) == "Print|8x10|matte|1700");
        CHECK(after.delivery == DeliveryOptions{false, true, 700, "Front desk"});
        INFO(ModelTestLog::failures().join('\n').toStdString());
        CHECK(ModelTestLog::failures().isEmpty());
    }
}

TEST_CASE("OK refuses a form without a name, a taken name, a bad size, and no price goes below zero",
          "[ui][event-dialog]") {
    TempCatalog cat;
    REQUIRE(cat->createEvent({"Taken", {}, {}, {}, {}, {}}).ok());
    EventDetailsDialog dlg(*cat.catalog, QString());
    showActive(&dlg);
    auto* tabs = child<QTabWidget>(&dlg, "eventTabs");
    QLabel* message = child<QLabel>(&dlg, "messageLabel");
    QPushButton* ok = child<QDialogButtonBox>(&dlg, "buttonBox")->button(QDialogButtonBox::Ok);

    // No name: the dialog stays, says why, and puts the cursor in the field.
    tabs->setCurrentIndex(2);
    QTest::mouseClick(ok, Qt::LeftButton);
    CHECK(dlg.isVisible());
    CHECK(message->isVisible());
    CHECK(message->text().contains("needs a name"));
    CHECK(tabs->currentIndex() == 0);
    CHECK(QApplication::focusWidget() == child<QLineEdit>(&dlg, "nameEdit"));

    QTest::keyClicks(child<QLineEdit>(&dlg, "nameEdit"), "Taken");
    QTest::mouseClick(ok, Qt::LeftButton);
    CHECK(dlg.isVisible());
    CHECK(message->text().contains("already exists"));

    // A price typed as negative is not taken (it stays 0.00); the model refuses a negative.
    replaceText(child<QLineEdit>(&dlg, "nameEdit"), "Fresh");
    tabs->setCurrentIndex(2);
    QTableView* table = child<QTableView>(&dlg, "priceTable");
    QTest::mouseClick(child<QPushButton>(&dlg, "addProductButton"), Qt::LeftButton);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    typeIntoFocus("huge");
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    typeIntoFocus("-5");
    endEdit();
    CHECK_FALSE(table->model()->setData(table->model()->index(0, 3), -1.0));
    CHECK_FALSE(table->model()->setData(table->model()->index(0, 3), QStringLiteral("ten")));
    replaceText(child<QDoubleSpinBox>(&dlg, "shippingPriceSpin"), "-3");
    CHECK(child<QDoubleSpinBox>(&dlg, "shippingPriceSpin")->value() >= 0);

    // "huge" is not a size a lab can print.
    QTest::mouseClick(ok, Qt::LeftButton);
    CHECK(dlg.isVisible());
    CHECK(message->text().contains("size"));
    CHECK(tabs->currentIndex() == 2);
    CHECK(table->currentIndex().column() == 1);
    CHECK(onlyEvent(*cat.catalog).name == "Taken");

    table->model()->setData(table->model()->index(0, 1), "digital");
    QTest::mouseClick(ok, Qt::LeftButton);
    REQUIRE(dlg.result() == QDialog::Accepted);
    auto fresh = cat->requireEvent("Fresh");
    REQUIRE(fresh.ok());
    REQUIRE(fresh->priceSheet.products.size() == 1);
    CHECK(fresh->priceSheet.products[0].priceCents == 0);
    CHECK(fresh->priceSheet.products[0].size == "digital");
    CHECK(fresh->delivery.shippingCents >= 0);
}

TEST_CASE("an existing event's categories are renamed, reordered and deleted in the catalog at once",
          "[ui][event-dialog]") {
    TempCatalog cat;
    auto e =
        cat->createEvent({"Smith wedding", {}, QDate(2026, 6, 13), {}, {}, {"Ceremony", "Reception", "Portraits"}});
    REQUIRE(e.ok());
    auto ceremony = cat->findCategory(e->id, "Ceremony");
    REQUIRE((ceremony.ok() && ceremony.value()));
    insertPhotoIn(*cat.catalog, e->id, ceremony.value()->id);

    EventDetailsDialog dlg(*cat.catalog, e->id);
    QListView* list = child<QListView>(&dlg, "categoryList");
    ModelTestLog log;
    auto tester = testModel(list->model());
    showActive(&dlg);
    child<QTabWidget>(&dlg, "eventTabs")->setCurrentIndex(1);
    QLabel* message = child<QLabel>(&dlg, "messageLabel");
    // Each category shows how many photos it holds.
    CHECK(joined(listTexts(list)) == "Ceremony (1), Reception (0), Portraits (0)");

    SECTION("rename in place") {
        selectRow(list, "Reception");
        QTest::mouseClick(child<QPushButton>(&dlg, "renameCategoryButton"), Qt::LeftButton);
        typeIntoFocus("Dinner");
        endEdit();
        CHECK(joined(categoryNames(*cat.catalog, e->id)) == "Ceremony, Dinner, Portraits");
        CHECK(dlg.isVisible()); // Enter in the editor ends the rename, not the dialog

        // F2 on the list, to a name that is taken: refused, said, nothing changed.
        selectRow(list, "Dinner");
        list->setFocus();
        QTest::keyClick(list, Qt::Key_F2);
        typeIntoFocus("Ceremony");
        endEdit();
        CHECK(message->text().contains("already has a category"));
        CHECK(joined(categoryNames(*cat.catalog, e->id)) == "Ceremony, Dinner, Portraits");
    }

    SECTION("reorder with the buttons, the keyboard and a drop") {
        selectRow(list, "Portraits");
        QPushButton* up = child<QPushButton>(&dlg, "moveCategoryUpButton");
        QTest::mouseClick(up, Qt::LeftButton);
        QTest::mouseClick(up, Qt::LeftButton);
        CHECK(joined(categoryNames(*cat.catalog, e->id)) == "Portraits, Ceremony, Reception");
        CHECK_FALSE(up->isEnabled()); // at the top
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Down, Qt::ControlModifier);
        CHECK(joined(categoryNames(*cat.catalog, e->id)) == "Ceremony, Portraits, Reception");
        CHECK(list->currentIndex().data(Qt::EditRole).toString() == "Portraits");
        // What QListView calls when a category is dropped below the last one.
        REQUIRE(list->model()->moveRow(QModelIndex(), 0, QModelIndex(), 3));
        CHECK(joined(categoryNames(*cat.catalog, e->id)) == "Portraits, Reception, Ceremony");
        CHECK(joined(listTexts(list)) == "Portraits (0), Reception (0), Ceremony (1)");
    }

    SECTION("a category with photos is not deleted, and the dialog says why; an empty one is") {
        selectRow(list, "Ceremony");
        QTest::mouseClick(child<QPushButton>(&dlg, "deleteCategoryButton"), Qt::LeftButton);
        CHECK(joined(categoryNames(*cat.catalog, e->id)) == "Ceremony, Reception, Portraits");
        CHECK(message->isVisible());
        CHECK(message->text().contains("still holds 1 photo"));
        CHECK(dlg.isVisible());

        selectRow(list, "Reception");
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Delete);
        CHECK(joined(categoryNames(*cat.catalog, e->id)) == "Ceremony, Portraits");
        CHECK_FALSE(message->isVisible());

        // Added at once too, at the end; Cancel keeps what the catalog already has.
        QTest::keyClicks(child<QLineEdit>(&dlg, "newCategoryEdit"), "Family");
        QTest::keyClick(child<QLineEdit>(&dlg, "newCategoryEdit"), Qt::Key_Return);
        CHECK(joined(categoryNames(*cat.catalog, e->id)) == "Ceremony, Portraits, Family");
        dlg.reject();
        CHECK(joined(categoryNames(*cat.catalog, e->id)) == "Ceremony, Portraits, Family");
    }
    INFO(ModelTestLog::failures().join('\n').toStdString());
    CHECK(ModelTestLog::failures().isEmpty());
}

TEST_CASE("an event that is not in the catalog is said so and cannot be saved", "[ui][event-dialog]") {
    TempCatalog cat;
    EventDetailsDialog dlg(*cat.catalog, QStringLiteral("no-such-event"));
    CHECK(child<QLabel>(&dlg, "messageLabel")->text().contains("no-such-event"));
    CHECK_FALSE(child<QDialogButtonBox>(&dlg, "buttonBox")->button(QDialogButtonBox::Ok)->isEnabled());
    dlg.accept();
    CHECK(dlg.result() != QDialog::Accepted);
    CHECK(cat->events()->empty());
}
