// The catalog's and the vaults' schemas, as the numbered steps that build them.
#include "pd/db/migrations.h"

#include "pd/db/sqlite_db.h"

namespace pd {

namespace {

// Never edit a migration that has shipped: add the next one.
constexpr Migration kCatalog[] = {
    {1, R"sql(
CREATE TABLE events(
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  event_date TEXT,
  photographer TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE TABLE categories(
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  position INTEGER NOT NULL,
  UNIQUE(event_id, name)
);
CREATE TABLE photos(
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
  filename TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  byte_size INTEGER NOT NULL,
  format TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  captured_at TEXT,
  camera_make TEXT NOT NULL DEFAULT '',
  camera_model TEXT NOT NULL DEFAULT '',
  lens TEXT NOT NULL DEFAULT '',
  exposure_time TEXT NOT NULL DEFAULT '',
  f_number REAL,
  iso INTEGER,
  focal_length REAL,
  gps_lat REAL,
  gps_lon REAL,
  gps_alt REAL,
  copyright TEXT NOT NULL DEFAULT '',
  creator TEXT NOT NULL DEFAULT '',
  orientation INTEGER NOT NULL DEFAULT 1,
  rating INTEGER NOT NULL DEFAULT 0 CHECK(rating BETWEEN 0 AND 5),
  flag INTEGER NOT NULL DEFAULT 0 CHECK(flag IN (-1, 0, 1)),
  color_label TEXT NOT NULL DEFAULT '',
  caption TEXT NOT NULL DEFAULT '',
  keywords TEXT NOT NULL DEFAULT '[]',
  selected INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL,
  UNIQUE(event_id, sha256)
);
CREATE INDEX photos_by_event ON photos(event_id, captured_at);
CREATE TABLE renditions(
  photo_id TEXT NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK(kind IN ('thumb', 'preview')),
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  edit_version INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY(photo_id, kind)
);
)sql"},
    // Jobs: the import (and later publish and fulfil) queue, kept in the catalog so a crash or
    // a reboot loses nothing. One item per input file.
    {2, R"sql(
CREATE TABLE jobs(
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  event_id TEXT REFERENCES events(id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK(state IN ('running', 'done', 'cancelled')),
  payload TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE job_items(
  job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  path TEXT NOT NULL,
  state TEXT NOT NULL CHECK(state IN ('pending', 'imported', 'duplicate', 'failed')),
  photo_id TEXT,
  error TEXT,
  PRIMARY KEY(job_id, seq)
);
CREATE INDEX jobs_unfinished ON jobs(state) WHERE state = 'running';
)sql"},
    // What the event sells and how it delivers (JSON of pd::PriceSheet and pd::DeliveryOptions).
    {3, R"sql(
ALTER TABLE events ADD COLUMN price_sheet TEXT NOT NULL DEFAULT '{}';
ALTER TABLE events ADD COLUMN delivery TEXT NOT NULL DEFAULT '{}';
)sql"},
    // Edits (JSON list of versioned operations, pd::EditList) with their undo/redo stacks and a
    // version that renditions record; watermark presets; each event's proof settings.
    {4, R"sql(
ALTER TABLE photos ADD COLUMN edits TEXT NOT NULL DEFAULT '[]';
ALTER TABLE photos ADD COLUMN edit_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE photos ADD COLUMN edit_history TEXT NOT NULL DEFAULT '{}';
CREATE TABLE watermark_presets(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  settings TEXT NOT NULL DEFAULT '{}',
  logo BLOB,
  created_at TEXT NOT NULL
);
ALTER TABLE events ADD COLUMN watermark_preset_id INTEGER REFERENCES watermark_presets(id) ON DELETE SET NULL;
ALTER TABLE events ADD COLUMN proof_size INTEGER NOT NULL DEFAULT 2048;
ALTER TABLE events ADD COLUMN share_size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN allow_gps INTEGER NOT NULL DEFAULT 0;
)sql"},
    // Publishing (pd/db/publish_store.h): host profiles (the token lives in a file beside the
    // catalog, never here), each event's gallery settings and what the host was last sent, the
    // renditions and metadata each photo was published with, and the publish queue.
    {5, R"sql(
CREATE TABLE host_profiles(
  name TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  token_file TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE event_gallery(
  event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
  access_code TEXT,
  expires TEXT,
  host TEXT,
  synced_hash TEXT,
  gallery_url TEXT
);
CREATE TABLE published_photos(
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  photo_id TEXT NOT NULL,
  proof_sha TEXT,
  thumb_sha TEXT,
  zoom_sha TEXT,
  render_key TEXT,
  meta_hash TEXT,
  error TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY(event_id, photo_id)
);
CREATE TABLE publish_jobs(
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  host TEXT NOT NULL,
  state TEXT NOT NULL CHECK(state IN ('running', 'done', 'cancelled')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE publish_items(
  job_id INTEGER NOT NULL REFERENCES publish_jobs(id) ON DELETE CASCADE,
  photo_id TEXT NOT NULL,
  action TEXT NOT NULL CHECK(action IN ('send', 'remove')),
  state TEXT NOT NULL CHECK(state IN ('pending', 'done', 'failed')),
  error TEXT,
  PRIMARY KEY(job_id, photo_id)
);
CREATE INDEX publish_jobs_running ON publish_jobs(event_id) WHERE state = 'running';
)sql"},
};

// The vault keeps originals byte for byte, keyed by content, plus a copy of the event's records.
constexpr Migration kVault[] = {
    {1, R"sql(
CREATE TABLE originals(
  sha256 TEXT PRIMARY KEY,
  byte_size INTEGER NOT NULL,
  bytes BLOB NOT NULL
);
CREATE TABLE event_record(
  id INTEGER PRIMARY KEY CHECK(id = 1),
  event_id TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE TABLE photo_records(
  photo_id TEXT PRIMARY KEY,
  sha256 TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL
);
)sql"},
};

} // namespace

std::span<const Migration> catalogMigrations() { return kCatalog; }
std::span<const Migration> vaultMigrations() { return kVault; }

Status migrate(SqliteDb& db, std::span<const Migration> migrations, int target) {
    const int newest = migrations.empty() ? 0 : migrations.back().version;
    if (target < 0) target = newest;
    const int current = db.userVersion();
    if (current < 0) return db.lastError(QStringLiteral("reading schema version"));
    if (current > newest)
        return makeError(ErrorCode::Database,
                         QStringLiteral("this database has schema version %1, newer than this Proofdesk knows (%2): "
                                        "use a newer Proofdesk").arg(current).arg(newest), db.path());
    for (const Migration& m : migrations) {
        if (m.version <= current || m.version > target) continue;
        Transaction tx(db);
        PD_TRY(tx.begun());
        PD_TRY(db.exec(QString::fromUtf8(m.sql)));
        PD_TRY(db.exec(QStringLiteral("PRAGMA user_version=%1").arg(m.version)));
        PD_TRY(tx.commit());
    }
    return {};
}

} // namespace pd
