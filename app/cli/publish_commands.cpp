// proofdesk-cli's publishing commands: host profiles (token in a 0600 file beside the catalog),
// publish (runs in the foreground: the CLI has no daemon), and the gallery settings of an event.
#include "publish_commands.h"

#include "cli_support.h"

#include "pd/db/catalog.h"
#include "pd/db/publish_store.h"
#include "pd/upload/host_check.h"
#include "pd/upload/host_tokens.h"
#include "pd/upload/publisher.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <csignal>
#include <cstdio>

namespace pd::cli {

namespace {

// "500000", "500k", "2M" (bytes per second).
std::optional<qint64> parseRate(QString s) {
    qint64 unit = 1;
    if (s.endsWith(QLatin1Char('k'), Qt::CaseInsensitive)) { unit = 1000; s.chop(1); }
    else if (s.endsWith(QLatin1Char('M'))) { unit = 1000000; s.chop(1); }
    bool ok = false;
    const double v = s.toDouble(&ok);
    if (!ok || v < 0) return std::nullopt;
    return qint64(v * double(unit));
}

upload::Publisher* g_publisher = nullptr;
extern "C" void onPublishSignal(int) {
    if (g_publisher) g_publisher->cancel();
}

// One line per photo state change on stderr, for a person watching.
class StderrObserver : public upload::PublishObserver {
public:
    explicit StderrObserver(bool verbose) : m_verbose(verbose) {}
    void photoChanged(const upload::PublishPhotoUpdate& u) override {
        if (u.state == QLatin1String("failed")) std::fprintf(stderr, "failed: %s: %s\n", qPrintable(u.photoId), qPrintable(u.error));
        else if (m_verbose && (u.state == QLatin1String("published") || u.state == QLatin1String("removed")))
            std::fprintf(stderr, "%s: %s\n", qPrintable(u.photoId), qPrintable(u.state));
    }
    void progressed(const upload::PublishProgress& p) override {
        if (!m_verbose) return;
        std::fprintf(stderr, "\r%d/%d photos, %.1f MB, %.0f kB/s%s   ", p.photosDone, p.photosTotal, double(p.bytesSent) / 1e6,
                     p.bytesPerSecond / 1e3, p.secondsLeft >= 0 ? qPrintable(QStringLiteral(", %1 s left").arg(p.secondsLeft)) : "");
        m_line = true;
    }
    ~StderrObserver() override {
        if (m_line) std::fputc('\n', stderr);
    }

private:
    bool m_verbose;
    bool m_line = false;
};

} // namespace

int cmdHost(Catalog& catalog, const QStringList& rest) {
    const QString sub = rest.value(0);
    Args v;
    try {
        v = parseArgs(rest.mid(1), {QStringLiteral("token-file")}, {QStringLiteral("json")});
    } catch (const UsageError& e) {
        return usage("host", e.message);
    }
    const QStringList& pos = v.positional;
    PublishStore store(catalog);
    if (sub == QLatin1String("add")) {
        if (pos.size() != 2 || !v.has(QStringLiteral("token-file")))
            return usage("host", QStringLiteral("host add takes NAME URL --token-file FILE"));
        QFile f(v.value(QStringLiteral("token-file")));
        if (!f.open(QIODevice::ReadOnly))
            return fail(makeError(ErrorCode::Io, QStringLiteral("cannot read the token file: %1").arg(f.errorString()), f.fileName()));
        auto h = store.addHost(pos[0], pos[1], f.readAll());
        if (!h.ok()) return fail(h.error());
        std::printf("added host %s (%s)%s\n", qPrintable(h->name), qPrintable(h->url), h->isDefault ? ", the default" : "");
        return kOk;
    }
    if (sub == QLatin1String("use")) {
        if (pos.size() != 1) return usage("host", QStringLiteral("host use takes one NAME"));
        const Status s = store.useHost(pos[0]);
        return s.ok() ? kOk : fail(s.error());
    }
    if (sub == QLatin1String("remove")) {
        if (pos.size() != 1) return usage("host", QStringLiteral("host remove takes one NAME"));
        const Status s = upload::HostTokens::removeProfile(store, pos[0]);
        if (!s.ok()) return fail(s.error());
        std::printf("removed host %s\n", qPrintable(pos[0]));
        return kOk;
    }
    if (sub == QLatin1String("list")) {
        auto hosts = store.hosts();
        if (!hosts.ok()) return fail(hosts.error());
        QJsonArray arr;
        for (const auto& h : hosts.value()) {
            arr.append(QJsonObject{{"name", h.name}, {"url", h.url}, {"default", h.isDefault}});
            if (!v.has(QStringLiteral("json"))) std::printf("%s %s  %s\n", h.isDefault ? "*" : " ", qPrintable(h.name), qPrintable(h.url));
        }
        if (v.has(QStringLiteral("json"))) printJson(arr);
        return kOk;
    }
    if (sub == QLatin1String("test")) {
        if (pos.size() > 1) return usage("host", QStringLiteral("host test takes at most one NAME"));
        auto h = store.requireHost(pos.value(0));
        if (!h.ok()) return fail(h.error());
        auto token = upload::HostTokens::token(h.value());
        if (!token.ok()) return fail(token.error());
        auto me = upload::checkHost(h->url, token.value());
        if (!me.ok()) return fail(me.error());
        if (v.has(QStringLiteral("json"))) printJson(me.value());
        else std::printf("%s: connected as %s\n", qPrintable(h->url), qPrintable(me->value(QStringLiteral("name")).toString()));
        return kOk;
    }
    return usage("host", QStringLiteral("host takes add, use, remove, list or test"));
}

int cmdPublish(Catalog& catalog, const QStringList& rest) {
    Args v;
    try {
        v = parseArgs(rest, {QStringLiteral("host"), QStringLiteral("speed-cap"), QStringLiteral("jobs")},
                      {QStringLiteral("wait"), QStringLiteral("json"), QStringLiteral("progress")});
    } catch (const UsageError& e) {
        return usage("publish", e.message);
    }
    const QStringList& pos = v.positional;
    if (pos.size() != 1) return usage("publish", QStringLiteral("publish takes one EVENT"));
    upload::PublishOptions o;
    o.catalogDir = catalog.dir();
    o.event = pos[0];
    o.host = v.value(QStringLiteral("host"));
    if (v.has(QStringLiteral("speed-cap"))) {
        const auto rate = parseRate(v.value(QStringLiteral("speed-cap")));
        if (!rate) return usage("publish", QStringLiteral("--speed-cap takes bytes per second, e.g. 500k or 2M"));
        o.speedCapBytesPerSecond = *rate;
    }
    if (v.has(QStringLiteral("jobs"))) {
        bool ok = false;
        o.renderThreads = v.value(QStringLiteral("jobs")).toInt(&ok);
        if (!ok || o.renderThreads < 1 || o.renderThreads > 64) return usage("publish", QStringLiteral("--jobs takes a number from 1 to 64"));
    }
    // Without --wait the publish still runs in the foreground: the CLI has no background process
    // to hand it to. The queue is in the catalog either way, so an interrupted run is finished by
    // the next `publish` (or the app).
    upload::Publisher publisher(o);
    g_publisher = &publisher;
    auto oldInt = std::signal(SIGINT, onPublishSignal);
    auto oldTerm = std::signal(SIGTERM, onPublishSignal);
    StderrObserver observer(v.has(QStringLiteral("progress")));
    auto summary = publisher.run(&observer);
    std::signal(SIGINT, oldInt);
    std::signal(SIGTERM, oldTerm);
    g_publisher = nullptr;
    if (!summary.ok()) return fail(summary.error());
    const auto& s = summary.value();
    QJsonArray failed;
    for (const auto& f : s.failed) failed.append(QJsonObject{{"photo", f.photoId}, {"error", f.error}});
    if (v.has(QStringLiteral("json"))) {
        printJson(QJsonObject{{"sent", s.sent}, {"removed", s.removed}, {"failed", failed}, {"gallery_url", s.galleryUrl},
                              {"access_code", s.accessCode && !s.accessCode->isEmpty() ? QJsonValue(*s.accessCode) : QJsonValue()},
                              {"renditions_uploaded", s.renditionsUploaded}, {"rendition_bytes", s.renditionBytes},
                              {"event_changed", s.eventChanged}, {"cancelled", s.cancelled}});
    } else {
        std::printf("%d sent, %d removed, %d failed%s\n%s\n", s.sent, s.removed, int(s.failed.size()),
                    s.cancelled ? " (interrupted: run publish again to finish)" : "", qPrintable(s.galleryUrl));
        if (s.accessCode && !s.accessCode->isEmpty()) std::printf("access code: %s\n", qPrintable(*s.accessCode));
    }
    if (s.cancelled) return kFailed;
    return s.failed.empty() ? kOk : kPartial;
}

int setGallery(Catalog& catalog, const QString& eventId, const QStringList& accessCode, const QStringList& expires) {
    PublishStore store(catalog);
    QDate date;   // checked before anything is written
    if (!expires.isEmpty() && expires.last() != QLatin1String("never")) {
        date = QDate::fromString(expires.last(), Qt::ISODate);
        if (!date.isValid()) return usage("event", QStringLiteral("--expires takes YYYY-MM-DD or never"));
    }
    if (!accessCode.isEmpty()) {
        const Status s = store.setAccessCode(eventId, accessCode.last());
        if (!s.ok()) return fail(s.error());
    }
    if (!expires.isEmpty()) {
        const Status s = store.setExpires(eventId, date);
        if (!s.ok()) return fail(s.error());
    }
    return kOk;
}

} // namespace pd::cli
