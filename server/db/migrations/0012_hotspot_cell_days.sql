-- The hotspots' inputs kept counted per city day and cell (issue 17): for every level the wall
-- gathers at (the H3 resolutions 7–10 and the grids), the issues reported that day in each cell,
-- by colour, with the sums of their positions — all that ranking a window needs (the score is the
-- colours' counts times their weights, core/analysis/rank-hotspots.ts). An issue's cell, colour and
-- place never change after intake, so a report event adds it once; the figures' job
-- (server/issues/figure-rollups.ts) adds the reports up to `rolled_up_seq` in the same transaction as
-- the day rows. A window's hotspots rank its whole days from here and its edges raw
-- (server/db/queries/hotspots.ts); the details of the top cells come from the issues by the
-- (cell, reported_at) indexes below.
CREATE TABLE issue_cell_days (
  day date NOT NULL,
  -- 'r7' … 'r10' or 'grid'.
  level text NOT NULL,
  key text NOT NULL,
  district_code text NOT NULL,
  street_code text NOT NULL,
  red integer NOT NULL DEFAULT 0,
  orange integer NOT NULL DEFAULT 0,
  yellow integer NOT NULL DEFAULT 0,
  blue integer NOT NULL DEFAULT 0,
  lon_sum double precision NOT NULL DEFAULT 0,
  lat_sum double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (level, day, key, street_code, district_code)
);

CREATE INDEX issues_h3_r7_time ON issues (h3_r7, reported_at);
CREATE INDEX issues_h3_r8_time ON issues (h3_r8, reported_at);
CREATE INDEX issues_h3_r9_time ON issues (h3_r9, reported_at);
CREATE INDEX issues_h3_r10_time ON issues (h3_r10, reported_at);
CREATE INDEX issues_grid_time ON issues (grid_code, reported_at);

-- A database whose figures are rolled up already: its reports so far, counted in the rollups' time zone.
INSERT INTO issue_cell_days (day, level, key, district_code, street_code, red, orange, yellow, blue, lon_sum, lat_sum)
SELECT (i.reported_at AT TIME ZONE s.time_zone)::date, c.level, c.key, coalesce(i.district_code, ''), coalesce(i.street_code, ''),
  count(*) FILTER (WHERE i.colour = 'red'), count(*) FILTER (WHERE i.colour = 'orange'),
  count(*) FILTER (WHERE i.colour = 'yellow'), count(*) FILTER (WHERE i.colour = 'blue'),
  sum(ST_X(i.geom)), sum(ST_Y(i.geom))
FROM issue_figure_rollup s
  JOIN issue_events e ON e.type = 'report' AND e.seq <= s.rolled_up_seq
  JOIN issues i ON i.id = e.issue_id
  CROSS JOIN LATERAL (VALUES ('r7', i.h3_r7), ('r8', i.h3_r8), ('r9', i.h3_r9), ('r10', i.h3_r10), ('grid', i.grid_code)) AS c(level, key)
WHERE c.key IS NOT NULL
GROUP BY 1, 2, 3, 4, 5;
