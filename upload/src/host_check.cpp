// GET /api/v1/me through a short-lived TransferEngine.
#include "pd/upload/host_check.h"

#include "pd/upload/transfer_engine.h"

#include <QJsonDocument>

#include <condition_variable>
#include <mutex>

namespace pd::upload {

namespace {

class OneResult : public TransferSink {
public:
    void transferFinished(const TransferResult& r) override {
        std::lock_guard lock(m_mutex);
        m_result = r;
        m_done = true;
        m_cv.notify_all();
    }
    TransferResult wait() {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [&] { return m_done; });
        return m_result;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done = false;
    TransferResult m_result;
};

} // namespace

Result<QJsonObject> checkHost(const QString& baseUrl, const QByteArray& token) {
    OneResult sink;
    EngineOptions options;
    options.retry.maxAttempts = 3;
    options.retry.maxTotal = std::chrono::seconds(15);
    options.connectTimeout = std::chrono::seconds(5);
    TransferResult r;
    {
        TransferEngine engine(sink, options);
        TransferRequest req;
        req.method = "GET";
        req.url = baseUrl + QStringLiteral("/api/v1/me");
        req.bearerToken = token;
        engine.submit(req);
        r = sink.wait();
    }
    if (r.outcome == TransferOutcome::GaveUp)
        return makeError(ErrorCode::Io, QStringLiteral("cannot reach the host: %1").arg(r.status.ok() ? QStringLiteral("no answer") : r.status.error().message), baseUrl);
    if (!r.ok()) {
        const QString why = r.status.ok() ? QStringLiteral("refused") : r.status.error().message;
        if (r.httpStatus == 401)
            return makeError(ErrorCode::InvalidArgument, QStringLiteral("the host refused the token (revoked, or for another host): %1").arg(why), baseUrl);
        return makeError(ErrorCode::Io, why, baseUrl);
    }
    const QJsonDocument doc = QJsonDocument::fromJson(r.responseBody);
    if (!doc.isObject() || !doc.object().value(QStringLiteral("name")).isString())
        return makeError(ErrorCode::CorruptData, QStringLiteral("the answer is not proofdesk-host's: is the URL right?"), baseUrl);
    return doc.object();
}

} // namespace pd::upload
