-- cchc-tui schema, version 2: indicators loaded from the seed (Python data
-- step in cchc_tui/store/indicator_seed.py) and the identity of this
-- database, which progress forms sent to agencies carry so that a form read
-- back is known to come from here and to be untampered.

CREATE TABLE database_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    -- random UUID written on every form made from this file
    uuid TEXT NOT NULL,
    -- random key of the HMAC that seals a form's identity sheet
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX indicators_notice ON indicators(notice_id);
CREATE INDEX indicators_agency ON indicators(agency_id);
