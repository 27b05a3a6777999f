// The loupe as a photographer sees it: the preview fit, the next photo, 100 % from the original,
// the filmstrip, the keys that leave it.
#include <catch2/catch.hpp>

#include "test_support.h"

#include "pd/core/image_ops.h"
#include "pd/db/catalog.h"
#include "pd/db/importer.h"
#include "pd/ui/loupe_view.h"
#include "pd/ui/models/photo_roles.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QListView>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

#include <cmath>

using namespace pd;
using namespace pd::ui;

namespace {

// Processes events until `cond` holds; fails the test after `timeoutMs` (a hang guard, not a
// speed assertion: the work needs a small fraction of it).
template <typename Cond> bool waitUntil(Cond&& cond, int timeoutMs = 60000) {
    QElapsedTimer t;
    t.start();
    while (!cond()) {
        if (t.elapsed() > timeoutMs) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QTest::qWait(5);
    }
    return true;
}

struct Source {
    QString file;
    QImage upright;  // what the photo looks like
    int orientation; // how it is stored
};

// A real catalog in a temp folder with four imported photos, in capture order:
//   0 quadrants 1600x1200 (orientation 1), 1 quadrants portrait 900x1200 (stored turned, 6),
//   2 camera-like detail 3000x2000 (stored turned, 6), 3 detail 2600x1800 (orientation 1);
// and a small item model over them with the PhotoRole roles, as the grid's model has.
struct LoupeFixture {
    QTemporaryDir dir;
    QString catalogDir;
    QString eventId;
    std::unique_ptr<Catalog> catalog;
    std::vector<PhotoRecord> photos;
    std::vector<Source> sources;
    QStandardItemModel model;

    explicit LoupeFixture(bool withThumbnails = true) {
        REQUIRE(dir.isValid());
        catalogDir = dir.path() + "/catalog";
        auto opened = Catalog::open(catalogDir);
        REQUIRE(opened.ok());
        catalog = std::move(opened).value();
        auto event = catalog->createEvent({"Loupe", {}, {}, {}, {}, {}});
        REQUIRE(event.ok());
        eventId = event->id;

        const QString card = dir.path() + "/card";
        REQUIRE(QDir().mkpath(card));
        sources = {
            {"A_quadrants.jpg", test::makeQuadrantImage(1600, 1200), 1},
            {"B_portrait.jpg", test::makeQuadrantImage(900, 1200), 6},
            {"C_detail.jpg", test::makeDetailedImage(3000, 2000, 21), 6},
            {"D_detail.jpg", test::makeDetailedImage(2600, 1800, 22), 1},
        };
        for (size_t i = 0; i < sources.size(); ++i) {
            test::SyntheticExif exif;
            exif.orientation = sources[i].orientation;
            exif.capturedAt = QDateTime(QDate(2024, 6, 1), QTime(14, 0, int(i)));
            test::writeFile(
                card + "/" + sources[i].file,
                test::makeJpeg(test::storeForOrientation(sources[i].upright, sources[i].orientation), exif));
        }
        CancelToken cancel;
        auto summary = runImport(*catalog, {eventId, {}, {card}, 2}, nullptr, cancel);
        REQUIRE(summary.ok());
        REQUIRE(summary->imported == int(sources.size()));
        auto all = catalog->photos(eventId);
        REQUIRE(all.ok());
        photos = all.value();
        REQUIRE(photos.size() == sources.size());
        for (size_t i = 0; i < photos.size(); ++i) REQUIRE(photos[i].filename == sources[i].file);

        for (const PhotoRecord& p : photos) {
            auto* item = new QStandardItem;
            item->setData(p.id, PhotoIdRole);
            item->setData(p.eventId, EventIdRole);
            item->setData(p.filename, FilenameRole);
            item->setData(p.rating, RatingRole);
            item->setData(int(p.flag), FlagRole);
            item->setData(QSize(p.width, p.height), PixelSizeRole);
            if (withThumbnails) item->setData(thumbnail(p.id), ThumbnailRole);
            model.appendRow(item);
        }
    }

