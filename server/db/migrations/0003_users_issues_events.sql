-- Users and wall tokens (who may see what), issues, their photos, and the append-only event
-- log whose strictly increasing `seq` is the order every client replays and streams in.

CREATE TABLE users (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,39}$'),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'operator', 'planner', 'street_leader', 'community_leader', 'grid_worker')),
  area_code text NOT NULL REFERENCES areas (code) ON UPDATE CASCADE,
  phone text,
  -- scrypt$N$r$p$salt$hash (base64)
  password_hash text NOT NULL,
  demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Read-only tokens for wall screens: scoped to an area, revocable.
CREATE TABLE wall_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  label text NOT NULL,
  area_code text NOT NULL REFERENCES areas (code) ON UPDATE CASCADE,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);

-- The token-signing key when AUTH_SECRET is not set: drawn once by the first server to start
-- (server/auth/signing-key.ts), then shared by every process on this database.
CREATE TABLE auth_keys (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  secret text NOT NULL CHECK (length(secret) >= 32)
);

-- Time limits per triage colour and stage (minutes); the defaults of core/domain/issue-lifecycle.ts.
CREATE TABLE issue_time_limits (
  colour text NOT NULL CHECK (colour IN ('red', 'orange', 'yellow', 'blue')),
  stage text NOT NULL CHECK (stage IN ('accept', 'dispatch', 'resolve', 'verify', 'reply')),
  minutes integer NOT NULL CHECK (minutes > 0),
  PRIMARY KEY (colour, stage)
);
INSERT INTO issue_time_limits (colour, stage, minutes) VALUES
  ('red', 'accept', 30), ('red', 'dispatch', 60), ('red', 'resolve', 1440), ('red', 'verify', 240), ('red', 'reply', 1440),
  ('orange', 'accept', 60), ('orange', 'dispatch', 120), ('orange', 'resolve', 4320), ('orange', 'verify', 480), ('orange', 'reply', 2880),
  ('yellow', 'accept', 120), ('yellow', 'dispatch', 240), ('yellow', 'resolve', 7200), ('yellow', 'verify', 1440), ('yellow', 'reply', 4320),
  ('blue', 'accept', 240), ('blue', 'dispatch', 480), ('blue', 'resolve', 14400), ('blue', 'verify', 2880), ('blue', 'reply', 7200);

CREATE SEQUENCE issue_number;

CREATE TABLE issues (
  id uuid PRIMARY KEY,
  number bigint NOT NULL UNIQUE DEFAULT nextval('issue_number'),
  code text NOT NULL UNIQUE,
  -- sha256 of the request that created it: the same id with another body is a conflict.
  request_hash text NOT NULL,
  category text NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
  address text,
  importance text NOT NULL CHECK (importance IN ('high', 'medium', 'low')),
  urgency text NOT NULL CHECK (urgency IN ('high', 'medium', 'low')),
  colour text NOT NULL CHECK (colour IN ('red', 'orange', 'yellow', 'blue')),
  status text NOT NULL CHECK (status IN ('reported', 'accepted', 'dispatched', 'escalated', 'resolved', 'verified',
                                         'replied', 'rated', 'closed', 'rejected', 'merged')),
  source text NOT NULL CHECK (source IN ('field', 'hotline')),
  reporter text NOT NULL REFERENCES users (username) ON UPDATE CASCADE,
  caller_name text,
  caller_phone text,
  assignee text,
  department text,
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  duplicate_of uuid REFERENCES issues (id),
  possible_duplicate_of uuid REFERENCES issues (id),
  -- The lowest area containing the point and its ancestors, for rooms and scoped reads.
  area_code text REFERENCES areas (code) ON UPDATE CASCADE,
  grid_code text,
  community_code text,
  street_code text,
  district_code text,
  out_of_area boolean NOT NULL,
  geom geometry(Point, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  raw_lon double precision NOT NULL,
  raw_lat double precision NOT NULL,
  raw_crs text NOT NULL CHECK (raw_crs IN ('wgs84', 'gcj02', 'bd09')),
  seq bigint NOT NULL,
  reported_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  stage_started_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issues_geom_gist ON issues USING gist (geom);
CREATE INDEX issues_geog_gist ON issues USING gist ((geom::geography));
CREATE INDEX issues_status ON issues (status);
CREATE INDEX issues_street ON issues (street_code, number DESC);
CREATE INDEX issues_community ON issues (community_code, number DESC);
CREATE INDEX issues_grid ON issues (grid_code, number DESC);
CREATE INDEX issues_reporter ON issues (reporter, number DESC);
CREATE INDEX issues_category_time ON issues (category, reported_at);

-- Photos by content hash: the same picture sent twice is stored once.
CREATE TABLE photos (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/gif')),
  bytes integer NOT NULL,
  data bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The event log's head: one row whose lock serialises event writes, so seq order is commit order.
CREATE TABLE issue_event_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  seq bigint NOT NULL DEFAULT 0
);
INSERT INTO issue_event_head DEFAULT VALUES;

CREATE TABLE issue_events (
  seq bigint PRIMARY KEY,
  issue_id uuid NOT NULL REFERENCES issues (id),
  type text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  actor text NOT NULL,
  actor_role text NOT NULL,
  note text,
  data jsonb NOT NULL DEFAULT '{}',
  -- The issue as it stood after this event (IssueSummary), so replay sends what live sent.
  issue jsonb NOT NULL,
  -- Where the issue lay, for scoped replay.
  rooms text[] NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX issue_events_issue ON issue_events (issue_id, seq);
CREATE INDEX issue_events_rooms ON issue_events USING gin (rooms);

CREATE TABLE issue_photos (
  issue_id uuid NOT NULL REFERENCES issues (id),
  sha256 text NOT NULL REFERENCES photos (sha256),
  event_seq bigint NOT NULL REFERENCES issue_events (seq),
  position smallint NOT NULL,
  PRIMARY KEY (issue_id, sha256)
);

CREATE FUNCTION reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'issue_events is append-only';
END $$;
CREATE TRIGGER issue_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON issue_events
  FOR EACH STATEMENT EXECUTE FUNCTION reject_change();

-- Payloads of @socket.io/postgres-adapter over NOTIFY's 8,000-byte limit (several processes on one server).
CREATE TABLE socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT now(),
  payload bytea
);
