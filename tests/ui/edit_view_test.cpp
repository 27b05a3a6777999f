// The crop tool as a photographer uses it in the real window over a real catalog: R, turns, a
// print-shaped crop by the handles, Enter; the thumbnail follows; undo, redo, copy and paste.
#include <catch2/catch.hpp>

#include "ui_fixture.h"

#include "pd/core/edit_geometry.h"
#include "pd/db/photo_edits.h"
#include "pd/ui/edit_view.h"
#include "pd/ui/loupe_view.h"
#include "pd/ui/models/photo_filter_model.h"
#include "pd/ui/photo_grid_view.h"
#include "pd/ui/rendition_refresher.h"

#include <QComboBox>
#include <QLabel>
#include <QSpinBox>
#include <QUndoStack>

using namespace pd;
using namespace pd::ui;
using pd::test::StudioFixture;
using pd::test::waitFor;

namespace {

struct Editing {
    StudioFixture f{4};
    std::unique_ptr<MainWindow> w = f.window();
    std::unique_ptr<Catalog> db = Catalog::open(f.catalogDir).value();   // the test's own connection

    PhotoGridView* grid() { return w->grid(); }
    EditView* view() { return w->editView(); }
    QModelIndex at(int row) { return w->filterModel()->index(row, 0); }
    QString idAt(int row) { return at(row).data(PhotoIdRole).toString(); }
    QImage thumbAt(int row) { return at(row).data(ThumbnailRole).value<QImage>(); }
    EditList editsOf(const QString& id) { return db->requirePhoto(id).value().edits; }
    void select(int row) {
        grid()->setFocus();
        grid()->setCurrentIndex(at(row));
    }
    void waitForThumbnail(int row) { waitFor([&] { return !thumbAt(row).isNull(); }); }
    void openEditor(int row) {
        select(row);
        QTest::keyClick(grid(), Qt::Key_R);
        REQUIRE(w->isEditViewShown());
        REQUIRE(view()->photoId() == idAt(row));
        waitFor([&] { return view()->isPictureLoaded(); });
    }
    void drag(QPointF from, QPointF to) {
        QWidget* c = view()->canvas();
        QTest::mousePress(c, Qt::LeftButton, Qt::NoModifier, from.toPoint());
        for (int i = 1; i <= 4; ++i) QTest::mouseMove(c, (from + (to - from) * (i / 4.0)).toPoint());
        QTest::mouseRelease(c, Qt::LeftButton, Qt::NoModifier, to.toPoint());
    }
    // The grid's picture of a cell, for what a photographer sees in the strip under the photo.
    QImage cell(int row) {
        grid()->viewport()->repaint();
        return grid()->viewport()->grab(grid()->visualRect(at(row))).toImage().convertToFormat(QImage::Format_RGB888);
    }
};

bool isPortrait(const QImage& i) { return !i.isNull() && i.height() > i.width(); }
bool isLandscape(const QImage& i) { return !i.isNull() && i.width() > i.height(); }
bool isPortrait(const QRect& r) { return r.isValid() && r.height() > r.width(); }
bool isLandscape(const QRect& r) { return r.isValid() && r.width() > r.height(); }

// Where the picture is on a widget: the pixels that differ from the background in its corner.
QRect pictureBounds(QWidget* w) {
    const QImage img = w->grab().toImage().convertToFormat(QImage::Format_RGB32);
    const QRgb bg = img.pixel(0, 0);
    QRect r;
    for (int y = 0; y < img.height(); y += 2)
        for (int x = 0; x < img.width(); x += 2) {
            const QRgb p = img.pixel(x, y);
            if (std::abs(qRed(p) - qRed(bg)) + std::abs(qGreen(p) - qGreen(bg)) + std::abs(qBlue(p) - qBlue(bg)) > 24)
                r |= QRect(x, y, 1, 1);
        }
    return r;
}

} // namespace

