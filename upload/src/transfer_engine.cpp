// The uploader's engine thread: libcurl's multi interface, the retry schedule, pause, cancel and
// the shared speed cap (the contract is in transfer_engine.h).
#include "pd/upload/transfer_engine.h"

#include "token_bucket.h"
#include "transfer_failure.h"

#include <QUrl>

#include <curl/curl.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <strings.h>
#include <thread>
#include <vector>

namespace pd::upload {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr qint64 kMaxResponseBytes = 1 << 20;
constexpr milliseconds kProgressInterval{100};
constexpr milliseconds kSpeedWindow{2000};

std::once_flag g_curlGlobalInit;

struct Command {
    enum class Kind { Submit, Cancel, CancelAll, Pause, Resume, SpeedCap, Stop };
    Kind kind = Kind::Stop;
    TransferId id = 0;
    TransferRequest request;
    qint64 value = 0;
};

Command command(Command::Kind kind, TransferId id = 0, qint64 value = 0) {
    Command c;
    c.kind = kind;
    c.id = id;
    c.value = value;
    return c;
}

} // namespace

struct TransferEngine::Impl {
    struct Job;
    Impl(TransferSink& s, EngineOptions o) : sink(s), options(std::move(o)) {}

    TransferSink& sink;
    const EngineOptions options;

    // Shared with the callers' threads, under `mutex`.
    mutable std::mutex mutex;
    std::condition_variable idleChanged;
    std::deque<Command> commands;
    TransferId nextId = 1;
    bool idle = true;
    EngineProgress snapshot;

    CURLM* multi = nullptr; // used by the engine thread only, apart from curl_multi_wakeup
    std::thread thread;

    // Engine thread only.
    std::map<TransferId, std::unique_ptr<Job>> jobs;
    std::deque<TransferId> ready;     // to start, in order
    std::vector<TransferId> waiting;  // backing off until their retryAt
    std::vector<TransferId> running;  // attempts on the wire
    bool paused = false;
    bool stopping = false;
    TokenBucket bucket;
    std::mt19937_64 rng;
    qint64 wireTotal = 0, doneBytes = 0, totalBytes = 0;
    std::deque<std::pair<Clock::time_point, qint64>> speedSamples;
    std::size_t unpauseRotation = 0;

    void post(Command command);
    void run();
    void drainCommands();
    void startAttempt(Job& job, Clock::time_point now);
    void detach(Job& job);
    void attemptDone(Job& job, CURLcode code);
    void retryOrGiveUp(Job& job, const QString& reason, std::optional<milliseconds> retryAfter);
    void finish(TransferId id, TransferOutcome outcome, pd::Status status);
    void cancelJob(TransferId id);
    void unpauseRateLimited(Clock::time_point now);
    void abortStalled(Clock::time_point now);
    void reportProgress(Clock::time_point now);
    void publishState(Clock::time_point now);
    int pollTimeoutMs(Clock::time_point now);

    static size_t onRead(char* buffer, size_t size, size_t count, void* userdata);
    static int onSeek(void* userdata, curl_off_t offset, int origin);
    static size_t onWrite(char* data, size_t size, size_t count, void* userdata);
    static size_t onHeader(char* data, size_t size, size_t count, void* userdata);
};

// One submitted transfer and the state of its current attempt. Engine thread only.
struct TransferEngine::Impl::Job {
    TransferId id = 0;
    TransferRequest request;
    qint64 size = 0;
    QString path; // for messages: the URL's path, never its host or the token
    int attempts = 0;
    Clock::time_point firstStart;
    Clock::time_point retryAt;
    qint64 wireBytes = 0;
    int lastStatus = 0;
    QByteArray lastBody;

    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    qint64 offset = 0;
    QByteArray response;
    QByteArray retryAfter;
    bool ratePaused = false;
    bool readFailed = false;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    qint64 reportedOffset = -1;
    Clock::time_point reportedAt;
    Clock::time_point lastActivity; // the last byte either way, or the end of a rate pause
    Impl* engine = nullptr;
};


