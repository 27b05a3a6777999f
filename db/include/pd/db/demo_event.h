// The demo event: a few bundled sample photos, so a fresh install has something to show.
#pragma once

#include "pd/core/result.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace pd {

class Catalog;

struct DemoEvent {
    QString eventId;
    QString name;
    QString photosDir;     // the bundled photos, to import
    bool created = false;  // made now (else it was there)
    bool empty = true;     // holds no photos yet
};

// The folder of bundled demo photos: $PROOFDESK_DEMO_DIR, the source tree's resources/demo, or
// the installed share/proofdesk/demo. Empty when none is found.
QString demoPhotosDir();

// Which bundled photos go into which of the demo's categories (files sorted by name: the first
// three are arrivals, the next three the harbour, the rest the evening).
struct DemoBatch {
    QString category;
    QStringList files;
};
std::vector<DemoBatch> demoImportPlan(const QString& photosDir);

// Finds or creates the demo event ("Demo: Harbour Festival" with three categories). Does not
// import: the caller imports photosDir into it when `empty`.
Result<DemoEvent> ensureDemoEvent(Catalog& catalog);

} // namespace pd
