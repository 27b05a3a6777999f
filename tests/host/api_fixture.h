// What the studio API suites share: a real proofdesk-host with two photographers, requests with
// any Content-Type, real JPEG and JPEG 2000 renditions, and the host's own store file opened
// beside the running process (WAL) to do what only a gallery visitor could (orders, favourites).
#pragma once

#include "host_process.h"
#include "raw_http.h"

#include "pd/host/sqlite_host_store.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QTemporaryDir>

#include <memory>
#include <string>
#include <string_view>

namespace pd::test {

// A JPEG of w x h with a gradient and a seed-dependent square, so different seeds give different
// bytes. Fails the test when the encoder fails.
QByteArray makeJpeg(int width, int height, int seed = 0);
// The same picture as a JP2 zoom proof through pd_core's encoder.
QByteArray makeJp2(int width, int height, int seed = 0);

std::string newUuid();
// One PUT of bytes with that Content-Type (none when empty) on a fresh connection.
RawResponse putBytesTo(unsigned short port, std::string_view target, std::string_view token, const QByteArray& bytes,
                       std::string_view contentType);
std::string toJson(const QJsonObject& o);

struct ApiSite {
    QTemporaryDir dir;
    std::string ann, bob;
    std::unique_ptr<HostServer> server;

    ApiSite();
    RawResponse call(std::string_view method, std::string_view target, std::string_view token,
                     std::string_view body = {});
    RawResponse call(std::string_view method, std::string_view target, std::string_view token, const QJsonObject& body);
    // A PUT of bytes with that Content-Type (none when empty).
    RawResponse putBytes(std::string_view target, std::string_view token, const QByteArray& bytes,
                         std::string_view contentType);
    // PUT /api/v1/renditions/<sha of bytes>; returns the response.
    RawResponse putRendition(std::string_view token, const QByteArray& bytes,
                             std::string_view contentType = "image/jpeg");
    // PUTs an event (categories "Ceremony", "Party"; a 4x6 and a 5x7 print) and returns its id.
    std::string createEvent(std::string_view token, const QString& name = QStringLiteral("Smith wedding"));
    // Uploads a proof, thumb (JPEG) and zoom (JP2) made from `seed` and PUTs the photo; returns the
    // photo's JSON as stored (fails the test on any non-2xx).
    QJsonObject publishPhoto(std::string_view token, const std::string& eventId, const QString& photoId, int seed,
                             const QString& category = QStringLiteral("Ceremony"));
    // The host's SQLite store, opened beside the server (for placing orders and favourites).
    pd::host::SqliteHostStore& store();
    // Places an order as a gallery customer would: one item of photoId, 5x7, crop as given.
    pd::host::HostOrder placeOrder(const std::string& eventId, const QString& photoId, const QString& customer,
                                   pd::host::CropRect crop = {});

private:
    std::unique_ptr<pd::host::SqliteHostStore> m_store;
};

} // namespace pd::test
