// The host store's schema, as the numbered steps that build it.
#include "pd/host/host_migrations.h"

namespace pd::host {

namespace {

// Times are ISO 8601 UTC text, JSON is text and flags are INTEGER 0/1: the same in both engines.
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
)sql",
     false},
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
)sql",
     false},
    // Categories of an event, in the studio's order; photos will name theirs.
    {3, R"sql(
CREATE TABLE event_categories(
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY(event_id, name)
);
)sql",
     false},
    // Gallery addresses (/g/<slug>, unique across the host; existing events get theirs from the
    // backfill) and the largest size shares and zoom serve (0: the proof size).
    {4, R"sql(
ALTER TABLE events ADD COLUMN slug TEXT;
ALTER TABLE events ADD COLUMN share_size INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX events_by_slug ON events(slug);
)sql",
     true},
    // Renditions as content-addressed blobs per photographer, the photos that use them, and
    // customers' favourites. Photos name their blobs by hash without a foreign key (a photo has
    // no photographer column): the stores refuse unknown hashes and check() verifies.
    {5, R"sql(
CREATE TABLE blobs(
  photographer_id TEXT NOT NULL REFERENCES photographers(id),
  sha256 TEXT NOT NULL,
  mime TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  size BIGINT NOT NULL,
  bytes {{BYTES}} NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY(photographer_id, sha256)
);
CREATE TABLE photos(
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  category TEXT NOT NULL DEFAULT '',
  filename TEXT NOT NULL DEFAULT '',
  caption TEXT NOT NULL DEFAULT '',
  captured_at TEXT NOT NULL DEFAULT '',
  original_width INTEGER NOT NULL DEFAULT 0,
  original_height INTEGER NOT NULL DEFAULT 0,
  proof_sha256 TEXT,
  thumb_sha256 TEXT,
  zoom_sha256 TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY(event_id, id)
);
CREATE INDEX photos_by_position ON photos(event_id, position, id);
CREATE INDEX photos_by_proof ON photos(proof_sha256);
CREATE INDEX photos_by_thumb ON photos(thumb_sha256);
CREATE INDEX photos_by_zoom ON photos(zoom_sha256);
CREATE TABLE favourites(
  event_id TEXT NOT NULL,
  email TEXT NOT NULL,
  photo_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY(event_id, email, photo_id),
  FOREIGN KEY(event_id, photo_id) REFERENCES photos(event_id, id) ON DELETE CASCADE
);
)sql",
     false},
    // Orders. No foreign key to events: an order outlives its gallery. `seq` is the feed
    // cursor, taken from the single counters row 'order_seq' in the transaction that changes
    // the order, as its last statement: the row lock (PostgreSQL) or the write lock (SQLite)
    // makes seqs commit in increasing order, so a reader never skips one.
    {6, R"sql(
CREATE TABLE orders(
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  photographer_id TEXT NOT NULL REFERENCES photographers(id),
  seq BIGINT NOT NULL UNIQUE,
  customer_name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  delivery TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  currency TEXT NOT NULL,
  shipping_cents BIGINT NOT NULL DEFAULT 0,
  total_cents BIGINT NOT NULL,
  items TEXT NOT NULL,
  status TEXT NOT NULL,
  acknowledged INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX orders_feed ON orders(photographer_id, acknowledged, seq);
CREATE INDEX orders_by_event ON orders(event_id);
CREATE TABLE counters(
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
INSERT INTO counters(name, value) VALUES('order_seq', 0);
)sql",
     false},
    // Share links (only the token's hash is kept) and the site's own values (the secret that
    // signs gallery cookies).
    {7, R"sql(
CREATE TABLE shares(
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  photographer_id TEXT NOT NULL REFERENCES photographers(id),
  token_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  photo_ids TEXT NOT NULL DEFAULT '[]',
  max_px INTEGER NOT NULL DEFAULT 0,
  expires TEXT,
  max_retrievals INTEGER NOT NULL DEFAULT 0,
  retrievals INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX shares_by_event ON shares(event_id);
CREATE TABLE site(
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql",
     false},
    // How a gallery's customers may receive prints (DeliveryOptions as JSON); '{}' reads as
    // studio pickup only, which is what every gallery offered before.
    {8, R"sql(
ALTER TABLE events ADD COLUMN delivery TEXT NOT NULL DEFAULT '{}';
)sql",
     false},
    // The event a blob was first uploaded for (PUT /api/v1/renditions/<sha>?event=<id>), so the
    // event's final manifest can sweep what was uploaded for it and never used. No foreign key:
    // a blob outlives the event it came with when another event's photo uses it. NULL: uploaded
    // without an event (or before this step), never swept.
    {9, R"sql(
ALTER TABLE blobs ADD COLUMN uploaded_for TEXT;
CREATE INDEX blobs_by_upload_event ON blobs(photographer_id, uploaded_for);
)sql",
     false},
};

} // namespace

std::span<const HostMigration> hostMigrations() {
    return kSteps;
}

QString migrationSql(const HostMigration& step, SqlEngine engine) {
    QString sql = QString::fromUtf8(step.sql);
    sql.replace(QLatin1String("{{BYTES}}"),
                engine == SqlEngine::Postgres ? QLatin1String("BYTEA") : QLatin1String("BLOB"));
    return sql;
}

} // namespace pd::host
