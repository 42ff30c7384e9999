-- Each issue's H3 cell at the resolutions the wall gathers hotspots at (7–10, core/domain/issue-cells.ts),
-- written at intake by h3-js, so that hotspots are ranked by SQL over a period instead of in the
-- browser over every issue it holds (issue 17). Rows from before are filled in at start
-- (server/issues/backfill-issue-cells.ts). Periods select on reported_at.
ALTER TABLE issues ADD COLUMN h3_r7 text, ADD COLUMN h3_r8 text, ADD COLUMN h3_r9 text, ADD COLUMN h3_r10 text;
CREATE INDEX issues_reported_at ON issues (reported_at);
