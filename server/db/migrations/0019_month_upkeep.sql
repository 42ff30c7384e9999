-- Upkeep of the issues by month (migration 0018), after a review and the intake's figures on a year:
-- 1. The photo-count trigger (0016) returns at once when a statement linked no photo (most reports):
--    its UPDATE of the issues is planned over every month's table (0.6–0.7 ms a report on the
--    server's year of 15 months, against 0.1 with one table) even when there is nothing to count.
-- 2. A month's bounds are written as UTC instants whatever the session's DateStyle and TimeZone.
CREATE OR REPLACE FUNCTION count_issue_photos() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_links) THEN
    RETURN NULL;
  END IF;
  UPDATE issues i SET photo_count = i.photo_count + l.n
  FROM (SELECT issue_id, count(*)::int AS n FROM new_links GROUP BY issue_id) l
  WHERE l.issue_id = i.id;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION create_issue_month(month timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  first timestamp := date_trunc('month', month AT TIME ZONE 'UTC');
  suffix text := to_char(first, 'YYYY_MM');
  bounds text := format('FOR VALUES FROM (%L) TO (%L)',
    to_char(first, 'YYYY-MM-DD"T"HH24:MI:SS"+00"'), to_char(first + interval '1 month', 'YYYY-MM-DD"T"HH24:MI:SS"+00"'));
BEGIN
  IF to_regclass('issues_' || suffix) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF issues %s', 'issues_' || suffix, bounds);
  EXECUTE format('CREATE TABLE %I PARTITION OF issue_events %s', 'issue_events_' || suffix, bounds);
  RETURN true;
END $$;
