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
    for (const Photographer& p : people.value()) {
        if (!hex.match(p.tokenHash).hasMatch())
            problems << QStringLiteral("photographer %1: malformed token hash").arg(p.id);
        // Every rendition a photo names is a blob of the same photographer (the backends check
        // the blobs' bytes themselves).
        auto events = store.events(p.id);
        if (!events.ok()) return events.error();
        for (const HostEvent& e : events.value()) {
            if (e.slug.isEmpty()) problems << QStringLiteral("event %1: no gallery slug").arg(e.id);
            auto photos = store.photos(p.id, e.id);
            if (!photos.ok()) return photos.error();
            for (const HostPhoto& photo : photos.value()) {
                const std::pair<const char*, QString> kinds[] = {{"proof", photo.renditions.proof},
                                                                 {"thumb", photo.renditions.thumb},
                                                                 {"zoom", photo.renditions.zoom}};
                for (const auto& [kind, hash] : kinds) {
                    if (hash.isEmpty()) continue;
                    auto blob = store.blobInfo(p.id, hash);
                    if (!blob.ok()) return blob.error();
                    if (!blob.value())
                        problems << QStringLiteral("photo %1 of event %2: its %3 %4 is not stored")
                                        .arg(photo.id, e.id, QLatin1String(kind), hash);
                }
            }
        }
    }
    return {};
}

} // namespace pd::host
