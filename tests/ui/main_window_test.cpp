#include <catch2/catch.hpp>

#include "ui_fixture.h"

#include "pd/ui/loupe_view.h"
#include "pd/ui/models/event_tree_model.h"
#include "pd/ui/models/photo_filter_model.h"
#include "pd/ui/photo_grid_view.h"

#include <QDragEnterEvent>
#include <QMimeData>
#include <QProgressBar>
#include <QSlider>
#include <QSplitter>
#include <QTableWidget>
#include <QTreeView>
#include <QUndoStack>
#include <QUrl>

using namespace pd;
using namespace pd::ui;
using pd::test::StudioFixture;
using pd::test::waitFor;

namespace {

// Drags `mime` over `target` at `pos` and drops it, as the file manager or the grid would.
void dragAndDrop(QWidget* target, QPoint pos, QMimeData* mime, Qt::DropAction action = Qt::CopyAction) {
    QDragEnterEvent enter(pos, action, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &enter);
    QDragMoveEvent move(pos, action, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &move);
    REQUIRE(move.isAccepted());
    QDropEvent drop(QPointF(pos), action, mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(target, &drop);
}

QMimeData* filesMime(const QStringList& paths) {
    auto* mime = new QMimeData;
    QList<QUrl> urls;
    for (const QString& p : paths) urls << QUrl::fromLocalFile(p);
    mime->setUrls(urls);
    return mime;
}

QPoint centreOf(QTreeView* tree, const QModelIndex& index) {
    tree->scrollTo(index);
    return tree->visualRect(index).center();
}

} // namespace

TEST_CASE("dropping a card onto an event imports it by itself, and the grid fills and failures are listed", "[ui][window]") {
    StudioFixture f(0);
    auto w = f.window();
    const auto batch = pd::test::makeMixedBatch(f.dir.path() + "/card", 5, 800);
    QTreeView* tree = w->eventTree();
    const QModelIndex event = w->eventTreeModel()->indexForEvent(f.eventId);
    std::unique_ptr<QMimeData> mime(filesMime({batch.dir}));
    dragAndDrop(tree->viewport(), centreOf(tree, event), mime.get());

    // Background work: the progress bar shows while it runs; thumbnails appear one by one.
    waitFor([&] { return w->gridModel()->rowCount() == batch.valid.size() && !w->importController()->isBusy(); });
    CHECK(w->filterModel()->rowCount() == batch.valid.size());
    waitFor([&] {
        for (int r = 0; r < w->filterModel()->rowCount(); ++r)
            if (w->filterModel()->index(r, 0).data(ThumbnailRole).value<QImage>().isNull()) return false;
        return true;
    });
    // The two broken files are listed with their reasons; the duplicate is not a failure.
    QTableWidget* failures = w->failuresTable();
    REQUIRE(failures->rowCount() == 2);
    QStringList listed{failures->item(0, 0)->text(), failures->item(1, 0)->text()};
    listed.sort();
    QStringList expected = batch.invalid;
    expected.sort();
    CHECK(listed == expected);
    CHECK_FALSE(failures->item(0, 1)->text().isEmpty());
    CHECK(failures->isVisibleTo(w.get()));
    // The tree's count follows.
    waitFor([&] { return event.sibling(event.row(), 1).data().toString() == QString::number(batch.valid.size()); });
}

TEST_CASE("dropping onto a category imports into it, and dropping onto the grid imports into the event shown", "[ui][window]") {
    StudioFixture f(0);
    auto w = f.window();
    const auto batch = pd::test::makeMixedBatch(f.dir.path() + "/card", 4, 600);
    QTreeView* tree = w->eventTree();
    const QModelIndex reception = w->eventTreeModel()->index(1, 0, w->eventTreeModel()->indexForEvent(f.eventId));
    std::unique_ptr<QMimeData> two(filesMime({batch.valid[0], batch.valid[1]}));
    dragAndDrop(tree->viewport(), centreOf(tree, reception), two.get());
    waitFor([&] { return w->gridModel()->rowCount() == 2 && !w->importController()->isBusy(); });
    for (int r = 0; r < 2; ++r) CHECK(w->gridModel()->index(r).data(CategoryRole).toString() == "Reception");

    std::unique_ptr<QMimeData> rest(filesMime({batch.valid[2], batch.valid[3]}));
    dragAndDrop(w->grid()->viewport(), w->grid()->viewport()->rect().center(), rest.get());
    waitFor([&] { return w->gridModel()->rowCount() == 4 && !w->importController()->isBusy(); });
}

TEST_CASE("photos dragged onto another category move there, and undo moves them back", "[ui][window]") {
    StudioFixture f(4);
    auto w = f.window();
    auto db = Catalog::open(f.catalogDir).value();
    w->grid()->selectionModel()->select(QItemSelection(w->filterModel()->index(0, 0), w->filterModel()->index(1, 0)),
                                        QItemSelectionModel::ClearAndSelect);
    const QStringList ids{w->filterModel()->index(0, 0).data(PhotoIdRole).toString(),
                          w->filterModel()->index(1, 0).data(PhotoIdRole).toString()};
    // What the grid puts on the drag, dropped onto "Ceremony" in the tree.
    std::unique_ptr<QMimeData> mime(w->filterModel()->mimeData(w->grid()->selectionModel()->selectedIndexes()));
    QTreeView* tree = w->eventTree();
    const QModelIndex ceremony = w->eventTreeModel()->index(0, 0, w->eventTreeModel()->indexForEvent(f.eventId));
    dragAndDrop(tree->viewport(), centreOf(tree, ceremony), mime.get(), Qt::MoveAction);
    for (const QString& id : ids) CHECK(db->requirePhoto(id)->category == "Ceremony");
    waitFor([&] { return ceremony.sibling(ceremony.row(), 1).data().toString() == "2"; });

    // Clicking the category shows only its photos.
    tree->setCurrentIndex(ceremony);
    CHECK(w->filterModel()->rowCount() == 2);
    w->undoStack()->undo();
    for (const QString& id : ids) CHECK(db->requirePhoto(id)->category.isEmpty());
    CHECK(w->filterModel()->rowCount() == 0);
}

TEST_CASE("the window remembers its geometry, splitter and thumbnail size", "[ui][window]") {
    StudioFixture f(1);
    QList<int> sizes;
    {
        auto w = f.window();
        w->resize(1234, 777);
        auto* splitter = w->findChild<QSplitter*>("mainSplitter");
        splitter->setSizes({300, 700, 234});
        sizes = splitter->sizes();
        w->setThumbnailSize(320);
        w->close();
    }
    auto w = f.window();
    CHECK(w->size() == QSize(1234, 777));
    CHECK(w->findChild<QSplitter*>("mainSplitter")->sizes() == sizes);
    CHECK(w->grid()->cellSize() == 320);
    CHECK(w->currentEventId() == f.eventId);
}

TEST_CASE("a running import can be cancelled from the status bar, and what is done stays", "[ui][window]") {
    StudioFixture f(0);
    auto w = f.window();
    const auto batch = pd::test::makeMixedBatch(f.dir.path() + "/card", 24, 1600);
    bool started = false, progressShown = false;
    QObject::connect(w->importController(), &ImportController::photoImported, [&] {
        if (!started) {
            progressShown = w->importProgress()->isVisibleTo(w.get());
            w->importController()->cancel();
        }
        started = true;
    });
    pd::ImportSummary summary;
    QObject::connect(w->importController(), &ImportController::importFinished, [&](const pd::ImportSummary& s) { summary = s; });
    w->importFiles(f.eventId, {}, batch.valid);
    waitFor([&] { return !w->importController()->isBusy(); });
    CHECK(progressShown);
    CHECK(summary.cancelled);
    CHECK(summary.imported >= 1);
    CHECK(summary.imported < batch.valid.size());
    CHECK(w->gridModel()->rowCount() == summary.imported);
    CHECK_FALSE(w->importProgress()->isVisibleTo(w.get()));
}

TEST_CASE("Space opens the loupe on the current photo and Esc comes back to the grid", "[ui][window]") {
    StudioFixture f(3);
    auto w = f.window();
    w->grid()->setFocus();
    w->grid()->setCurrentIndex(w->filterModel()->index(1, 0));
    QTest::keyClick(w->grid(), Qt::Key_Space);
    REQUIRE(w->isLoupeShown());
    CHECK(w->loupe()->currentIndex().row() == 1);
    QTest::keyClick(w->loupe(), Qt::Key_Escape);
    CHECK_FALSE(w->isLoupeShown());
    CHECK(w->grid()->currentIndex().row() == 1);
}
