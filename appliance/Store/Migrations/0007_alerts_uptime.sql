-- hiy schema v7: uptime checks of every running app through the proxy, alert incidents and their deliveries.

-- One HTTP check of an app (every 30 s): its status (0 = no answer), whether it counted as up, and the latency.
-- Kept 7 days and at most ~20,000 rows, pruned on write. Deleting the app deletes its checks.
CREATE TABLE uptime_checks (
    id          INTEGER PRIMARY KEY,
    app_id      INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    status      INTEGER NOT NULL,
    up          INTEGER NOT NULL CHECK (up IN (0, 1)),
    latency_ms  REAL NOT NULL,
    error       TEXT
);
CREATE INDEX uptime_checks_app_at ON uptime_checks(app_id, at);
CREATE INDEX uptime_checks_at ON uptime_checks(at);

-- An alert from open to resolved. `key` names the condition ("app_down:blog", "disk"); at most one open incident per key,
-- so a restart that finds the condition still true does not open (or announce) it again.
CREATE TABLE incidents (
    id           INTEGER PRIMARY KEY,
    key          TEXT NOT NULL,
    kind         TEXT NOT NULL,
    subject      TEXT,
    message      TEXT NOT NULL,
    opened_at    TEXT NOT NULL,
    resolved_at  TEXT
);
CREATE UNIQUE INDEX incidents_open_key ON incidents(key) WHERE resolved_at IS NULL;
CREATE INDEX incidents_opened_at ON incidents(opened_at);

-- A message sent for an incident on a channel: one "down" (phase 'open') and one "resolved" per channel. A delivery that
-- failed has no row and is tried again on the next evaluation; one that has a row is never sent again.
CREATE TABLE alert_deliveries (
    incident_id  INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
    channel      TEXT NOT NULL,
    phase        TEXT NOT NULL CHECK (phase IN ('open', 'resolved')),
    sent_at      TEXT NOT NULL,
    PRIMARY KEY (incident_id, channel, phase)
);
