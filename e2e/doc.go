// Package e2e drives the real hatch binary with a headless Chromium, once
// on SQLite and once on PostgreSQL, through the walk an applicant, an
// administrator and a reviewer take on their first day. It has no code of
// its own; see the _test.go files. Screenshots of every step are written to
// e2e/screenshots/ (test output, not to be committed).
//
// Needs: Chromium (/usr/bin/chromium or HATCH_CHROMIUM), CJK fonts and
// axe-core (npm, pinned in package.json, in node_modules), see
// scripts/install-test-deps.sh; and a PostgreSQL server whose URL is in
// HATCH_TEST_POSTGRES_URL (scripts/pg-up.sh starts one). Missing pieces
// skip the tests, unless HATCH_TEST_REQUIRE_ALL is set, as it is in CI.
package e2e
