package store

import (
	"context"
	"fmt"
)

// queueStructures is the step of migration 0014: the triggers that keep
// app_tally, and the search index of the 工作台, which the two engines
// write differently.
//
// The search index holds, per application, its carrier's and operator's
// names and its 受理编号 in lower case (app_search.body, row id the
// application's id): SQLite's FTS5 trigram tokenizer and PostgreSQL's
// pg_trgm each answer a LIKE '%…%' of three characters or more from an
// index instead of reading every application. The queue query still
// checks each name on its own, so the index only has to find a superset.
func queueStructures(ctx context.Context, tx *Tx) error {
	stmts := sqliteQueueDDL
	if tx.s.dialect.name == "postgres" {
		schema, err := trgmSchema(ctx, tx)
		if err != nil {
			return err
		}
		stmts = postgresQueueDDL(schema)
	}
	for _, stmt := range stmts {
		if _, err := tx.exec(ctx, stmt); err != nil {
			return fmt.Errorf("%w\n%s", err, stmt)
		}
	}
	return nil
}

// trgmSchema installs pg_trgm if it is not there (it is a trusted
// extension: the database's owner may) and returns the schema it lives
// in, which need not be on the search path.
func trgmSchema(ctx context.Context, tx *Tx) (string, error) {
	const find = `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`
	var schema string
	err := tx.queryRow(ctx, find).Scan(&schema)
	if err == nil {
		return schema, nil
	}
	// In the public schema, not the first of the search path: a schema
	// that is dropped later must not take the extension with it.
	if _, err := tx.exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`); err != nil {
		return "", fmt.Errorf("install pg_trgm: %w", err)
	}
	return schema, tx.queryRow(ctx, find).Scan(&schema)
}

// tallyKey lists app_tally's key columns; tallyOf(r) their values from
// the applications row r (NEW or OLD in a trigger).
const tallyKey = `status, round_id, acceptor_code, region_code, host_type, city_level, submitted`

func tallyOf(r string) string {
	return r + `.status, ` + r + `.round_id, ` + r + `.acceptor_code, ` + r + `.region_code, ` +
		r + `.host_type, ` + r + `.city_level, ` + r + `.submitted_at IS NOT NULL`
}

// tallyChanged is true when an update moves an application to another
// app_tally row.
const tallyChanged = `OLD.status IS DISTINCT FROM NEW.status OR OLD.round_id IS DISTINCT FROM NEW.round_id
	OR OLD.acceptor_code IS DISTINCT FROM NEW.acceptor_code OR OLD.region_code IS DISTINCT FROM NEW.region_code
	OR OLD.host_type IS DISTINCT FROM NEW.host_type OR OLD.city_level IS DISTINCT FROM NEW.city_level
	OR (OLD.submitted_at IS NULL) IS DISTINCT FROM (NEW.submitted_at IS NULL)`

// searchBody is an application's line of the search index; it reads a
// (applications), c (carriers) and o (orgs).
const searchBody = `LOWER(c.name || ' ' || o.name || ' ' || a.ref_no)`

const searchJoin = ` FROM applications a JOIN carriers c ON c.id = a.carrier_id JOIN orgs o ON o.id = a.org_id `

var sqliteQueueDDL = []string{
	`CREATE TRIGGER app_tally_insert AFTER INSERT ON applications BEGIN
		INSERT INTO app_tally (` + tallyKey + `, n) VALUES (` + tallyOf("NEW") + `, 1)
		ON CONFLICT (` + tallyKey + `) DO UPDATE SET n = n + 1;
	END`,
	`CREATE TRIGGER app_tally_update AFTER UPDATE OF status, round_id, acceptor_code, region_code, host_type, city_level, submitted_at
	ON applications WHEN ` + tallyChanged + ` BEGIN
		UPDATE app_tally SET n = n - 1 WHERE (` + tallyKey + `) = (` + tallyOf("OLD") + `);
		INSERT INTO app_tally (` + tallyKey + `, n) VALUES (` + tallyOf("NEW") + `, 1)
		ON CONFLICT (` + tallyKey + `) DO UPDATE SET n = n + 1;
	END`,
	`CREATE TRIGGER app_tally_delete AFTER DELETE ON applications BEGIN
		UPDATE app_tally SET n = n - 1 WHERE (` + tallyKey + `) = (` + tallyOf("OLD") + `);
	END`,
	`CREATE VIRTUAL TABLE app_search USING fts5(body, tokenize = 'trigram')`,
	`INSERT INTO app_search (rowid, body) SELECT a.id, ` + searchBody + searchJoin,
	`CREATE TRIGGER app_search_insert AFTER INSERT ON applications BEGIN
		INSERT INTO app_search (rowid, body) SELECT a.id, ` + searchBody + searchJoin + `WHERE a.id = NEW.id;
	END`,
	`CREATE TRIGGER app_search_update AFTER UPDATE OF carrier_id, org_id, ref_no ON applications BEGIN
		DELETE FROM app_search WHERE rowid = OLD.id;
		INSERT INTO app_search (rowid, body) SELECT a.id, ` + searchBody + searchJoin + `WHERE a.id = NEW.id;
	END`,
	`CREATE TRIGGER app_search_delete AFTER DELETE ON applications BEGIN
		DELETE FROM app_search WHERE rowid = OLD.id;
	END`,
	`CREATE TRIGGER app_search_carrier AFTER UPDATE OF name ON carriers BEGIN
		DELETE FROM app_search WHERE rowid IN (SELECT id FROM applications WHERE carrier_id = NEW.id);
		INSERT INTO app_search (rowid, body) SELECT a.id, ` + searchBody + searchJoin + `WHERE a.carrier_id = NEW.id;
	END`,
	`CREATE TRIGGER app_search_org AFTER UPDATE OF name ON orgs BEGIN
		DELETE FROM app_search WHERE rowid IN (SELECT id FROM applications WHERE org_id = NEW.id);
		INSERT INTO app_search (rowid, body) SELECT a.id, ` + searchBody + searchJoin + `WHERE a.org_id = NEW.id;
	END`,
}

// postgresQueueDDL is the same on PostgreSQL, with pg_trgm in schema.
// The search table's key is called rowid so that one query reads it on
// both engines.
func postgresQueueDDL(schema string) []string {
	return []string{
		`CREATE FUNCTION app_tally_add(r applications, d BIGINT) RETURNS void LANGUAGE sql AS $$
			INSERT INTO app_tally (` + tallyKey + `, n) VALUES (` + tallyOf("r") + `, d)
			ON CONFLICT (` + tallyKey + `) DO UPDATE SET n = app_tally.n + d
		$$`,
		// A move touches its two rows in the order of their keys, so two
		// moves in opposite directions cannot deadlock.
		`CREATE FUNCTION app_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF TG_OP = 'INSERT' THEN
				PERFORM app_tally_add(NEW, 1);
			ELSIF TG_OP = 'DELETE' THEN
				PERFORM app_tally_add(OLD, -1);
			ELSIF ROW(` + tallyOf("OLD") + `) < ROW(` + tallyOf("NEW") + `) THEN
				PERFORM app_tally_add(OLD, -1);
				PERFORM app_tally_add(NEW, 1);
			ELSE
				PERFORM app_tally_add(NEW, 1);
				PERFORM app_tally_add(OLD, -1);
			END IF;
			RETURN NULL;
		END $$`,
		// Room on each page for a row's new version: the counts change
		// with every move, and an update that stays on its page leaves
		// the index alone (a HOT update).
		`ALTER TABLE app_tally SET (fillfactor = 50)`,
		`CREATE TRIGGER app_tally_insert_delete AFTER INSERT OR DELETE ON applications
			FOR EACH ROW EXECUTE FUNCTION app_tally_change()`,
		`CREATE TRIGGER app_tally_update AFTER UPDATE OF status, round_id, acceptor_code, region_code, host_type, city_level, submitted_at
			ON applications FOR EACH ROW WHEN (` + tallyChanged + `) EXECUTE FUNCTION app_tally_change()`,
		`CREATE TABLE app_search (
			rowid BIGINT PRIMARY KEY REFERENCES applications(id) ON DELETE CASCADE,
			body TEXT NOT NULL
		)`,
		`INSERT INTO app_search (rowid, body) SELECT a.id, ` + searchBody + searchJoin,
		// Without the pending list (fastupdate), which the planner counts
		// as read on every search until a vacuum empties it: applications
		// are created a few at a time, so writing the index at once costs
		// little.
		`CREATE INDEX app_search_body ON app_search USING gin (body ` + schema + `.gin_trgm_ops) WITH (fastupdate = off)`,
		`CREATE FUNCTION app_search_change() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF TG_TABLE_NAME = 'applications' THEN
				INSERT INTO app_search (rowid, body) SELECT a.id, ` + searchBody + searchJoin + `WHERE a.id = NEW.id
				ON CONFLICT (rowid) DO UPDATE SET body = EXCLUDED.body;
			ELSIF TG_TABLE_NAME = 'carriers' THEN
				UPDATE app_search s SET body = ` + searchBody + searchJoin + `WHERE a.carrier_id = NEW.id AND s.rowid = a.id;
			ELSE
				UPDATE app_search s SET body = ` + searchBody + searchJoin + `WHERE a.org_id = NEW.id AND s.rowid = a.id;
			END IF;
			RETURN NULL;
		END $$`,
		`CREATE TRIGGER app_search_insert AFTER INSERT OR UPDATE OF carrier_id, org_id, ref_no ON applications
			FOR EACH ROW EXECUTE FUNCTION app_search_change()`,
		`CREATE TRIGGER app_search_carrier AFTER UPDATE OF name ON carriers
			FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION app_search_change()`,
		`CREATE TRIGGER app_search_org AFTER UPDATE OF name ON orgs
			FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION app_search_change()`,
	}
}
