-- The paper register: a 纸质材料核验 records when the sealed copies came,
-- how many of the 一式 N 份 the 受理机构 asked for at the time, and who
-- signed for them. Checks recorded before have none ('' and 0).
ALTER TABLE app_steps ADD COLUMN paper_received_on TEXT NOT NULL DEFAULT '';
ALTER TABLE app_steps ADD COLUMN paper_copies INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_steps ADD COLUMN paper_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE app_steps ADD COLUMN paper_receiver TEXT NOT NULL DEFAULT '';
CREATE INDEX app_steps_paper ON app_steps(action, paper_received_on);

-- 名额: how many applications a 受理机构 may recommend to 火炬中心 in a
-- round. No row: not set yet, nothing refused. A recommendation locks the
-- row, so two at once cannot both take the last slot.
CREATE TABLE round_quotas (
    round_id BIGINT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    acceptor_code TEXT NOT NULL,
    quota INTEGER NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, acceptor_code)
);
