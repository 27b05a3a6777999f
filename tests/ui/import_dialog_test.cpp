// The Import dialog driven like a photographer would: what it counts, what it lets through, and
// the request it hands over.
#include <catch2/catch.hpp>

#include "test_support.h"

#include "pd/db/catalog.h"
#include "pd/ui/import_dialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFutureWatcherBase>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace pd;
using pd::ui::ImportDialog;

namespace {

constexpr int kPatienceMs = 30000; // only a bound against hanging: nothing here is timed

struct Studio {
    QTemporaryDir dir;
    std::unique_ptr<Catalog> catalog;
    EventRecord wedding, party;
    Studio() {
        REQUIRE(dir.isValid());
        auto c = Catalog::open(dir.path() + "/catalog");
        REQUIRE(c.ok());
        catalog = std::move(c).value();
        auto w = catalog->createEvent({"Smith wedding", {}, QDate(2026, 6, 13), {}, {}, {"Ceremony", "Reception"}});
        REQUIRE(w.ok());
        wedding = w.value();
        auto p = catalog->createEvent({"Jones party", {}, QDate(2026, 7, 4), {}, {}, {}});
        REQUIRE(p.ok());
        party = p.value();
    }
};

template <typename T> T* child(QWidget* root, const char* name) {
    T* w = root->findChild<T*>(QString::fromLatin1(name));
    INFO("widget " << name);
    REQUIRE(w != nullptr);
    return w;
}

QStringList comboTexts(QComboBox* combo) {
    QStringList out;
    for (int i = 0; i < combo->count(); ++i) out << combo->itemText(i);
    return out;
}

// Waits until every count the dialog started has come back.
void waitForCounts(ImportDialog& dlg) {
    REQUIRE(QTest::qWaitFor([&] { return dlg.findChildren<QFutureWatcherBase*>().isEmpty(); }, kPatienceMs));
}

} // namespace

TEST_CASE("the import dialog counts a card's images and hands over event, category and folder", "[ui][import-dialog]") {
    Studio s;
    const test::MixedBatch batch = test::makeMixedBatch(s.dir.path() + "/source", 3, 320);
    const QString card = batch.dir + "/card";
    // Everything that looks like an image is counted (the broken ones fail later, with a reason);
    // notes.txt is not.
    const int images = int(batch.valid.size() + batch.invalid.size() + batch.duplicates.size());

    ImportDialog dlg(*s.catalog, s.wedding.id);
    dlg.show();
    QApplication::setActiveWindow(&dlg);
    REQUIRE(QTest::qWaitForWindowActive(&dlg));

    QComboBox* event = child<QComboBox>(&dlg, "eventCombo");
    QComboBox* category = child<QComboBox>(&dlg, "categoryCombo");
    QPushButton* import = child<QPushButton>(&dlg, "importButton");
    QLabel* count = child<QLabel>(&dlg, "sourceCountLabel");
    QLineEdit* source = child<QLineEdit>(&dlg, "sourceEdit");
    CHECK(event->currentData().toString() == s.wedding.id);
    CHECK(event->currentText().startsWith("Smith wedding"));
    CHECK(comboTexts(category) == QStringList{"(none)", "Ceremony", "Reception"});
    CHECK(child<QLabel>(&dlg, "duplicatesNote")->text().contains("skipped"));
    CHECK_FALSE(import->isEnabled()); // no source yet
    CHECK(QApplication::focusWidget() == source);

    QTest::keyClicks(source, card);
    CHECK_FALSE(import->isEnabled()); // not until the count is in
    REQUIRE(QTest::qWaitFor([&] { return import->isEnabled(); }, kPatienceMs));
    CHECK(count->text() == QStringLiteral("%1 image files").arg(images));

    category->setFocus();
    QTest::keyClick(category, Qt::Key_Down);
    QTest::keyClick(category, Qt::Key_Down);
    CHECK(category->currentText() == "Reception");
    QTest::mouseClick(import, Qt::LeftButton);
    REQUIRE(dlg.result() == QDialog::Accepted);

    const ImportRequest r = dlg.request();
    CHECK(r.event == s.wedding.id);
    CHECK(r.category == "Reception");
    CHECK(r.paths == QStringList{card});
    CHECK(r.jobs == 0);
}

