// The transfer engine against a real proofdesk-host on a clean network (through the proxy in
// pass-through, which counts connections and requests): keep-alive reuse, idempotent uploads,
// refusals that stop one transfer, pause, cancel and the speed cap.
#include <catch2/catch.hpp>

#include "fault_proxy.h"
#include "upload_fixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <cstdio>
#include <thread>

using namespace pd::test;
using namespace pd::upload;
using namespace std::chrono_literals;

namespace {

int requestsFor(const FaultProxy& proxy, const std::string& sha) {
    int n = 0;
    for (const SeenRequest& r : proxy.requests()) n += r.target.find(sha) != std::string::npos ? 1 : 0;
    return n;
}

} // namespace

TEST_CASE("renditions go up over kept-alive connections, and sending the same bytes again is answered 200",
          "[upload][engine]") {
    UploadSite site;
    FaultProxy proxy(site.port());
    const auto renditions = makeRenditions(30, 320, 240);
    REQUIRE(site.missing(renditions).size() == 30);

    CollectingSink sink;
    TransferEngine engine(sink);
    std::map<TransferId, const Rendition*> byId;
    qint64 total = 0;
    for (const Rendition& r : renditions) {
        byId[engine.submit(renditionPut(proxy.port(), site.token, r.bytes, r.sha))] = &r;
        total += r.bytes.size();
    }
    REQUIRE(sink.waitForFinished(30));
    REQUIRE(engine.waitForIdle(10s));
    for (const auto& [id, result] : sink.results()) {
        INFO((result.status.ok() ? QString() : result.status.error().toString()).toStdString());
        CHECK(result.outcome == TransferOutcome::Succeeded);
        CHECK(result.httpStatus == 201);
        CHECK(result.attempts == 1);
        CHECK(result.wireBytes == byId.at(id)->bytes.size());
        CHECK(sink.lastProgressBytes(id) == byId.at(id)->bytes.size());
    }
    const EngineProgress progress = engine.progress();
    CHECK(progress.bytesTotal == total);
    CHECK(progress.bytesDone == total);
    CHECK(progress.wireBytes == total);
    CHECK(progress.running == 0);
    CHECK(progress.waiting == 0);

    // 30 requests over at most a handful of connections: HTTP/1.1 keep-alive, at most 4 at once.
    CHECK(proxy.requests().size() == 30);
    CHECK(proxy.connectionsAccepted() >= 1);
    CHECK(proxy.connectionsAccepted() <= 8);

    // On the host: nothing missing, each rendition the size and picture that was sent.
    CHECK(site.missing(renditions).empty());
    for (const Rendition& r : renditions) {
        const RawResponse got = roundTrip(site.port(), "GET", "/api/v1/renditions/" + r.sha, site.token);
        REQUIRE(got.status == 200);
        CHECK(got.json().object().value("size").toInteger() == r.bytes.size());
        CHECK(got.json().object().value("width").toInt() == 320);
    }

    // The same bytes again: the host already has each, so 200 (stored once), not 201.
    CollectingSink again;
    {
        TransferEngine second(again);
        for (const Rendition& r : renditions) second.submit(renditionPut(site.port(), site.token, r.bytes, r.sha));
        REQUIRE(again.waitForFinished(30));
    }
    for (const auto& [id, result] : again.results()) {
        CHECK(result.outcome == TransferOutcome::Succeeded);
        CHECK(result.httpStatus == 200);
    }
}

