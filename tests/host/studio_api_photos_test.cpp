// The studio API's renditions, manifest, photos and favourites against a real proofdesk-host:
// only images that decode as what they claim are stored, uploads are idempotent, the manifest
// tells the studio exactly what to send, and deleted photos take their unused renditions along.
#include <catch2/catch.hpp>

#include "api_fixture.h"
#include "test_support.h"

#include "pd/core/image_decoder.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>

using namespace pd::test;

namespace {

QStringList strings(const QJsonValue& v) {
    QStringList out;
    for (const QJsonValue& x : v.toArray()) out << x.toString();
    return out;
}

} // namespace

TEST_CASE("renditions are stored only when their hash and their pixels are right", "[host][api]") {
    ApiSite site;
    const QByteArray jpeg = makeJpeg(640, 427, 1);
    const std::string sha = sha256Of(jpeg).toStdString();

    const RawResponse created = site.putRendition(site.ann, jpeg);
    INFO(created.body);
    REQUIRE(created.status == 201);
    const QJsonObject info = created.json().object();
    CHECK(info.value("sha256").toString().toStdString() == sha);
    CHECK(info.value("mime").toString() == "image/jpeg");
    CHECK(info.value("width").toInt() == 640);
    CHECK(info.value("height").toInt() == 427);
    CHECK(info.value("size").toInteger() == jpeg.size());

    // The same bytes again: 200, the same answer, nothing rewritten.
    const RawResponse again = site.putRendition(site.ann, jpeg);
    CHECK(again.status == 200);
    CHECK(again.json() == created.json());
    const RawResponse read = site.call("GET", "/api/v1/renditions/" + sha, site.ann);
    CHECK(read.status == 200);
    CHECK(read.json() == created.json());

    // A JPEG 2000 zoom proof from pd_core's encoder.
    const QByteArray jp2 = makeJp2(900, 600, 1);
    const RawResponse zoom = site.putRendition(site.ann, jp2, "image/jp2");
    INFO(zoom.body);
    CHECK(zoom.status == 201);
    CHECK(zoom.json().object().value("mime").toString() == "image/jp2");
    CHECK(zoom.json().object().value("width").toInt() == 900);
    CHECK(zoom.json().object().value("height").toInt() == 600);

    // The hash in the URL is not the body's: both are named.
    const QByteArray other = makeJpeg(64, 64, 2);
    const RawResponse wrongHash =
        site.putBytes("/api/v1/renditions/" + sha256Of(other).toStdString(), site.ann, jpeg, "image/jpeg");
    CHECK(wrongHash.status == 400);
    CHECK_THAT(wrongHash.errorMessage(), Catch::Contains(sha) && Catch::Contains(sha256Of(other).toStdString()));
    CHECK(site.call("GET", "/api/v1/renditions/" + sha256Of(other).toStdString(), site.ann).status == 404);
    CHECK(site.putBytes("/api/v1/renditions/not-a-hash", site.ann, jpeg, "image/jpeg").status == 400);

    // Types other than JPEG and JP2, or none: 415.
    CHECK(site.putRendition(site.ann, other, "image/png").status == 415);
    CHECK(site.putRendition(site.ann, other, "application/json").status == 415);
    CHECK(site.putRendition(site.ann, other, "").status == 415);
    CHECK(site.putRendition(site.ann, other, "IMAGE/JPEG; charset=binary").status ==
          201); // case and parameters ignored

    // Bytes that do not decode as the type claimed: 422, nothing stored.
    const QByteArray truncated = jpeg.left(jpeg.size() / 2);
    const RawResponse cut = site.putRendition(site.ann, truncated);
    CHECK(cut.status == 422);
    CHECK_THAT(cut.errorMessage(), Catch::Contains("JPEG"));
    const RawResponse jpegAsJp2 = site.putRendition(site.ann, makeJpeg(50, 50, 3), "image/jp2");
    CHECK(jpegAsJp2.status == 422);
    CHECK_THAT(jpegAsJp2.errorMessage(), Catch::Contains("image/jp2") && Catch::Contains("JPEG"));
    CHECK(site.putRendition(site.ann, jp2, "image/jpeg").status == 422); // stored as jp2, not as a JPEG
    CHECK(site.putRendition(site.ann, QByteArray("hello, world"), "image/jpeg").status == 422);
    CHECK(site.putRendition(site.ann, QByteArray(), "image/jpeg").status == 422);
    CHECK(site.call("GET", "/api/v1/renditions/" + sha256Of(truncated).toStdString(), site.ann).status == 404);

    // Over the route's limit (48 MiB): 413 before the body is sent.
    {
        RawConnection c(site.server->port());
        REQUIRE(c.send("PUT /api/v1/renditions/" + sha + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + site.ann +
                       "\r\nContent-Type: image/jpeg\r\nContent-Length: " + std::to_string(49ull << 20) + "\r\n\r\n"));
        CHECK(c.readResponse().status == 413);
    }
    CHECK(site.call("GET", "/api/v1/me", site.ann).status == 200);
}

