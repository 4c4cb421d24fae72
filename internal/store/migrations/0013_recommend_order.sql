-- 推荐排序: the order in which a department puts the applications of a
-- round that it recommends onwards (the 推荐表 and the 推荐函 list them
-- so). One row per department and round carries the revision that two
-- reviewers ordering at once are checked against; one row per ranked
-- application its place, 1 first.
CREATE TABLE recommend_orders (
    dept_id BIGINT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
    round_id BIGINT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (dept_id, round_id)
);

CREATE TABLE recommend_ranks (
    dept_id BIGINT NOT NULL,
    round_id BIGINT NOT NULL,
    app_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    PRIMARY KEY (dept_id, app_id),
    FOREIGN KEY (dept_id, round_id) REFERENCES recommend_orders(dept_id, round_id) ON DELETE CASCADE
);
CREATE INDEX recommend_ranks_round ON recommend_ranks(dept_id, round_id, seq);

-- The 工作台 over tens of thousands of applications: the page's ids, the
-- counts per status and the filters read from these indexes alone, never
-- from the table rows (火炬中心 lists by status; a province by its code).
CREATE INDEX applications_list ON applications(status, submitted_at, round_id, host_type, region_code);
CREATE INDEX applications_acceptor ON applications(acceptor_code, status, submitted_at);