TEST_CASE("a refused upload stops only that transfer, with the host's message, the status and the path",
          "[upload][engine]") {
    UploadSite site;
    FaultProxy proxy(site.port());
    const auto renditions = makeRenditions(8, 200, 150);
    CollectingSink sink;
    TransferEngine engine(sink);
    std::vector<TransferId> good;
    for (const Rendition& r : renditions) good.push_back(engine.submit(renditionPut(proxy.port(), site.token, r.bytes, r.sha)));
    // The URL names another rendition's hash: 400. Bytes that are not a JPEG: 422.
    const QByteArray other = makeRenditionJpeg(200, 150, 99);
    const std::string wrongSha = sha256Hex(other);
    const TransferId wrongHash = engine.submit(renditionPut(proxy.port(), site.token, renditions[0].bytes, wrongSha));
    const QByteArray notJpeg = QByteArray("this is not a JPEG at all, just text").repeated(50);
    const std::string notJpegSha = sha256Hex(notJpeg);
    const TransferId corrupt = engine.submit(renditionPut(proxy.port(), site.token, notJpeg, notJpegSha));
    const TransferId unauthorised = engine.submit(renditionPut(proxy.port(), "not-the-token", other, wrongSha));
    REQUIRE(sink.waitForFinished(11));
    const auto results = sink.results();

    for (TransferId id : good) CHECK(results.at(id).outcome == TransferOutcome::Succeeded);

    const TransferResult& hash = results.at(wrongHash);
    CHECK(hash.outcome == TransferOutcome::Rejected);
    CHECK(hash.httpStatus == 400);
    CHECK(hash.attempts == 1);
    REQUIRE_FALSE(hash.status.ok());
    const QString hostSaid = QJsonDocument::fromJson(hash.responseBody)
                                 .object()
                                 .value("error")
                                 .toObject()
                                 .value("message")
                                 .toString();
    REQUIRE_FALSE(hostSaid.isEmpty());
    const QString message = hash.status.error().message;
    INFO(message.toStdString());
    CHECK(message.contains(QStringLiteral("PUT /api/v1/renditions/") + QString::fromStdString(wrongSha)));
    CHECK(message.contains(QStringLiteral("400 Bad Request")));
    CHECK(message.contains(hostSaid));
    CHECK(hash.status.error().context == QStringLiteral("/api/v1/renditions/") + QString::fromStdString(wrongSha));
    CHECK(hash.status.error().code == pd::ErrorCode::InvalidArgument);

    const TransferResult& bad = results.at(corrupt);
    CHECK(bad.outcome == TransferOutcome::Rejected);
    CHECK(bad.httpStatus == 422);
    CHECK(bad.status.error().code == pd::ErrorCode::CorruptData);
    CHECK(bad.status.error().message.contains(QStringLiteral("422")));

    const TransferResult& denied = results.at(unauthorised);
    CHECK(denied.outcome == TransferOutcome::Rejected);
    CHECK(denied.httpStatus == 401);
    CHECK(denied.status.error().message.contains(QStringLiteral("token")));
    CHECK_FALSE(denied.status.error().message.contains(QStringLiteral("not-the-token")));

    // Each refused request reached the host once: not retried.
    CHECK(requestsFor(proxy, notJpegSha) == 1);
    CHECK(requestsFor(proxy, wrongSha) == 2); // the wrong-hash upload and the unauthorised one
    CHECK(site.missing(renditions).empty());
}

TEST_CASE("pause lets running transfers finish and starts no new request until resume", "[upload][engine]") {
    UploadSite site;
    FaultProxy proxy(site.port());
    const auto renditions = makeRenditions(12, 400, 300);
    CollectingSink sink;
    EngineOptions options;
    options.maxConcurrent = 2;
    options.speedCapBytesPerSecond = 400 * 1024; // slow enough to pause in the middle
    TransferEngine engine(sink, options);
    for (const Rendition& r : renditions) engine.submit(renditionPut(proxy.port(), site.token, r.bytes, r.sha));

    REQUIRE(sink.waitForFinished(2));
    engine.pause();
    // Running attempts are let finish; then the engine is quiet.
    for (int i = 0; i < 200 && (engine.progress().running > 0 || !engine.progress().paused); ++i)
        std::this_thread::sleep_for(25ms);
    REQUIRE(engine.progress().paused);
    REQUIRE(engine.progress().running == 0);
    const std::size_t seenAtPause = proxy.requests().size();
    const std::size_t finishedAtPause = sink.finishedCount();
    CHECK(seenAtPause == finishedAtPause); // everything started has finished, nothing is half-sent
    CHECK(finishedAtPause < 12);
    CHECK_FALSE(engine.waitForIdle(800ms)); // paused with work left: not idle
    CHECK(proxy.requests().size() == seenAtPause);
    CHECK(sink.finishedCount() == finishedAtPause);
    CHECK(engine.progress().waiting == int(12 - finishedAtPause));

    engine.resume();
    REQUIRE(sink.waitForFinished(12));
    CHECK(proxy.requests().size() == 12);
    for (const auto& [id, result] : sink.results()) CHECK(result.outcome == TransferOutcome::Succeeded);
    CHECK(site.missing(renditions).empty());
}

