// The studio API suites' shared fixture: a real host, real renditions, the host's own store.
#include "api_fixture.h"

#include "test_support.h"

#include "pd/core/jp2_encoder.h"
#include "pd/core/jpeg_encoder.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QPainter>
#include <QUuid>

namespace pd::test {

namespace {

QImage picture(int width, int height, int seed) {
    QImage image(width, height, QImage::Format_RGB888);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.setPixel(
                x, y, qRgb((x * 255) / std::max(1, width - 1), (y * 255) / std::max(1, height - 1), (seed * 53) % 256));
    QPainter painter(&image);
    painter.fillRect(QRect((seed * 17) % std::max(1, width / 2), height / 4, width / 4, height / 4),
                     QColor::fromHsv((seed * 37) % 360, 200, 220));
    return image;
}

} // namespace

QByteArray makeJpeg(int width, int height, int seed) {
    auto bytes = pd::encodeJpeg(picture(width, height, seed), pd::JpegEncodeOptions{});
    REQUIRE(bytes.ok());
    return bytes.value();
}

QByteArray makeJp2(int width, int height, int seed) {
    auto bytes = pd::encodeJp2(picture(width, height, seed));
    REQUIRE(bytes.ok());
    return bytes.value();
}

std::string newUuid() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
}

std::string toJson(const QJsonObject& o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

RawResponse putBytesTo(unsigned short port, std::string_view target, std::string_view token, const QByteArray& bytes,
                       std::string_view contentType) {
    std::string request = "PUT " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!token.empty()) request += "Authorization: Bearer " + std::string(token) + "\r\n";
    if (!contentType.empty()) request += "Content-Type: " + std::string(contentType) + "\r\n";
    request += "Content-Length: " + std::to_string(bytes.size()) + "\r\n\r\n";
    request.append(bytes.constData(), std::size_t(bytes.size()));
    RawConnection c(port);
    REQUIRE(c.send(request));
    return c.readResponse();
}

ApiSite::ApiSite() {
    REQUIRE(dir.isValid());
    ann = addPhotographer(dir.path(), QStringLiteral("Ann")).toStdString();
    bob = addPhotographer(dir.path(), QStringLiteral("Bob")).toStdString();
    server = std::make_unique<HostServer>(dir.path());
}

RawResponse ApiSite::call(std::string_view method, std::string_view target, std::string_view token,
                          std::string_view body) {
    return roundTrip(server->port(), method, target, token, body);
}

RawResponse ApiSite::call(std::string_view method, std::string_view target, std::string_view token,
                          const QJsonObject& body) {
    return call(method, target, token, toJson(body));
}

RawResponse ApiSite::putBytes(std::string_view target, std::string_view token, const QByteArray& bytes,
                              std::string_view contentType) {
    return putBytesTo(server->port(), target, token, bytes, contentType);
}

RawResponse ApiSite::putRendition(std::string_view token, const QByteArray& bytes, std::string_view contentType) {
    return putBytes("/api/v1/renditions/" + sha256Of(bytes).toStdString(), token, bytes, contentType);
}

std::string ApiSite::createEvent(std::string_view token, const QString& name) {
    const std::string id = newUuid();
    const QJsonObject body{
        {"name", name},
        {"date", "2026-06-01"},
        {"categories", QJsonArray{"Ceremony", "Party"}},
        {"price_sheet",
         QJsonObject{
             {"currency", "EUR"},
             {"products",
              QJsonArray{QJsonObject{{"name", "Print"}, {"size", "4x6"}, {"finish", "gloss"}, {"price_cents", 500}},
                         QJsonObject{{"name", "Print"}, {"size", "5x7"}, {"finish", "gloss"}, {"price_cents", 750}}}}}},
        {"gallery", QJsonObject{{"access_code", "rings2026"}}}};
    const RawResponse r = call("PUT", "/api/v1/events/" + id, token, body);
    INFO(r.body);
    REQUIRE(r.status == 201);
    return id;
}

QJsonObject ApiSite::publishPhoto(std::string_view token, const std::string& eventId, const QString& photoId, int seed,
                                  const QString& category) {
    const QByteArray proof = makeJpeg(480, 320, seed), thumb = makeJpeg(120, 80, seed), zoom = makeJp2(600, 400, seed);
    for (const auto& [bytes, type] :
         {std::pair{proof, "image/jpeg"}, std::pair{thumb, "image/jpeg"}, std::pair{zoom, "image/jp2"}}) {
        const RawResponse r = putRendition(token, bytes, type);
        INFO(r.body);
        REQUIRE((r.status == 201 || r.status == 200));
    }
    const QJsonObject body{
        {"category", category},
        {"position", seed},
        {"filename", photoId + QStringLiteral(".CR3")},
        {"original_width", 6000},
        {"original_height", 4000},
        {"renditions", QJsonObject{{"proof", sha256Of(proof)}, {"thumb", sha256Of(thumb)}, {"zoom", sha256Of(zoom)}}}};
    const RawResponse r = call("PUT", "/api/v1/events/" + eventId + "/photos/" + photoId.toStdString(), token, body);
    INFO(r.body);
    REQUIRE((r.status == 201 || r.status == 200));
    return r.json().object();
}

pd::host::SqliteHostStore& ApiSite::store() {
    if (!m_store) {
        auto opened = pd::host::SqliteHostStore::open(dir.path());
        REQUIRE(opened.ok());
        m_store = std::move(opened.value());
    }
    return *m_store;
}

pd::host::HostOrder ApiSite::placeOrder(const std::string& eventId, const QString& photoId, const QString& customer,
                                        pd::host::CropRect crop) {
    pd::host::HostOrder order;
    order.eventId = QString::fromStdString(eventId);
    order.customerName = customer;
    order.email = customer.toLower().remove(QLatin1Char(' ')) + QStringLiteral("@example.com");
    order.phone = QStringLiteral("+44 20 7946 0000");
    order.delivery = QStringLiteral("pickup");
    order.currency = QStringLiteral("EUR");
    pd::host::OrderItem item;
    item.photoId = photoId;
    item.product = QStringLiteral("Print");
    item.size = QStringLiteral("5x7");
    item.finish = QStringLiteral("gloss");
    item.quantity = 2;
    item.unitCents = 750;
    item.crop = crop;
    order.items.push_back(item);
    order.totalCents = 1500;
    auto placed = store().placeOrder(order);
    INFO((placed.ok() ? QString() : placed.error().toString()).toStdString());
    REQUIRE(placed.ok());
    return placed.value();
}

} // namespace pd::test
