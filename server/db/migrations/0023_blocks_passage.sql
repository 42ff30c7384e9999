-- Live closures (issue 18): besides the kinds that close the way by their nature (道路施工围挡,
-- 道路塌陷, 道路积水), any open issue can be marked by an operator as blocking passage — a
-- missing manhole cover fenced off, a gas leak's cordon, a crowd barrier. The mark is a column of
-- the issue (the closures' query reads it) and a `passage` event in the log (who marked it, when and
-- why), which changes no status and no stage (core/domain/passage-closures.ts).
ALTER TABLE issues ADD COLUMN blocks_passage boolean NOT NULL DEFAULT false;
-- The marked open issues: a handful of rows, however long the history, read at each closure change.
CREATE INDEX issues_open_blocking ON issues (id) WHERE blocks_passage AND status NOT IN ('closed', 'rejected', 'merged');
