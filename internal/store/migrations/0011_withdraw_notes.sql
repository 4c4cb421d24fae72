-- 撤回 and the departments' internal notes.

-- A 撤回 step names the decision it undoes. The decision's row stays as it
-- was: the log is never rewritten, and the page marks it 已撤回 from this
-- reference.
ALTER TABLE app_steps ADD COLUMN withdraws_step_id BIGINT REFERENCES app_steps(id);

-- A department's own notes on an application (内部备注): never shown to the
-- applicant, nor to another department. section is '' for the whole
-- application.
CREATE TABLE app_notes (
    id {{ID}},
    app_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    dept_id BIGINT NOT NULL REFERENCES departments(id),
    section TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    user_name TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX app_notes_app ON app_notes(app_id, dept_id, id);
