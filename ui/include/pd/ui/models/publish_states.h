// The grid's publish states (PublishStateRole): "queued", "sending", "published", "modified",
// "failed", or "" (never published, or nothing to show), from the catalog and from the Publisher.
#pragma once

#include <QHash>
#include <QString>

namespace pd {
class Catalog;
}

namespace pd::ui {

struct GridPublishState {
    QString state;
    QString error;   // failed: the host's message
};

// The event's photos that have a publish state worth a badge, read through `catalog` (the
// caller's thread's connection): PublishStore::photoStates against the host the event was last
// published to, plus the items of an unfinished publish job (queued, or failed). Cheap when the
// event was never published (two small queries).
QHash<QString, GridPublishState> readPublishStates(Catalog& catalog, const QString& eventId);

// A PublishPhotoUpdate state as the grid shows it: rendering/sending/removing -> "sending",
// "removed" -> "" (the photo is no longer in the gallery), the others as they are.
QString gridPublishState(const QString& publisherState);

} // namespace pd::ui