TEST_CASE("every file of the broken corpus is refused as a rendition unless it is a whole image",
          "[host][api][hostile]") {
    // bad/ holds files that crashed decoders in the past. Most are broken and must get a 4xx; a
    // few are in fact complete images (djpeg and pd_core decode them without a warning): those
    // may be stored, but only when they decode in full to the size the host reported. Sent as
    // the other type, every file is refused.
    PD_REQUIRE_TESTDATA(bad, "bad");
    ApiSite site;
    int files = 0, refused = 0;
    QDirIterator it(bad, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QByteArray bytes = readFile(path);
        const QString suffix = QFileInfo(path).suffix().toLower();
        const bool jp2 = suffix == QLatin1String("jp2") || suffix == QLatin1String("j2k") ||
                         suffix == QLatin1String("jpc") || suffix == QLatin1String("j2c");
        const std::string type = jp2 ? "image/jp2" : "image/jpeg";
        const RawResponse r = site.putRendition(site.ann, bytes, type);
        INFO(path.toStdString() << " as " << type << ": " << r.body);
        REQUIRE(r.status != 0);
        CHECK(r.status < 500);
        if (r.status >= 400) {
            ++refused;
            CHECK(!r.errorMessage().empty());
        } else {
            CHECK(r.status == 201);
            const auto full = pd::decodeImage(bytes);
            REQUIRE(full.ok());
            CHECK(r.json()["width"].toInt() == full->fullWidth);
            CHECK(r.json()["height"].toInt() == full->fullHeight);
        }
        const RawResponse crossed = site.putRendition(site.ann, bytes, jp2 ? "image/jpeg" : "image/jp2");
        CHECK(crossed.status >= 400);
        CHECK(crossed.status < 500);
        CHECK(site.call("GET", "/healthz", {}).status == 200);
        ++files;
    }
    CHECK(files > 100);
    CHECK(refused >= files - 7); // the seven intact invalid_image*.jpg
    CHECK(site.call("GET", "/api/v1/me", site.ann).status == 200);
}

