-- Sessions that can end before their tokens expire: each token carries the user's token version
-- when it was signed, and a logout, a password change or an administrator bumps the version, so
-- every earlier token of that user stops working. A disabled user may neither log in nor use a token.
ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN disabled boolean NOT NULL DEFAULT false;
