// Helpers for the db suites: a catalog in a fresh temp folder.
#pragma once

#include "pd/db/catalog.h"

#include <catch2/catch.hpp>

#include <QTemporaryDir>

namespace pd::test {

struct TempCatalog {
    QTemporaryDir dir;
    std::unique_ptr<Catalog> catalog;
    TempCatalog() {
        REQUIRE(dir.isValid());
        auto c = Catalog::open(dir.path() + QStringLiteral("/catalog"));
        REQUIRE(c.ok());
        catalog = std::move(c).value();
    }
    Catalog& operator*() { return *catalog; }
    Catalog* operator->() { return catalog.get(); }
};

} // namespace pd::test
