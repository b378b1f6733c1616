-- cchc-tui schema, version 4: facts about the file itself, not the clerk's
-- records. `generation` changes on every restore, so that a form opened
-- before a restore is never saved into the restored content; a backup copy
-- holds `backup_kind` (daily, manual, safety), which rotation reads;
-- `initialised_as` says how a new file was set up; `upgraded_at` is when
-- this file got this table (backups of older versions carry no marker).

CREATE TABLE store_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO store_state (key, value) VALUES ('generation', lower(hex(randomblob(16))));
INSERT INTO store_state (key, value) VALUES ('upgraded_at', strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime'));