// ---- callbacks (engine thread, inside curl_multi_perform) ----

size_t TransferEngine::Impl::onRead(char* buffer, size_t size, size_t count, void* userdata) {
    auto& job = *static_cast<Job*>(userdata);
    Impl& engine = *job.engine;
    qint64 want = std::min<qint64>(qint64(size * count), job.size - job.offset);
    if (want <= 0) return 0;
    if (engine.bucket.enabled()) {
        want = engine.bucket.take(want, Clock::now());
        if (want == 0) {
            job.ratePaused = true;
            return CURL_READFUNC_PAUSE;
        }
    }
    if (job.request.bodyReader) {
        const QByteArray chunk = job.request.bodyReader(job.offset, want);
        if (chunk.size() != want) {
            job.readFailed = true;
            return CURL_READFUNC_ABORT;
        }
        std::memcpy(buffer, chunk.constData(), size_t(want));
    } else {
        std::memcpy(buffer, job.request.body.constData() + job.offset, size_t(want));
    }
    job.offset += want;
    job.wireBytes += want;
    job.lastActivity = Clock::now();
    engine.wireTotal += want;
    return size_t(want);
}

int TransferEngine::Impl::onSeek(void* userdata, curl_off_t offset, int origin) {
    auto& job = *static_cast<Job*>(userdata);
    if (origin != SEEK_SET) return CURL_SEEKFUNC_CANTSEEK;
    if (offset < 0 || offset > job.size) return CURL_SEEKFUNC_FAIL;
    job.offset = offset;
    return CURL_SEEKFUNC_OK;
}

size_t TransferEngine::Impl::onWrite(char* data, size_t size, size_t count, void* userdata) {
    auto& job = *static_cast<Job*>(userdata);
    const qint64 bytes = qint64(size * count);
    job.lastActivity = Clock::now();
    const qint64 keep = std::min(bytes, kMaxResponseBytes - job.response.size());
    if (keep > 0) job.response.append(data, keep);
    return size_t(bytes);
}

size_t TransferEngine::Impl::onHeader(char* data, size_t size, size_t count, void* userdata) {
    auto& job = *static_cast<Job*>(userdata);
    const size_t bytes = size * count;
    job.lastActivity = Clock::now();
    if (bytes >= 5 && std::memcmp(data, "HTTP/", 5) == 0) {
        job.retryAfter.clear(); // a new response (after a 100 Continue, say)
        job.response.clear();
    } else if (bytes > 12 && strncasecmp(data, "retry-after:", 12) == 0) {
        job.retryAfter = QByteArray(data + 12, qsizetype(bytes - 12)).trimmed();
    }
    return bytes;
}

// ---- the engine thread ----

void TransferEngine::Impl::post(Command command) {
    {
        std::lock_guard lock(mutex);
        commands.push_back(std::move(command));
        idle = false;
    }
    curl_multi_wakeup(multi);
}

void TransferEngine::Impl::run() {
    bucket.setRate(options.speedCapBytesPerSecond, Clock::now());
    while (true) {
        drainCommands();
        if (stopping) break;
        Clock::time_point now = Clock::now();

        // Backoffs that are over go first, in submission order.
        std::vector<TransferId> due;
        std::erase_if(waiting, [&](TransferId id) {
            if (jobs.at(id)->retryAt > now) return false;
            due.push_back(id);
            return true;
        });
        std::sort(due.rbegin(), due.rend());
        for (TransferId id : due) ready.push_front(id);

        while (!paused && !ready.empty() && int(running.size()) < std::max(1, options.maxConcurrent)) {
            const TransferId id = ready.front();
            ready.pop_front();
            startAttempt(*jobs.at(id), now);
        }
        unpauseRateLimited(now);

        int stillRunning = 0;
        curl_multi_perform(multi, &stillRunning);
        int left = 0;
        while (CURLMsg* message = curl_multi_info_read(multi, &left)) {
            if (message->msg != CURLMSG_DONE) continue;
            Job* job = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &job);
            const CURLcode code = message->data.result; // read before the handle is removed
            if (job) attemptDone(*job, code);
        }
        abortStalled(Clock::now());

        now = Clock::now();
        reportProgress(now);
        publishState(now);
        curl_multi_poll(multi, nullptr, 0, pollTimeoutMs(now), nullptr);
    }

    // Stopping: everything unfinished ends as Cancelled, also what the sink submits meanwhile.
    while (true) {
        std::vector<TransferId> ids;
        for (const auto& [id, job] : jobs) ids.push_back(id);
        for (TransferId id : ids) cancelJob(id);
        {
            std::lock_guard lock(mutex);
            if (commands.empty()) break;
        }
        drainCommands();
    }
    publishState(Clock::now());
}

