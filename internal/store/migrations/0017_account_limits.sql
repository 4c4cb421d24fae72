-- Per-account limits on the expensive actions (service/limits.go), kept in
-- the database so that they hold across every instance on one database.
--
-- account_uses counts one account's uses of an action (exports, import
-- previews) in a window that starts at the first use after the last
-- window ended: one row per account and action, rewritten in place.
CREATE TABLE account_uses (
    user_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (user_id, action)
);

-- account_leases marks an account busy with an action until a time: an
-- import being read or committed, a 下载材料 being queued, a 申报书 made
-- within an API request. The row is deleted when the work ends; a process
-- that dies leaves it to run out.
CREATE TABLE account_leases (
    user_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    until_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, action)
);