    QImage thumbnail(const QString& photoId) {
        auto r = catalog->rendition(photoId, "thumb");
        REQUIRE(r.ok());
        REQUIRE(r.value());
        return QImage::fromData(r.value()->jpeg, "JPEG");
    }

    // The original's pixels as they display: decoded by Qt (not the code under test), turned.
    QImage originalUpright(int row) {
        const Source& s = sources[size_t(row)];
        const QByteArray bytes = test::readFile(dir.path() + "/card/" + s.file);
        return applyExifOrientation(test::decodeJpegWithQt(bytes), s.orientation)
            .convertToFormat(QImage::Format_RGB888);
    }
};

struct Loupe {
    LoupeView view;
    QWidget* canvas;
    QListView* filmstrip;
    QLabel* info;

    Loupe(LoupeFixture& f, QSize size = {900, 700}) : view(f.catalogDir, &f.model) {
        view.resize(size);
        view.show();
        REQUIRE(QTest::qWaitForWindowExposed(&view));
        canvas = view.findChild<QWidget*>("loupeCanvas");
        filmstrip = view.findChild<QListView*>("loupeFilmstrip");
        info = view.findChild<QLabel*>("loupeInfo");
        REQUIRE(canvas);
        REQUIRE(filmstrip);
        REQUIRE(info);
    }
    QImage shot() const { return canvas->grab().toImage().convertToFormat(QImage::Format_RGB888); }
    // The info line as it reads (its rich text without the markup).
    QString infoText() const {
        QTextDocument doc;
        doc.setHtml(info->text());
        return doc.toPlainText();
    }
};

// Where the fit view puts a photo of `full` pixels in a canvas of `canvas` pixels (never enlarged).
QRect expectedFit(QSize full, QSize canvas) {
    const double s = std::min({double(canvas.width()) / full.width(), double(canvas.height()) / full.height(), 1.0});
    const QSize size(int(std::lround(full.width() * s)), int(std::lround(full.height() * s)));
    return QRect(QPoint((canvas.width() - size.width()) / 2, (canvas.height() - size.height()) / 2), size);
}

bool near(QRgb c, int r, int g, int b, int tolerance = 40) {
    return std::abs(qRed(c) - r) <= tolerance && std::abs(qGreen(c) - g) <= tolerance &&
           std::abs(qBlue(c) - b) <= tolerance;
}

// True when the picture in `shot` shows the quadrant image upright in `rect`: red top-left,
// green top-right, blue bottom-left, white bottom-right (the test image's colours plus its shade).
bool showsQuadrants(const QImage& shot, const QRect& rect) {
    const auto at = [&](double fx, double fy) {
        return shot.pixel(rect.left() + int(rect.width() * fx), rect.top() + int(rect.height() * fy));
    };
    return near(at(0.25, 0.25), 235, 5, 5) && near(at(0.75, 0.25), 10, 205, 10) && near(at(0.25, 0.75), 10, 10, 228) &&
           near(at(0.75, 0.75), 245, 245, 245);
}

bool isSurround(QRgb c) {
    return qRed(c) == qGreen(c) && qGreen(c) == qBlue(c) && qRed(c) > 25 && qRed(c) < 80;
}

// The bounds of what is not the surround, along the middle row and column.
QRect pictureBounds(const QImage& shot) {
    int left = -1, right = -1, top = -1, bottom = -1;
    const int my = shot.height() / 2, mx = shot.width() / 2;
    for (int x = 0; x < shot.width(); ++x)
        if (!isSurround(shot.pixel(x, my))) {
            if (left < 0) left = x;
            right = x;
        }
    for (int y = 0; y < shot.height(); ++y)
        if (!isSurround(shot.pixel(mx, y))) {
            if (top < 0) top = y;
            bottom = y;
        }
    return QRect(QPoint(left, top), QPoint(right, bottom));
}

bool sameRect(const QRect& a, const QRect& b, int tolerance = 1) {
    return std::abs(a.left() - b.left()) <= tolerance && std::abs(a.top() - b.top()) <= tolerance &&
           std::abs(a.right() - b.right()) <= tolerance && std::abs(a.bottom() - b.bottom()) <= tolerance;
}

// How well the shot's patch around `at` matches the original's pixels around `imagePoint`:
// the best mean difference over offsets of up to one pixel (rounding of the zoom anchor).
struct PatchMatch {
    double mean = 1e9;
    QPoint offset;
};
PatchMatch matchPatch(const QImage& shot, QPoint at, const QImage& original, QPoint imagePoint, int half = 24) {
    PatchMatch best;
    const QRect patch(at - QPoint(half, half), QSize(2 * half, 2 * half));
    if (!shot.rect().contains(patch)) return best;
    const QImage mine = shot.copy(patch);
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
            const QRect source(imagePoint + QPoint(dx, dy) - QPoint(half, half), patch.size());
            if (!original.rect().contains(source)) continue;
            const double mean = test::compareImages(mine, original.copy(source)).mean;
            if (mean < best.mean) best = {mean, QPoint(dx, dy)};
        }
    return best;
}

