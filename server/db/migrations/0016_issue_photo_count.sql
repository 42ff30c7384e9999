-- Each issue's photo count, kept on its row (issue 17). Every summary carried it as a subquery on
-- issue_photos, one index probe per issue: on a city's year the live snapshot's 34,000 open issues
-- spent 140 of its 185 ms there (EXPLAIN ANALYZE on the PostgreSQL server). A statement-level
-- trigger adds each statement's new links to their issues (after the statement, so it also sees a
-- row the same statement wrote); links are never deleted while their issue exists. The bulk
-- history writes the count in the issue rows and sets this trigger aside while it loads
-- (server/demo/bulk-write-history.ts).
ALTER TABLE issues ADD COLUMN photo_count integer NOT NULL DEFAULT 0;

UPDATE issues i SET photo_count = p.n
FROM (SELECT issue_id, count(*)::int AS n FROM issue_photos GROUP BY issue_id) p
WHERE p.issue_id = i.id;

CREATE FUNCTION count_issue_photos() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE issues i SET photo_count = i.photo_count + l.n
  FROM (SELECT issue_id, count(*)::int AS n FROM new_links GROUP BY issue_id) l
  WHERE l.issue_id = i.id;
  RETURN NULL;
END $$;

CREATE TRIGGER issue_photos_count AFTER INSERT ON issue_photos
  REFERENCING NEW TABLE AS new_links
  FOR EACH STATEMENT EXECUTE FUNCTION count_issue_photos();
