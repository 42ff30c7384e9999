-- The possible-duplicate search of each report must take its candidates from the geometry GiST
-- index (a 50 m box: a handful of rows). With the (category, reported_at) index beside it, the
-- embedded engine's generic plan (PGlite has no statistics) chose that one instead and filtered
-- every report of the sub-category in the last 24 hours: 1 ms more per report for each 1,000 of
-- them (0.9 ms at 500 issues, 2.9 ms at 2,500; measured with the intake probe in README ›
-- performance). Nothing else reads by category first, so the index goes.
DROP INDEX issues_category_time;
