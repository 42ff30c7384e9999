-- The figures' rollups read in fewer rows (issue 17, measured on the embedded engine: a city's 30
-- days read ~150,000 duration rows — 7 streets × 8 departments × two kinds × ~45 buckets a day —
-- and PGlite's scan and hash aggregate of them took ~230 of its ~300 ms):
--
-- 1. A row's durations are one list, not a row per bucket: `buckets` holds the pairs bucket, count,
--    bucket, count … in the bucket's order, no count zero (core/domain/minutes-histogram.ts,
--    toBucketList). Two lists merge with figure_minutes_add, as the rollup job's upserts do; the
--    readers merge them in the process. The city's 30 days read ~1,600 lists.
-- 2. The day rows are summed per week as well (Monday to Sunday in the city's calendar, as
--    date_trunc('week') and getCityWeek count them): a period's whole weeks are read from the
--    week rows, only the days before its first Monday and after its last Sunday from the day rows.
--    Kept by the same job, in the same transaction as the day rows.

CREATE FUNCTION figure_minutes_add(a integer[], b integer[]) RETURNS integer[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(v.x ORDER BY s.bucket, v.o), '{}')
  FROM (
    SELECT p.bucket, sum(p.n)::integer AS n
    FROM (
      SELECT a[2 * i - 1] AS bucket, a[2 * i] AS n FROM generate_series(1, coalesce(cardinality(a), 0) / 2) i
      UNION ALL
      SELECT b[2 * i - 1], b[2 * i] FROM generate_series(1, coalesce(cardinality(b), 0) / 2) i
    ) p
    GROUP BY p.bucket
    HAVING sum(p.n) <> 0
  ) s, LATERAL (VALUES (1, s.bucket), (2, s.n)) v(o, x)
$$;

-- The day and hour rows' durations as lists, in their keys' order.
ALTER TABLE issue_figure_minutes RENAME CONSTRAINT issue_figure_minutes_pkey TO issue_figure_minutes_0024_pkey;
ALTER TABLE issue_figure_minutes RENAME TO issue_figure_minutes_0024;
CREATE TABLE issue_figure_minutes (
  day date NOT NULL,
  district_code text NOT NULL,
  street_code text NOT NULL,
  department text NOT NULL,
  -- 'accept' or 'resolve'.
  kind text NOT NULL,
  buckets integer[] NOT NULL,
  PRIMARY KEY (day, street_code, department, district_code, kind)
);
INSERT INTO issue_figure_minutes
SELECT day, district_code, street_code, department, kind, array_agg(v.x ORDER BY m.bucket, v.o)
FROM issue_figure_minutes_0024 m, LATERAL (VALUES (1, m.bucket::integer), (2, m.n)) v(o, x)
WHERE m.n <> 0
GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 3, 4, 2, 5;
DROP TABLE issue_figure_minutes_0024;

ALTER TABLE issue_figure_hour_minutes RENAME CONSTRAINT issue_figure_hour_minutes_pkey TO issue_figure_hour_minutes_0024_pkey;
ALTER TABLE issue_figure_hour_minutes RENAME TO issue_figure_hour_minutes_0024;
CREATE TABLE issue_figure_hour_minutes (
  hour timestamptz NOT NULL,
  district_code text NOT NULL,
  street_code text NOT NULL,
  department text NOT NULL,
  kind text NOT NULL,
  buckets integer[] NOT NULL,
  PRIMARY KEY (hour, street_code, department, district_code, kind)
);
INSERT INTO issue_figure_hour_minutes
SELECT hour, district_code, street_code, department, kind, array_agg(v.x ORDER BY m.bucket, v.o)
FROM issue_figure_hour_minutes_0024 m, LATERAL (VALUES (1, m.bucket::integer), (2, m.n)) v(o, x)
WHERE m.n <> 0
GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 3, 4, 2, 5;
DROP TABLE issue_figure_hour_minutes_0024;

-- The weeks, from what the day rows hold.
CREATE TABLE issue_figure_weeks (
  week date NOT NULL,
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
  PRIMARY KEY (week, street_code, department, district_code)
);
INSERT INTO issue_figure_weeks
SELECT date_trunc('week', day)::date, district_code, street_code, department, sum(reported), sum(closed), sum(stage_ends),
  sum(on_time), sum(checks), sum(reworks), sum(ratings), sum(rating_sum), sum(satisfied)
FROM issue_figure_days GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4, 2;

CREATE TABLE issue_figure_week_minutes (
  week date NOT NULL,
  district_code text NOT NULL,
  street_code text NOT NULL,
  department text NOT NULL,
  kind text NOT NULL,
  buckets integer[] NOT NULL,
  PRIMARY KEY (week, street_code, department, district_code, kind)
);
INSERT INTO issue_figure_week_minutes
SELECT s.week, s.district_code, s.street_code, s.department, s.kind, array_agg(v.x ORDER BY s.bucket, v.o)
FROM (
  SELECT date_trunc('week', m.day)::date AS week, m.district_code, m.street_code, m.department, m.kind, p.bucket, sum(p.n)::integer AS n
  FROM issue_figure_minutes m, LATERAL (SELECT m.buckets[2 * i - 1] AS bucket, m.buckets[2 * i] AS n FROM generate_series(1, cardinality(m.buckets) / 2) i) p
  GROUP BY 1, 2, 3, 4, 5, 6
  HAVING sum(p.n) <> 0
) s, LATERAL (VALUES (1, s.bucket), (2, s.n)) v(o, x)
GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 3, 4, 2, 5;
