#include <catch2/catch.hpp>

#include "ui_fixture.h"

#include "pd/ui/models/event_tree_model.h"
#include "pd/ui/models/photo_filter_model.h"
#include "pd/ui/models/photo_grid_model.h"
#include "pd/ui/thumbnail_cache.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QUrl>

using namespace pd;
using namespace pd::ui;
using pd::test::StudioFixture;
using pd::test::waitFor;

namespace {

// Rows straight into the catalog, for models that need many photos and no pixels.
void addFakePhotos(Catalog& c, const QString& eventId, int n, int firstIndex = 0) {
    Transaction tx(c.db());
    REQUIRE(tx.begun().ok());
    const QByteArray jpeg = pd::test::makeJpeg(pd::test::makeQuadrantImage(40, 30));
    for (int i = firstIndex; i < firstIndex + n; ++i) {
        PhotoRecord p;
        p.id = QStringLiteral("fake-%1").arg(i, 6, 10, QLatin1Char('0'));
        p.eventId = eventId;
        p.filename = QStringLiteral("IMG_%1.JPG").arg(i, 5, 10, QLatin1Char('0'));
        p.sha256 = QStringLiteral("%1").arg(i, 64, 10, QLatin1Char('0'));
        p.format = "jpeg";
        p.width = 6000;
        p.height = 4000;
        p.rating = i % 6;
        p.meta.capturedAt = QDateTime(QDate(2026, 6, 1), QTime(12, 0)).addSecs(i);
        p.importedAt = QDateTime::currentDateTimeUtc();
        REQUIRE(c.insertPhoto(p, Rendition{40, 30, jpeg}, Rendition{40, 30, jpeg}).ok());
    }
    REQUIRE(tx.commit().ok());
}

} // namespace

