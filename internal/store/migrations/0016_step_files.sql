-- 审核附件: the files a department uploads with a step of the review log,
-- such as a province's signed 专家评审意见 and 实地核查报告 (the chain
-- declares which step takes which slot). Each row names its blob itself,
-- so the blob sweep counts it; name is the file's name as uploaded, every
-- character kept.
CREATE TABLE step_files (
    id {{ID}},
    app_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    step_id BIGINT NOT NULL REFERENCES app_steps(id) ON DELETE CASCADE,
    slot TEXT NOT NULL,
    blob_key TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    user_name TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX step_files_app ON step_files(app_id, step_id, id);
CREATE INDEX step_files_blob ON step_files(blob_key);
