// What leaves the studio, driven through the real window: watermark presets with their live
// preview and the event's default, and the Export dialog writing proofs and print files.
#include <catch2/catch.hpp>

#include "ui_fixture.h"

#include "pd/core/edit_geometry.h"
#include "pd/db/watermark_presets.h"
#include "pd/ui/export_controller.h"
#include "pd/ui/export_dialog.h"
#include "pd/ui/models/photo_filter_model.h"
#include "pd/ui/photo_grid_view.h"
#include "pd/ui/watermark_dialog.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTimer>

#include <functional>

using namespace pd;
using namespace pd::ui;
using pd::test::StudioFixture;
using pd::test::waitFor;

namespace {

QAction* action(QWidget* window, const QString& text) {
    for (QAction* a : window->findChildren<QAction*>())
        if (a->text() == text) return a;
    return nullptr;
}

// Runs `inside` on the modal dialog `trigger` opens, inside its exec(). Catch's REQUIRE must not
// throw through Qt's event loop, so `inside` records what it saw and returns; the test asserts
// afterwards. The dialog is closed after `inside` if it is still open.
template <typename Dialog>
bool withModal(const std::function<void()>& trigger, const std::function<void(Dialog*)>& inside) {
    bool found = false;
    QTimer::singleShot(0, [&] {
        auto* dlg = qobject_cast<Dialog*>(QApplication::activeModalWidget());
        found = dlg != nullptr;
        if (!dlg) return;
        inside(dlg);
        if (dlg->isVisible()) dlg->reject();
    });
    trigger();
    return found;
}

// Processes events until `cond` holds; false after `timeoutMs` (for use inside a nested loop).
template <typename Cond>
bool settle(Cond&& cond, int timeoutMs = 60000) {
    QElapsedTimer t;
    t.start();
    while (!cond()) {
        if (t.elapsed() > timeoutMs) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QTest::qWait(5);
    }
    return true;
}

// How two same-sized pictures differ inside `r`.
pd::test::ImageDiff diffIn(const QImage& a, const QImage& b, const QRect& r) {
    return pd::test::compareImages(a.convertToFormat(QImage::Format_RGB888).copy(r), b.convertToFormat(QImage::Format_RGB888).copy(r));
}

} // namespace

TEST_CASE("the watermark dialog previews the mark live on the current photo, and saving makes the preset the "
          "event's default",
          "[ui][watermark]") {
    StudioFixture f(3);
    auto w = f.window();
    w->grid()->setCurrentIndex(w->filterModel()->index(0, 0));
    QAction* open = action(w.get(), "&Watermark presets…");
    REQUIRE(open);

    QImage base, marked, movedMark;
    bool previewShown = false, movedShown = false, saved = false;
    int presets = -1;
    const bool found = withModal<WatermarkPresetsDialog>([&] { open->trigger(); }, [&](WatermarkPresetsDialog* dlg) {
        presets = dlg->presetCount();
        dlg->addPreset();
        auto* text = dlg->findChild<QLineEdit*>("markText");
        auto* name = dlg->findChild<QLineEdit*>("presetName");
        if (!text || !name) return dlg->done(QDialog::Accepted);   // no "save the changes?" box
        name->setText("Studio proof");
        text->setText("PROOF");   // bottom-right, the default anchor
        previewShown = settle([&] { return dlg->isPreviewCurrent(); });
        base = dlg->previewBase();
        marked = dlg->previewImage();
        // Another anchor moves the mark at once.
        if (auto* topLeft = dlg->findChild<QAbstractButton*>("anchor-top-left")) topLeft->click();
        movedShown = settle([&] { return dlg->isPreviewCurrent(); });
        movedMark = dlg->previewImage();
        saved = dlg->save();
        dlg->accept();
    });
    REQUIRE(found);
    CHECK(presets == 0);
    REQUIRE(previewShown);
    REQUIRE(movedShown);
    CHECK(saved);

    // The preview is the current photo's preview (scaled down) with the mark where it was asked for.
    REQUIRE(!base.isNull());
    REQUIRE(marked.size() == base.size());
    const int W = base.width(), H = base.height();
    const QRect bottomRight(W * 2 / 3, H * 3 / 4, W / 3, H / 4), topLeft(0, 0, W / 3, H / 4);
    // A 4 % text at 60 %: some pixels change a lot, the opposite corner not at all.
    CHECK(diffIn(marked, base, bottomRight).max > 60);
    CHECK(diffIn(marked, base, bottomRight).mean > 0.5);
    CHECK(diffIn(marked, base, topLeft).max == 0);
    CHECK(diffIn(movedMark, base, topLeft).max > 60);
    CHECK(diffIn(movedMark, base, bottomRight).max == 0);

    // Stored, and the event's proofs now carry it.
    auto event = w->catalog().requireEvent(f.eventId);
    REQUIRE(event.ok());
    REQUIRE(event->watermarkPresetId);
    auto preset = watermarkPresetById(w->catalog(), *event->watermarkPresetId);
    REQUIRE(preset.ok());
    CHECK(preset->preset.name == "Studio proof");
    CHECK(preset->preset.text == "PROOF");
    CHECK(preset->preset.position == WatermarkPosition::TopLeft);
}

