-- The 工作台 of 火炬中心 over the whole country (tens of thousands of
-- applications) answers from small structures, not from a scan of every
-- application it sees:
--
-- app_tally counts the applications by the columns a queue is scoped and
-- filtered by, so the counts per status and the size of a department's
-- queue are a sum over a few hundred rows. Triggers keep it (migration
-- step 16, per engine); it is filled here from the rows there are.
CREATE TABLE app_tally (
    status TEXT NOT NULL,
    round_id BIGINT NOT NULL,
    acceptor_code TEXT NOT NULL,
    region_code TEXT NOT NULL,
    host_type TEXT NOT NULL,
    city_level BOOLEAN NOT NULL,
    submitted BOOLEAN NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (status, round_id, acceptor_code, region_code, host_type, city_level, submitted)
);

INSERT INTO app_tally (status, round_id, acceptor_code, region_code, host_type, city_level, submitted, n)
SELECT status, round_id, acceptor_code, region_code, host_type, city_level, submitted_at IS NOT NULL, COUNT(*)
FROM applications
GROUP BY status, round_id, acceptor_code, region_code, host_type, city_level, submitted_at IS NOT NULL;

-- A page of the queue is read in the list's order from this index,
-- stopping at the page's end; it carries the filters' columns so the
-- table rows are never read to skip one.
CREATE INDEX applications_recent ON applications(submitted_at, id, status, round_id, host_type, region_code, acceptor_code, city_level);
