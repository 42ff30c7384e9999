-- Grid hierarchy, service points and demand points. Everything in WGS-84 (EPSG:4326).
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE areas (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Za-z-]+$'),
  name text NOT NULL CHECK (name <> ''),
  name_en text,
  level text NOT NULL CHECK (level IN ('district', 'street', 'community', 'grid', 'micro')),
  depth smallint GENERATED ALWAYS AS (
    CASE level WHEN 'district' THEN 0 WHEN 'street' THEN 1 WHEN 'community' THEN 2 WHEN 'grid' THEN 3 ELSE 4 END
  ) STORED,
  kind text NOT NULL DEFAULT 'comprehensive' CHECK (kind IN ('comprehensive', 'exclusive')),
  parent_code text REFERENCES areas (code) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
  population integer CHECK (population >= 0),
  households integer CHECK (households >= 0),
  -- Personal data: never sent to a client unmasked.
  leader_name text,
  leader_phone text,
  synthetic boolean NOT NULL DEFAULT false,
  geom geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom) AND NOT ST_IsEmpty(geom)),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_code IS NULL OR parent_code <> code)
);
CREATE INDEX areas_geom_gist ON areas USING gist (geom);
CREATE INDEX areas_parent_code ON areas (parent_code);
CREATE INDEX areas_level ON areas (level);

CREATE TABLE facility_types (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
  name text NOT NULL,
  name_en text NOT NULL,
  icon text NOT NULL,
  color text NOT NULL CHECK (color ~ '^#[0-9a-fA-F]{6}$'),
  sort_order integer NOT NULL DEFAULT 0
);

CREATE TABLE facilities (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Za-z-]+$'),
  name text NOT NULL CHECK (name <> ''),
  name_en text,
  type_code text NOT NULL REFERENCES facility_types (code) ON UPDATE CASCADE,
  address text,
  opening_hours text,
  services text[] NOT NULL DEFAULT '{}',
  area_code text REFERENCES areas (code) ON UPDATE CASCADE ON DELETE SET NULL,
  synthetic boolean NOT NULL DEFAULT false,
  geom geometry(Point, 4326) NOT NULL CHECK (NOT ST_IsEmpty(geom)),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX facilities_geom_gist ON facilities USING gist (geom);
CREATE INDEX facilities_type_code ON facilities (type_code);
CREATE INDEX facilities_area_code ON facilities (area_code);

CREATE TABLE demand_points (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Za-z-]+$'),
  name text,
  population integer NOT NULL CHECK (population >= 0),
  households integer CHECK (households >= 0),
  area_code text REFERENCES areas (code) ON UPDATE CASCADE ON DELETE SET NULL,
  synthetic boolean NOT NULL DEFAULT false,
  geom geometry(Point, 4326) NOT NULL CHECK (NOT ST_IsEmpty(geom)),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX demand_points_geom_gist ON demand_points USING gist (geom);
CREATE INDEX demand_points_area_code ON demand_points (area_code);

-- One counter per layer, bumped by every statement that changes it: the key of tile and
-- response caches, shared by every server process on the same database.
CREATE TABLE data_versions (
  layer text PRIMARY KEY,
  version bigint NOT NULL DEFAULT 1
);
INSERT INTO data_versions (layer) VALUES ('areas'), ('facilities'), ('demand-points'), ('facility-types');

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE layer = TG_ARGV[0];
  RETURN NULL;
END $$;

CREATE TRIGGER areas_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('areas');
CREATE TRIGGER facilities_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facilities
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('facilities');
CREATE TRIGGER demand_points_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON demand_points
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('demand-points');
CREATE TRIGGER facility_types_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON facility_types
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('facility-types');
