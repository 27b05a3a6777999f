#include <catch2/catch.hpp>

#include "ui_fixture.h"

#include "pd/ui/models/photo_filter_model.h"

#include <QElapsedTimer>
#include <QTimer>

using namespace pd;
using namespace pd::ui;
using pd::test::StudioFixture;
using pd::test::waitFor;

namespace {

// An event-loop latency probe: a 5 ms timer on the GUI thread; the longest gap between two of
// its ticks is the longest time the GUI thread could not react.
class LatencyProbe {
public:
    LatencyProbe() {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last >= 0) m_maxGapNs = std::max(m_maxGapNs, now - m_last);
            m_last = now;
            ++m_ticks;
        });
    }
    void start() {
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double maxStallMs() const { return double(m_maxGapNs) / 1e6 - 5.0; }  // beyond the timer's own period
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1, m_maxGapNs = 0;
    int m_ticks = 0;
};

// 50 different 24 MP camera-like JPEGs: one encode, then a distinct comment segment in each, so
// every file has its own SHA-256 and is decoded in full by the import.
QStringList make24MpFiles(const QString& dir, int n) {
    const QByteArray jpeg = pd::test::makeJpeg(pd::test::makeDetailedImage(6000, 4000, 7), {}, {}, 90);
    QStringList out;
    for (int i = 0; i < n; ++i) {
        const QByteArray comment = QByteArray("shot ") + QByteArray::number(i);
        QByteArray com;
        com.append(char(0xFF)).append(char(0xFE)).append(char((comment.size() + 2) >> 8)).append(char((comment.size() + 2) & 0xFF));
        const QString path = QStringLiteral("%1/IMG_%2.JPG").arg(dir).arg(i, 4, 10, QLatin1Char('0'));
        pd::test::writeFile(path, jpeg.left(2) + com + comment + jpeg.mid(2));
        out << path;
    }
    return out;
}

} // namespace

// Not a speed test of the import (bench/ does that): the GUI thread's responsiveness while the
// import runs on the other threads. The bound is the requirement.
TEST_CASE("the GUI thread never stalls for more than 50 ms while 50 24 MP photos import", "[ui][latency]") {
    StudioFixture f(0);
    const QStringList files = make24MpFiles(f.dir.path() + "/card", 50);
    auto w = f.window();
    LatencyProbe probe;
    probe.start();
    w->importFiles(f.eventId, {}, files);
    waitFor([&] { return !w->importController()->isBusy(); }, 600000);
    // Let the last thumbnails arrive and paint while the probe still runs.
    waitFor([&] {
        for (int r = 0; r < w->filterModel()->rowCount(); ++r)
            if (w->filterModel()->index(r, 0).data(ThumbnailRole).value<QImage>().isNull()) return false;
        return true;
    });
    probe.stop();
    REQUIRE(w->gridModel()->rowCount() == 50);
    INFO("longest GUI-thread stall: " << probe.maxStallMs() << " ms over " << probe.ticks() << " ticks");
    WARN("longest GUI-thread stall during the import: " << probe.maxStallMs() << " ms");
    CHECK(probe.ticks() > 100);
    CHECK(probe.maxStallMs() < 50.0);
}
