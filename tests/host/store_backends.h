// The host store under test on each engine: an SQLite file in a temp folder, or a fresh database
// in the suite's throwaway PostgreSQL cluster, plus the fixtures the store suites share.
#pragma once

#include "pd/host/host_store.h"

#include <catch2/catch.hpp>

#include <QByteArray>
#include <QString>

#include <memory>
#include <string>

namespace pd::test {

// One store under test: where it lives, how to open it again, and raw SQL for fixtures.
class TestStore {
public:
    virtual ~TestStore() = default;
    // A new store object on the same database, as another process would open it.
    virtual std::unique_ptr<host::HostStore> open(bool migrate = true) = 0;
    // Runs SQL on the store's database behind the store's back (fixtures, damage).
    virtual void exec(const QString& sql) = 0;
};

// "sqlite" or "postgresql".
std::unique_ptr<TestStore> makeTestStore(const std::string& backend);

QString newId();
// An event of `owner` with two categories (Ceremony, Party) and one 4x6 product.
host::EventUpdate makeEvent(const QString& owner, const QString& id, const QString& name);
// A small valid JPEG (decodable), different for each seed.
QByteArray jpegBytes(int seed, int width = 40, int height = 30);
// Stores `bytes` as a blob of the photographer and returns its info.
host::BlobInfo storeBlob(host::HostStore& store, const QString& photographerId, const QByteArray& bytes, int width = 40,
                         int height = 30);

} // namespace pd::test

// Runs the rest of the test case once per engine (a Catch generator), with `under` the store.
#define PD_EACH_BACKEND()                                                                                              \
    const std::string backend = GENERATE(as<std::string>{}, "sqlite", "postgresql");                                   \
    INFO("backend: " << backend);                                                                                      \
    const std::unique_ptr<pd::test::TestStore> under = pd::test::makeTestStore(backend)