TEST_CASE("cancel ends a transfer at once, and destroying the engine cancels what is left", "[upload][engine]") {
    UploadSite site;
    FaultProxy proxy(site.port());
    proxy.script({Fault::stall(60000, 1000)}); // the first request hangs mid-body
    const auto renditions = makeRenditions(4, 320, 240);
    CollectingSink sink;
    {
        EngineOptions options;
        options.maxConcurrent = 1;
        TransferEngine engine(sink, options);
        const TransferId stuck = engine.submit(renditionPut(proxy.port(), site.token, renditions[0].bytes, renditions[0].sha));
        const TransferId next = engine.submit(renditionPut(proxy.port(), site.token, renditions[1].bytes, renditions[1].sha));
        for (int i = 0; i < 400 && proxy.requests().empty(); ++i) std::this_thread::sleep_for(10ms);
        REQUIRE(proxy.requests().size() == 1);
        engine.cancel(stuck);
        REQUIRE(sink.waitForFinished(2, 30s));
        CHECK(sink.results().at(stuck).outcome == TransferOutcome::Cancelled);
        CHECK(sink.results().at(stuck).status.error().code == pd::ErrorCode::Cancelled);
        CHECK(sink.results().at(next).outcome == TransferOutcome::Succeeded);

        engine.pause();
        engine.submit(renditionPut(proxy.port(), site.token, renditions[2].bytes, renditions[2].sha));
        engine.submit(renditionPut(proxy.port(), site.token, renditions[3].bytes, renditions[3].sha));
    }
    // Destroyed while paused: both reported, as cancelled, and never sent.
    REQUIRE(sink.finishedCount() == 4);
    int cancelled = 0;
    for (const auto& [id, result] : sink.results()) cancelled += result.outcome == TransferOutcome::Cancelled ? 1 : 0;
    CHECK(cancelled == 3);
    CHECK(proxy.requests().size() == 2);
    const auto missing = site.missing(renditions);
    CHECK(missing.size() == 3);
}

TEST_CASE("the speed cap holds the upload rate to within 10 percent of it", "[upload][engine][speed]") {
    UploadSite site;
    FaultProxy proxy(site.port());
    // About 4 MB of real JPEGs (noise keeps them large).
    std::vector<Rendition> renditions;
    qint64 total = 0;
    for (int seed = 1; total < 4'000'000; ++seed) {
        Rendition r;
        r.bytes = makeRenditionJpeg(1400, 1000, seed, 95);
        r.sha = sha256Hex(r.bytes);
        total += r.bytes.size();
        renditions.push_back(std::move(r));
    }
    const qint64 cap = 2'000'000;
    CollectingSink sink;
    EngineOptions options;
    options.speedCapBytesPerSecond = cap;
    TransferEngine engine(sink, options);
    for (const Rendition& r : renditions) engine.submit(renditionPut(proxy.port(), site.token, r.bytes, r.sha));
    REQUIRE(sink.waitForFinished(renditions.size()));
    for (const auto& [id, result] : sink.results()) CHECK(result.outcome == TransferOutcome::Succeeded);

    // Measured where the bytes arrive: the proxy's first and last byte from the studio.
    const FaultProxy::Traffic traffic = proxy.clientTraffic();
    const double seconds = std::chrono::duration<double>(traffic.last - traffic.first).count();
    REQUIRE(seconds > 0);
    const double ratio = double(traffic.bytes) / seconds / double(cap);
    std::printf("speed cap: %lld bytes in %.3f s = %.0f bytes/s, %.3f of the cap %lld\n", (long long)traffic.bytes,
                seconds, double(traffic.bytes) / seconds, ratio, (long long)cap);
    CHECK(ratio >= 0.9);
    CHECK(ratio <= 1.1);
    CHECK(site.missing(renditions).empty());
}

