// The grid's publish states from the catalog's publish records.
#include "pd/ui/models/publish_states.h"

#include "pd/db/catalog.h"
#include "pd/db/publish_store.h"

namespace pd::ui {

QHash<QString, GridPublishState> readPublishStates(Catalog& catalog, const QString& eventId) {
    QHash<QString, GridPublishState> out;
    if (eventId.isEmpty()) return out;
    PublishStore store(catalog);
    auto jobs = store.unfinishedJobs();
    const PublishJob* job = nullptr;
    if (jobs.ok())
        for (const PublishJob& j : jobs.value())
            if (j.eventId == eventId) job = &j;
    auto gallery = store.gallery(eventId);
    const QString host = job ? job->host : gallery.ok() ? gallery->host : QString();
    if (host.isEmpty()) return out;
    auto event = catalog.findEvent(eventId);
    if (!event.ok() || !event.value()) return out;
    auto settings = store.settings(*event.value());
    if (!settings.ok()) return out;
    auto states = store.photoStates(*event.value(), settings.value(), host);
    if (!states.ok()) return out;
    for (const PhotoPublishStatus& s : states.value()) {
        switch (s.state) {
        case PublishState::Published: out.insert(s.photoId, {QStringLiteral("published"), {}}); break;
        case PublishState::Modified: out.insert(s.photoId, {QStringLiteral("modified"), {}}); break;
        case PublishState::Failed: out.insert(s.photoId, {QStringLiteral("failed"), s.error}); break;
        case PublishState::New:
        case PublishState::ToRemove: break;
        }
    }
    // An interrupted publish: what it still has to send is queued (it resumes at the next start).
    if (job)
        for (const PublishJobItem& i : job->items)
            if (i.state == QLatin1String("pending") && !i.remove && out.value(i.photoId).state != QLatin1String("failed"))
                out.insert(i.photoId, {QStringLiteral("queued"), {}});
    return out;
}

QString gridPublishState(const QString& s) {
    if (s == QLatin1String("rendering") || s == QLatin1String("sending") || s == QLatin1String("removing")) return QStringLiteral("sending");
    if (s == QLatin1String("removed")) return QString();
    return s;   // queued, published, failed
}

} // namespace pd::ui