// JPEG q92 of camera-like noise against its own decode by another path: well under this; the
// preview scaled up to 100 % (a 0.68x rendition of noise) is far above it.
constexpr double kSamePixels = 3.0;

} // namespace

TEST_CASE("the loupe shows the preview fit to the window on a neutral grey", "[ui][loupe]") {
    LoupeFixture f(false); // thumbnails still loading: what shows must come from the preview
    Loupe l(f);
    l.view.setCurrentIndex(f.model.index(0, 0));
    const QRect fit = expectedFit(QSize(1600, 1200), l.canvas->size());
    REQUIRE(waitUntil([&] { return showsQuadrants(l.shot(), fit); }));
    const QImage shot = l.shot();
    CHECK(sameRect(pictureBounds(shot), fit));
    // Letterboxed left and right in a wide window, on an even, neutral grey.
    REQUIRE(fit.left() > 4);
    CHECK(isSurround(shot.pixel(2, shot.height() / 2)));
    CHECK(isSurround(shot.pixel(shot.width() - 3, shot.height() / 3)));
    CHECK(l.infoText().contains("A_quadrants.jpg"));
    CHECK(l.infoText().contains("1600 × 1200"));
}

TEST_CASE("the loupe shows the thumbnail scaled until the preview arrives", "[ui][loupe]") {
    LoupeFixture f;
    QImage placeholder(400, 300, QImage::Format_RGB888);
    placeholder.fill(QColor(255, 0, 255)); // unlike any preview
    f.model.item(0)->setData(placeholder, ThumbnailRole);
    Loupe l(f);
    l.view.setCurrentIndex(f.model.index(0, 0));
    // No event processed yet: the preview cannot be there, the thumbnail fills the fit rect.
    const QRect fit = expectedFit(QSize(1600, 1200), l.canvas->size());
    const QImage before = l.shot();
    CHECK(near(before.pixel(fit.center()), 255, 0, 255, 8));
    CHECK(near(before.pixel(fit.left() + 3, fit.top() + 3), 255, 0, 255, 8));
    REQUIRE(waitUntil([&] { return showsQuadrants(l.shot(), fit); }));
}

