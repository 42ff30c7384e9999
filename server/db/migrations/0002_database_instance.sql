-- A random id drawn once per database, so data versions (change counters that start at 1
-- in every new database) never repeat across databases: a browser's cached tile of one
-- database is never taken for the same-numbered tile of another.
CREATE TABLE database_instance (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO database_instance DEFAULT VALUES;
