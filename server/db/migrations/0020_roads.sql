-- The walking network (issue 18): every line of an imported road network, walked or not (a
-- motorway without a sidewalk and a wall are drawn as barriers), and for the walked ones the nodes
-- they run between — the network's topology, built where lines share an end (never where they
-- merely cross: a bridge over a street does not meet it). `source`/`target`/`length_m` are the
-- columns pgRouting's functions read (pgr_drivingDistance cross-checks the analysis in CI).
-- An import replaces the whole network in one transaction (server/import/import-roads.ts).
CREATE TABLE road_nodes (
  id integer PRIMARY KEY,
  geom geometry(Point, 4326) NOT NULL
);

CREATE TABLE roads (
  id integer PRIMARY KEY,
  highway text NOT NULL,
  name text,
  bridge boolean NOT NULL DEFAULT false,
  tunnel boolean NOT NULL DEFAULT false,
  barrier text,
  walkable boolean NOT NULL,
  source integer REFERENCES road_nodes (id),
  target integer REFERENCES road_nodes (id),
  length_m double precision NOT NULL CHECK (length_m >= 0),
  tags jsonb NOT NULL DEFAULT '{}',
  synthetic boolean NOT NULL DEFAULT false,
  geom geometry(LineString, 4326) NOT NULL,
  CHECK (walkable = (source IS NOT NULL AND target IS NOT NULL))
);
CREATE INDEX roads_geom ON roads USING gist (geom);

INSERT INTO data_versions (layer) VALUES ('roads');
CREATE TRIGGER roads_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roads
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('roads');
