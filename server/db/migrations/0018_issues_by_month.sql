-- Tables that age well (issue 17): the issues and their event log partitioned by the month the
-- issue was reported (UTC months), so a month of a city's history is one table of issues and one of
-- events, which the archive (server/issues/archive-months.ts, `npm run archive`) writes to files and
-- detaches once every issue in it has been finished for the retention period.
--
-- Why the issue's month and not the event's: the figures' rollup job and an issue's timeline read an
-- issue's whole log; partitioned by its own month, an issue's log is never split between a table that
-- is kept and one that is archived. The log carries the issue's `reported_at` for that.
--
-- What partitioning changes: every unique key of a partitioned table holds the partition key, so
-- the keys are (id, reported_at) and (seq, reported_at). An issue's id stays unique across months in
-- `issue_ids` (the intake writes it in the same statement, and a repeated id fails there with 23505 as
-- before); number and code come from one sequence and stay unique by construction (indexed, not keyed).
-- Foreign keys into the issues and the log are dropped (issue_photos, duplicate_of): their rows are
-- written by the one statement that writes the issue or the event, and a month's photo links leave
-- with its issues; a foreign key would make each detach check the whole log.

-- Creates the month's two partitions (issues and events) if they are missing; true when it created them.
CREATE FUNCTION create_issue_month(month timestamptz) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  first timestamp := date_trunc('month', month AT TIME ZONE 'UTC');
  suffix text := to_char(first, 'YYYY_MM');
BEGIN
  IF to_regclass('issues_' || suffix) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF issues FOR VALUES FROM (%L) TO (%L)',
    'issues_' || suffix, first AT TIME ZONE 'UTC', (first + interval '1 month') AT TIME ZONE 'UTC');
  EXECUTE format('CREATE TABLE %I PARTITION OF issue_events FOR VALUES FROM (%L) TO (%L)',
    'issue_events_' || suffix, first AT TIME ZONE 'UTC', (first + interval '1 month') AT TIME ZONE 'UTC');
  RETURN true;
END $$;

-- Every month from one instant's to another's (both included); returns how many were created.
CREATE FUNCTION create_issue_months(from_at timestamptz, to_at timestamptz) RETURNS integer LANGUAGE sql AS $$
  SELECT count(*) FILTER (WHERE create_issue_month(m AT TIME ZONE 'UTC'))::integer
  FROM generate_series(date_trunc('month', from_at AT TIME ZONE 'UTC'), date_trunc('month', to_at AT TIME ZONE 'UTC'), interval '1 month') AS m
$$;

-- The months archived (and not restored): where their files are, and the span their issues' lives
-- covered, inside which the figures computed from issues (a community's, a grid's, a person's) are
-- no longer whole and are refused (server/issues/read-figures.ts); the rollups keep the rest.
CREATE TABLE issue_archived_months (
  month text PRIMARY KEY CHECK (month ~ '^\d{4}-\d{2}$'),
  from_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  issues integer NOT NULL,
  events integer NOT NULL,
  location text NOT NULL,
  archived_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE issue_ids (
  id uuid PRIMARY KEY,
  reported_at timestamptz NOT NULL
);
INSERT INTO issue_ids (id, reported_at) SELECT id, reported_at FROM issues;

ALTER TABLE issues RENAME TO issues_unpartitioned;
ALTER TABLE issue_events RENAME TO issue_events_unpartitioned;
CREATE TABLE issues (LIKE issues_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (reported_at);
CREATE TABLE issue_events (LIKE issue_events_unpartitioned INCLUDING DEFAULTS, reported_at timestamptz NOT NULL)
  PARTITION BY RANGE (reported_at);

-- The months that hold issues, and this month and the next two (the server keeps two ahead: server/issues/issue-months.ts).
SELECT create_issue_months(
  least(now(), (SELECT min(reported_at) FROM issues_unpartitioned)),
  greatest(now(), (SELECT max(reported_at) FROM issues_unpartitioned)) + interval '2 months');

INSERT INTO issues SELECT * FROM issues_unpartitioned;
INSERT INTO issue_events SELECT e.*, i.reported_at FROM issue_events_unpartitioned e JOIN issues_unpartitioned i ON i.id = e.issue_id;
DROP TABLE issue_events_unpartitioned, issues_unpartitioned CASCADE;

-- The keys and indexes of 0003–0017, on every month.
ALTER TABLE issues ADD PRIMARY KEY (id, reported_at);
CREATE INDEX issues_number ON issues (number DESC);
CREATE INDEX issues_code ON issues (code);
CREATE INDEX issues_geom_gist ON issues USING gist (geom);
CREATE INDEX issues_status ON issues (status);
CREATE INDEX issues_street ON issues (street_code, number DESC);
CREATE INDEX issues_community ON issues (community_code, number DESC);
CREATE INDEX issues_grid ON issues (grid_code, number DESC);
CREATE INDEX issues_district ON issues (district_code, number DESC);
CREATE INDEX issues_reporter ON issues (reporter, number DESC);
CREATE INDEX issues_reported_at ON issues (reported_at);
CREATE INDEX issues_updated_at ON issues (updated_at);
CREATE INDEX issues_grid_time ON issues (grid_code, reported_at);
CREATE INDEX issues_h3_r7_time ON issues (h3_r7, reported_at);
CREATE INDEX issues_h3_r8_time ON issues (h3_r8, reported_at);
CREATE INDEX issues_h3_r9_time ON issues (h3_r9, reported_at);
CREATE INDEX issues_h3_r10_time ON issues (h3_r10, reported_at);
CREATE INDEX issues_open_number ON issues (number DESC) WHERE status NOT IN ('closed', 'rejected', 'merged');
CREATE INDEX issues_open_scope ON issues (street_code, department, colour)
  INCLUDE (status, stage_started_at, grid_code, community_code, district_code)
  WHERE status NOT IN ('closed', 'rejected', 'merged');
ALTER TABLE issues ADD FOREIGN KEY (reporter) REFERENCES users (username) ON UPDATE CASCADE;
ALTER TABLE issues ADD FOREIGN KEY (area_code) REFERENCES areas (code) ON UPDATE CASCADE;

ALTER TABLE issue_events ADD PRIMARY KEY (seq, reported_at);
CREATE INDEX issue_events_issue ON issue_events (issue_id, seq);
CREATE INDEX issue_events_at ON issue_events (at);
CREATE TRIGGER issue_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON issue_events
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();
ANALYZE issues;
ANALYZE issue_events;