TEST_CASE("R, a right turn and a 2:3 crop saved with Enter: the catalog's list, a portrait thumbnail, the badge, then Ctrl+Z and "
          "Ctrl+Shift+Z move between the exact lists",
          "[ui][edit]") {
    Editing e;
    e.select(0);
    const QString id = e.idAt(0);
    e.waitForThumbnail(0);
    REQUIRE(isLandscape(e.thumbAt(0)));   // IMG_1000 is stored upright, 640 x 426
    const QImage cellBefore = e.cell(0);

    e.openEditor(0);
    QTest::keyClick(e.view()->canvas(), Qt::Key_BracketRight);
    CHECK(e.view()->geometry().transform == Dihedral::rotation(1));
    // The crop tool's aspect box offers the core's presets; 2:3 gives the largest 2:3 crop, portrait like the frame.
    auto* aspect = e.view()->findChild<QComboBox*>("cropAspect");
    REQUIRE(aspect);
    const int twoThree = aspect->findText("2:3 (4x6)");
    REQUIRE(twoThree >= 0);
    aspect->setCurrentIndex(twoThree);
    emit aspect->activated(twoThree);
    CHECK(e.view()->aspect() == "2:3");
    // Then a smaller crop by the bottom-right handle: it keeps the shape, the top-left stays.
    const QRectF before = e.view()->cropRectOnCanvas();
    e.drag(before.bottomRight(), before.bottomRight() - QPointF(60, 30));
    const QRectF after = e.view()->cropRectOnCanvas();
    CHECK(after.width() < before.width() - 20);
    CHECK(std::abs(after.left() - before.left()) < 2);
    CHECK(std::abs(after.top() - before.top()) < 2);
    const QSize px = e.view()->geometry().outputSize(QSize(640, 426));
    CHECK(px.height() > px.width());
    CHECK(std::abs(double(px.height()) / px.width() - 1.5) < 0.01);
    // The view names what such a crop prints at, and that 640 px is too few for them.
    auto* info = e.view()->findChild<QLabel*>("printInfo");
    REQUIRE(info);
    CHECK(info->text().contains("Fills 4x6, 8x12, 12x18"));
    CHECK(info->text().contains("Too few pixels for 4x6 at 250 ppi"));

    const EditList saved = e.view()->edits();
    QTest::keyClick(e.view()->canvas(), Qt::Key_Return);
    CHECK_FALSE(e.w->isEditViewShown());
    // The catalog holds exactly what the tool made: the turn, then the crop drawn at 2:3.
    const EditList stored = e.editsOf(id);
    REQUIRE(stored.size() == 2);
    CHECK(stored[0] == EditOperation(RotateOp{1}));
    REQUIRE(std::holds_alternative<CropOp>(stored[1]));
    CHECK(std::get<CropOp>(stored[1]).aspect == "2:3");
    CHECK(stored == saved);
    // The grid's thumbnail follows in the background: portrait now, with the edited badge.
    waitFor([&] { return isPortrait(e.thumbAt(0)); });
    CHECK(e.at(0).data(EditedRole).toBool());
    // The strip under the photo, right side: where the ED badge is drawn.
    const QImage cellAfter = e.cell(0);
    REQUIRE(cellAfter.size() == cellBefore.size());
    const QRect strip(cellAfter.width() * 3 / 5, cellAfter.height() - 22, cellAfter.width() * 2 / 5 - 6, 18);
    CHECK(pd::test::compareImages(cellAfter.copy(strip), cellBefore.copy(strip)).max > 60);
    CHECK(e.w->undoStack()->count() == 1);

    // Ctrl+Z: the exact previous list (none), the landscape thumbnail back, no badge.
    QTest::keyClick(e.grid(), Qt::Key_Z, Qt::ControlModifier);
    CHECK(e.editsOf(id).empty());
    waitFor([&] { return isLandscape(e.thumbAt(0)); });
    CHECK_FALSE(e.at(0).data(EditedRole).toBool());
    // The catalog's own history agrees: the CLI's "edit redo" would give the crop back.
    auto state = loadPhotoEdits(*e.db, id);
    REQUIRE(state.ok());
    REQUIRE(state->history.canRedo());
    CHECK(state->history.redoStack().back() == saved);

    QTest::keyClick(e.grid(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    CHECK(e.editsOf(id) == saved);
    waitFor([&] { return isPortrait(e.thumbAt(0)); });
}

TEST_CASE("the crop tool's handles, X, a left turn, straighten and Esc", "[ui][edit]") {
    Editing e;
    e.openEditor(0);
    EditView* v = e.view();
    const QSize oriented(640, 426);
    QSize px;

    // Free: an edge drag moves that edge only.
    QRectF c = v->cropRectOnCanvas();
    e.drag(QPointF(c.right(), c.center().y()), QPointF(c.right() - 80, c.center().y()));
    QRectF d = v->cropRectOnCanvas();
    CHECK(d.width() < c.width() - 60);
    CHECK(std::abs(d.height() - c.height()) < 1);
    // A drag inside moves the crop and keeps its size.
    e.drag(d.center(), d.center() + QPointF(40, 0));
    QRectF m = v->cropRectOnCanvas();
    CHECK(std::abs(m.width() - d.width()) < 1);
    CHECK(m.left() > d.left() + 30);

    // Custom: the spin boxes' W:H, followed as they change.
    auto* aspect = v->findChild<QComboBox*>("cropAspect");
    REQUIRE(aspect);
    const int custom = aspect->count() - 1;
    aspect->setCurrentIndex(custom);
    emit aspect->activated(custom);
    CHECK(v->aspect() == "3:2");
    auto* customW = v->findChild<QSpinBox*>("customAspectW");
    REQUIRE(customW);
    CHECK(customW->isVisible());
    customW->setValue(7);
    CHECK(v->aspect() == "7:2");
    px = v->geometry().outputSize(oriented);
    CHECK(std::abs(double(px.width()) / px.height() - 3.5) < 0.02);

    // 4:5, then X: the same shape turned to portrait (the frame is landscape).
    v->setAspect("4:5");
    px = v->geometry().outputSize(oriented);
    CHECK(px.width() > px.height());
    CHECK(std::abs(double(px.width()) / px.height() - 1.25) < 0.01);
    QTest::keyClick(v->canvas(), Qt::Key_X);
    px = v->geometry().outputSize(oriented);
    CHECK(px.height() > px.width());
    CHECK(std::abs(double(px.height()) / px.width() - 1.25) < 0.01);
    CHECK(v->printInfo().contains("Fills 8x10, 16x20"));
    // A corner drag keeps 4:5 portrait.
    c = v->cropRectOnCanvas();
    e.drag(c.topLeft(), c.topLeft() + QPointF(25, 10));
    px = v->geometry().outputSize(oriented);
    CHECK(std::abs(double(px.height()) / px.width() - 1.25) < 0.02);

    // [ turns the frame left: now portrait, and the crop went with it (landscape now).
    QTest::keyClick(v->canvas(), Qt::Key_BracketLeft);
    CHECK(v->geometry().transform == Dihedral::rotation(-1));
    CHECK(v->geometry().frameSize(oriented) == QSize(426, 640));
    px = v->geometry().outputSize(oriented);
    CHECK(px.width() > px.height());

    // Straightening shrinks the crop to stay inside the turned picture; back to 0 gives it back.
    v->reset();
    CHECK(v->edits().empty());
    v->setStraighten(10);
    const QRectF tilted = v->geometry().crop;
    CHECK(tilted.width() < 0.95);
    CHECK(tilted.height() < 0.95);
    CHECK(v->edits() == EditList{StraightenOp{10}});
    v->setStraighten(0);
    CHECK(v->geometry().isFullFrame());
    // The session's own undo (Ctrl+Z while the tool is open) walks back: 10 degrees again.
    QTest::keyClick(v->canvas(), Qt::Key_Z, Qt::ControlModifier);
    CHECK(v->geometry().straighten == 10);
    CHECK(e.w->undoStack()->count() == 0);   // nothing stored yet

    // Esc leaves without storing anything.
    QTest::keyClick(v->canvas(), Qt::Key_Escape);
    CHECK_FALSE(e.w->isEditViewShown());
    CHECK(e.editsOf(e.idAt(0)).empty());
    CHECK(e.w->undoStack()->count() == 0);
}

TEST_CASE("a crop tool opened on an edited photo shows the unedited frame with the stored crop, and saving "
          "without a change records nothing",
          "[ui][edit]") {
    Editing e;
    const QString id = e.idAt(1);   // IMG_1001: stored turned (EXIF 6), shown portrait
    const EditList edits{CropOp{0.1, 0.2, 0.5, 0.6, QString()}, StraightenOp{5}};
    REQUIRE(pastePhotoEdits(*e.db, edits, {id}).ok());
    e.w->gridModel()->refreshPhotos({id});
    e.openEditor(1);
    // The frame is the whole picture as it was taken, not the stored preview: that one is stale
    // here (the edits were pasted behind the window's back), so the tool decoded the original.
    const PhotoRecord p = e.db->requirePhoto(id).value();
    auto preview = e.db->rendition(id, "preview");
    REQUIRE(preview.ok());
    REQUIRE(preview.value());
    const QImage unedited = QImage::fromData(preview.value()->jpeg, "JPEG");
    REQUIRE(e.view()->picture().size() == unedited.size());
    // The same picture up to the preview's q85 encoding of camera-like noise (a turned or mirrored
    // one would be tens of levels off).
    const pd::test::ImageDiff diff = pd::test::compareImages(e.view()->picture(), unedited);
    CHECK(diff.mean < 8);
    CHECK(pd::test::compareImages(e.view()->picture().mirrored(true, false), unedited).mean > 20);
    CHECK(e.view()->geometry().frameSize(QSize(p.width, p.height)) == QSize(p.width, p.height));
    CHECK(e.view()->geometry().straighten == 5);
    CHECK(e.view()->geometry().crop == resolveEdits(edits, QSize(p.width, p.height)).crop);
    // Straightening back to 0 gives the crop as it was drawn, not as it was fitted.
    e.view()->setStraighten(0);
    CHECK(std::abs(e.view()->geometry().crop.width() - 0.5) < 1e-9);
    e.view()->undoStep();
    QTest::keyClick(e.view()->canvas(), Qt::Key_Return);
    CHECK_FALSE(e.w->isEditViewShown());
    CHECK(e.w->undoStack()->count() == 0);
    CHECK(e.editsOf(id) == edits);
}

TEST_CASE("Ctrl+Shift+C copies a photo's edits and Ctrl+Shift+V gives them to the whole selection, and one undo "
          "puts back each photo's own list",
          "[ui][edit]") {
    Editing e;
    // Photo 0 gets a turn and a 2:3 crop through the tool; photo 2 already had a flip of its own.
    const QString a = e.idAt(0), b = e.idAt(1), c = e.idAt(2), d = e.idAt(3);
    REQUIRE(pastePhotoEdits(*e.db, {FlipOp{FlipAxis::Horizontal}}, {c}).ok());
    e.openEditor(0);
    e.view()->rotate(1);
    e.view()->setAspect("2:3");
    e.view()->save();
    REQUIRE_FALSE(e.w->isEditViewShown());
    const EditList copied = e.editsOf(a);
    REQUIRE(copied.size() == 2);

    e.select(0);
    QTest::keyClick(e.grid(), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    // Select photos 1 to 3 and paste.
    e.grid()->selectionModel()->select(QItemSelection(e.at(1), e.at(3)), QItemSelectionModel::ClearAndSelect);
    QTest::keyClick(e.grid(), Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    for (const QString& id : {b, c, d}) CHECK(e.editsOf(id) == copied);
    CHECK(e.editsOf(a) == copied);
    CHECK(e.w->undoStack()->count() == 2);
    // Every pasted photo's thumbnail is made again: portrait 2:3 crops of each.
    waitFor([&] {
        for (int r = 1; r <= 3; ++r)
            if (!e.at(r).data(EditedRole).toBool() || e.thumbAt(r).isNull()) return false;
        return !e.w->renditionRefresher()->isBusy();
    });
    for (int r = 1; r <= 3; ++r) {
        const QImage t = e.thumbAt(r);
        INFO("row " << r);
        CHECK(std::abs(double(std::max(t.width(), t.height())) / std::min(t.width(), t.height()) - 1.5) < 0.02);
    }

    QTest::keyClick(e.grid(), Qt::Key_Z, Qt::ControlModifier);
    CHECK(e.editsOf(b).empty());
    CHECK(e.editsOf(c) == EditList{FlipOp{FlipAxis::Horizontal}});
    CHECK(e.editsOf(d).empty());
    CHECK(e.editsOf(a) == copied);
}

TEST_CASE("R from the loupe edits the loupe's photo, and Esc goes back to the loupe", "[ui][edit]") {
    Editing e;
    e.select(2);
    e.w->showLoupe(true);
    REQUIRE(e.w->isLoupeShown());
    QTest::keyClick(e.w->loupe(), Qt::Key_R);
    REQUIRE(e.w->isEditViewShown());
    CHECK(e.view()->photoId() == e.idAt(2));
    waitFor([&] { return e.view()->isPictureLoaded(); });
    // X is Reject in the grid and the loupe; here it turns the crop, and flags nothing.
    QTest::keyClick(e.view()->canvas(), Qt::Key_X);
    CHECK(e.db->requirePhoto(e.idAt(2)).value().flag == PhotoFlag::None);
    QTest::keyClick(e.view()->canvas(), Qt::Key_Escape);
    CHECK(e.w->isLoupeShown());
    CHECK(e.editsOf(e.idAt(2)).empty());

    // Saved from the loupe: back in the loupe, which shows the edited picture once it is made.
    auto* canvas = e.w->loupe()->findChild<QWidget*>("loupeCanvas");
    auto* info = e.w->loupe()->findChild<QLabel*>("loupeInfo");
    REQUIRE(canvas);
    REQUIRE(info);
    waitFor([&] { return isLandscape(pictureBounds(canvas)); });   // IMG_1002: EXIF 3, landscape
    QTest::keyClick(e.w->loupe(), Qt::Key_R);
    REQUIRE(e.w->isEditViewShown());
    QTest::keyClick(e.view()->canvas(), Qt::Key_BracketRight);
    QTest::keyClick(e.view()->canvas(), Qt::Key_Enter);
    CHECK(e.w->isLoupeShown());
    waitFor([&] { return isPortrait(pictureBounds(canvas)) && info->text().contains("Edited"); });
}