TEST_CASE("the import dialog keeps Import off until there are images to import into an event", "[ui][import-dialog]") {
    Studio s;
    const test::MixedBatch batch = test::makeMixedBatch(s.dir.path() + "/source", 2, 320);
    const QString card = batch.dir + "/card";
    QDir().mkpath(s.dir.path() + "/empty");
    test::writeFile(s.dir.path() + "/empty/readme.txt", "not a photo\n");

    SECTION("missing folder, folder without images, cleared field") {
        ImportDialog dlg(*s.catalog, "Jones party"); // an event may be named by its name
        QPushButton* import = child<QPushButton>(&dlg, "importButton");
        QLabel* count = child<QLabel>(&dlg, "sourceCountLabel");
        CHECK(child<QComboBox>(&dlg, "eventCombo")->currentData().toString() == s.party.id);
        CHECK(comboTexts(child<QComboBox>(&dlg, "categoryCombo")) == QStringList{"(none)"});

        dlg.setSourcePaths({s.dir.path() + "/nowhere"});
        waitForCounts(dlg);
        CHECK(count->text().contains("does not exist"));
        CHECK_FALSE(import->isEnabled());

        dlg.setSourcePaths({s.dir.path() + "/empty"});
        waitForCounts(dlg);
        CHECK(count->text().contains("No image files"));
        CHECK_FALSE(import->isEnabled());

        dlg.setSourcePaths({card});
        waitForCounts(dlg);
        CHECK(import->isEnabled());
        QLineEdit* source = child<QLineEdit>(&dlg, "sourceEdit");
        CHECK(source->text() == card);
        QTest::keyClick(source, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(source, Qt::Key_Backspace);
        CHECK_FALSE(import->isEnabled());
        CHECK(dlg.request().paths.isEmpty());
        CHECK(dlg.request().category.isEmpty());
    }

    SECTION("a count that comes back after the source changed is dropped") {
        // A source slow to count (every file opened and sniffed), then a quick one: the slow
        // count comes back last and must not overwrite the quick one's.
        const QString slow = s.dir.path() + "/slow";
        QDir().mkpath(slow);
        for (int i = 0; i < 3000; ++i)
            test::writeFile(QStringLiteral("%1/%2.dat").arg(slow).arg(i),
                            QByteArray("\xFF\xD8\xFF\xE0", 4) + QByteArray(28, '\0'));
        ImportDialog dlg(*s.catalog, s.wedding.id);
        dlg.setSourcePaths({slow});
        dlg.setSourcePaths({s.dir.path() + "/empty"});
        waitForCounts(dlg);
        CHECK(child<QLabel>(&dlg, "sourceCountLabel")->text().contains("No image files"));
        CHECK_FALSE(child<QPushButton>(&dlg, "importButton")->isEnabled());
        CHECK(dlg.request().paths == QStringList{s.dir.path() + "/empty"});
    }

    SECTION("no event chosen, then one chosen") {
        ImportDialog dlg(*s.catalog, QString());
        QComboBox* event = child<QComboBox>(&dlg, "eventCombo");
        QPushButton* import = child<QPushButton>(&dlg, "importButton");
        CHECK(event->currentIndex() == -1);
        CHECK_FALSE(child<QComboBox>(&dlg, "categoryCombo")->isEnabled());
        dlg.setSourcePaths({card});
        waitForCounts(dlg);
        CHECK(child<QLabel>(&dlg, "sourceCountLabel")->text().contains("image files"));
        CHECK_FALSE(import->isEnabled());
        event->setCurrentIndex(event->findData(s.wedding.id));
        CHECK(import->isEnabled());
        CHECK(comboTexts(child<QComboBox>(&dlg, "categoryCombo")) == QStringList{"(none)", "Ceremony", "Reception"});
        CHECK(dlg.request().event == s.wedding.id);
        CHECK(dlg.request().category.isEmpty());
    }
}

TEST_CASE("with no events in the catalog the import dialog cannot import", "[ui][import-dialog]") {
    QTemporaryDir dir;
    auto c = Catalog::open(dir.path());
    REQUIRE(c.ok());
    const test::MixedBatch batch = test::makeMixedBatch(dir.path() + "/source", 1, 320);
    ImportDialog dlg(**c, QString());
    dlg.setSourcePaths({batch.dir + "/card"});
    waitForCounts(dlg);
    CHECK(child<QComboBox>(&dlg, "eventCombo")->count() == 0);
    CHECK_FALSE(child<QPushButton>(&dlg, "importButton")->isEnabled());
}
