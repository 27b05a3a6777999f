// What the publish suites share: a real proofdesk-host behind a pass-through FaultProxy (which
// counts the studio's requests), a studio catalog driven through the real proofdesk-cli with
// synthetic photos imported and selected, and checks made on the host through its own API.
#pragma once

#include "cli_runner.h"
#include "fault_proxy.h"
#include "host_process.h"
#include "raw_http.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>

#include <map>
#include <memory>
#include <string>

namespace pd::test {

struct PublishSite {
    // Starts the host and the proxy, adds a host profile pointing at the proxy, creates the event
    // "Smith wedding" (category Ceremony, access code rings2026), imports `photos` synthetic
    // JPEGs of w x h and selects them all.
    explicit PublishSite(int photos, int width = 1200, int height = 800);

    QString catalog() const { return dir.path() + QStringLiteral("/catalog"); }
    CliResult cli(const QStringList& args, int timeoutMs = 180000) const { return runCli(catalog(), args, timeoutMs); }
    // `publish EVENT --json extra...`, which must succeed; its JSON.
    QJsonObject publish(const QStringList& extra = {}) const;

    // Studio API straight to the host (not through the proxy: the counts stay the studio's).
    RawResponse studio(std::string_view method, const std::string& target, std::string_view body = {}) const;
    // The host's photos of the event: id -> renditions {proof, thumb, zoom}.
    std::map<std::string, QJsonObject> hostPhotos() const;
    std::string slug() const;
    // PUT /api/v1/renditions/... requests the proxy saw since the last resetCounts().
    int renditionPuts() const;
    int requestsSeen() const;
    void resetCounts();

    // Logs in to the gallery with the access code; "" when refused.
    std::string galleryLogin(const std::string& code) const;
    // GET /g/<slug>/img/<photo>/<kind> with the session: the bytes (status must be 200).
    QByteArray galleryImage(const std::string& cookie, const std::string& photoId, const std::string& kind) const;

    // Checks the host holds exactly `selected` (ids), each proof and thumbnail's bytes (through
    // the gallery) hash to what the photo names, and every named rendition is stored once.
    void checkHostHoldsExactly(const QStringList& selected) const;

    QTemporaryDir dir;
    QString token;
    std::unique_ptr<HostServer> server;
    std::unique_ptr<FaultProxy> proxy;
    QString eventId;
    QStringList photoIds;   // in capture order
    std::size_t countFrom = 0;
};

} // namespace pd::test
