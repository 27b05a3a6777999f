// Registers the ui library's compiled-in resources (icons): a static library's .qrc is only
// reachable after Q_INIT_RESOURCE, which must run outside any namespace.
#include "resources.h"

#include <QtGlobal>

static void pdInitIcons() { Q_INIT_RESOURCE(icons); }

namespace pd::ui {
void initResources() {
    static const bool done = (pdInitIcons(), true);
    (void)done;
}
} // namespace pd::ui
