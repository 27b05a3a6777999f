// The host store's schema, as the numbered steps that build it.
#include "pd/host/host_migrations.h"

namespace pd::host {

namespace {

// Times are ISO 8601 UTC text and JSON is text: the same in both engines.
constexpr HostMigration kSteps[] = {
    // Photographers and their bearer tokens (SHA-256 only; the token itself is never stored).
    {1, R"sql(
CREATE TABLE photographers(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
)sql"},
    // Events as the studio publishes them, with the gallery settings and the price sheet.
    {2, R"sql(
CREATE TABLE events(
  id TEXT PRIMARY KEY,
  photographer_id TEXT NOT NULL REFERENCES photographers(id),
  name TEXT NOT NULL,
  event_date TEXT,
  description TEXT NOT NULL DEFAULT '',
  price_sheet TEXT NOT NULL DEFAULT '{}',
  access_code_hash TEXT,
  expires TEXT,
  proof_size INTEGER NOT NULL DEFAULT 2048,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX events_by_photographer ON events(photographer_id, event_date);
)sql"},
    // Categories of an event, in the studio's order; photos will name theirs.
    {3, R"sql(
CREATE TABLE event_categories(
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY(event_id, name)
);
)sql"},
};

} // namespace

std::span<const HostMigration> hostMigrations() {
    return kSteps;
}

} // namespace pd::host
