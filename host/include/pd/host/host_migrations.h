// The host store's schema as numbered, forward-only steps, written in the SQL that SQLite and
// PostgreSQL both accept (TEXT, INTEGER, REFERENCES), so both backends build the same tables.
#pragma once

#include <span>

namespace pd::host {

struct HostMigration {
    int version;     // 1, 2, 3, ... in order, no gaps
    const char* sql; // run in one transaction together with its schema_migrations row
};

// Never edit a step that has shipped: add the next one. The applied steps are recorded in
// schema_migrations(version, applied_at); the schema version is its largest version (0: empty).
std::span<const HostMigration> hostMigrations();

} // namespace pd::host
