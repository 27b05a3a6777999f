// What every host store's check() shares, whatever the engine underneath.
#include "pd/host/host_store.h"

#include <QRegularExpression>

namespace pd::host {

Status checkStoredContents(HostStore& store, int schemaVersion, QStringList& problems) {
    if (schemaVersion != store.newestSchemaVersion()) {
        problems << QStringLiteral("schema version %1, this program's is %2 (run `proofdesk-host migrate`)")
                        .arg(schemaVersion)
                        .arg(store.newestSchemaVersion());
        return {};
    }
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    auto people = store.photographers();
    if (!people.ok()) return people.error();
    for (const Photographer& p : people.value())
        if (!hex.match(p.tokenHash).hasMatch()) problems << QStringLiteral("photographer %1: malformed token hash").arg(p.id);
    return {};
}

} // namespace pd::host