TEST_CASE("a body read through a callback is read again from the start on a retry", "[upload][engine]") {
    UploadSite site;
    FaultProxy proxy(site.port());
    proxy.script({Fault::cut(3000)});
    const auto renditions = makeRenditions(2, 320, 240);
    CollectingSink sink;
    TransferEngine engine(sink);

    std::atomic<int> readsFromStart{0};
    TransferRequest streamed = renditionPut(proxy.port(), site.token, {}, renditions[0].sha);
    const QByteArray source = renditions[0].bytes;
    streamed.bodySize = source.size();
    streamed.bodyReader = [source, &readsFromStart](qint64 offset, qint64 maxBytes) {
        if (offset == 0) ++readsFromStart;
        return source.mid(offset, maxBytes);
    };
    const TransferId good = engine.submit(streamed);
    REQUIRE(sink.waitForFinished(1));

    // A source that runs dry half way (a file truncated under us) fails that transfer, unretried.
    TransferRequest broken = renditionPut(proxy.port(), site.token, {}, renditions[1].sha);
    const QByteArray half = renditions[1].bytes.left(renditions[1].bytes.size() / 2);
    broken.bodySize = renditions[1].bytes.size();
    broken.bodyReader = [half](qint64 offset, qint64 maxBytes) { return half.mid(offset, maxBytes); };
    const TransferId bad = engine.submit(broken);
    REQUIRE(sink.waitForFinished(2));

    const auto results = sink.results();
    CHECK(results.at(good).outcome == TransferOutcome::Succeeded);
    CHECK(results.at(good).attempts == 2);
    CHECK(readsFromStart == 2);
    CHECK(results.at(bad).outcome == TransferOutcome::Rejected);
    CHECK(results.at(bad).attempts == 1);
    CHECK(results.at(bad).status.error().message.contains(QStringLiteral("could not read the body")));
    CHECK(site.missing(renditions) == std::vector<std::string>{renditions[1].sha});
}

TEST_CASE("the manifest POST and a photo DELETE go through the engine too", "[upload][engine]") {
    UploadSite site;
    FaultProxy proxy(site.port());
    proxy.script({Fault::respond(503)});
    const auto renditions = makeRenditions(1, 320, 240);
    CollectingSink sink;
    TransferEngine engine(sink);

    TransferRequest manifest;
    manifest.method = "POST";
    manifest.url = QStringLiteral("http://127.0.0.1:%1/api/v1/events/%2/manifest")
                       .arg(proxy.port())
                       .arg(QString::fromStdString(site.eventId));
    manifest.bearerToken = QByteArray::fromStdString(site.token);
    manifest.headers = {"Content-Type: application/json"};
    manifest.body = QByteArray::fromStdString(
        R"({"photos": [{"id": "p0", "renditions": {"proof": ")" + renditions[0].sha + R"("}}]})");
    manifest.okStatuses = {200};
    const TransferId post = engine.submit(manifest);

    TransferRequest remove;
    remove.method = "DELETE";
    remove.url = QStringLiteral("http://127.0.0.1:%1/api/v1/events/%2/photos/nosuchphoto")
                     .arg(proxy.port())
                     .arg(QString::fromStdString(site.eventId));
    remove.bearerToken = QByteArray::fromStdString(site.token);
    remove.okStatuses = {204};
    REQUIRE(sink.waitForFinished(1));
    const TransferId del = engine.submit(remove);
    REQUIRE(sink.waitForFinished(2));

    const auto results = sink.results();
    const TransferResult& m = results.at(post);
    CHECK(m.outcome == TransferOutcome::Succeeded);
    CHECK(m.attempts == 2); // the 503 first
    const QJsonObject answer = QJsonDocument::fromJson(m.responseBody).object();
    CHECK(answer.value("missing").toArray().size() == 1);
    CHECK(answer.value("new_photos").toArray().size() == 1);
    // The photo is not there: 404 stops the DELETE, with the path.
    CHECK(results.at(del).outcome == TransferOutcome::Rejected);
    CHECK(results.at(del).httpStatus == 404);
    CHECK(results.at(del).status.error().code == pd::ErrorCode::NotFound);
    CHECK(results.at(del).status.error().message.contains(QStringLiteral("DELETE /api/v1/events/")));
    const auto seen = proxy.requests();
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].method == "POST");
    CHECK(seen[1].method == "POST");
    CHECK(seen[2].method == "DELETE");
}
