-- hiy schema v6 (api): token kinds, and CPU history for the machine and each app.

-- A token's kind. A dashboard session was told from an API token by its name alone
-- ("session"), so an API token given that name would have worked as a session cookie; now the kind decides,
-- and the name is free text shown in GET /api/v1/tokens.
ALTER TABLE api_tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'api' CHECK (kind IN ('api', 'session'));
UPDATE api_tokens SET kind = 'session', name = 'dashboard session' WHERE name = 'session';
-- Sessions that ran out before this version were never removed by a later sign-in's sweep if none came.
DELETE FROM api_tokens WHERE expires_at IS NOT NULL AND expires_at <= strftime('%Y-%m-%dT%H:%M:%fZ', 'now');

-- The machine's CPU % between two samples (null in rows written before this version), for GET /api/v1/system/history.
ALTER TABLE system_samples ADD COLUMN cpu_percent REAL;

-- Each running app's container, sampled with the machine (docker's one-shot stats), kept as long, for
-- GET /api/v1/apps/{app}/metrics. Deleting the app deletes its samples.
CREATE TABLE app_samples (
    id                  INTEGER PRIMARY KEY,
    app_id              INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    at                  TEXT NOT NULL,
    cpu_percent         REAL NOT NULL,
    memory_bytes        INTEGER NOT NULL,
    memory_limit_bytes  INTEGER
);
CREATE INDEX app_samples_app_at ON app_samples(app_id, at);
CREATE INDEX app_samples_at ON app_samples(at);