void TransferEngine::Impl::drainCommands() {
    std::deque<Command> batch;
    {
        std::lock_guard lock(mutex);
        batch.swap(commands);
    }
    const auto now = Clock::now();
    for (Command& c : batch) {
        switch (c.kind) {
        case Command::Kind::Submit: {
            auto job = std::make_unique<Job>();
            job->id = c.id;
            job->size = c.request.size();
            job->path = QUrl(c.request.url).path();
            job->request = std::move(c.request);
            job->engine = this;
            totalBytes += job->size;
            ready.push_back(job->id);
            jobs.emplace(job->id, std::move(job));
            if (stopping) cancelJob(c.id);
            break;
        }
        case Command::Kind::Cancel: cancelJob(c.id); break;
        case Command::Kind::CancelAll: {
            std::vector<TransferId> ids;
            for (const auto& [id, job] : jobs) ids.push_back(id);
            for (TransferId id : ids) cancelJob(id);
            break;
        }
        case Command::Kind::Pause: paused = true; break;
        case Command::Kind::Resume: paused = false; break;
        case Command::Kind::SpeedCap: bucket.setRate(c.value, now); break;
        case Command::Kind::Stop: stopping = true; break;
        }
    }
}

void TransferEngine::Impl::startAttempt(Job& job, Clock::time_point now) {
    ++job.attempts;
    if (job.attempts == 1) job.firstStart = now;
    job.offset = 0;
    job.response.clear();
    job.retryAfter.clear();
    job.ratePaused = false;
    job.readFailed = false;
    job.errorBuffer[0] = '\0';
    job.reportedOffset = -1;
    job.reportedAt = now;
    job.lastActivity = now;

    CURL* e = curl_easy_init();
    job.easy = e;
    const TransferRequest& r = job.request;
    curl_easy_setopt(e, CURLOPT_URL, r.url.toUtf8().constData());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, options.userAgent.constData());
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(options.connectTimeout.count()));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, options.stallBytesPerSecond);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME,
                     long(std::max<qint64>(1, std::chrono::ceil<std::chrono::seconds>(options.stallTime).count())));
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, job.errorBuffer);
    curl_easy_setopt(e, CURLOPT_PRIVATE, &job);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Impl::onWrite);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &job);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Impl::onHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &job);

    if (!r.bearerToken.isEmpty())
        job.headers = curl_slist_append(job.headers, ("Authorization: Bearer " + r.bearerToken).constData());
    for (const QByteArray& h : r.headers) job.headers = curl_slist_append(job.headers, h.constData());
    job.headers = curl_slist_append(job.headers, "Expect:");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, job.headers);

    const QByteArray method = r.method.toUpper();
    if (method == "GET") {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    } else if (method == "PUT" || method == "POST" || job.size > 0) {
        curl_easy_setopt(e, CURLOPT_UPLOAD, 1L); // sends PUT ...
        curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE, curl_off_t(job.size));
        curl_easy_setopt(e, CURLOPT_READFUNCTION, &Impl::onRead);
        curl_easy_setopt(e, CURLOPT_READDATA, &job);
        curl_easy_setopt(e, CURLOPT_SEEKFUNCTION, &Impl::onSeek);
        curl_easy_setopt(e, CURLOPT_SEEKDATA, &job);
        if (method != "PUT") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.constData()); // ... or this
    } else {
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.constData());
    }
    curl_multi_add_handle(multi, e);
    running.push_back(job.id);
}