TEST_CASE("arrows move through the photos and the filmstrip follows, and clicking the filmstrip selects",
          "[ui][loupe]") {
    LoupeFixture f;
    Loupe l(f);
    QSignalSpy changed(&l.view, &LoupeView::currentIndexChanged);
    l.view.setCurrentIndex(f.model.index(0, 0));
    CHECK(changed.count() == 1);
    CHECK(l.filmstrip->currentIndex().row() == 0);

    QTest::keyClick(&l.view, Qt::Key_Right);
    CHECK(l.view.currentIndex().row() == 1);
    CHECK(l.filmstrip->currentIndex().row() == 1);
    CHECK(l.filmstrip->selectionModel()->isSelected(f.model.index(1, 0)));
    REQUIRE(changed.count() == 2);
    CHECK(changed.last().at(0).value<QModelIndex>().row() == 1);
    // The portrait photo, upright, fit to the height.
    const QRect portrait = expectedFit(QSize(900, 1200), l.canvas->size());
    REQUIRE(portrait.height() > portrait.width());
    REQUIRE(waitUntil([&] { return showsQuadrants(l.shot(), portrait); }));
    CHECK(sameRect(pictureBounds(l.shot()), portrait));
    CHECK(l.infoText().contains("B_portrait.jpg"));

    QTest::keyClick(&l.view, Qt::Key_Left);
    CHECK(l.view.currentIndex().row() == 0);
    QTest::keyClick(&l.view, Qt::Key_Left); // the first photo: nowhere to go
    CHECK(l.view.currentIndex().row() == 0);
    CHECK(changed.count() == 3);

    const QRect third = l.filmstrip->visualRect(f.model.index(2, 0));
    REQUIRE(third.isValid());
    QTest::mouseClick(l.filmstrip->viewport(), Qt::LeftButton, {}, third.center());
    CHECK(l.view.currentIndex().row() == 2);
    CHECK(changed.count() == 4);
    CHECK(l.infoText().contains("C_detail.jpg"));
    CHECK(l.infoText().contains("3 of 4"));
}

TEST_CASE("a click zooms to 100 % around that point with the original's pixels and another click fits again",
          "[ui][loupe]") {
    LoupeFixture f;
    Loupe l(f);
    l.view.setCurrentIndex(f.model.index(2, 0)); // 3000x2000 of fine detail, stored turned
    const QSize full(3000, 2000);
    const QImage original = f.originalUpright(2);
    REQUIRE(original.size() == full);
    const QRect fit = expectedFit(full, l.canvas->size());
    const QPoint click(fit.left() + fit.width() * 3 / 10, fit.top() + fit.height() * 6 / 10);
    const QPoint imagePoint((click.x() - fit.left()) * full.width() / fit.width(),
                            (click.y() - fit.top()) * full.height() / fit.height());

    QTest::mouseClick(l.canvas, Qt::LeftButton, {}, click);
    CHECK(l.view.isZoomed());
    // The point clicked stays under the pointer, now at 100 %: the original's own pixels,
    // decoded in the background.
    PatchMatch m;
    REQUIRE(waitUntil([&] { return (m = matchPatch(l.shot(), click, original, imagePoint)).mean < kSamePixels; }));
    CHECK(std::abs(m.offset.x()) <= 1);
    CHECK(std::abs(m.offset.y()) <= 1);
    // The rest of the window is at 100 % too, one to one.
    const QPoint corner(40, 40);
    CHECK(matchPatch(l.shot(), corner, original, imagePoint + m.offset + (corner - click), 16).mean < kSamePixels);
    CHECK(l.infoText().contains("100 %"));

    QTest::mouseClick(l.canvas, Qt::LeftButton, {}, click);
    CHECK_FALSE(l.view.isZoomed());
    CHECK(sameRect(pictureBounds(l.shot()), fit));
}

TEST_CASE("Z zooms on the centre, Shift+arrows and dragging pan over the original", "[ui][loupe]") {
    LoupeFixture f;
    Loupe l(f);
    l.view.setCurrentIndex(f.model.index(3, 0)); // 2600x1800 detail, orientation 1
    const QImage original = f.originalUpright(3);
    const QPoint mid(l.canvas->width() / 2, l.canvas->height() / 2);
    QPoint centre(1300, 900);

    QTest::keyClick(&l.view, Qt::Key_Z);
    REQUIRE(l.view.isZoomed());
    PatchMatch m;
    REQUIRE(waitUntil([&] { return (m = matchPatch(l.shot(), mid, original, centre)).mean < kSamePixels; }));
    centre += m.offset;

    // Shift+Right: a third of the view to the right.
    QTest::keyClick(&l.view, Qt::Key_Right, Qt::ShiftModifier);
    CHECK(l.view.currentIndex().row() == 3); // panned, did not change photo
    centre += QPoint(l.canvas->width() / 3, 0);
    REQUIRE(waitUntil([&] { return (m = matchPatch(l.shot(), mid, original, centre)).mean < kSamePixels; }));
    centre += m.offset;

    // Dragging: the picture follows the hand (moved up-left, so the view shows more to the right and below).
    QTest::mousePress(l.canvas, Qt::LeftButton, {}, mid);
    QTest::mouseMove(l.canvas, mid - QPoint(60, 30));
    QTest::mouseMove(l.canvas, mid - QPoint(150, 100));
    QTest::mouseRelease(l.canvas, Qt::LeftButton, {}, mid - QPoint(150, 100));
    CHECK(l.view.isZoomed()); // a drag is not a click
    centre += QPoint(150, 100);
    REQUIRE(waitUntil([&] { return (m = matchPatch(l.shot(), mid, original, centre)).mean < kSamePixels; }));

    QTest::keyClick(&l.view, Qt::Key_Z);
    CHECK_FALSE(l.view.isZoomed());
}

