// What the uploader suites share: a real proofdesk-host with a photographer and an event, real
// JPEG renditions, a sink that collects the engine's reports, and requests for renditions.
#pragma once

#include "host_process.h"
#include "raw_http.h"

#include "pd/upload/transfer_engine.h"

#include <QByteArray>
#include <QString>
#include <QTemporaryDir>

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace pd::test {

// A distinct JPEG per seed, w x h of camera-like noise, through pd_core's encoder.
QByteArray makeRenditionJpeg(int width, int height, int seed, int quality = 85);
std::string sha256Hex(const QByteArray& bytes);

struct Rendition {
    QByteArray bytes;
    std::string sha;
};
std::vector<Rendition> makeRenditions(int count, int width, int height, int firstSeed = 1);

struct UploadSite {
    QTemporaryDir dir;
    std::string token;
    std::unique_ptr<HostServer> server;
    std::string eventId;

    UploadSite(); // starts the host, adds a photographer, PUTs an event
    unsigned short port() const { return server->port(); }
    // POST /api/v1/events/<id>/manifest listing one photo per rendition ("p0", "p1"...) with it
    // as its proof; returns the "missing" hashes.
    std::vector<std::string> missing(const std::vector<Rendition>& renditions);
};

// PUT http://127.0.0.1:port/api/v1/renditions/<urlSha> of the bytes as image/jpeg, ok on 200 and 201.
pd::upload::TransferRequest renditionPut(unsigned short port, const std::string& token, const QByteArray& bytes,
                                         const std::string& urlSha);

// Collects what the engine reports; waits on it from the test's thread.
class CollectingSink : public pd::upload::TransferSink {
public:
    void transferFinished(const pd::upload::TransferResult& result) override;
    void transferRetrying(pd::upload::TransferId id, int failedAttempts, std::chrono::milliseconds delay,
                          const QString& reason) override;
    void transferProgressed(const pd::upload::TransferProgress& progress) override;

    // Waits until `count` transfers have finished (false on timeout, a hang guard).
    bool waitForFinished(std::size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(120));
    std::map<pd::upload::TransferId, pd::upload::TransferResult> results() const;
    std::vector<QString> retryReasons() const;
    std::size_t finishedCount() const;
    std::int64_t lastProgressBytes(pd::upload::TransferId id) const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<pd::upload::TransferId, pd::upload::TransferResult> m_results;
    std::map<pd::upload::TransferId, std::int64_t> m_progress;
    std::vector<QString> m_retries;
};

} // namespace pd::test
