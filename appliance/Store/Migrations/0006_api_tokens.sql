-- hiy schema v6 (api): a token's kind. A dashboard session was told from an API token by its name alone
-- ("session"), so an API token given that name would have worked as a session cookie; now the kind decides,
-- and the name is free text shown in GET /api/v1/tokens.
ALTER TABLE api_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'session'));
UPDATE api_tokens SET kind = 'session', name = 'dashboard session' WHERE name = 'session';
-- Sessions that ran out before this version were never removed by a later sign-in's sweep if none came.
DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
