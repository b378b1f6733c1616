-- cchc-tui schema, version 6: users and access keys of the browser mode.
--
-- A key is shown once when it is made and never stored: key_id (public,
-- the part before the dot of the key) finds the row, key_hash
-- ("scrypt$n$r$p$salt$hash", a salt per key) checks the secret. A revoked
-- user keeps its row (history names it). The local user (local = 1) is the
-- one `cchc-tui serve` makes a fresh key for on every run, accepted from
-- this computer only.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
    key_id TEXT NOT NULL UNIQUE,
    key_hash TEXT NOT NULL,
    local INTEGER NOT NULL DEFAULT 0 CHECK (local IN (0, 1)),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    revoked_at TEXT,
    revoked_by TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX users_current_name ON users(name) WHERE revoked_at IS NULL AND local = 0;
CREATE UNIQUE INDEX users_current_local ON users(local) WHERE revoked_at IS NULL AND local = 1;
