// The store suites' two engines and shared fixtures (see store_backends.h).
#include "store_backends.h"

#include "pg_cluster.h"

#include "pd/core/content_hash.h"
#include "pd/host/postgres_host_store.h"
#include "pd/host/sqlite_connection.h"
#include "pd/host/sqlite_host_store.h"

#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QUuid>

namespace pd::test {

using namespace pd::host;

namespace {

class SqliteTestStore final : public TestStore {
public:
    std::unique_ptr<HostStore> open(bool migrate) override {
        auto store = SqliteHostStore::open(m_dir.path());
        REQUIRE(store.ok());
        if (migrate) REQUIRE(store.value()->migrate().ok());
        return std::move(store).value();
    }
    void exec(const QString& sql) override {
        auto db = SqliteConnection::open(QDir(m_dir.path()).filePath(SqliteHostStore::fileName()));
        REQUIRE(db.ok());
        const Status s = db.value()->exec(sql);
        INFO(sql.toStdString() << ": " << (s.ok() ? std::string() : s.error().toString().toStdString()));
        REQUIRE(s.ok());
    }

private:
    QTemporaryDir m_dir;
};

class PostgresTestStore final : public TestStore {
public:
    std::unique_ptr<HostStore> open(bool migrate) override {
        auto store = PostgresHostStore::open(m_uri);
        INFO((store.ok() ? std::string() : store.error().toString().toStdString()));
        REQUIRE(store.ok());
        if (migrate) REQUIRE(store.value()->migrate().ok());
        return std::move(store).value();
    }
    void exec(const QString& sql) override { PgCluster::exec(m_uri, sql); }

private:
    QString m_uri = PgCluster::shared().createDatabase();
};

} // namespace

std::unique_ptr<TestStore> makeTestStore(const std::string& backend) {
    if (backend == "postgresql") return std::make_unique<PostgresTestStore>();
    return std::make_unique<SqliteTestStore>();
}

QString newId() {
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

EventUpdate makeEvent(const QString& owner, const QString& id, const QString& name) {
    EventUpdate u;
    u.event.id = id;
    u.event.photographerId = owner;
    u.event.name = name;
    u.event.date = QStringLiteral("2026-06-01");
    u.event.categories = {QStringLiteral("Ceremony"), QStringLiteral("Party")};
    u.event.priceSheet.products.push_back(PrintProduct{QStringLiteral("Print"), QStringLiteral("4x6"), QString(), 500});
    return u;
}

QByteArray jpegBytes(int seed, int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(QColor::fromHsv((seed * 37) % 360, 200, 100 + seed % 100));
    image.setPixel(seed % width, 0, qRgb(255, 255, 255));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    REQUIRE(image.save(&buffer, "JPEG", 90));
    return bytes;
}

BlobInfo storeBlob(HostStore& store, const QString& photographerId, const QByteArray& bytes, int width, int height) {
    const BlobInfo info{sha256Hex(bytes), QStringLiteral("image/jpeg"), width, height, bytes.size()};
    auto put = store.putBlob(photographerId, info, bytes);
    INFO((put.ok() ? std::string() : put.error().toString().toStdString()));
    REQUIRE(put.ok());
    return info;
}

} // namespace pd::test
