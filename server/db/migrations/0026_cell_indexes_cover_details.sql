-- The hotspots' details read from the cells' indexes alone (issue 17). selectCellDetails
-- (server/db/queries/hotspots.ts) counts each top cell's issues of the window by category, by slice
-- of time and by grid: the columns it reads are the cell, reported_at, category and grid_code. With
-- the last two carried in the cell's (cell, reported_at) index, PostgreSQL answers from the index
-- (an index-only scan, the visibility map set by autovacuum or the embedded engine's VACUUM)
-- instead of every heap page of the window. Measured on the embedded engine's year, the city's ten
-- top r7 cells over 30 days (68,833 issues): PGlite scanned the two months' tables whole, 12,243
-- pages, 415–601 ms; from these indexes 784 pages, 232–249 ms. The grid's index carries the category
-- (its key is the grid). Same indexes otherwise, so the intake updates as many as before.
DROP INDEX issues_h3_r7_time;
CREATE INDEX issues_h3_r7_time ON issues (h3_r7, reported_at) INCLUDE (category, grid_code);
DROP INDEX issues_h3_r8_time;
CREATE INDEX issues_h3_r8_time ON issues (h3_r8, reported_at) INCLUDE (category, grid_code);
DROP INDEX issues_h3_r9_time;
CREATE INDEX issues_h3_r9_time ON issues (h3_r9, reported_at) INCLUDE (category, grid_code);
DROP INDEX issues_h3_r10_time;
CREATE INDEX issues_h3_r10_time ON issues (h3_r10, reported_at) INCLUDE (category, grid_code);
DROP INDEX issues_grid_time;
CREATE INDEX issues_grid_time ON issues (grid_code, reported_at) INCLUDE (category);