void TransferEngine::Impl::detach(Job& job) {
    if (job.easy) {
        curl_multi_remove_handle(multi, job.easy);
        curl_easy_cleanup(job.easy);
        job.easy = nullptr;
    }
    curl_slist_free_all(job.headers);
    job.headers = nullptr;
    job.ratePaused = false;
    std::erase(running, job.id);
}

void TransferEngine::Impl::attemptDone(Job& job, CURLcode code) {
    long status = 0;
    curl_easy_getinfo(job.easy, CURLINFO_RESPONSE_CODE, &status);
    const QString detail = QString::fromUtf8(job.errorBuffer);
    detach(job);
    job.lastStatus = int(status);
    job.lastBody = job.response;
    const QByteArray method = job.request.method.toUpper();

    if (code == CURLE_OK) {
        const bool ok = job.request.okStatuses.isEmpty() ? (status >= 200 && status <= 299)
                                                         : job.request.okStatuses.contains(int(status));
        if (ok) return finish(job.id, TransferOutcome::Succeeded, pd::Status::success());
        const QString message = httpFailureMessage(method, job.path, int(status), job.response);
        if (isRetryableStatus(int(status))) {
            std::optional<milliseconds> after;
            if (!job.retryAfter.isEmpty())
                after = parseRetryAfter(job.retryAfter.toStdString(), std::chrono::system_clock::now());
            return retryOrGiveUp(job, message, after);
        }
        return finish(job.id, TransferOutcome::Rejected, pd::makeError(errorCodeForStatus(int(status)), message, job.path));
    }
    if (job.readFailed) {
        return finish(job.id, TransferOutcome::Rejected,
                      pd::makeError(pd::ErrorCode::Io,
                                    QStringLiteral("%1 %2: could not read the body to send (byte %3 of %4)")
                                        .arg(QString::fromLatin1(method), job.path)
                                        .arg(job.offset)
                                        .arg(job.size),
                                    job.path));
    }
    const QString message = networkFailureMessage(method, job.path, code, detail.toUtf8().constData());
    if (isPermanentCurlError(code))
        return finish(job.id, TransferOutcome::Rejected, pd::makeError(pd::ErrorCode::Io, message, job.path));
    retryOrGiveUp(job, message, std::nullopt);
}

void TransferEngine::Impl::retryOrGiveUp(Job& job, const QString& reason, std::optional<milliseconds> retryAfter) {
    const auto now = Clock::now();
    const milliseconds delay = retryAfter ? *retryAfter : backoffDelay(options.retry, job.attempts, rng);
    if (job.attempts >= options.retry.maxAttempts || now + delay > job.firstStart + options.retry.maxTotal) {
        const auto spent = std::chrono::duration_cast<std::chrono::seconds>(now - job.firstStart).count();
        return finish(job.id, TransferOutcome::GaveUp,
                      pd::makeError(pd::ErrorCode::Io,
                                    QStringLiteral("gave up after %1 attempts over %2 s (%3); the last: %4")
                                        .arg(job.attempts)
                                        .arg(spent)
                                        .arg(retryAfter ? QStringLiteral("the host asked to wait %1 s more")
                                                              .arg(double(retryAfter->count()) / 1000.0)
                                                        : QStringLiteral("the retry budget is spent"),
                                             reason),
                                    job.path));
    }
    job.retryAt = now + delay;
    waiting.push_back(job.id);
    sink.transferRetrying(job.id, job.attempts, delay, reason);
}

