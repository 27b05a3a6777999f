// The publish suites' real host, proxy and studio (see publish_fixture.h).
#include "publish_fixture.h"

#include "gallery_fixture.h"
#include "test_support.h"

#include "pd/db/sqlite_db.h"

#include <catch2/catch.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <set>

namespace pd::test {

namespace {

std::string shaOf(const QByteArray& b) { return QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex().toStdString(); }

} // namespace

PublishSite::PublishSite(int photos, int width, int height) {
    REQUIRE(dir.isValid());
    const QString hostData = dir.path() + QStringLiteral("/host");
    REQUIRE(QDir().mkpath(hostData));
    token = addPhotographer(hostData, QStringLiteral("Ann Example"));
    REQUIRE(!token.isEmpty());
    server = std::make_unique<HostServer>(hostData);
    proxy = std::make_unique<FaultProxy>(server->port());

    const QString tokenFile = dir.path() + QStringLiteral("/token.txt");
    QFile f(tokenFile);
    REQUIRE(f.open(QIODevice::WriteOnly));
    f.write(token.toUtf8() + '\n');
    f.close();
    REQUIRE(cli({"host", "add", "local", QStringLiteral("http://127.0.0.1:%1").arg(proxy->port()), "--token-file", tokenFile}).exitCode == 0);

    const auto created = cli({"event", "create", "Smith wedding", "--category", "Ceremony", "--date", "2026-06-01"});
    REQUIRE(created.exitCode == 0);
    eventId = created.outText();
    const QString src = dir.path() + QStringLiteral("/card");
    REQUIRE(QDir().mkpath(src));
    for (int i = 0; i < photos; ++i) {
        SyntheticExif exif;
        exif.capturedAt = QDateTime(QDate(2026, 6, 1), QTime(14, 0, i));
        QFile img(src + QStringLiteral("/IMG_%1.JPG").arg(1000 + i));
        REQUIRE(img.open(QIODevice::WriteOnly));
        img.write(makeJpeg(makeDetailedImage(width, height, unsigned(100 + i)), exif));
    }
    const auto imported = cli({"import", eventId, src, "--category", "Ceremony", "--json"});
    INFO(imported.err.toStdString());
    REQUIRE(imported.exitCode == 0);
    const auto list = cli({"photos", eventId, "--json"});
    REQUIRE(list.exitCode == 0);
    for (const auto& v : list.json().array()) photoIds << v.toObject().value("id").toString();
    REQUIRE(photoIds.size() == photos);
    REQUIRE(cli(QStringList{"select"} + photoIds).exitCode == 0);
    REQUIRE(cli({"event", "set", eventId, "--access-code", "rings2026", "--expires", "2030-12-31"}).exitCode == 0);
}

QJsonObject PublishSite::publish(const QStringList& extra) const {
    const auto r = cli(QStringList{"publish", eventId, "--json"} + extra);
    INFO(r.err.toStdString());
    REQUIRE(r.exitCode == 0);
    return r.json().object();
}

RawResponse PublishSite::studio(std::string_view method, const std::string& target, std::string_view body) const {
    return roundTrip(server->port(), method, target, token.toStdString(), body);
}

std::map<std::string, QJsonObject> PublishSite::hostPhotos() const {
    const RawResponse r = studio("GET", "/api/v1/events/" + eventId.toStdString() + "/photos");
    REQUIRE(r.status == 200);
    std::map<std::string, QJsonObject> out;
    for (const auto& v : r.json().object().value("photos").toArray()) {
        const QJsonObject p = v.toObject();
        out[p.value("id").toString().toStdString()] = p.value("renditions").toObject();
    }
    return out;
}

std::string PublishSite::slug() const {
    const RawResponse r = studio("GET", "/api/v1/events/" + eventId.toStdString());
    REQUIRE(r.status == 200);
    return r.json().object().value("slug").toString().toStdString();
}

int PublishSite::renditionPuts() const {
    const auto seen = proxy->requests();
    int n = 0;
    for (std::size_t i = countFrom; i < seen.size(); ++i)
        if (seen[i].method == "PUT" && seen[i].target.rfind("/api/v1/renditions/", 0) == 0) ++n;
    return n;
}
int PublishSite::requestsSeen() const { return int(proxy->requests().size() - countFrom); }
void PublishSite::resetCounts() { countFrom = proxy->requests().size(); }

std::string PublishSite::galleryLogin(const std::string& code) const {
    const std::string s = slug();
    const RawResponse page = httpCall(server->port(), "GET", "/g/" + s);
    REQUIRE(page.status == 200);
    const std::string csrf = csrfField(page.body);
    const std::string nonce = cookiePair(page.header("set-cookie"));
    const RawResponse r = httpCall(server->port(), "POST", "/g/" + s + "/login",
                                   "Cookie: " + nonce + "\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                                   formEncode({{"csrf", csrf}, {"code", code}, {"email", "kim@example.com"}}));
    if (r.status != 303) return {};
    return cookiePair(r.header("set-cookie"));
}

QByteArray PublishSite::galleryImage(const std::string& cookie, const std::string& photoId, const std::string& kind) const {
    const RawResponse r = httpCall(server->port(), "GET", "/g/" + slug() + "/img/" + photoId + "/" + kind, "Cookie: " + cookie + "\r\n");
    REQUIRE(r.status == 200);
    return QByteArray::fromStdString(r.body);
}

void PublishSite::checkHostHoldsExactly(const QStringList& selected) const {
    const auto photos = hostPhotos();
    std::set<std::string> want;
    for (const QString& id : selected) want.insert(id.toStdString());
    std::set<std::string> have;
    for (const auto& [id, r] : photos) have.insert(id);
    CHECK(have == want);
    const std::string cookie = galleryLogin("rings2026");
    REQUIRE(!cookie.empty());
    for (const auto& [id, r] : photos) {
        for (const char* kind : {"proof", "thumb"}) {
            const std::string sha = r.value(kind).toString().toStdString();
            REQUIRE(sha.size() == 64);
            CHECK(shaOf(galleryImage(cookie, id, kind)) == sha);
        }
        const std::string zoom = r.value("zoom").toString().toStdString();
        REQUIRE(zoom.size() == 64);
        const RawResponse z = studio("GET", "/api/v1/renditions/" + zoom);
        REQUIRE(z.status == 200);
        CHECK(z.json().object().value("mime").toString() == "image/jp2");
    }
    // Nothing left behind: the host's store holds exactly the renditions its photos name, once.
    std::set<QString> named;
    for (const auto& [id, r] : photos)
        for (const char* kind : {"proof", "thumb", "zoom"}) named.insert(r.value(kind).toString());
    pd::SqliteDb::Options ro;
    ro.readOnly = true;
    ro.create = false;
    auto db = pd::SqliteDb::open(dir.path() + QStringLiteral("/host/host.sqlite"), ro);
    REQUIRE(db.ok());
    auto st = (*db)->prepare(QStringLiteral("SELECT sha256 FROM blobs"));
    REQUIRE(st.ok());
    std::multiset<QString> stored;
    REQUIRE(st->forEach([&] { stored.insert(st->text(0).toLower()); }).ok());
    CHECK(std::set<QString>(stored.begin(), stored.end()) == named);
    CHECK(stored.size() == named.size());
}

} // namespace pd::test
