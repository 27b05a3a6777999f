// The bundled demo event.
#include "pd/db/demo_event.h"

#include "pd/db/catalog.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace pd {

QString demoPhotosDir() {
    for (const QString& d : {qEnvironmentVariable("PROOFDESK_DEMO_DIR"), QStringLiteral(PD_DEMO_SOURCE_DIR),
                             QCoreApplication::applicationDirPath() + QStringLiteral("/../share/proofdesk/demo")})
        if (!d.isEmpty() && QFileInfo(d).isDir()) return d;
    return {};
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
