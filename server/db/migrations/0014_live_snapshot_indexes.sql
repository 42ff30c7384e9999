-- The live snapshot (open issues, and those finished since a time, newest first, in pages) on a city's
-- year (issue 17): its second page walked the issue-number index back through 1.9 million issues to
-- find the old open ones (1.7 s). The open issues get a partial index by number, and the finished
-- ones an index by the time they changed; the query takes each set from its own index
-- (server/db/queries/issues.ts, selectLiveIssues). The statuses are TERMINAL_STATUSES of
-- core/domain/issue-lifecycle.ts.
CREATE INDEX issues_open_number ON issues (number DESC) WHERE status NOT IN ('closed', 'rejected', 'merged');
CREATE INDEX issues_updated_at ON issues (updated_at);
