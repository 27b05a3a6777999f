// The publish suites' studio: a real proofdesk-host process with one photographer, and a studio
// catalog whose first photos are selected for the web, with a host profile pointing at the host.
#pragma once

#include "host_process.h"
#include "raw_http.h"
#include "ui_fixture.h"

#include "pd/db/publish_store.h"
#include "pd/ui/host_profiles_dialog.h"
#include "pd/ui/models/photo_filter_model.h"
#include "pd/ui/models/photo_grid_model.h"
#include "pd/ui/photo_grid_view.h"

#include <QColor>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>

#include <cstdlib>
#include <memory>
#include <set>

namespace pd::test {

// A real host with one photographer, and a studio catalog whose first `selected` photos (of
// `photos`) are selected for the web, with the access code "garden42".
struct PublishStudio {
    StudioFixture f;
    QString hostData;
    QString token;
    std::unique_ptr<test::HostServer> server;
    QStringList ids;        // the event's photos in the catalog's order
    QStringList selected;   // the web selection

    explicit PublishStudio(int photos, int nSelected, bool withProfile = true) : f(photos) {
        hostData = f.dir.path() + "/host";
        REQUIRE(QDir().mkpath(hostData));
        auto c = Catalog::open(f.catalogDir);
        REQUIRE(c.ok());
        auto all = (*c)->photos(f.eventId, 0, 100);
        REQUIRE(all.ok());
        for (const PhotoRecord& p : all.value()) ids << p.id;
        selected = ids.mid(0, nSelected);
        REQUIRE((*c)->setSelected(selected, true).ok());
        PublishStore store(**c);
        REQUIRE(store.setAccessCode(f.eventId, "garden42").ok());
        if (withProfile) {
            token = test::addPhotographer(hostData, "Ann Example");
            server = std::make_unique<test::HostServer>(hostData);
            REQUIRE(store.addHost("studio-site", url(), token.toUtf8()).ok());
        }
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(server->port()); }

    // The photo ids the host's studio API lists for the event.
    static std::set<QString> hostPhotos(quint16 port, const QString& token, const QString& eventId) {
        const auto r = test::roundTrip(port, "GET", "/api/v1/events/" + eventId.toStdString() + "/photos", token.toStdString());
        REQUIRE(r.status == 200);
        std::set<QString> out;
        for (const auto& v : r.json().object().value("photos").toArray()) out.insert(v.toObject().value("id").toString());
        return out;
    }
};

inline QString stateOf(pd::ui::MainWindow& w, const QString& id) {
    const int row = w.gridModel()->rowOf(id);
    REQUIRE(row >= 0);
    return w.gridModel()->index(row).data(pd::ui::PublishStateRole).toString();
}

// Pixels of the cell close to `c`: what the badge paints.
inline int pixelsNear(pd::ui::MainWindow& w, const QString& id, QColor c) {
    const QModelIndex src = w.gridModel()->index(w.gridModel()->rowOf(id));
    const QModelIndex i = w.filterModel()->mapFromSource(src);
    w.grid()->viewport()->repaint();
    const QImage img = w.grid()->viewport()->grab(w.grid()->visualRect(i)).toImage().convertToFormat(QImage::Format_RGB32);
    int n = 0;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
            const QColor p = img.pixelColor(x, y);
            if (std::abs(p.red() - c.red()) + std::abs(p.green() - c.green()) + std::abs(p.blue() - c.blue()) < 24) ++n;
        }
    return n;
}

// Runs the Hosts dialog's connection test on the profile `name` and waits for its answer.
inline bool testConnectionOf(pd::ui::HostProfilesDialog& dlg, const QString& name) {
    bool answered = false, ok = false;
    const QMetaObject::Connection c =
        QObject::connect(&dlg, &pd::ui::HostProfilesDialog::connectionTested, [&](bool good, const QString&) {
            answered = true;
            ok = good;
        });
    dlg.selectProfile(name);
    dlg.testConnection();
    waitFor([&] { return answered; });
    QObject::disconnect(c);
    return ok;
}

inline std::set<QString> asSet(const QStringList& l) { return {l.begin(), l.end()}; }

} // namespace pd::test