TEST_CASE("moving on while a region decodes shows the new photo's pixels, never the old one's", "[ui][loupe]") {
    LoupeFixture f;
    Loupe l(f);
    l.view.setCurrentIndex(f.model.index(2, 0));
    l.view.setZoomed(true);
    // At once, before the first region can arrive: the next photo, still at 100 %.
    QTest::keyClick(&l.view, Qt::Key_Right);
    REQUIRE(l.view.currentIndex().row() == 3);
    REQUIRE(l.view.isZoomed());
    const QImage next = f.originalUpright(3);
    const QImage previous = f.originalUpright(2);
    const QPoint mid(l.canvas->width() / 2, l.canvas->height() / 2);
    const QPoint centre(1300, 900); // the same relative spot: the middle
    PatchMatch m;
    REQUIRE(waitUntil([&] { return (m = matchPatch(l.shot(), mid, next, centre)).mean < kSamePixels; }));
    // One region decode runs at a time, in order, and results come back in order: the first
    // photo's late region has been delivered (and dropped) before this one. Events processed
    // again change nothing.
    QCoreApplication::processEvents();
    CHECK(matchPatch(l.shot(), mid, next, centre).mean < kSamePixels);
    CHECK(matchPatch(l.shot(), mid, previous, QPoint(1500, 1000)).mean > 10);
}

TEST_CASE("an edited photo is fit by its preview and offers no 100 % of the unedited original", "[ui][loupe]") {
    LoupeFixture f;
    f.model.item(2)->setData(true, EditedRole);
    Loupe l(f);
    l.view.setCurrentIndex(f.model.index(2, 0));
    QTest::mouseClick(l.canvas, Qt::LeftButton, {}, QPoint(l.canvas->width() / 2, l.canvas->height() / 2));
    CHECK_FALSE(l.view.isZoomed());
    QTest::keyClick(&l.view, Qt::Key_Z);
    CHECK_FALSE(l.view.isZoomed());
    CHECK(l.infoText().contains("Edited"));
    CHECK(l.infoText().contains("not available"));
    // The next photo is not edited: it zooms.
    QTest::keyClick(&l.view, Qt::Key_Right);
    QTest::keyClick(&l.view, Qt::Key_Z);
    CHECK(l.view.isZoomed());
    CHECK_FALSE(l.infoText().contains("not available"));
}

TEST_CASE("Esc, Space and Enter ask to close and F asks for full screen", "[ui][loupe]") {
    LoupeFixture f;
    Loupe l(f);
    l.view.setCurrentIndex(f.model.index(0, 0));
    QSignalSpy close(&l.view, &LoupeView::closeRequested);
    QSignalSpy fullScreen(&l.view, &LoupeView::fullScreenToggled);
    QTest::keyClick(&l.view, Qt::Key_Escape);
    CHECK(close.count() == 1);
    QTest::keyClick(&l.view, Qt::Key_Space);
    QTest::keyClick(&l.view, Qt::Key_Return);
    CHECK(close.count() == 3);
    QTest::keyClick(&l.view, Qt::Key_F);
    REQUIRE(fullScreen.count() == 1);
    CHECK(fullScreen.first().at(0).toBool() == true);
    CHECK(l.view.currentIndex().row() == 0); // none of them moved
}

