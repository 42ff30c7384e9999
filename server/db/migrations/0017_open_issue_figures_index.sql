-- The open issues' part of the figures (server/db/queries/figure-rollups.ts, selectOpenFigureRows)
-- from an index alone (issue 17). On a city's year a street's open issues were found by ANDing the
-- open statuses' bitmap with the street's 437,000 issues (136 ms, 4,351 index pages read): a
-- street's figures over 7 days spent most of their 100 ms there. This partial index holds only the
-- open issues (34,000 of 1.9 million, 3 MB) with every column the aggregate reads, so it is an
-- index-only scan at any scope (6 ms for a street, EXPLAIN ANALYZE on the PostgreSQL server). The
-- query spells the predicate as written here, with literals (TERMINAL_STATUSES of
-- core/domain/issue-lifecycle.ts), so that the planner can match it.
CREATE INDEX issues_open_scope ON issues (street_code, department, colour)
  INCLUDE (status, stage_started_at, grid_code, community_code, district_code)
  WHERE status NOT IN ('closed', 'rejected', 'merged');
