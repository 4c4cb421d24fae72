package testkit

import (
	"fmt"
	"os"
	"sync"
	"time"

	"hatch/internal/clock"
)

// Day is the instant the golden files were made at: 2021-11-15 10:00 in
// China, in the middle of the 2021 round's filing weeks. Tests that print
// dates pin it, so that their output is the same on any day.
var Day = time.Date(2021, 11, 15, 10, 0, 0, 0, clock.Zone)

// Now is the instant every other test lives at: Day, or the instant in
// HATCH_TEST_NOW (RFC 3339). Running the suite with HATCH_TEST_NOW a year
// on shows that no test depends on the day it runs on.
func Now() time.Time {
	v := os.Getenv("HATCH_TEST_NOW")
	if v == "" {
		return Day
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		panic(fmt.Sprintf("HATCH_TEST_NOW %q is not an RFC 3339 instant: %v", v, err))
	}
	return t
}

// Clock is a clock that stands still until a test sets or advances it.
// It is safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock that reads t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now reads the clock; pass c.Now wherever a func() time.Time is wanted.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
