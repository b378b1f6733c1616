-- cchc-tui schema, version 1.
-- Every mutable row has a `version` (stale writes are refused by the
-- services). Updates, measurements and edits are append-only: triggers
-- refuse UPDATE and DELETE on them.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    number TEXT,
    issued_on TEXT,
    meeting_on TEXT,
    issuer TEXT NOT NULL DEFAULT '',
    chaired_by TEXT NOT NULL DEFAULT '',
    signer TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL,
    full_text TEXT NOT NULL DEFAULT '',
    cited_documents TEXT NOT NULL DEFAULT '[]',
    source_file TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    name_fold TEXT NOT NULL UNIQUE,
    sort_key TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'agency' CHECK (kind IN ('agency', 'group')),
    merged_into INTEGER REFERENCES agencies(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX agencies_sort ON agencies(sort_key);

CREATE TABLE agency_aliases (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    alias TEXT NOT NULL,
    alias_fold TEXT NOT NULL UNIQUE
);
CREATE INDEX agency_aliases_agency ON agency_aliases(agency_id);

CREATE TABLE directives (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER NOT NULL REFERENCES notices(id),
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    deadline TEXT,
    deadline_text TEXT NOT NULL DEFAULT '',
    -- roll-up of the leads, kept in step by the services in the same transaction
    status TEXT NOT NULL DEFAULT 'chua_thuc_hien'
        CHECK (status IN ('chua_thuc_hien', 'dang_thuc_hien', 'hoan_thanh', 'tam_dung')),
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    completed_on TEXT,
    last_update_id INTEGER,
    last_update_on TEXT,
    last_note TEXT NOT NULL DEFAULT '',
    -- folded number, title, content and agency names, for accent-insensitive search
    search_fold TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT '',
    UNIQUE (notice_id, number)
);
CREATE INDEX directives_archived ON directives(archived, notice_id, number);
CREATE INDEX directives_deadline ON directives(deadline);

CREATE TABLE assignments (
    id INTEGER PRIMARY KEY,
    directive_id INTEGER NOT NULL REFERENCES directives(id),
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    position INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'chua_thuc_hien'
        CHECK (status IN ('chua_thuc_hien', 'dang_thuc_hien', 'hoan_thanh', 'tam_dung')),
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    completed_on TEXT,
    -- an agency taken off a directive keeps its row (and history), marked removed
    removed INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    UNIQUE (directive_id, agency_id)
);
CREATE INDEX assignments_agency ON assignments(agency_id, role);

CREATE TABLE updates (
    id INTEGER PRIMARY KEY,
    directive_id INTEGER NOT NULL REFERENCES directives(id),
    -- NULL: the update applies to every lead of the directive
    agency_id INTEGER REFERENCES agencies(id),
    kind TEXT NOT NULL DEFAULT 'report' CHECK (kind IN ('report', 'retraction')),
    reported_on TEXT NOT NULL,
    status TEXT,
    progress INTEGER CHECK (progress IS NULL OR progress BETWEEN 0 AND 100),
    note TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    retracts_id INTEGER UNIQUE REFERENCES updates(id),
    -- JSON list: for each lead touched, its agency and state before and after
    changes TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL DEFAULT '',
    -- set by imports of agency forms so that a second import adds nothing
    origin_key TEXT UNIQUE
);
CREATE INDEX updates_directive ON updates(directive_id, id);
CREATE TRIGGER updates_append_only_u BEFORE UPDATE ON updates
BEGIN SELECT RAISE(ABORT, 'updates are append-only'); END;
CREATE TRIGGER updates_append_only_d BEFORE DELETE ON updates
BEGIN SELECT RAISE(ABORT, 'updates are append-only'); END;

CREATE TABLE edits (
    id INTEGER PRIMARY KEY,
    entity TEXT NOT NULL CHECK (entity IN ('notice', 'directive', 'agency', 'setting', 'indicator')),
    entity_id INTEGER NOT NULL,
    directive_id INTEGER REFERENCES directives(id),
    action TEXT NOT NULL,
    field TEXT NOT NULL DEFAULT '',
    old_value TEXT,
    new_value TEXT,
    note TEXT NOT NULL DEFAULT '',
    edited_by TEXT NOT NULL DEFAULT '',
    edited_at TEXT NOT NULL
);
CREATE INDEX edits_entity ON edits(entity, entity_id, id);
CREATE INDEX edits_directive ON edits(directive_id, id);
CREATE TRIGGER edits_append_only_u BEFORE UPDATE ON edits
BEGIN SELECT RAISE(ABORT, 'edits are append-only'); END;
CREATE TRIGGER edits_append_only_d BEFORE DELETE ON edits
BEGIN SELECT RAISE(ABORT, 'edits are append-only'); END;

CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    notice_id INTEGER REFERENCES notices(id),
    directive_id INTEGER REFERENCES directives(id),
    agency_id INTEGER REFERENCES agencies(id),
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    comparison TEXT NOT NULL CHECK (comparison IN ('>', '>=', '<', '<=', '=')),
    target REAL NOT NULL,
    source_phrase TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX indicators_directive ON indicators(directive_id);

CREATE TABLE measurements (
    id INTEGER PRIMARY KEY,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
    measured_on TEXT NOT NULL,
    period TEXT NOT NULL DEFAULT '',
    value REAL NOT NULL,
    agency_id INTEGER REFERENCES agencies(id),
    source TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL,
    retracts_id INTEGER UNIQUE REFERENCES measurements(id),
    origin_key TEXT UNIQUE
);
CREATE INDEX measurements_indicator ON measurements(indicator_id, measured_on);
CREATE TRIGGER measurements_append_only_u BEFORE UPDATE ON measurements
BEGIN SELECT RAISE(ABORT, 'measurements are append-only'); END;
CREATE TRIGGER measurements_append_only_d BEFORE DELETE ON measurements
BEGIN SELECT RAISE(ABORT, 'measurements are append-only'); END;
