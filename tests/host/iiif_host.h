// The IIIF suites' host: a real proofdesk-host with one photographer (Ann), and ways to set up
// zoom proofs, events, photos and shares through the store beside the running server (WAL lets
// both use the SQLite file), to sign a visitor's cookie and to GET a target.
#pragma once

#include "host_process.h"
#include "raw_http.h"
#include "test_support.h"

#include "pd/core/content_hash.h"
#include "pd/core/jp2_encoder.h"
#include "pd/host/gallery_session.h"
#include "pd/host/sqlite_host_store.h"

#include <catch2/catch.hpp>

#include <QDateTime>
#include <QImage>
#include <QTemporaryDir>
#include <QUuid>

#include <memory>
#include <optional>
#include <string>

namespace pd::test {

inline QString newId() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

struct IiifHost {
    QTemporaryDir dir;
    std::unique_ptr<HostServer> server;
    std::unique_ptr<host::SqliteHostStore> store;
    QString annId;

    IiifHost() {
        REQUIRE(dir.isValid());
        addPhotographer(dir.path(), QStringLiteral("Ann"));
        server = std::make_unique<HostServer>(dir.path());
        auto opened = host::SqliteHostStore::open(dir.path());
        REQUIRE(opened.ok());
        store = std::move(opened).value();
        auto people = store->photographers();
        REQUIRE(people.ok());
        REQUIRE(people->size() == 1);
        annId = people->front().id;
    }

    // Stores `image` as a JPEG 2000 zoom proof of Ann's; returns its SHA-256.
    QString putZoom(const QImage& image) {
        Result<QByteArray> jp2 = encodeJp2(image, Jp2Options{});
        REQUIRE(jp2.ok());
        host::BlobInfo info;
        info.sha256 = sha256Hex(*jp2);
        info.mime = QStringLiteral("image/jp2");
        info.width = image.width();
        info.height = image.height();
        info.size = jp2->size();
        REQUIRE(store->putBlob(annId, info, *jp2).ok());
        return info.sha256;
    }
    // The quadrant image of that size (makeQuadrantImage) as a zoom proof.
    QString putZoom(QSize size) { return putZoom(makeQuadrantImage(size.width(), size.height())); }

    host::HostEvent putEvent(const QString& name, const QString& expires = {}, std::optional<QString> codeHash = {},
                             const QString& id = {}) {
        host::HostEvent e;
        e.id = id.isEmpty() ? newId() : id;
        e.photographerId = annId;
        e.name = name;
        e.date = QStringLiteral("2026-06-01");
        e.expires = expires;
        e.proofSize = 2048;
        REQUIRE(store->putEvent(host::EventUpdate{e, codeHash}).ok());
        return e;
    }

    void putPhoto(const QString& eventId, const QString& photoId, const QString& zoomSha) {
        host::HostPhoto p;
        p.id = photoId;
        p.eventId = eventId;
        p.filename = photoId + QStringLiteral(".jpg");
        p.renditions.zoom = zoomSha;
        REQUIRE(store->putPhoto(annId, p).ok());
    }

    // A share of `eventId` (an empty `photos`: the whole event); returns the token.
    std::string addShare(const QString& eventId, int maxPx, int maxRetrievals, QStringList photos = {},
                         const QString& expires = {}, QString* shareId = nullptr) {
        const std::string token = QUuid::createUuid().toString(QUuid::Id128).toStdString() + "Tk";
        host::Share s;
        s.eventId = eventId;
        s.photographerId = annId;
        s.tokenHash = sha256Hex(QByteArray::fromStdString(token));
        s.name = QStringLiteral("Daily Courier");
        s.photoIds = std::move(photos);
        s.maxPx = maxPx;
        s.maxRetrievals = maxRetrievals;
        s.expires = expires;
        Result<host::Share> made = store->createShare(s);
        REQUIRE(made.ok());
        if (shareId) *shareId = made->id;
        return token;
    }

    // A visitor's cookie header, signed with the site's secret, made under `codeHash`.
    std::string cookieFor(const QString& eventId, const QString& codeHash = {}) {
        Result<QByteArray> secret = store->siteSecret();
        REQUIRE(secret.ok());
        const host::SessionCodec codec(*secret);
        host::GallerySession s{eventId, QStringLiteral("guest@example.org"), QDateTime::currentSecsSinceEpoch(),
                               codec.codeFingerprint(codeHash)};
        return "Cookie: pd_g=" + codec.encode(s) + "\r\n";
    }

    RawResponse get(const std::string& target, const std::string& headers = {}) {
        RawConnection c(server->port());
        REQUIRE(c.send(httpRequest("GET", target, {}, {}, headers + "Connection: close\r\n")));
        return c.readResponse();
    }
};

} // namespace pd::test
