// Sends HTTP transfers to the host on one background thread through libcurl's multi interface:
// several at once over kept-alive HTTP/1.1 connections, retried on network trouble, pausable,
// cancellable and held under one upload speed cap.
#pragma once

#include "pd/upload/retry_schedule.h"
#include "pd/upload/transfer_request.h"
#include "pd/upload/transfer_sink.h"

#include <chrono>
#include <memory>

namespace pd::upload {

struct EngineOptions {
    int maxConcurrent = 4;             // transfers on the wire at once
    qint64 speedCapBytesPerSecond = 0; // 0: no cap (see setSpeedCap)
    RetryPolicy retry;
    // Stall detection: an attempt that moves no byte either way for stallTime (not counting
    // time held back by the speed cap) is aborted and retried, as is one curl sees moving fewer
    // than stallBytesPerSecond over its ~5 s window for stallTime (CURLOPT_LOW_SPEED_*).
    std::chrono::milliseconds stallTime{30000};
    long stallBytesPerSecond = 1;
    std::chrono::milliseconds connectTimeout{15000};
    QByteArray userAgent = "proofdesk";
    quint64 jitterSeed = 0;            // 0: seeded from std::random_device
};

// A snapshot for the status bar.
struct EngineProgress {
    qint64 bytesTotal = 0;      // body bytes of transfers submitted that have not failed or been cancelled
    qint64 bytesDone = 0;       // of those: bodies of succeeded transfers + what running attempts have sent
    qint64 wireBytes = 0;       // body bytes sent over all attempts, retries included
    double bytesPerSecond = 0;  // wire rate over about the last two seconds
    int running = 0;            // attempts on the wire
    int waiting = 0;            // queued, or waiting out a backoff
    bool paused = false;
};

// The contract.
//
// Threads: the constructor starts one engine thread; it owns the curl multi handle and every
// easy handle, and is the only thread that touches curl. Every public method may be called from
// any thread (they post a command through a locked queue and wake the engine with
// curl_multi_wakeup); none blocks on network activity except waitForIdle. The sink is called on
// the engine thread only.
//
// Transfers: submit() returns an id at once. Up to maxConcurrent attempts run at a time, in
// submission order (a transfer waiting to retry goes before ones not yet started); connections
// are kept alive and reused between transfers to the same host. Bodies are sent with
// Content-Length, no "Expect: 100-continue".
//
// Retries (RetryPolicy): connection failures, timeouts, stalls, a connection cut mid-body, 408,
// 425, 429 and 5xx are retried after a full-jitter exponential backoff; when the response has
// Retry-After (seconds or HTTP-date) the next attempt waits exactly that long instead, never
// less. Any other status not in okStatuses (3xx included: redirects are not followed, so the
// token never goes elsewhere) ends the transfer as Rejected at once. Past the
// budget it ends as GaveUp with the last reason. Each attempt resends the whole body, so use
// this for idempotent requests only (PUT by content hash, manifest POST, DELETE).
//
// Pause: pause() starts no new attempt (queued transfers and retries wait), but lets attempts
// already on the wire finish: a paused connection would otherwise hit the host's request
// timeout. resume() carries on. Cancel ends transfers at once (mid-body if need be) as Cancelled.
//
// Speed cap: one token bucket shared by all transfers, refilled at the cap, drawn on in curl's read
// callback (which pauses a transfer with CURL_READFUNC_PAUSE when the bucket is empty; the engine
// unpauses it when tokens are back). The bucket starts empty and holds at most 1/10 s of the cap
// (16 KiB at least), so a busy upload averages the cap and no second carries more than 1.1 times
// it. Headers are not counted.
//
// Destruction cancels everything still unfinished (each gets transferFinished with Cancelled)
// and joins the thread. The sink must outlive the engine.
class TransferEngine {
public:
    explicit TransferEngine(TransferSink& sink, EngineOptions options = {});
    ~TransferEngine();
    TransferEngine(const TransferEngine&) = delete;
    TransferEngine& operator=(const TransferEngine&) = delete;

    TransferId submit(TransferRequest request);
    void cancel(TransferId id);  // unknown or finished ids are ignored
    void cancelAll();
    void pause();
    void resume();
    void setSpeedCap(qint64 bytesPerSecond); // 0: none; applies to running transfers too

    EngineProgress progress() const;
    // Blocks until nothing is queued, running or waiting to retry (true), or the timeout (false).
    // A paused engine with work left is not idle.
    bool waitForIdle(std::chrono::milliseconds timeout);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace pd::upload
