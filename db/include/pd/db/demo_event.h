// The demo event: a few bundled sample photos, so a fresh install has something to show.
#pragma once

#include "pd/core/result.h"

#include <QString>

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

// Finds or creates the demo event ("Demo: Harbour Festival" with three categories). Does not
// import: the caller imports photosDir into it when `empty`.
Result<DemoEvent> ensureDemoEvent(Catalog& catalog);

} // namespace pd
