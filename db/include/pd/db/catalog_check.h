// `catalog check`: the integrity of the catalog and of every event vault.
#pragma once

#include "pd/core/result.h"

#include <QStringList>

namespace pd {

class Catalog;

struct CatalogCheckReport {
    int events = 0;
    int photos = 0;
    QStringList problems;  // each one makes the check fail
    QStringList notes;     // worth knowing, harmless (leftovers an interrupted job will reuse)
    bool ok() const { return problems.isEmpty(); }
};

// Checks SQLite integrity and foreign keys of the catalog and each vault; that every photo's
// original is in its event's vault with the recorded size and SHA-256 (re-hashed); that every
// photo has a thumbnail and a preview. Reads only.
Result<CatalogCheckReport> checkCatalog(Catalog& catalog);

} // namespace pd
