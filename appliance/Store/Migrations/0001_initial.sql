-- hiy schema v1. Migrations are forward-only: never edit a released file, add the next number.
-- Times are ISO-8601 UTC text ("2026-11-22T01:57:32.123Z"); secrets are AES-GCM blobs (Secrets/SecretBox).

CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT,
    secret      BLOB,            -- set instead of value for secrets
    updated_at  TEXT NOT NULL,
    CHECK ((value IS NULL) <> (secret IS NULL))
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,  -- pbkdf2-sha256$<iterations>$<salt>$<hash>
    created_at     TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash    BLOB NOT NULL UNIQUE,   -- SHA-256 of the token; the token itself is never stored
    name          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    expires_at    TEXT
);

CREATE TABLE apps (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    repo_url           TEXT,
    branch             TEXT NOT NULL DEFAULT 'main',
    port               INTEGER NOT NULL DEFAULT 8080,
    memory_mb          INTEGER NOT NULL DEFAULT 512,
    cpus               REAL NOT NULL DEFAULT 0.5,
    health_path        TEXT NOT NULL DEFAULT '/',
    poll_interval_s    INTEGER,
    volume_path        TEXT,           -- where the named volume hiy-<app>-data is mounted, if anywhere
    cap_add            TEXT NOT NULL DEFAULT '',  -- capabilities the user opted into, comma-separated
    status             TEXT NOT NULL DEFAULT 'created'
                       CHECK (status IN ('created','building','running','stopped','crashed','failed')),
    status_detail      TEXT,           -- e.g. "exited with code 137 (OOM-killed)"
    last_exit_code     INTEGER,
    last_oom_killed    INTEGER NOT NULL DEFAULT 0,
    current_deploy_id  INTEGER,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

CREATE TABLE deploys (
    id            INTEGER PRIMARY KEY,
    app_id        INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('queued','building','deploying','succeeded','failed','canceled')),
    ref           TEXT,
    sha           TEXT,
    triggered_by  TEXT NOT NULL CHECK (triggered_by IN ('webhook','git','manual','cli','poll','rollback')),
    image         TEXT,
    container_id  TEXT,
    error         TEXT,
    log           TEXT NOT NULL DEFAULT '',
    step_timings  TEXT,           -- JSON object: step name -> milliseconds
    queued_at     TEXT NOT NULL,
    started_at    TEXT,
    finished_at   TEXT
);
CREATE INDEX deploys_app ON deploys(app_id, id DESC);

CREATE TABLE env_vars (
    app_id      INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    key         TEXT NOT NULL,
    value       BLOB NOT NULL,    -- encrypted; associated data binds it to app and key
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (app_id, key)
) WITHOUT ROWID;

CREATE TABLE domains (
    id          INTEGER PRIMARY KEY,
    app_id      INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    domain      TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE certificates (
    id               INTEGER PRIMARY KEY,
    primary_name     TEXT NOT NULL UNIQUE,
    names            TEXT NOT NULL,        -- JSON array of every SAN
    cert_pem         TEXT,
    key              BLOB,                 -- encrypted PKCS#8
    not_before       TEXT,
    not_after        TEXT,
    status           TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending','valid','renewing','failed')),
    last_error       TEXT,
    next_attempt_at  TEXT,
    updated_at       TEXT NOT NULL
);

CREATE TABLE acme_accounts (
    directory_url  TEXT PRIMARY KEY,
    email          TEXT,
    account_url    TEXT,
    key            BLOB NOT NULL,          -- encrypted PKCS#8 ES256 key
    created_at     TEXT NOT NULL
);

CREATE TABLE static_sites (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    active_version  TEXT,
    created_at      TEXT NOT NULL
);

CREATE TABLE site_versions (
    site_id     INTEGER NOT NULL REFERENCES static_sites(id) ON DELETE CASCADE,
    version     TEXT NOT NULL,
    file_count  INTEGER NOT NULL,
    size_bytes  INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (site_id, version)
) WITHOUT ROWID;

-- Container output, kept as a ring buffer of the newest lines per app (see the trigger).
CREATE TABLE log_lines (
    id      INTEGER PRIMARY KEY,
    app_id  INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    ts      TEXT NOT NULL,
    stream  TEXT NOT NULL CHECK (stream IN ('stdout','stderr','system')),
    line    TEXT NOT NULL
);
CREATE INDEX log_lines_app ON log_lines(app_id, id);

CREATE TRIGGER log_lines_ring AFTER INSERT ON log_lines
BEGIN
    DELETE FROM log_lines
    WHERE app_id = NEW.app_id
      AND id <= (SELECT id FROM log_lines WHERE app_id = NEW.app_id ORDER BY id DESC LIMIT 1 OFFSET 10000);
END;

CREATE TABLE webhook_deliveries (
    delivery_id  TEXT PRIMARY KEY,
    event        TEXT NOT NULL,
    app_id       INTEGER REFERENCES apps(id) ON DELETE SET NULL,
    outcome      TEXT NOT NULL,
    received_at  TEXT NOT NULL
);

CREATE TABLE templates (
    id           TEXT PRIMARY KEY,         -- tmpl_...
    name         TEXT NOT NULL,
    description  TEXT,
    version      TEXT NOT NULL,
    compose      TEXT NOT NULL,
    variables    TEXT NOT NULL DEFAULT '[]',
    published    INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE deployments (
    id           TEXT PRIMARY KEY,         -- depl_...
    template_id  TEXT NOT NULL REFERENCES templates(id),
    customer_id  TEXT NOT NULL,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,
    variables    TEXT NOT NULL DEFAULT '{}',
    error        TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX deployments_customer ON deployments(customer_id);
CREATE INDEX deployments_template ON deployments(template_id);
