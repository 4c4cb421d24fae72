-- 专家评审: experts of a department's pool, their assignments to
-- applications and the scoring sheets they fill.

-- An expert is a users row with role 'expert' (users.dept_id stays NULL,
-- since code that meets a dept_id takes the account for a reviewer); the
-- pool it belongs to and what assignment needs to know live here.
CREATE TABLE experts (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    dept_id BIGINT NOT NULL REFERENCES departments(id),
    employer TEXT NOT NULL DEFAULT '',
    speciality TEXT NOT NULL DEFAULT '',
    region_code TEXT NOT NULL DEFAULT '',
    region_name TEXT NOT NULL DEFAULT ''
);
CREATE INDEX experts_dept ON experts(dept_id);

-- One expert on one application at one level for one submission
-- (round_at is the application's submitted_at when assigned: a new 提交
-- starts a new round of review and of assignments). The sheet is filled
-- in place: scores is a JSON object of criterion key to the score as
-- typed, criteria the sheet's criteria as they were when it was submitted.
CREATE TABLE expert_assignments (
    id {{ID}},
    app_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    round_at BIGINT NOT NULL,
    level TEXT NOT NULL,
    dept_id BIGINT NOT NULL REFERENCES departments(id),
    expert_id BIGINT NOT NULL REFERENCES users(id),
    assigned_by BIGINT REFERENCES users(id),
    recused BOOLEAN NOT NULL DEFAULT FALSE,
    recuse_reason TEXT NOT NULL DEFAULT '',
    scores TEXT NOT NULL DEFAULT '{}',
    comment TEXT NOT NULL DEFAULT '',
    criteria TEXT NOT NULL DEFAULT '',
    total DOUBLE PRECISION NOT NULL DEFAULT 0,
    submitted_at BIGINT,
    remark_id BIGINT REFERENCES app_remarks(id) ON DELETE SET NULL,
    revision BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (app_id, round_at, level, expert_id)
);
CREATE INDEX expert_assignments_expert ON expert_assignments(expert_id, id);

-- A round's scoring sheet as JSON (domain.ScoreSheet); '' means the
-- default sheet of the application type.
ALTER TABLE rounds ADD COLUMN score_sheet TEXT NOT NULL DEFAULT '';
