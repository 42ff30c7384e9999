-- Live closures (issue 18): the open issues of the kinds that close the way to walkers
-- (core/domain/passage-closures.ts) are read at every change of one, so they get an index of
-- their own among the open issues: a handful of rows, however long the history.
CREATE INDEX issues_open_category ON issues (category) WHERE status NOT IN ('closed', 'rejected', 'merged');
