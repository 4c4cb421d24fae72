-- A spreadsheet import between its preview and its commit: what the file
-- held and what each row will do, so the file is uploaded once and the
-- commit applies exactly what the preview showed. The plan is the
-- service's JSON; a commit or a cancel deletes the row, so an import lands
-- at most once. Its id is in the preview's address, so it is never given
-- again (SQLite would otherwise reuse the id of the newest row deleted).
CREATE TABLE table_imports (
    id {{UNIQUE_ID}},
    app_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    table_key TEXT NOT NULL,
    mode TEXT NOT NULL,
    file_name TEXT NOT NULL,
    plan TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX table_imports_app ON table_imports(app_id, created_at);