TEST_CASE("the info line shows rating and flag and follows changes to them", "[ui][loupe]") {
    LoupeFixture f;
    f.model.item(1)->setData(3, RatingRole);
    f.model.item(1)->setData(1, FlagRole);
    Loupe l(f);
    l.view.setCurrentIndex(f.model.index(1, 0));
    CHECK(l.infoText().contains("B_portrait.jpg"));
    CHECK(l.infoText().contains(QString::fromUtf8("★★★☆☆")));
    CHECK(l.infoText().contains("Pick"));
    f.model.item(1)->setData(5, RatingRole); // rated elsewhere (the grid, a key): the line follows
    f.model.item(1)->setData(-1, FlagRole);
    CHECK(l.infoText().contains(QString::fromUtf8("★★★★★")));
    CHECK(l.infoText().contains("Rejected"));
}

TEST_CASE("when the photo on show leaves the model, the loupe shows the one that took its place", "[ui][loupe]") {
    LoupeFixture f;
    Loupe l(f);
    l.view.setCurrentIndex(f.model.index(1, 0));
    QSignalSpy changed(&l.view, &LoupeView::currentIndexChanged);
    f.model.removeRow(1);
    REQUIRE(changed.count() == 1);
    CHECK(l.view.currentIndex().data(FilenameRole).toString() == "C_detail.jpg");
    CHECK(l.filmstrip->currentIndex().row() == 1);
    f.model.removeRows(0, f.model.rowCount());
    CHECK_FALSE(l.view.currentIndex().isValid());
}

// Not run by default: renders the loupe under the dark Fusion palette for a person to look at.
//   PD_SCREENSHOT_DIR=/tmp/shots pd_ui_tests "[.screenshot]"
TEST_CASE("loupe screenshots under a dark Fusion palette", "[.screenshot]") {
    QApplication::setStyle(QStyleFactory::create("Fusion"));
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(53, 53, 53));
    dark.setColor(QPalette::WindowText, QColor(220, 220, 220));
    dark.setColor(QPalette::Base, QColor(35, 35, 35));
    dark.setColor(QPalette::AlternateBase, QColor(66, 66, 66));
    dark.setColor(QPalette::Text, QColor(220, 220, 220));
    dark.setColor(QPalette::Button, QColor(53, 53, 53));
    dark.setColor(QPalette::ButtonText, QColor(220, 220, 220));
    dark.setColor(QPalette::Mid, QColor(80, 80, 80));
    dark.setColor(QPalette::Highlight, QColor(42, 130, 218));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    QApplication::setPalette(dark);

    LoupeFixture f;
    f.model.item(0)->setData(4, RatingRole);
    f.model.item(0)->setData(1, FlagRole);
    f.model.item(2)->setData(-1, FlagRole);
    f.model.item(3)->setData(2, RatingRole);
    Loupe l(f, {1100, 760});
    const QString out = qEnvironmentVariable("PD_SCREENSHOT_DIR", QDir::tempPath());
    QDir().mkpath(out);

    l.view.setCurrentIndex(f.model.index(0, 0));
    const QRect fit = expectedFit(QSize(1600, 1200), l.canvas->size());
    REQUIRE(waitUntil([&] { return showsQuadrants(l.shot(), fit); }));
    QTest::qWait(200);
    CHECK(l.view.grab().save(out + "/loupe_fit.png"));

    l.view.setCurrentIndex(f.model.index(2, 0));
    const QImage original = f.originalUpright(2);
    l.view.setZoomed(true);
    const QPoint mid(l.canvas->width() / 2, l.canvas->height() / 2);
    REQUIRE(waitUntil([&] { return matchPatch(l.shot(), mid, original, QPoint(1500, 1000)).mean < kSamePixels; }));
    CHECK(l.view.grab().save(out + "/loupe_100.png"));
}
