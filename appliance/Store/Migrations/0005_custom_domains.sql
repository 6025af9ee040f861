-- hiy schema v4: custom domains get their own http-01 certificates. The certificates table now says
-- which kind a row is, so a custom domain's certificate can be dropped with its domain without ever
-- touching the wildcard one; domains are looked up per app (the API, and deleting an app).

ALTER TABLE certificates ADD COLUMN kind TEXT NOT NULL DEFAULT 'wildcard' CHECK (kind IN ('wildcard','domain'));

CREATE INDEX domains_app_id ON domains(app_id);
