-- The evaluation figures kept summed per calendar day (in the city's time zone), street and
-- department (issue 17): each issue's dated items (core/domain/issue-contribution.ts) are added to
-- the day they are dated, and the durations to acceptance and resolution go into logarithmic
-- buckets (core/domain/minutes-histogram.ts). server/issues/figure-rollups.ts keeps them current
-- from the event log, up to `rolled_up_seq`; a period's figures read the day rows of its whole
-- days and the raw items of its edges and of the events after that seq. '' stands for "none"
-- (out of area, no department), so the keys can be a primary key. A period's edges find their events by
-- time, hence the index on issue_events.at.
CREATE TABLE issue_figure_days (
  day date NOT NULL,
  district_code text NOT NULL,
  street_code text NOT NULL,
  department text NOT NULL,
  reported integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  stage_ends integer NOT NULL DEFAULT 0,
  on_time integer NOT NULL DEFAULT 0,
  checks integer NOT NULL DEFAULT 0,
  reworks integer NOT NULL DEFAULT 0,
  ratings integer NOT NULL DEFAULT 0,
  rating_sum integer NOT NULL DEFAULT 0,
  satisfied integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, street_code, department, district_code)
);

CREATE TABLE issue_figure_minutes (
  day date NOT NULL,
  district_code text NOT NULL,
  street_code text NOT NULL,
  department text NOT NULL,
  -- 'accept' or 'resolve'.
  kind text NOT NULL,
  bucket smallint NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (day, street_code, department, district_code, kind, bucket)
);

-- How far the rollups go, and in which time zone their days are (another zone starts them over).
CREATE TABLE issue_figure_rollup (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  rolled_up_seq bigint NOT NULL,
  time_zone text NOT NULL
);
CREATE INDEX issue_events_at ON issue_events (at);
