-- Failed logins, kept in the database so that every server process sees the same counts and an
-- administrator can clear them (npm run users -- unlock NAME). Two kinds of row: per address and
-- username ('address:<ip>|<name>': locked for the window after too many), and per account across
-- all addresses ('account:<name>': slowed down, never locked).
CREATE TABLE login_failures (
  key text PRIMARY KEY,
  username text NOT NULL,
  failures integer NOT NULL,
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL
);
CREATE INDEX login_failures_username ON login_failures (username);
