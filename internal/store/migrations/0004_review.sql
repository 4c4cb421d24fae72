-- 提交申报材料 and the review chain: where a submitted application goes
-- (its 受理机构, its region for the 市/区科技局, whether a city level
-- reviews first), the review log, reviewers' remarks and the in-app
-- notifications.

ALTER TABLE applications ADD COLUMN acceptor_code TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN region_code TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN city_level BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE applications ADD COLUMN ref_no TEXT NOT NULL DEFAULT '';
ALTER TABLE applications ADD COLUMN submitted_at BIGINT;
ALTER TABLE applications ADD COLUMN host_type TEXT NOT NULL DEFAULT '';
CREATE INDEX applications_queue ON applications(status, acceptor_code);

-- One row per action: who, which department, what was decided or
-- recorded. Never updated or deleted.
CREATE TABLE app_steps (
    id {{ID}},
    app_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    role TEXT NOT NULL,
    level TEXT NOT NULL DEFAULT '',
    user_id BIGINT REFERENCES users(id),
    user_name TEXT NOT NULL DEFAULT '',
    dept_id BIGINT REFERENCES departments(id),
    dept_name TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    version_id BIGINT REFERENCES app_versions(id),
    version_code TEXT NOT NULL DEFAULT '',
    matched BOOLEAN NOT NULL DEFAULT FALSE,
    score DOUBLE PRECISION NOT NULL DEFAULT 0,
    public_from TEXT NOT NULL DEFAULT '',
    public_to TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX app_steps_app ON app_steps(app_id, id);

-- A reviewer's remark on a field, a table row or a section. step_id is
-- NULL while the remark is a draft of its department; the decision that
-- sends it (退回修改 or any other) attaches it, and from then on the
-- applicant sees it. row_id is not a foreign key: a remark outlives an
-- edit that deletes its row.
CREATE TABLE app_remarks (
    id {{ID}},
    app_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    step_id BIGINT REFERENCES app_steps(id),
    dept_id BIGINT REFERENCES departments(id),
    section TEXT NOT NULL DEFAULT '',
    table_key TEXT NOT NULL DEFAULT '',
    row_id BIGINT NOT NULL DEFAULT 0,
    field TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    user_name TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX app_remarks_app ON app_remarks(app_id, id);

CREATE TABLE notifications (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    app_id BIGINT REFERENCES applications(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications(user_id, id);
