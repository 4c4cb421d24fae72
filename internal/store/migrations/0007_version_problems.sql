-- What was still wrong when a 申报书 version was generated: people print
-- drafts to check them, and such a version must say that it cannot be
-- submitted, on the page that lists it and on its cover.
ALTER TABLE app_versions ADD COLUMN problems INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_versions ADD COLUMN unmet INTEGER NOT NULL DEFAULT 0;
