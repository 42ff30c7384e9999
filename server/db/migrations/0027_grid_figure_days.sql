-- A grid's figures from day rows of its own (issue 17: "any grid's timeline ≤ 50 ms"). Computed from
-- its issues and their events, the window's busiest grid of the server's year (1,565 issues and
-- ~11,000 events in 30 days) took p50 111–135 ms, most of it reading and walking that log. The
-- figures' job (server/issues/figure-rollups.ts) now also keeps rows per grid, day and department,
-- in the same transaction as the street rows; a grid's period reads its whole days from them, and
-- its edges raw — found through the grid's issues changed since the edge began (the index below),
-- not the city's log of those hours. No week or hour rows: a grid's 30 days are at most a few
-- hundred day rows, and hour rows per grid would be about one row per event (gigabytes on a year).
-- street_code and district_code are the grid's (a grid lies in one street), kept for the readers' scope.
CREATE TABLE issue_figure_grid_days (
  grid_code text NOT NULL,
  day date NOT NULL,
  department text NOT NULL,
  district_code text NOT NULL,
  street_code text NOT NULL,
  reported integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  stage_ends integer NOT NULL DEFAULT 0,
  on_time integer NOT NULL DEFAULT 0,
  checks integer NOT NULL DEFAULT 0,
  reworks integer NOT NULL DEFAULT 0,
  ratings integer NOT NULL DEFAULT 0,
  rating_sum integer NOT NULL DEFAULT 0,
  satisfied integer NOT NULL DEFAULT 0,
  PRIMARY KEY (grid_code, day, department)
);

CREATE TABLE issue_figure_grid_minutes (
  grid_code text NOT NULL,
  day date NOT NULL,
  department text NOT NULL,
  district_code text NOT NULL,
  street_code text NOT NULL,
  kind text NOT NULL,
  buckets integer[] NOT NULL,
  PRIMARY KEY (grid_code, day, department, kind)
);

-- From when the grid rows are whole. A database with events already has none for them: its grid rows
-- begin after the last event (as the hour rows did, migration 0013), and a grid's period that starts
-- before is computed from its issues as it was — until `npm run rollups -- grids` fills them in.
ALTER TABLE issue_figure_rollup ADD COLUMN grids_from timestamptz NOT NULL DEFAULT '-infinity';
UPDATE issue_figure_rollup SET grids_from = (SELECT date_trunc('hour', max(e.at)) + interval '1 hour' FROM issue_events e)
WHERE EXISTS (SELECT 1 FROM issue_events);

-- A grid's issues changed since an instant: those that may have an item in a period's raw edge.
CREATE INDEX issues_grid_updated ON issues (grid_code, updated_at);
