-- Performance: the directive list is ordered by notice (newest first), then
-- by number. With this index the list walks the notices in that order and
-- each notice's directives through directives_archived / (notice_id,
-- number), so a page of rows needs no sort of the whole table.
CREATE INDEX notices_order ON notices(coalesce(issued_on, meeting_on, created_at) DESC, id DESC);
