package store

import (
	"sync"
	"sync/atomic"
	"time"

	"hatch/internal/clock"
)

// Every request starts by reading its session with its user (SessionUser),
// which on PostgreSQL is a round trip of its own, a third of a save's. The
// store keeps each session it read for a second, and forgets all of them
// the moment this process commits anything that could change one: every
// write transaction except saves (InSaveTx), and the session deletes. So
// within one process a logout, a disabled account or a withdrawn
// certification counts from the next request; another instance of Hatch
// on the same database sees it within sessionTTL.

// sessionTTL bounds how long a session read stays in use.
const sessionTTL = time.Second

// maxCachedSessions bounds the cache; past it the cache starts over.
const maxCachedSessions = 10000

type sessionCache struct {
	mu      sync.RWMutex
	entries map[string]cachedSession
	gen     atomic.Uint64 // bumped after each commit that may change a session
}

type cachedSession struct {
	su    SessionUser
	gen   uint64
	until time.Time // on the machine's clock, whatever the store's clock says
}

// generation is read before the query whose result put stores, so that a
// change committed meanwhile makes that result stale at once.
func (c *sessionCache) generation() uint64 { return c.gen.Load() }

func (c *sessionCache) get(hash string) (SessionUser, bool) {
	c.mu.RLock()
	e, ok := c.entries[hash]
	c.mu.RUnlock()
	if !ok || e.gen != c.gen.Load() || clock.System().After(e.until) {
		return SessionUser{}, false
	}
	return e.su, true
}

func (c *sessionCache) put(hash string, su SessionUser, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxCachedSessions {
		c.entries = make(map[string]cachedSession)
	}
	c.entries[hash] = cachedSession{su: su, gen: gen, until: clock.System().Add(sessionTTL)}
}

// seen records a session's new seen_at in its entry, so that the request
// after a TouchSession does not touch it again.
func (c *sessionCache) seen(hash string, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[hash]; ok {
		e.su.SeenAt = at
		c.entries[hash] = e
	}
}

// changed forgets every session read before it.
func (c *sessionCache) changed() { c.gen.Add(1) }
