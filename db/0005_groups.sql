-- cchc-tui schema, version 5: groups with members, tracked per member.
--
-- A group agency (kind 'group') has member agencies; membership rows are
-- kept when a member leaves (removed_at), so history can say who was in
-- the group when. A directive whose lead is a group tracks each member as
-- its own unit: an assignment of role 'member' (group_id: the group lead it
-- came through). Its state is the fold of its updates starting from its
-- base state (not started, or — for the first members of a group that was
-- tracked as one unit — the group's state then: inherited). The group
-- lead's own row then holds the roll-up of its members. One tracked unit
-- per directive and agency: a named lead that is also a member of a lead
-- group is tracked once, as the named lead.

CREATE TABLE agency_members (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES agencies(id),
    member_id INTEGER NOT NULL REFERENCES agencies(id),
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL DEFAULT '',
    removed_at TEXT,
    removed_by TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX agency_members_current ON agency_members(group_id, member_id)
    WHERE removed_at IS NULL;
CREATE INDEX agency_members_member ON agency_members(member_id);

CREATE TABLE assignments_v5 (
    id INTEGER PRIMARY KEY,
    directive_id INTEGER NOT NULL REFERENCES directives(id),
    agency_id INTEGER NOT NULL REFERENCES agencies(id),
    role TEXT NOT NULL CHECK (role IN ('lead', 'support', 'member')),
    -- member rows: the group lead of the directive the member is tracked through
    group_id INTEGER REFERENCES agencies(id),
    position INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'chua_thuc_hien'
        CHECK (status IN ('chua_thuc_hien', 'dang_thuc_hien', 'hoan_thanh', 'tam_dung')),
    progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    completed_on TEXT,
    -- where the fold of the unit's updates starts
    base_status TEXT NOT NULL DEFAULT 'chua_thuc_hien'
        CHECK (base_status IN ('chua_thuc_hien', 'dang_thuc_hien', 'hoan_thanh', 'tam_dung')),
    base_progress INTEGER NOT NULL DEFAULT 0 CHECK (base_progress BETWEEN 0 AND 100),
    base_completed_on TEXT,
    -- 1: the base came from the group's state when members were first tracked
    inherited INTEGER NOT NULL DEFAULT 0,
    -- the date of the latest non-retracted update naming this unit (or its group)
    last_report_on TEXT,
    removed INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);
INSERT INTO assignments_v5 (id, directive_id, agency_id, role, position, status, progress,
    completed_on, removed, version, updated_at)
SELECT id, directive_id, agency_id, role, position, status, progress, completed_on, removed,
    version, updated_at FROM assignments;
DROP TABLE assignments;
ALTER TABLE assignments_v5 RENAME TO assignments;
CREATE UNIQUE INDEX assignments_tracked ON assignments(directive_id, agency_id)
    WHERE role IN ('lead', 'member');
CREATE UNIQUE INDEX assignments_support ON assignments(directive_id, agency_id)
    WHERE role = 'support';
CREATE INDEX assignments_agency ON assignments(agency_id, role);
CREATE INDEX assignments_directive ON assignments(directive_id, role);

-- a named lead's reports so far (whole-directive reports do not count)
UPDATE assignments SET last_report_on = (
    SELECT max(u.reported_on) FROM updates u
    WHERE u.directive_id = assignments.directive_id AND u.agency_id = assignments.agency_id
      AND u.kind = 'report'
      AND NOT EXISTS (SELECT 1 FROM updates r WHERE r.retracts_id = u.id)
) WHERE role = 'lead';

-- a lead's history so far starts from "not started": its stored state is
-- the fold of its updates, as before