TEST_CASE("a preset the event uses cannot be removed, and the dialog says why", "[ui][watermark]") {
    StudioFixture f(1);
    auto w = f.window();
    WatermarkPreset p;
    p.name = "Logo";
    p.text = "Studio";
    auto added = addWatermarkPreset(w->catalog(), p);
    REQUIRE(added.ok());
    EventRecord e = w->catalog().requireEvent(f.eventId).value();
    e.watermarkPresetId = added->id;
    REQUIRE(w->catalog().updateEvent(e).ok());

    WatermarkPresetsDialog dlg(w->catalog(), f.eventId, QString());
    REQUIRE(dlg.presetCount() == 1);
    auto* remove = dlg.findChild<QPushButton*>("removePreset");
    REQUIRE(remove);
    remove->click();
    CHECK(dlg.presetCount() == 1);
    CHECK(dlg.message().contains("Wedding"));
    // Without a photo the preview is a grey card, still marked.
    waitFor([&] { return dlg.isPreviewCurrent(); });
    CHECK(pd::test::compareImages(dlg.previewImage(), dlg.previewBase()).max > 50);
}

TEST_CASE("File > Export writes the selected photos as proofs with the template's names, each decodable at the "
          "long edge chosen, with progress in the status bar",
          "[ui][export]") {
    StudioFixture f(4);
    auto w = f.window();
    QTemporaryDir out;
    REQUIRE(out.isValid());
    const QString folder = out.path() + "/proofs";
    // The grid's rows 0 to 2 selected.
    w->grid()->setFocus();
    w->grid()->selectionModel()->select(QItemSelection(w->filterModel()->index(0, 0), w->filterModel()->index(2, 0)),
                                        QItemSelectionModel::ClearAndSelect);
    QSignalSpy finished(w->exportController(), &ExportController::exportFinished);
    QSignalSpy started(w->exportController(), &ExportController::exportStarted);

    QString example;
    bool filled = false;
    const bool found = withModal<ExportDialog>([&] { QTest::keyClick(w->grid(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier); },
                                               [&](ExportDialog* dlg) {
        auto* kind = dlg->findChild<QComboBox*>("exportKind");
        auto* longEdge = dlg->findChild<QSpinBox*>("exportLongEdge");
        auto* dir = dlg->findChild<QLineEdit*>("exportFolder");
        auto* name = dlg->findChild<QLineEdit*>("exportTemplate");
        auto* button = dlg->findChild<QPushButton*>("exportButton");
        if (!kind || !longEdge || !dir || !name || !button) return;
        kind->setCurrentIndex(0);   // proofs
        longEdge->setValue(320);
        dir->setText(folder);
        name->setText("{event}-{seq:03}");
        example = dlg->exampleFileName();
        filled = button->isEnabled();
        button->click();
    });
    REQUIRE(found);
    CHECK(filled);
    CHECK(example == "Wedding-001.jpg");
    waitFor([&] { return finished.count() == 1; });
    CHECK(started.count() == 1);
    CHECK(w->statusBar()->currentMessage().contains("Export done: 3 file(s)"));

    const QStringList files = QDir(folder).entryList(QDir::Files, QDir::Name);
    CHECK(files == QStringList{"Wedding-001.jpg", "Wedding-002.jpg", "Wedding-003.jpg"});
    for (const QString& name : files) {
        QImageReader reader(folder + "/" + name);
        const QImage img = reader.read();
        INFO(name.toStdString() << ": " << reader.errorString().toStdString());
        REQUIRE(!img.isNull());
        CHECK(std::max(img.width(), img.height()) == 320);
    }
}

TEST_CASE("the Export dialog makes print files at a print size, never watermarked, and refuses a bad template",
          "[ui][export]") {
    StudioFixture f(2);
    auto w = f.window();
    QTemporaryDir out;
    const QStringList ids{w->filterModel()->index(0, 0).data(PhotoIdRole).toString(),
                          w->filterModel()->index(1, 0).data(PhotoIdRole).toString()};
    ExportDialog dlg(w->catalog(), f.eventId, ids, w.get());
    auto* kind = dlg.findChild<QComboBox*>("exportKind");
    auto* size = dlg.findChild<QComboBox*>("exportPrintSize");
    auto* quality = dlg.findChild<QSpinBox*>("exportQuality");
    auto* watermark = dlg.findChild<QComboBox*>("exportWatermark");
    auto* dir = dlg.findChild<QLineEdit*>("exportFolder");
    auto* name = dlg.findChild<QLineEdit*>("exportTemplate");
    auto* button = dlg.findChild<QPushButton*>("exportButton");
    REQUIRE((kind && size && quality && watermark && dir && name && button));
    kind->setCurrentIndex(1);
    CHECK(quality->value() == 95);
    CHECK_FALSE(watermark->isEnabled());
    size->setCurrentIndex(size->findData("4x6"));
    dir->setText(out.path());
    name->setText("{filename}-{oops}");
    CHECK_FALSE(button->isEnabled());
    CHECK(dlg.findChild<QLabel*>("exportExample")->text().contains("{oops}"));
    name->setText("{filename}-{size}");
    CHECK(button->isEnabled());
    const BatchExportRequest r = dlg.request();
    CHECK(r.options.kind == ExportKind::Print);
    REQUIRE(r.options.printSize);
    CHECK(r.options.printSize->longInches == 6);

    QSignalSpy finished(w->exportController(), &ExportController::exportFinished);
    w->exportController()->start(r);
    waitFor([&] { return finished.count() == 1; });
    const QStringList files = QDir(out.path()).entryList(QDir::Files, QDir::Name);
    REQUIRE(files.size() == 2);
    for (const QString& file : files) {
        CHECK(file.endsWith("-4x6.jpg"));
        const QImage img(out.path() + "/" + file);
        REQUIRE(!img.isNull());
        CHECK(hasAspect(img.size(), 1.5));
    }
}
