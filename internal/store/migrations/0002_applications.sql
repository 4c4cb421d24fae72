-- Application rounds and applications: 申报批次, 受理机构, 申报书 with their
-- sections, detail-table rows and attached files.
-- Values are JSON objects of strings kept in TEXT; dates of a round are
-- YYYY-MM-DD text; times are BIGINT milliseconds.

CREATE TABLE rounds (
    id {{ID}},
    type_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    name TEXT NOT NULL,
    opens_on TEXT NOT NULL DEFAULT '',
    closes_on TEXT NOT NULL DEFAULT '',
    cutoff_on TEXT NOT NULL DEFAULT '',
    window_from TEXT NOT NULL DEFAULT '',
    window_to TEXT NOT NULL DEFAULT '',
    operating_from TEXT NOT NULL DEFAULT '',
    guidance TEXT NOT NULL DEFAULT '{}',
    revision BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (type_code, year)
);

CREATE TABLE round_acceptors (
    round_id BIGINT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    copies INTEGER NOT NULL DEFAULT 0,
    deadline TEXT NOT NULL DEFAULT '',
    city_level BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (round_id, code)
);

-- At most one application per 载体 per round.
CREATE TABLE applications (
    id {{ID}},
    org_id BIGINT NOT NULL REFERENCES orgs(id),
    carrier_id BIGINT NOT NULL REFERENCES carriers(id),
    round_id BIGINT NOT NULL REFERENCES rounds(id),
    type_code TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    revision BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    UNIQUE (carrier_id, round_id)
);
CREATE INDEX applications_org ON applications(org_id);

CREATE TABLE app_sections (
    app_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    section TEXT NOT NULL,
    data TEXT NOT NULL,
    revision BIGINT NOT NULL DEFAULT 1,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (app_id, section)
);

-- search is the lower-cased values of data, for LIKE search within a table.
CREATE TABLE app_rows (
    id {{ID}},
    app_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    table_key TEXT NOT NULL,
    data TEXT NOT NULL,
    search TEXT NOT NULL DEFAULT '',
    revision BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL
);
CREATE INDEX app_rows_app_table ON app_rows(app_id, table_key);

-- row_id is NULL for a section-level file.
CREATE TABLE app_files (
    id {{ID}},
    app_id BIGINT NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
    row_id BIGINT REFERENCES app_rows(id) ON DELETE CASCADE,
    slot TEXT NOT NULL,
    attachment_id BIGINT NOT NULL REFERENCES attachments(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX app_files_app ON app_files(app_id);
CREATE INDEX app_files_row ON app_files(row_id);
