-- The grid day rows keyed by their street and district as well (found in review, stop 39): an area
-- import may move a grid to another street (areas.parent_code), and its older issues keep the street
-- they were placed in. Keyed by grid, day and department alone, the two streets' rows of one grid met
-- on one key: a batch holding both failed ("ON CONFLICT DO UPDATE command cannot affect row a second
-- time") and the figures' job stalled on it, or the later row's counts went to the first one's street.
-- The same key as the street rows' (migration 0009), led by the grid, which every reader gives.
ALTER TABLE issue_figure_grid_days DROP CONSTRAINT issue_figure_grid_days_pkey;
ALTER TABLE issue_figure_grid_days ADD PRIMARY KEY (grid_code, day, department, street_code, district_code);
ALTER TABLE issue_figure_grid_minutes DROP CONSTRAINT issue_figure_grid_minutes_pkey;
ALTER TABLE issue_figure_grid_minutes ADD PRIMARY KEY (grid_code, day, department, street_code, district_code, kind);
