// What the widget suites share: a real catalog in a temp folder with an event and imported
// photos, a main window on it, and ways to wait for background work without sleeping blindly.
#pragma once

#include "test_support.h"

#include "pd/db/catalog.h"
#include "pd/db/importer.h"
#include "pd/ui/import_controller.h"
#include "pd/ui/main_window.h"
#include "pd/ui/models/photo_grid_model.h"

#include <catch2/catch.hpp>

#include <QApplication>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

namespace pd::test {

// Processes events until `cond` holds, or fails the test after `timeoutMs` (a hang guard, not a
// speed assertion: the bounds are far above what the work needs).
template <typename Cond>
void waitFor(Cond&& cond, int timeoutMs = 120000) {
    QElapsedTimer t;
    t.start();
    while (!cond()) {
        REQUIRE(t.elapsed() < timeoutMs);
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QTest::qWait(5);
    }
}

struct StudioFixture {
    QTemporaryDir dir;
    QString catalogDir;
    QString eventId;
    QStringList categories{"Ceremony", "Reception"};

    // An event "Wedding" with `photos` synthetic JPEGs (from makeMixedBatch) already imported.
    explicit StudioFixture(int photos = 6) {
        REQUIRE(dir.isValid());
        catalogDir = dir.path() + "/catalog";
        auto c = Catalog::open(catalogDir);
        REQUIRE(c.ok());
        auto e = (*c)->createEvent({"Wedding", {}, QDate(2026, 6, 1), {}, {}, categories});
        REQUIRE(e.ok());
        eventId = e->id;
        if (photos > 0) {
            const auto batch = makeMixedBatch(dir.path() + "/src", photos, 640);
            CancelToken cancel;
            auto s = runImport(**c, {eventId, {}, batch.valid.mid(0, photos), 2}, nullptr, cancel);
            REQUIRE(s.ok());
            REQUIRE(s->imported == photos);
        }
    }

    std::unique_ptr<ui::MainWindow> window() {
        auto w = std::make_unique<ui::MainWindow>(catalogDir, dir.path() + "/window.ini");
        w->show();
        // Culling keys are window shortcuts: they need the window to be the active one.
        QApplication::setActiveWindow(w.get());
        REQUIRE(QTest::qWaitForWindowActive(w.get()));
        w->selectEvent(eventId);
        waitFor([&] { return w->gridModel()->eventId() == eventId; });
        return w;
    }
};

} // namespace pd::test
