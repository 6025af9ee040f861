-- hiy schema v9 (stacks): templates and deployments with Hoster's fields. The tables of 0001 never had code behind
-- them (nothing can have written a row), so they are recreated rather than altered.
DROP TABLE deployments;
DROP TABLE templates;

CREATE TABLE templates (
    id             TEXT PRIMARY KEY,          -- tmpl_...
    name           TEXT NOT NULL,
    slug           TEXT NOT NULL UNIQUE,
    version        TEXT NOT NULL,
    creator_id     TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    compose_spec   TEXT NOT NULL,
    config_files   TEXT NOT NULL DEFAULT '[]', -- JSON [{name, path, content}]
    price_monthly  INTEGER NOT NULL DEFAULT 0 CHECK (price_monthly >= 0),
    published      INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- A deleted deployment stays as a row (Hoster's soft delete) until its template goes; its name is free again.
CREATE TABLE deployments (
    id                TEXT PRIMARY KEY,       -- depl_...
    name              TEXT NOT NULL,
    template_id       TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
    template_version  TEXT NOT NULL,
    customer_id       TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('pending', 'scheduled', 'starting', 'running', 'stopping', 'stopped',
                                                       'deleting', 'deleted', 'failed')),
    variables         BLOB,                   -- JSON {name: value}, sealed (values may be passwords)
    error_message     TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    started_at        TEXT,
    stopped_at        TEXT
);
CREATE UNIQUE INDEX deployments_live_name ON deployments(name) WHERE status <> 'deleted';
CREATE INDEX deployments_customer ON deployments(customer_id);
CREATE INDEX deployments_template ON deployments(template_id);
