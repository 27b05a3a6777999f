// The transfer engine through the fault-injecting proxy to a real proofdesk-host: connections
// cut in the middle of a body, stalls, 500, 503 and 429 with Retry-After. Whatever happens on
// the way, every rendition ends up on the host exactly once.
#include <catch2/catch.hpp>

#include "fault_proxy.h"
#include "upload_fixture.h"

#include <QJsonObject>

#include <set>

using namespace pd::test;
using namespace pd::upload;
using namespace std::chrono_literals;

namespace {

EngineOptions impatientOptions() {
    EngineOptions o;
    o.stallTime = 1000ms;
    o.retry.baseDelay = 50ms;
    o.retry.maxDelay = 800ms;
    o.retry.maxAttempts = 12;
    return o;
}

std::vector<SeenRequest> requestsFor(const FaultProxy& proxy, const std::string& sha) {
    std::vector<SeenRequest> out;
    for (const SeenRequest& r : proxy.requests())
        if (r.target.find(sha) != std::string::npos) out.push_back(r);
    return out;
}

bool anyContains(const std::vector<QString>& texts, const char* needle) {
    return std::any_of(texts.begin(), texts.end(), [&](const QString& t) { return t.contains(QLatin1String(needle)); });
}

} // namespace

TEST_CASE("30 renditions reach the host once each through cuts, stalls, 500, 503 and 429", "[upload][faults]") {
    UploadSite site;
    FaultProxy proxy(site.port());
    // Every kind of fault early, for sure; then about one request in three at random (fixed seed).
    proxy.script({Fault::cut(1000), Fault::respond(500), Fault::stall(3000, 2000), Fault::respond(503),
                  Fault::respond(429, 1), Fault::cut(0), Fault::pass(), Fault::cut(1 << 30),
                  Fault::respond(503, 1), Fault::stall(3000, 0), Fault::respond(500)});
    proxy.setRandomFaults(7, {{0.10, Fault::cut(2048)},
                              {0.04, Fault::stall(3000, 4096)},
                              {0.07, Fault::respond(500)},
                              {0.07, Fault::respond(503)},
                              {0.05, Fault::respond(429, 1)}});
    const auto renditions = makeRenditions(30, 400, 300);
    REQUIRE(site.missing(renditions).size() == 30);

    CollectingSink sink;
    TransferEngine engine(sink, impatientOptions());
    std::map<TransferId, const Rendition*> byId;
    for (const Rendition& r : renditions) byId[engine.submit(renditionPut(proxy.port(), site.token, r.bytes, r.sha))] = &r;
    // One upload the host must refuse (the URL names other bytes' hash), among the rest.
    const std::string otherSha = sha256Hex(makeRenditionJpeg(400, 300, 1000));
    const TransferId refused = engine.submit(renditionPut(proxy.port(), site.token, renditions[5].bytes, otherSha));
    REQUIRE(sink.waitForFinished(31));
    REQUIRE(engine.waitForIdle(10s));

    const auto results = sink.results();
    int retried = 0;
    for (const auto& [id, result] : results) {
        if (id == refused) continue;
        INFO((result.status.ok() ? QString() : result.status.error().toString()).toStdString());
        CHECK(result.outcome == TransferOutcome::Succeeded);
        // 201, or 200 when an earlier attempt's body had all reached the host before a fault.
        CHECK((result.httpStatus == 201 || result.httpStatus == 200));
        retried += result.attempts > 1 ? 1 : 0;
    }
    CHECK(retried >= 8);
    const TransferResult& no = results.at(refused);
    CHECK(no.outcome == TransferOutcome::Rejected);
    CHECK(no.httpStatus == 400);
    CHECK(no.status.error().message.contains(QString::fromStdString("/api/v1/renditions/" + otherSha)));

    // The proxy really did all of it.
    std::set<std::string> kinds;
    for (const SeenRequest& r : proxy.requests()) kinds.insert(r.fault.describe().substr(0, 8));
    CHECK(kinds.count("cut afte") == 1);
    CHECK(kinds.count("stall 30") == 1);
    CHECK(kinds.count("answer 5") == 1);
    CHECK(kinds.count("answer 4") == 1);
    const auto reasons = sink.retryReasons();
    CHECK(anyContains(reasons, "stalled"));
    CHECK(anyContains(reasons, "broke off"));
    CHECK(anyContains(reasons, "503 Service Unavailable"));
    CHECK(anyContains(reasons, "429 Too Many Requests"));

    // On the host: nothing missing, and each rendition as sent.
    CHECK(site.missing(renditions).empty());
    for (const Rendition& r : renditions) {
        const RawResponse got = roundTrip(site.port(), "GET", "/api/v1/renditions/" + r.sha, site.token);
        REQUIRE(got.status == 200);
        CHECK(got.json().object().value("size").toInteger() == r.bytes.size());
        CHECK(got.json().object().value("height").toInt() == 300);
    }
    // Stored once: sending them all again, straight to the host, is answered 200 every time.
    CollectingSink again;
    {
        TransferEngine direct(again);
        for (const Rendition& r : renditions) direct.submit(renditionPut(site.port(), site.token, r.bytes, r.sha));
        REQUIRE(again.waitForFinished(30));
    }
    for (const auto& [id, result] : again.results()) CHECK(result.httpStatus == 200);
}

