// The bundled demo event.
#include "pd/db/demo_event.h"

#include "pd/db/catalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace pd {

QString demoPhotosDir() {
    for (const QString& d : {qEnvironmentVariable("PROOFDESK_DEMO_DIR"), QStringLiteral(PD_DEMO_SOURCE_DIR),
                             QCoreApplication::applicationDirPath() + QStringLiteral("/../share/proofdesk/demo")})
        if (!d.isEmpty() && QFileInfo(d).isDir()) return d;
    return {};
}

std::vector<DemoBatch> demoImportPlan(const QString& photosDir) {
    QStringList files = QDir(photosDir).entryList({QStringLiteral("*.jpg"), QStringLiteral("*.jpeg")}, QDir::Files, QDir::Name);
    for (QString& f : files) f = QDir(photosDir).filePath(f);
    return {{QStringLiteral("Arrivals"), files.mid(0, 3)}, {QStringLiteral("Harbour"), files.mid(3, 3)},
            {QStringLiteral("Evening"), files.mid(6)}};
}

Result<DemoEvent> ensureDemoEvent(Catalog& catalog) {
    DemoEvent demo;
    demo.name = QStringLiteral("Demo: Harbour Festival");
    demo.photosDir = demoPhotosDir();
    auto existing = catalog.findEvent(demo.name);
    PD_TRY(existing);
    if (existing.value()) {
        demo.eventId = existing.value()->id;
    } else {
        auto e = catalog.createEvent({demo.name, QStringLiteral("Sample photos bundled with Proofdesk"), QDate(2026, 6, 20),
                                      QStringLiteral("Proofdesk Studio"), QStringLiteral("Harbour front"),
                                      {QStringLiteral("Arrivals"), QStringLiteral("Harbour"), QStringLiteral("Evening")}});
        PD_TRY(e);
        demo.eventId = e->id;
        demo.created = true;
    }
    auto n = catalog.photoCount(demo.eventId);
    PD_TRY(n);
    demo.empty = n.value() == 0;
    return demo;
}

} // namespace pd