void TransferEngine::Impl::finish(TransferId id, TransferOutcome outcome, pd::Status status) {
    const auto it = jobs.find(id);
    if (it == jobs.end()) return;
    Job& job = *it->second;
    TransferResult result;
    result.id = id;
    result.outcome = outcome;
    result.httpStatus = job.lastStatus;
    result.responseBody = job.lastBody;
    result.attempts = job.attempts;
    result.wireBytes = job.wireBytes;
    result.status = std::move(status);
    if (outcome == TransferOutcome::Succeeded) doneBytes += job.size;
    totalBytes -= outcome == TransferOutcome::Succeeded ? 0 : job.size;
    jobs.erase(it);
    sink.transferFinished(result);
}

void TransferEngine::Impl::cancelJob(TransferId id) {
    const auto it = jobs.find(id);
    if (it == jobs.end()) return;
    Job& job = *it->second;
    detach(job);
    std::erase(ready, id);
    std::erase(waiting, id);
    finish(id, TransferOutcome::Cancelled,
           pd::makeError(pd::ErrorCode::Cancelled,
                         QStringLiteral("%1 %2: cancelled").arg(QString::fromLatin1(job.request.method), job.path),
                         job.path));
}

void TransferEngine::Impl::unpauseRateLimited(Clock::time_point now) {
    const std::size_t n = running.size();
    if (n == 0) return;
    // Starting from a rotating position so no transfer is always served last.
    ++unpauseRotation;
    for (std::size_t i = 0; i < n; ++i) {
        Job& job = *jobs.at(running[(unpauseRotation + i) % n]);
        if (!job.ratePaused) continue;
        if (bucket.enabled() && bucket.waitFor(std::numeric_limits<qint64>::max(), now).count() > 0) break;
        job.ratePaused = false;
        job.lastActivity = now;
        curl_easy_pause(job.easy, CURLPAUSE_CONT);
    }
}

// curl's own LOW_SPEED check averages over a window of about five seconds and so notices a
// stall late; this watchdog ends an attempt as soon as nothing has moved for stallTime.
void TransferEngine::Impl::abortStalled(Clock::time_point now) {
    std::vector<TransferId> stalled;
    for (TransferId id : running) {
        const Job& job = *jobs.at(id);
        if (!job.ratePaused && now - job.lastActivity >= options.stallTime) stalled.push_back(id);
    }
    for (TransferId id : stalled) {
        Job& job = *jobs.at(id);
        detach(job);
        job.lastStatus = 0;
        job.lastBody.clear();
        retryOrGiveUp(job,
                      QStringLiteral("%1 %2: the connection stalled (nothing moved for %3 s)")
                          .arg(QString::fromLatin1(job.request.method.toUpper()), job.path)
                          .arg(double(options.stallTime.count()) / 1000.0),
                      std::nullopt);
    }
}

void TransferEngine::Impl::reportProgress(Clock::time_point now) {
    for (TransferId id : running) {
        Job& job = *jobs.at(id);
        if (job.offset == job.reportedOffset) continue;
        if (job.offset < job.size && now - job.reportedAt < kProgressInterval) continue;
        job.reportedOffset = job.offset;
        job.reportedAt = now;
        sink.transferProgressed(TransferProgress{job.id, job.attempts, job.offset, job.size});
    }
}

void TransferEngine::Impl::publishState(Clock::time_point now) {
    if (speedSamples.empty() || now - speedSamples.back().first >= kProgressInterval)
        speedSamples.emplace_back(now, wireTotal);
    while (speedSamples.size() > 2 && now - speedSamples[1].first >= kSpeedWindow) speedSamples.pop_front();
    double speed = 0;
    const double span = std::chrono::duration<double>(now - speedSamples.front().first).count();
    if (span >= 0.2) speed = double(wireTotal - speedSamples.front().second) / span;

    qint64 inFlight = 0;
    for (TransferId id : running) inFlight += jobs.at(id)->offset;
    std::lock_guard lock(mutex);
    snapshot.bytesTotal = totalBytes;
    snapshot.bytesDone = doneBytes + inFlight;
    snapshot.wireBytes = wireTotal;
    snapshot.bytesPerSecond = speed;
    snapshot.running = int(running.size());
    snapshot.waiting = int(ready.size() + waiting.size());
    snapshot.paused = paused;
    const bool nowIdle = commands.empty() && jobs.empty();
    if (nowIdle != idle) {
        idle = nowIdle;
        if (idle) idleChanged.notify_all();
    }
}

