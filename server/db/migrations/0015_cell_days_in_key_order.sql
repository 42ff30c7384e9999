-- The hotspots' cell counts in their key's order (issue 17): migration 0012 filled them from an
-- existing log in a hash aggregate's order, which put a city's 60 days of one level's cells on about
-- as many pages as rows (ranking 166 ms warm on a year; 33 ms in this order — 9 s to rewrite there).
-- Rows written since (addCellDays) come in this order already.
CLUSTER issue_cell_days USING issue_cell_days_pkey;