TEST_CASE("the manifest says what to upload, what to re-send and what to delete", "[host][api]") {
    ApiSite site;
    const std::string event = site.createEvent(site.ann);
    const std::string manifestPath = "/api/v1/events/" + event + "/manifest";
    const QByteArray proof1 = makeJpeg(480, 320, 11), thumb1 = makeJpeg(120, 80, 11), zoom1 = makeJp2(600, 400, 11);
    const QByteArray proof2 = makeJpeg(480, 320, 12), thumb2 = makeJpeg(120, 80, 12);
    const auto manifest = [&](const QByteArray& p1) {
        return QJsonObject{{"photos", QJsonArray{QJsonObject{{"id", "1041"},
                                                             {"renditions", QJsonObject{{"proof", sha256Of(p1)},
                                                                                        {"thumb", sha256Of(thumb1)},
                                                                                        {"zoom", sha256Of(zoom1)}}}},
                                                 QJsonObject{{"id", "1042"},
                                                             {"renditions", QJsonObject{{"proof", sha256Of(proof2)},
                                                                                        {"thumb", sha256Of(thumb2)},
                                                                                        {"zoom", QJsonValue()}}}}}}};
    };

    RawResponse r = site.call("POST", manifestPath, site.ann, manifest(proof1));
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(strings(r.json()["missing"]) ==
          QStringList{sha256Of(proof1), sha256Of(thumb1), sha256Of(zoom1), sha256Of(proof2), sha256Of(thumb2)});
    CHECK(strings(r.json()["new_photos"]) == QStringList{"1041", "1042"});
    CHECK(strings(r.json()["stale"]).isEmpty());
    CHECK(strings(r.json()["unknown_photos"]).isEmpty());

    // A photo naming a rendition that was never uploaded: 409, naming it.
    const std::string photo1 = "/api/v1/events/" + event + "/photos/1041";
    const QJsonObject photoBody{{"category", "Ceremony"},
                                {"renditions", manifest(proof1)["photos"][0]["renditions"].toObject()}};
    r = site.call("PUT", photo1, site.ann, photoBody);
    CHECK(r.status == 409);
    CHECK_THAT(r.errorMessage(), Catch::Contains(sha256Of(proof1).toStdString()));
    CHECK(site.call("GET", photo1, site.ann).status == 404);

    for (const auto& [bytes, type] : {std::pair{proof1, "image/jpeg"}, std::pair{thumb1, "image/jpeg"},
                                      std::pair{zoom1, "image/jp2"}, std::pair{proof2, "image/jpeg"}})
        REQUIRE(site.putRendition(site.ann, bytes, type).status == 201);
    r = site.call("POST", manifestPath, site.ann, manifest(proof1));
    CHECK(strings(r.json()["missing"]) == QStringList{sha256Of(thumb2)});

    // Uploaded: the photo goes up, with the proof's size filled in.
    r = site.call("PUT", photo1, site.ann, photoBody);
    INFO(r.body);
    REQUIRE(r.status == 201);
    CHECK(r.json()["proof_width"].toInt() == 480);
    CHECK(r.json()["proof_height"].toInt() == 320);
    CHECK(r.json()["renditions"]["zoom"].toString() == sha256Of(zoom1));
    CHECK(site.call("PUT", photo1, site.ann, photoBody).status == 200);
    // A zoom proof where a thumbnail belongs, and a category the event lacks: 422.
    QJsonObject swapped = photoBody;
    swapped["renditions"] = QJsonObject{{"thumb", sha256Of(zoom1)}};
    CHECK(site.call("PUT", photo1, site.ann, swapped).status == 422);
    QJsonObject foreign = photoBody;
    foreign["category"] = "Reception";
    r = site.call("PUT", photo1, site.ann, foreign);
    CHECK(r.status == 422);
    CHECK_THAT(r.errorMessage(), Catch::Contains("Reception"));

    // An extra photo on the host, and a changed proof in the studio.
    site.publishPhoto(site.ann, event, QStringLiteral("0999"), 13);
    const QByteArray proof1b = makeJpeg(480, 320, 14);
    r = site.call("POST", manifestPath, site.ann, manifest(proof1b));
    CHECK(strings(r.json()["missing"]) == QStringList{sha256Of(proof1b), sha256Of(thumb2)});
    CHECK(strings(r.json()["new_photos"]) == QStringList{"1042"});
    CHECK(strings(r.json()["stale"]) == QStringList{"1041"});
    CHECK(strings(r.json()["unknown_photos"]) == QStringList{"0999"});

    const QJsonArray listed =
        site.call("GET", "/api/v1/events/" + event + "/photos", site.ann).json()["photos"].toArray();
    REQUIRE(listed.size() == 2);
    CHECK(listed[0]["id"].toString() == "1041"); // position 0, then 13
    CHECK(listed[1]["id"].toString() == "0999");

    // Deleting the photo takes its renditions along: the manifest asks for them again.
    CHECK(site.call("DELETE", photo1, site.ann).status == 204);
    CHECK(site.call("DELETE", photo1, site.ann).status == 404);
    CHECK(site.call("GET", photo1, site.ann).status == 404);
    r = site.call("POST", manifestPath, site.ann, manifest(proof1));
    CHECK(strings(r.json()["missing"]) ==
          QStringList{sha256Of(proof1), sha256Of(thumb1), sha256Of(zoom1), sha256Of(thumb2)});
    CHECK(strings(r.json()["new_photos"]) == QStringList{"1041", "1042"});

    // Malformed manifests.
    CHECK(site.call("POST", manifestPath, site.ann, R"({"photos": {}})").status == 400);
    CHECK(site.call("POST", manifestPath, site.ann, R"({"photos": [{"id": "1"}, {"id": "1"}]})").status == 400);
    CHECK(site.call("POST", manifestPath, site.ann, R"({"photos": [{"id": "1", "renditions": {"proof": "abc"}}]})")
              .status == 400);
    CHECK(site.call("POST", "/api/v1/events/" + newUuid() + "/manifest", site.ann, R"({"photos": []})").status == 404);
}

