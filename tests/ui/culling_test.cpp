#include <catch2/catch.hpp>

#include "ui_fixture.h"

#include "pd/ui/models/photo_filter_model.h"
#include "pd/ui/photo_grid_view.h"

#include <QLineEdit>
#include <QUndoStack>

using namespace pd;
using namespace pd::ui;
using pd::test::StudioFixture;
using pd::test::waitFor;

namespace {

struct Culling {
    StudioFixture f{6};
    std::unique_ptr<MainWindow> w = f.window();
    std::unique_ptr<Catalog> db = Catalog::open(f.catalogDir).value();

    PhotoGridView* grid() { return w->grid(); }
    QString idAt(int row) { return w->filterModel()->index(row, 0).data(PhotoIdRole).toString(); }
    PhotoRecord photo(const QString& id) { return db->requirePhoto(id).value(); }
    void key(int k, Qt::KeyboardModifiers mods = Qt::NoModifier) { QTest::keyClick(grid(), Qt::Key(k), mods); }
    void select(int row) {
        grid()->setFocus();
        grid()->setCurrentIndex(w->filterModel()->index(row, 0));
    }
};

} // namespace

TEST_CASE("culling keys rate, flag, label and select for the web, and undo and redo restore them", "[ui][culling]") {
    Culling c;
    c.select(0);
    const QString a = c.idAt(0);

    c.key(Qt::Key_3);
    CHECK(c.photo(a).rating == 3);
    c.key(Qt::Key_P);
    CHECK(c.photo(a).flag == PhotoFlag::Pick);
    c.key(Qt::Key_X);
    CHECK(c.photo(a).flag == PhotoFlag::Reject);
    c.key(Qt::Key_U);
    CHECK(c.photo(a).flag == PhotoFlag::None);
    c.key(Qt::Key_6);
    CHECK(c.photo(a).colorLabel == "red");
    c.key(Qt::Key_9);
    CHECK(c.photo(a).colorLabel == "blue");
    c.key(Qt::Key_9);  // the same key again takes the label off
    CHECK(c.photo(a).colorLabel.isEmpty());
    c.key(Qt::Key_W);
    CHECK(c.photo(a).selected);
    CHECK(c.w->statusText().contains("1 for web"));
    // The grid shows it too.
    CHECK(c.w->filterModel()->index(0, 0).data(RatingRole).toInt() == 3);

    // Arrows move; the next key acts on the new current photo.
    c.key(Qt::Key_Right);
    const QString b = c.idAt(1);
    CHECK(c.grid()->currentIndex().row() == 1);
    c.key(Qt::Key_5);
    CHECK(c.photo(b).rating == 5);
    CHECK(c.photo(a).rating == 3);

    // Undo walks back one step at a time, redo forward, exactly.
    QUndoStack* undo = c.w->undoStack();
    c.key(Qt::Key_Z, Qt::ControlModifier);
    CHECK(c.photo(b).rating == 0);
    c.key(Qt::Key_Z, Qt::ControlModifier);
    CHECK_FALSE(c.photo(a).selected);
    CHECK(c.w->statusText().contains("0 for web"));
    c.key(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    CHECK(c.photo(a).selected);
    while (undo->canUndo()) undo->undo();
    CHECK(c.photo(a).rating == 0);
    CHECK(c.photo(a).flag == PhotoFlag::None);
    CHECK_FALSE(c.photo(a).selected);
    while (undo->canRedo()) undo->redo();
    CHECK(c.photo(a).rating == 3);
    CHECK(c.photo(b).rating == 5);
    CHECK(c.photo(a).selected);
}

TEST_CASE("culling keys apply to the whole selection, and one undo restores each photo's own value", "[ui][culling]") {
    Culling c;
    c.select(0);
    c.key(Qt::Key_2);
    c.select(1);
    c.key(Qt::Key_4);
    c.key(Qt::Key_A, Qt::ControlModifier);
    CHECK(c.grid()->selectionModel()->selectedIndexes().size() == 6);
    c.key(Qt::Key_1);
    for (int r = 0; r < 6; ++r) CHECK(c.photo(c.idAt(r)).rating == 1);
    c.key(Qt::Key_W);
    CHECK(c.w->statusText().contains("6 for web"));
    c.w->undoStack()->undo();
    c.w->undoStack()->undo();
    CHECK(c.photo(c.idAt(0)).rating == 2);
    CHECK(c.photo(c.idAt(1)).rating == 4);
    CHECK(c.photo(c.idAt(2)).rating == 0);
}

TEST_CASE("typing in the search field filters and does not rate", "[ui][culling]") {
    Culling c;
    c.select(0);
    QLineEdit* search = c.w->findChild<QLineEdit*>("searchField");
    REQUIRE(search);
    search->setFocus();
    QTest::keyClicks(search, "1003");
    CHECK(c.w->filterModel()->rowCount() == 1);
    for (int r = 0; r < 6; ++r) CHECK(c.photo(c.w->gridModel()->index(r).data(PhotoIdRole).toString()).rating == 0);
    search->clear();
    CHECK(c.w->filterModel()->rowCount() == 6);
}
