-- Open311 GeoReport v2 (issue 19): outside systems (a hotline platform, a city app) send and read
-- issues through /open311/v2/ with an API key an admin issues per integration
-- (`npm run users -- api-key NAME --area CODE`). Each integration reports as a user of its own
-- (NAME, role operator, disabled: nobody logs in as it), so its issues have a reporter like any
-- other; the key itself is kept only as its sha256.
CREATE TABLE open311_keys (
  name text PRIMARY KEY REFERENCES users (username),
  key_sha256 text NOT NULL UNIQUE CHECK (key_sha256 ~ '^[0-9a-f]{64}$'),
  -- The area its requests must lie in, and the only area whose requests it may read.
  area_code text NOT NULL,
  -- Requests a minute it may make (each process counts its own).
  per_minute integer NOT NULL DEFAULT 60 CHECK (per_minute BETWEEN 1 AND 10000),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- Reports that arrive through Open311 say so, with the caller's e-mail and the media URL they sent.
ALTER TABLE issues DROP CONSTRAINT issues_source_check;
ALTER TABLE issues ADD CONSTRAINT issues_source_check CHECK (source IN ('field', 'hotline', 'open311'));
ALTER TABLE issues ADD COLUMN caller_email text;
ALTER TABLE issues ADD COLUMN media_url text;