TEST_CASE("Retry-After is honoured: the next attempt never comes before the host asked", "[upload][faults]") {
    UploadSite site;
    FaultProxy proxy(site.port());
    proxy.script({Fault::respond(429, 2), Fault::respond(503, 1)});
    const auto renditions = makeRenditions(1, 320, 240);
    CollectingSink sink;
    EngineOptions options = impatientOptions();
    options.retry.baseDelay = 1ms; // the backoff alone would retry at once
    options.retry.maxDelay = 1ms;
    TransferEngine engine(sink, options);
    const TransferId id = engine.submit(renditionPut(proxy.port(), site.token, renditions[0].bytes, renditions[0].sha));
    REQUIRE(sink.waitForFinished(1));
    const TransferResult result = sink.results().at(id);
    CHECK(result.outcome == TransferOutcome::Succeeded);
    CHECK(result.httpStatus == 201);
    CHECK(result.attempts == 3);

    // The proxy's clock: each attempt arrived no earlier than the previous answer's Retry-After.
    const auto seen = requestsFor(proxy, renditions[0].sha);
    REQUIRE(seen.size() == 3);
    const auto gap1 = std::chrono::duration_cast<std::chrono::milliseconds>(seen[1].at - seen[0].at);
    const auto gap2 = std::chrono::duration_cast<std::chrono::milliseconds>(seen[2].at - seen[1].at);
    INFO("gaps " << gap1.count() << " ms, " << gap2.count() << " ms");
    CHECK(gap1 >= 1950ms);
    CHECK(gap2 >= 950ms);
    CHECK(site.missing(renditions).empty());
}

TEST_CASE("a stalled connection is abandoned and retried, and a transfer past its budget gives up",
          "[upload][faults]") {
    UploadSite site;
    FaultProxy proxy(site.port());
    // The first request stalls far longer than the whole test may take, its retry passes; the
    // three after that fail with 503.
    proxy.script({Fault::stall(120000, 5000), Fault::pass(), Fault::respond(503), Fault::respond(503),
                  Fault::respond(503)});
    const auto renditions = makeRenditions(2, 320, 240);
    CollectingSink sink;
    EngineOptions options = impatientOptions();
    options.maxConcurrent = 1;
    options.retry.maxAttempts = 3;
    TransferEngine engine(sink, options);
    const TransferId stalled = engine.submit(renditionPut(proxy.port(), site.token, renditions[0].bytes, renditions[0].sha));
    REQUIRE(sink.waitForFinished(1, 60s));
    const TransferId doomed = engine.submit(renditionPut(proxy.port(), site.token, renditions[1].bytes, renditions[1].sha));
    REQUIRE(sink.waitForFinished(2, 60s));

    const auto results = sink.results();
    CHECK(results.at(stalled).outcome == TransferOutcome::Succeeded);
    CHECK(results.at(stalled).attempts == 2);
    CHECK(anyContains(sink.retryReasons(), "stalled"));

    const TransferResult& gaveUp = results.at(doomed);
    CHECK(gaveUp.outcome == TransferOutcome::GaveUp);
    CHECK(gaveUp.attempts == 3);
    CHECK(gaveUp.httpStatus == 503);
    INFO(gaveUp.status.error().message.toStdString());
    CHECK(gaveUp.status.error().message.contains(QStringLiteral("gave up after 3 attempts")));
    CHECK(gaveUp.status.error().message.contains(QStringLiteral("503 Service Unavailable")));
    CHECK(requestsFor(proxy, renditions[1].sha).size() == 3);
    CHECK(site.missing(renditions) == std::vector<std::string>{renditions[1].sha});
}
