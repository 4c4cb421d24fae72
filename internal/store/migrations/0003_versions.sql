-- 申报书 versions: every generation of the PDF keeps the frozen data it
-- was made from, the PDF itself (in the blob store) and its SHA-256.
-- data_rev counts changes to an application's data, so that a version made
-- before the latest change shows as 数据已修改; versions counts
-- generations and numbers them.

ALTER TABLE applications ADD COLUMN data_rev BIGINT NOT NULL DEFAULT 1;
ALTER TABLE applications ADD COLUMN versions INTEGER NOT NULL DEFAULT 0;

-- Whether a round's 申报书 appends the uploaded attachments, stamped.
ALTER TABLE rounds ADD COLUMN append_files BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE app_versions (
    id {{ID}},
    app_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    code TEXT NOT NULL UNIQUE,
    data_rev BIGINT NOT NULL,
    snapshot TEXT NOT NULL,
    blob_key TEXT NOT NULL,
    size BIGINT NOT NULL,
    pages INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    UNIQUE (app_id, seq)
);

-- The version bound by 提交申报材料; NULL until submitted.
ALTER TABLE applications ADD COLUMN submitted_version BIGINT REFERENCES app_versions(id);
