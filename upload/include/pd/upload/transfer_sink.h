// What the uploader tells its owner: each transfer's progress, retries and result. The owner
// implements TransferSink; the engine calls it on the engine thread.
#pragma once

#include "pd/core/result.h"

#include <QByteArray>
#include <QString>

#include <chrono>

namespace pd::upload {

using TransferId = quint64;

enum class TransferOutcome {
    Succeeded, // the host answered one of the request's ok statuses
    Rejected,  // the host refused it (a 4xx other than 408/425/429), or it cannot work as asked
               // (malformed URL, TLS certificate, body source failed): retrying will not help
    GaveUp,    // network errors, stalls, 5xx or 429 past the retry budget: worth trying later
    Cancelled, // cancel(), cancelAll() or the engine's destruction
};

struct TransferResult {
    TransferId id = 0;
    TransferOutcome outcome = TransferOutcome::Cancelled;
    int httpStatus = 0;          // of the last attempt's response; 0 when none came
    QByteArray responseBody;     // of the last response (at most 1 MiB)
    int attempts = 0;            // attempts started, 0 when cancelled before the first
    qint64 wireBytes = 0;        // body bytes handed to the network over all attempts
    // ok() when Succeeded; otherwise a message a person can act on, naming the method, the URL
    // path, the status and the host's own JSON error message, e.g. "PUT /api/v1/renditions/9f…:
    // the host answered 400 Bad Request: body SHA-256 is 1c…, not 9f…". context is the URL path.
    pd::Status status;
    bool ok() const { return outcome == TransferOutcome::Succeeded; }
};

struct TransferProgress {
    TransferId id = 0;
    int attempt = 1;
    qint64 bytesSent = 0;   // of this attempt's body
    qint64 bytesTotal = 0;  // the body's size
};

// Called on the engine thread, never concurrently with itself. Keep each call short (hand the
// value to a queue or a queued Qt signal); calling the engine's own methods from here is allowed.
class TransferSink {
public:
    virtual ~TransferSink() = default;
    // Exactly once per submitted transfer, whatever happens (also when the engine is destroyed).
    virtual void transferFinished(const TransferResult& result) = 0;
    // At most about every 100 ms per running transfer, and once when its body has been sent.
    virtual void transferProgressed(const TransferProgress&) {}
    // An attempt failed and another will start after `delay`; `reason` is readable text.
    virtual void transferRetrying(TransferId, int /*failedAttempts*/, std::chrono::milliseconds /*delay*/,
                                  const QString& /*reason*/) {}
};

} // namespace pd::upload
