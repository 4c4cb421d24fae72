-- Accounts, organisations, carriers and the security tables.
-- Times are BIGINT milliseconds since the epoch on both engines.
-- {{ID}} and {{BLOB}} are replaced per engine (store/dialect.go).

CREATE TABLE orgs (
    id {{ID}},
    name TEXT NOT NULL,
    uscc TEXT NOT NULL UNIQUE,
    org_type TEXT NOT NULL DEFAULT '',
    reg_address TEXT NOT NULL DEFAULT '',
    region_code TEXT NOT NULL DEFAULT '',
    region_name TEXT NOT NULL DEFAULT '',
    auth_name TEXT NOT NULL DEFAULT '',
    auth_id_type TEXT NOT NULL DEFAULT '',
    auth_id_number TEXT NOT NULL DEFAULT '',
    auth_mobile TEXT NOT NULL DEFAULT '',
    auth_letter_id BIGINT,
    rep_name TEXT NOT NULL DEFAULT '',
    rep_id_type TEXT NOT NULL DEFAULT '',
    rep_id_number TEXT NOT NULL DEFAULT '',
    cert_status TEXT NOT NULL DEFAULT 'none',
    cert_note TEXT NOT NULL DEFAULT '',
    certified_at BIGINT,
    migrated BOOLEAN NOT NULL DEFAULT FALSE,
    revision BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE departments (
    id {{ID}},
    name TEXT NOT NULL UNIQUE,
    level TEXT NOT NULL,
    region_code TEXT NOT NULL DEFAULT '',
    region_name TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

-- login_key is the lower-cased login: logins match without regard to case.
CREATE TABLE users (
    id {{ID}},
    login TEXT NOT NULL,
    login_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    org_id BIGINT REFERENCES orgs(id),
    dept_id BIGINT REFERENCES departments(id),
    mobile TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    revision BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX users_org ON users(org_id);
CREATE INDEX users_dept ON users(dept_id);

CREATE TABLE carriers (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    region_code TEXT NOT NULL DEFAULT '',
    region_name TEXT NOT NULL DEFAULT '',
    started_on TEXT NOT NULL DEFAULT '',
    revision BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX carriers_org_name ON carriers(org_id, name);

CREATE TABLE attachments (
    id {{ID}},
    org_id BIGINT REFERENCES orgs(id),
    purpose TEXT NOT NULL,
    blob_key TEXT NOT NULL,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX attachments_org ON attachments(org_id);

CREATE TABLE certifications (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    license_id BIGINT REFERENCES attachments(id),
    idcard_id BIGINT REFERENCES attachments(id),
    submitted_by BIGINT REFERENCES users(id),
    submitted_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users(id),
    decided_at BIGINT,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX certifications_org ON certifications(org_id);
CREATE INDEX certifications_status ON certifications(status);

CREATE TABLE registry (
    uscc TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    rep_name TEXT NOT NULL,
    rep_id_number TEXT NOT NULL,
    imported_at BIGINT NOT NULL
);

-- Only a hash of the session token is stored: a copy of the database does
-- not let anyone take over a session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL,
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE captchas (
    id TEXT PRIMARY KEY,
    digits TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- One row per throttled key: "login:<login_key>" or "ip:<address>".
CREATE TABLE throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    window_start BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE reset_codes (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    channel TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX reset_codes_user ON reset_codes(user_id);

CREATE TABLE outbox (
    id {{ID}},
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id {{ID}},
    at BIGINT NOT NULL,
    actor_id BIGINT,
    actor_login TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    target_type TEXT NOT NULL DEFAULT '',
    target_id BIGINT,
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
