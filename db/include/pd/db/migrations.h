// Numbered, forward-only schema migrations for the catalog and the event vaults.
#pragma once

#include "pd/core/result.h"

#include <span>

namespace pd {

class SqliteDb;

struct Migration {
    int version;        // 1, 2, 3, ... in order, no gaps
    const char* sql;    // run inside one transaction together with the user_version bump
};

std::span<const Migration> catalogMigrations();
std::span<const Migration> vaultMigrations();

// Brings the database to `target` (default: the newest) applying each missing migration in its
// own transaction. A database newer than this program knows is refused, never downgraded.
Status migrate(SqliteDb& db, std::span<const Migration> migrations, int target = -1);

} // namespace pd