int TransferEngine::Impl::pollTimeoutMs(Clock::time_point now) {
    {
        std::lock_guard lock(mutex);
        if (!commands.empty()) return 0;
    }
    if (!paused && !ready.empty() && int(running.size()) < std::max(1, options.maxConcurrent)) return 0;
    long timeout = running.empty() ? 1000 : long(kProgressInterval.count());
    long curlTimeout = -1;
    curl_multi_timeout(multi, &curlTimeout);
    if (curlTimeout >= 0) timeout = std::min(timeout, curlTimeout);
    for (TransferId id : waiting) {
        const auto until = std::chrono::ceil<milliseconds>(jobs.at(id)->retryAt - now).count();
        timeout = std::min<long>(timeout, std::max<long>(0, long(until)));
    }
    const bool anyRatePaused =
        std::any_of(running.begin(), running.end(), [&](TransferId id) { return jobs.at(id)->ratePaused; });
    for (TransferId id : running) {
        const Job& job = *jobs.at(id);
        if (job.ratePaused) continue;
        const auto until = std::chrono::ceil<milliseconds>(job.lastActivity + options.stallTime - now).count();
        timeout = std::min<long>(timeout, std::max<long>(1, long(until)));
    }
    if (anyRatePaused) {
        const long wait = long(bucket.waitFor(std::numeric_limits<qint64>::max(), now).count());
        timeout = std::min(timeout, std::max(1L, wait));
    }
    return int(timeout);
}

// ---- the public face ----

TransferEngine::TransferEngine(TransferSink& sink, EngineOptions options)
    : d(std::make_unique<Impl>(sink, std::move(options))) {
    std::call_once(g_curlGlobalInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    d->rng.seed(d->options.jitterSeed ? d->options.jitterSeed : std::random_device{}());
    // Created here, then used by the engine thread alone (curl_multi_wakeup is the exception).
    d->multi = curl_multi_init();
    curl_multi_setopt(d->multi, CURLMOPT_MAXCONNECTS, long(std::max(1, d->options.maxConcurrent) * 2));
    d->thread = std::thread([impl = d.get()] { impl->run(); });
}

TransferEngine::~TransferEngine() {
    d->post(command(Command::Kind::Stop));
    d->thread.join();
    curl_multi_cleanup(d->multi);
}

TransferId TransferEngine::submit(TransferRequest request) {
    TransferId id = 0;
    {
        std::lock_guard lock(d->mutex);
        id = d->nextId++;
    }
    Command c = command(Command::Kind::Submit, id);
    c.request = std::move(request);
    d->post(std::move(c));
    return id;
}

void TransferEngine::cancel(TransferId id) { d->post(command(Command::Kind::Cancel, id)); }
void TransferEngine::cancelAll() { d->post(command(Command::Kind::CancelAll)); }
void TransferEngine::pause() { d->post(command(Command::Kind::Pause)); }
void TransferEngine::resume() { d->post(command(Command::Kind::Resume)); }

void TransferEngine::setSpeedCap(qint64 bytesPerSecond) {
    d->post(command(Command::Kind::SpeedCap, 0, bytesPerSecond));
}

EngineProgress TransferEngine::progress() const {
    std::lock_guard lock(d->mutex);
    return d->snapshot;
}

bool TransferEngine::waitForIdle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(d->mutex);
    return d->idleChanged.wait_for(lock, timeout, [&] { return d->idle; });
}

} // namespace pd::upload
