// The host store's schema as numbered, forward-only steps, written in the SQL that SQLite and
// PostgreSQL both accept (TEXT, INTEGER, BIGINT, REFERENCES), so both backends build the same
// tables. The one type the engines spell differently, raw bytes, is the placeholder {{BYTES}}
// in the text, replaced per engine by migrationSql (BLOB in SQLite, BYTEA in PostgreSQL).
#pragma once

#include <QString>

#include <span>

namespace pd::host {

struct HostMigration {
    int version;     // 1, 2, 3, ... in order, no gaps
    const char* sql; // run in one transaction together with its schema_migrations row
    // After the SQL, in the same transaction, the backend gives every event without a slug the
    // one it would make on create (store::slugCandidate). SQL alone cannot make slugs the same
    // way in both engines.
    bool backfillSlugs = false;
};

enum class SqlEngine { Sqlite, Postgres };

// Never edit a step that has shipped: add the next one. The applied steps are recorded in
// schema_migrations(version, applied_at); the schema version is its largest version (0: empty).
std::span<const HostMigration> hostMigrations();

// The step's SQL for one engine (placeholders replaced).
QString migrationSql(const HostMigration& step, SqlEngine engine);

} // namespace pd::host
