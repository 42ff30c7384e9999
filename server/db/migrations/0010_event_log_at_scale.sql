-- The event log at a city's scale (issue 17).
-- Each event's department (the issue's, after the event) in a column of its own: the figures' rollups
-- key on it, and a bulk-loaded history need not carry every event's whole snapshot to have it.
ALTER TABLE issue_events ADD COLUMN department text;
-- Filled in once for the events already logged: the one change the append-only log ever allows.
ALTER TABLE issue_events DISABLE TRIGGER issue_events_append_only;
UPDATE issue_events SET department = issue ->> 'department';
ALTER TABLE issue_events ENABLE TRIGGER issue_events_append_only;
-- The snapshot is what a replay sends. A history loaded in bulk (npm run seed -- --history) keeps it
-- for its last days only; a replay never reaches further back than MAX_REPLAY_EVENTS, and a client
-- whose `since` is older reloads its snapshot instead (server/realtime/issue-feed.ts).
ALTER TABLE issue_events ALTER COLUMN issue DROP NOT NULL;