TEST_CASE("renditions uploaded for an event and never used are swept by its manifest only when asked",
          "[host][api]") {
    ApiSite site;
    const std::string event = site.createEvent(site.ann);
    const std::string other = site.createEvent(site.ann, QStringLiteral("Other"));
    const std::string manifestPath = "/api/v1/events/" + event + "/manifest";
    const auto upload = [&](std::string_view token, const QByteArray& bytes, const std::string& forEvent) {
        std::string target = "/api/v1/renditions/" + sha256Of(bytes).toStdString();
        if (!forEvent.empty()) target += "?event=" + forEvent;
        return site.putBytes(target, token, bytes, "image/jpeg");
    };
    const QByteArray used = makeJpeg(480, 320, 21), orphan = makeJpeg(480, 320, 22), pending = makeJpeg(480, 320, 23);
    const QByteArray plain = makeJpeg(480, 320, 24), otherEvents = makeJpeg(480, 320, 25);
    REQUIRE(upload(site.ann, used, event).status == 201);
    REQUIRE(upload(site.ann, orphan, event).status == 201);
    REQUIRE(upload(site.ann, pending, event).status == 201);
    REQUIRE(upload(site.ann, plain, "").status == 201);
    REQUIRE(upload(site.ann, otherEvents, other).status == 201);
    // The event must be one of the caller's, named by its UUID.
    const QByteArray spare = makeJpeg(480, 320, 26);
    CHECK(upload(site.ann, spare, "not-a-uuid").status == 400);
    CHECK(upload(site.ann, spare, newUuid()).status == 404);
    CHECK(upload(site.bob, spare, event).status == 404);
    CHECK(site.call("GET", "/api/v1/renditions/" + sha256Of(spare).toStdString(), site.ann).status == 404);

    const std::string photo = "/api/v1/events/" + event + "/photos/1041";
    REQUIRE(site.call("PUT", photo, site.ann, QJsonObject{{"renditions", QJsonObject{{"proof", sha256Of(used)}}}}).status ==
            201);
    const auto manifest = [&](QJsonValue sweep) {
        QJsonObject body{{"photos", QJsonArray{QJsonObject{{"id", "1041"}, {"renditions", QJsonObject{{"proof", sha256Of(used)}}}},
                                               QJsonObject{{"id", "1042"}, {"renditions", QJsonObject{{"proof", sha256Of(pending)}}}}}}};
        if (!sweep.isUndefined()) body.insert("sweep_unreferenced", sweep);
        return site.call("POST", manifestPath, site.ann, body);
    };
    const auto held = [&](const QByteArray& bytes) {
        return site.call("GET", "/api/v1/renditions/" + sha256Of(bytes).toStdString(), site.ann).status == 200;
    };

    // Not asked (or asked not to): nothing changes and no "swept" in the answer.
    for (const QJsonValue& sweep : {QJsonValue(QJsonValue::Undefined), QJsonValue(false), QJsonValue()}) {
        const RawResponse r = manifest(sweep);
        INFO(r.body);
        REQUIRE(r.status == 200);
        CHECK_FALSE(r.json().object().contains("swept"));
        CHECK(held(orphan));
    }
    CHECK(manifest(QJsonValue("yes")).status == 400);
    // Bob cannot sweep Ann's event.
    CHECK(site.call("POST", manifestPath, site.bob, R"({"photos": [], "sweep_unreferenced": true})").status == 404);
    CHECK(held(orphan));

    const RawResponse r = manifest(true);
    INFO(r.body);
    REQUIRE(r.status == 200);
    CHECK(r.json()["swept"].toInt() == 1);
    CHECK(strings(r.json()["missing"]).isEmpty());
    CHECK(strings(r.json()["new_photos"]) == QStringList{"1042"});
    CHECK_FALSE(held(orphan));
    CHECK(held(used));          // a photo uses it
    CHECK(held(pending));       // the manifest names it: its photo is about to be PUT
    CHECK(held(plain));         // uploaded without an event
    CHECK(held(otherEvents));   // uploaded for another event
    CHECK(manifest(true).json()["swept"].toInt() == 0);
}

