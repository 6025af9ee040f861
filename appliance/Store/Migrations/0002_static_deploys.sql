-- A deploy of a static-site repository publishes a version of the app's own site instead of starting
-- a container: the version it published (and, for a rollback, re-activated). NULL for container deploys.
ALTER TABLE deploys ADD COLUMN site_version TEXT;
