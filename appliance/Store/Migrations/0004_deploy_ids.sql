-- Deploy ids never come back: with a plain INTEGER PRIMARY KEY SQLite hands out max(id)+1, so deleting an app
-- (whose deploys go with it) let the next app's deploys reuse its ids, and an old link or log line would then
-- name someone else's deploy. AUTOINCREMENT keeps the high-water mark in sqlite_sequence.
-- Also: 'restart' joins the triggers (POST /restart is a deploy of the current image with a health-checked swap).
CREATE TABLE deploys_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    app_id        INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('queued','building','deploying','succeeded','failed','canceled')),
    ref           TEXT,
    sha           TEXT,
    triggered_by  TEXT NOT NULL CHECK (triggered_by IN ('webhook','git','manual','cli','poll','rollback','env','restart')),
    image         TEXT,
    container_id  TEXT,
    error         TEXT,
    log           TEXT NOT NULL DEFAULT '',
    step_timings  TEXT,
    queued_at     TEXT NOT NULL,
    started_at    TEXT,
    finished_at   TEXT,
    site_version  TEXT
);
INSERT INTO deploys_new(id, app_id, status, ref, sha, triggered_by, image, container_id, error, log, step_timings,
                        queued_at, started_at, finished_at, site_version)
    SELECT id, app_id, status, ref, sha, triggered_by, image, container_id, error, log, step_timings,
           queued_at, started_at, finished_at, site_version FROM deploys;
DROP TABLE deploys;
ALTER TABLE deploys_new RENAME TO deploys;
CREATE INDEX deploys_app ON deploys(app_id, id DESC);