TEST_CASE("the studio reads every customer's favourites", "[host][api]") {
    ApiSite site;
    const std::string event = site.createEvent(site.ann);
    site.publishPhoto(site.ann, event, QStringLiteral("1"), 1);
    site.publishPhoto(site.ann, event, QStringLiteral("2"), 2);
    const std::string path = "/api/v1/events/" + event + "/favourites";
    CHECK(site.call("GET", path, site.ann).json()["favourites"].toArray().isEmpty());

    const QString id = QString::fromStdString(event);
    REQUIRE(site.store().setFavourite(id, QStringLiteral("kim@example.com"), QStringLiteral("2"), true).ok());
    REQUIRE(site.store().setFavourite(id, QStringLiteral("lee@example.com"), QStringLiteral("1"), true).ok());
    const RawResponse r = site.call("GET", path, site.ann);
    INFO(r.body);
    REQUIRE(r.status == 200);
    const QJsonArray favourites = r.json()["favourites"].toArray();
    REQUIRE(favourites.size() == 2);
    QStringList pairs;
    for (const QJsonValue& f : favourites) {
        pairs << f["email"].toString() + QLatin1Char('/') + f["photo_id"].toString();
        CHECK(!f["created_at"].toString().isEmpty());
    }
    pairs.sort();
    CHECK(pairs == QStringList{"kim@example.com/2", "lee@example.com/1"});
    CHECK(site.call("GET", "/api/v1/events/" + newUuid() + "/favourites", site.ann).status == 404);
}

TEST_CASE("a manifest of thousands of photos lists every missing hash once, in order", "[host][api]") {
    ApiSite site;
    const std::string event = site.createEvent(site.ann);
    const QByteArray held = makeJpeg(64, 64, 77);
    REQUIRE(site.putRendition(site.ann, held).status == 201);
    QJsonArray photos;
    QStringList expected;
    const auto fakeHash = [](int i) { return sha256Of(QByteArray::number(i)); };
    for (int i = 0; i < 3000; ++i) {
        // Photo 1500 uses the held proof, and every tenth photo shares the thumb of photo 0.
        const QString proof = i == 1500 ? sha256Of(held) : fakeHash(i);
        const QString thumb = i % 10 == 0 ? fakeHash(-1) : fakeHash(100000 + i);
        photos.append(QJsonObject{{"id", QString::number(i)},
                                  {"renditions", QJsonObject{{"proof", proof}, {"thumb", thumb}}}});
        for (const QString& h : {proof, thumb})
            if (h != sha256Of(held) && !expected.contains(h)) expected << h;
    }
    const RawResponse r =
        site.call("POST", "/api/v1/events/" + event + "/manifest", site.ann, QJsonObject{{"photos", photos}});
    REQUIRE(r.status == 200);
    const QJsonArray missing = r.json()["missing"].toArray();
    CHECK(missing.size() == expected.size());
    CHECK(missing == QJsonArray::fromStringList(expected));
    CHECK(r.json()["new_photos"].toArray().size() == 3000);
}
