-- A year's holiday arrangement as 火炬中心 entered or corrected it; the
-- years it has not touched come from the files built into Hatch.
CREATE TABLE holiday_years (
    year INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL
);
