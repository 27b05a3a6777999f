// The uploader suites' shared fixture (see upload_fixture.h).
#include "upload_fixture.h"

#include "test_support.h"

#include "pd/core/jpeg_encoder.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

namespace pd::test {

QByteArray makeRenditionJpeg(int width, int height, int seed, int quality) {
    pd::JpegEncodeOptions options;
    options.quality = quality;
    auto bytes = pd::encodeJpeg(makeDetailedImage(width, height, unsigned(seed)), options);
    REQUIRE(bytes.ok());
    return bytes.value();
}

std::string sha256Hex(const QByteArray& bytes) {
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().toStdString();
}

std::vector<Rendition> makeRenditions(int count, int width, int height, int firstSeed) {
    std::vector<Rendition> out;
    for (int i = 0; i < count; ++i) {
        Rendition r;
        r.bytes = makeRenditionJpeg(width, height, firstSeed + i);
        r.sha = sha256Hex(r.bytes);
        out.push_back(std::move(r));
    }
    return out;
}

UploadSite::UploadSite() {
    REQUIRE(dir.isValid());
    token = addPhotographer(dir.path(), QStringLiteral("Ann")).toStdString();
    server = std::make_unique<HostServer>(dir.path());
    eventId = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
    const RawResponse created = roundTrip(port(), "PUT", "/api/v1/events/" + eventId, token,
                                          R"({"name": "Smith wedding", "categories": ["Ceremony"]})");
    INFO(created.body);
    REQUIRE(created.status == 201);
}

std::vector<std::string> UploadSite::missing(const std::vector<Rendition>& renditions) {
    QJsonArray photos;
    for (std::size_t i = 0; i < renditions.size(); ++i)
        photos.append(QJsonObject{{"id", QStringLiteral("p%1").arg(i)},
                                  {"renditions", QJsonObject{{"proof", QString::fromStdString(renditions[i].sha)}}}});
    const std::string body =
        QJsonDocument(QJsonObject{{"photos", photos}}).toJson(QJsonDocument::Compact).toStdString();
    const RawResponse r = roundTrip(port(), "POST", "/api/v1/events/" + eventId + "/manifest", token, body);
    INFO(r.body);
    REQUIRE(r.status == 200);
    std::vector<std::string> out;
    for (const QJsonValue v : r.json().object().value("missing").toArray()) out.push_back(v.toString().toStdString());
    return out;
}

pd::upload::TransferRequest renditionPut(unsigned short port, const std::string& token, const QByteArray& bytes,
                                         const std::string& urlSha) {
    pd::upload::TransferRequest r;
    r.method = "PUT";
    r.url = QStringLiteral("http://127.0.0.1:%1/api/v1/renditions/%2").arg(port).arg(QString::fromStdString(urlSha));
    r.bearerToken = QByteArray::fromStdString(token);
    r.headers = {"Content-Type: image/jpeg"};
    r.body = bytes;
    r.okStatuses = {200, 201};
    return r;
}

void CollectingSink::transferFinished(const pd::upload::TransferResult& result) {
    std::lock_guard lock(m_mutex);
    m_results[result.id] = result;
    m_changed.notify_all();
}

void CollectingSink::transferRetrying(pd::upload::TransferId, int, std::chrono::milliseconds, const QString& reason) {
    std::lock_guard lock(m_mutex);
    m_retries.push_back(reason);
}

void CollectingSink::transferProgressed(const pd::upload::TransferProgress& progress) {
    std::lock_guard lock(m_mutex);
    m_progress[progress.id] = progress.bytesSent;
}

bool CollectingSink::waitForFinished(std::size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, timeout, [&] { return m_results.size() >= count; });
}

std::map<pd::upload::TransferId, pd::upload::TransferResult> CollectingSink::results() const {
    std::lock_guard lock(m_mutex);
    return m_results;
}

std::vector<QString> CollectingSink::retryReasons() const {
    std::lock_guard lock(m_mutex);
    return m_retries;
}

std::size_t CollectingSink::finishedCount() const {
    std::lock_guard lock(m_mutex);
    return m_results.size();
}

std::int64_t CollectingSink::lastProgressBytes(pd::upload::TransferId id) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_progress.find(id);
    return it == m_progress.end() ? -1 : it->second;
}

} // namespace pd::test
