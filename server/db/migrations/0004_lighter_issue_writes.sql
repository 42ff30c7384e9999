-- Lighter writes on the intake path (measured with `npm run bench -- realtime`):
-- the duplicate search takes its candidates from the geometry GiST index, so the geography
-- expression index goes; a point is always valid, so its ST_IsValid check goes; replay filters
-- rooms along a recent seq range, so the GIN index on rooms goes.
DROP INDEX issues_geog_gist;
ALTER TABLE issues DROP CONSTRAINT issues_geom_check;
DROP INDEX issue_events_rooms;
