// Package testkit is what the tests of every package share, so that each
// rule of testing Hatch is written once:
//
//   - clock.go: the day the tests live on and a clock they can set;
//   - golden.go: golden files, rewritten with -update, compared with a
//     readable diff;
//   - imports.go: which packages a package may not import;
//   - memory.go: the peak of the heap while something runs;
//   - missing.go: a missing dependency (PostgreSQL, Chromium, poppler)
//     skips a test, or fails it in a complete run (HATCH_TEST_REQUIRE_ALL).
//
// It imports nothing of Hatch but clock, so any package's tests can use it.
package testkit
