-- hiy schema v3: readings of the machine every few minutes (disk, memory, load, SoC temperature),
-- kept for a week, for the support bundle's history and the dashboard's graphs.

CREATE TABLE system_samples (
    id                      INTEGER PRIMARY KEY,
    at                      TEXT NOT NULL,
    uptime_s                REAL NOT NULL,
    load1                   REAL NOT NULL,
    memory_total_bytes      INTEGER NOT NULL,
    memory_available_bytes  INTEGER NOT NULL,
    disk_total_bytes        INTEGER NOT NULL,
    disk_free_bytes         INTEGER NOT NULL,
    temperature_c           REAL
);
CREATE INDEX system_samples_at ON system_samples(at);