TEST_CASE("every studio model passes QAbstractItemModelTester", "[ui][models]") {
    StudioFixture f(6);
    auto catalog = Catalog::open(f.catalogDir).value();
    ThumbnailCache thumbs(f.catalogDir, 64 << 20);
    EventTreeModel tree(*catalog);
    PhotoGridModel grid(*catalog, thumbs);
    PhotoFilterModel filter;
    QAbstractItemModelTester t1(&tree, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester t2(&grid, QAbstractItemModelTester::FailureReportingMode::Fatal);
    filter.setSourceModel(&grid);
    QAbstractItemModelTester t3(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);

    grid.setEvent(f.eventId);
    CHECK(grid.rowCount() == 6);
    // Thumbnails arrive from the loader thread and are announced with dataChanged.
    QModelIndex first = grid.index(0);
    CHECK(first.data(ThumbnailRole).value<QImage>().isNull());
    waitFor([&] { return !grid.index(0).data(ThumbnailRole).value<QImage>().isNull(); });
    CHECK(std::max(grid.index(0).data(ThumbnailRole).value<QImage>().width(),
                   grid.index(0).data(ThumbnailRole).value<QImage>().height()) == 400);

    // Changes in the catalog reach the models.
    REQUIRE(catalog->addCategory(f.eventId, "Portraits").ok());
    tree.reload();
    REQUIRE(tree.rowCount() == 1);
    CHECK(tree.rowCount(tree.index(0, 0)) == 3);
    const QString id = grid.index(2).data(PhotoIdRole).toString();
    REQUIRE(catalog->setRating(id, 4).ok());
    grid.refreshPhotos({id});
    CHECK(grid.index(grid.rowOf(id)).data(RatingRole).toInt() == 4);
    PhotoFilter fourUp;
    fourUp.minRating = 4;
    filter.setPhotoFilter(fourUp);
    CHECK(filter.rowCount() == 1);
    filter.setSortKey(PhotoFilterModel::SortKey::FileName);
    filter.setPhotoFilter({});
    grid.setEvent(QString());
    CHECK(grid.rowCount() == 0);
}

TEST_CASE("the grid model reads a big event in pages, and every row once", "[ui][models]") {
    StudioFixture f(0);
    auto catalog = Catalog::open(f.catalogDir).value();
    addFakePhotos(*catalog, f.eventId, 2500);
    ThumbnailCache thumbs(f.catalogDir, 64 << 20);
    PhotoGridModel grid(*catalog, thumbs);
    grid.setEvent(f.eventId);
    CHECK(grid.rowCount() == PhotoGridModel::kPageSize);
    CHECK(grid.canFetchMore({}));
    // Attached after the reset: Qt 6.4's tester fetches more from inside its modelReset handler
    // and then reports the insertion it caused as nested in the reset. It fetches on attach too.
    QAbstractItemModelTester tester(&grid, QAbstractItemModelTester::FailureReportingMode::Fatal);
    CHECK(grid.rowCount() >= PhotoGridModel::kPageSize);
    // A photo that arrives meanwhile is shown once, wherever the paging stands.
    addFakePhotos(*catalog, f.eventId, 1, 900000);
    grid.addPhoto("fake-900000");
    CHECK(grid.rowCount() == 2501);
    CHECK_FALSE(grid.canFetchMore({}));
    QSet<QString> ids;
    for (int r = 0; r < grid.rowCount(); ++r) ids.insert(grid.index(r).data(PhotoIdRole).toString());
    CHECK(ids.size() == 2501);
}

TEST_CASE("filters narrow the grid and sort keys order it", "[ui][models]") {
    StudioFixture f(0);
    auto catalog = Catalog::open(f.catalogDir).value();
    addFakePhotos(*catalog, f.eventId, 30);  // ratings i % 6
    const qint64 ceremony = catalog->findCategory(f.eventId, "Ceremony").value()->id;
    REQUIRE(catalog->setFlag("fake-000001", PhotoFlag::Pick).ok());
    REQUIRE(catalog->setFlag("fake-000002", PhotoFlag::Pick).ok());
    REQUIRE(catalog->setFlag("fake-000003", PhotoFlag::Reject).ok());
    REQUIRE(catalog->setColorLabel("fake-000004", "green").ok());
    REQUIRE(catalog->setSelected({"fake-000005", "fake-000006", "fake-000007"}, true).ok());
    REQUIRE(catalog->setCategory({"fake-000008", "fake-000009"}, ceremony).ok());
    ThumbnailCache thumbs(f.catalogDir, 64 << 20);
    PhotoGridModel grid(*catalog, thumbs);
    PhotoFilterModel filter;
    filter.setSourceModel(&grid);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
    grid.setEvent(f.eventId);
    REQUIRE(filter.rowCount() == 30);

    auto count = [&](auto&& set) {
        PhotoFilter pf;
        set(pf);
        filter.setPhotoFilter(pf);
        return filter.rowCount();
    };
    CHECK(count([](PhotoFilter& p) { p.minRating = 5; }) == 5);   // 5, 11, 17, 23, 29
    CHECK(count([](PhotoFilter& p) { p.minRating = 3; }) == 15);
    CHECK(count([](PhotoFilter& p) { p.flag = PhotoFilter::Flag::Picks; }) == 2);
    CHECK(count([](PhotoFilter& p) { p.flag = PhotoFilter::Flag::Rejects; }) == 1);
    CHECK(count([](PhotoFilter& p) { p.flag = PhotoFilter::Flag::NotRejected; }) == 29);
    CHECK(count([](PhotoFilter& p) { p.colorLabel = "green"; }) == 1);
    CHECK(count([&](PhotoFilter& p) { p.categoryId = ceremony; }) == 2);
    CHECK(count([](PhotoFilter& p) { p.categoryId = 0; }) == 28);
    CHECK(count([](PhotoFilter& p) { p.webOnly = true; }) == 3);
    CHECK(count([](PhotoFilter& p) { p.text = "IMG_0001"; }) == 10);  // 00010..00019
    CHECK(count([](PhotoFilter& p) { p.minRating = 1; p.flag = PhotoFilter::Flag::Picks; }) == 2);
    CHECK(count([](PhotoFilter& p) { p.editedOnly = true; }) == 0);

    filter.setPhotoFilter({});
    filter.setSortKey(PhotoFilterModel::SortKey::Rating);
    CHECK(filter.index(0, 0).data(RatingRole).toInt() == 5);
    CHECK(filter.index(29, 0).data(RatingRole).toInt() == 0);
    filter.setSortKey(PhotoFilterModel::SortKey::FileName, Qt::DescendingOrder);
    CHECK(filter.index(0, 0).data(FilenameRole).toString() == "IMG_00029.JPG");
    filter.setSortKey(PhotoFilterModel::SortKey::CaptureTime);
    CHECK(filter.index(0, 0).data(FilenameRole).toString() == "IMG_00000.JPG");
}

TEST_CASE("the events tree takes dropped files and dragged photos", "[ui][models]") {
    StudioFixture f(2);
    auto catalog = Catalog::open(f.catalogDir).value();
    EventTreeModel tree(*catalog);
    QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QModelIndex event = tree.indexForEvent(f.eventId);
    const QModelIndex reception = tree.index(1, 0, event);
    CHECK(reception.data().toString() == "Reception");
    CHECK(event.sibling(event.row(), 1).data().toString() == "2");

    QStringList gotPaths;
    QString gotCategory;
    QObject::connect(&tree, &EventTreeModel::filesDropped, [&](const QString&, const QString& category, const QStringList& paths) {
        gotCategory = category;
        gotPaths = paths;
    });
    QMimeData files;
    files.setUrls({QUrl::fromLocalFile("/card/DCIM/IMG_1.JPG")});
    REQUIRE(tree.canDropMimeData(&files, Qt::CopyAction, -1, -1, reception));
    REQUIRE(tree.dropMimeData(&files, Qt::CopyAction, -1, -1, reception));
    CHECK(gotCategory == "Reception");
    CHECK(gotPaths == QStringList{"/card/DCIM/IMG_1.JPG"});

    QStringList gotIds;
    qint64 gotCategoryId = -1;
    QObject::connect(&tree, &EventTreeModel::photosDropped, [&](const QStringList& ids, const QString&, qint64 cat) {
        gotIds = ids;
        gotCategoryId = cat;
    });
    QMimeData photos;
    photos.setData(kPhotoIdsMimeType, "a\nb");
    REQUIRE(tree.dropMimeData(&photos, Qt::MoveAction, -1, -1, reception));
    CHECK(gotIds == QStringList{"a", "b"});
    CHECK(gotCategoryId == reception.data(EventTreeModel::CategoryIdRole).toLongLong());
    QMimeData text;
    text.setText("hello");
    CHECK_FALSE(tree.canDropMimeData(&text, Qt::CopyAction, -1, -1, reception));
}
