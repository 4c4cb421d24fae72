package metrics

import (
	"time"
)

// Outcomes of renders, imports and blob operations, the values of their
// outcome label.
const (
	OK        = "ok"
	Cancelled = "cancelled" // a render no retry helps (application submitted since, account disabled)
	Problems  = "problems"  // an import preview with rows to correct
	Refused   = "refused"   // the user's input or state refused it
	Missing   = "missing"   // a blob asked for that is not there
	Failed    = "error"     // the database, the disk or the bucket failed
)

// RenderDone records one render job run by a worker.
func (m *Metrics) RenderDone(outcome string, d time.Duration) {
	if m != nil {
		m.renders.WithLabelValues(outcome).Observe(d.Seconds())
	}
}

// ImportDone records one step (preview or commit) of a table import.
func (m *Metrics) ImportDone(step, outcome string, d time.Duration) {
	if m != nil {
		m.imports.WithLabelValues(step, outcome).Observe(d.Seconds())
	}
}

// LoginFailed counts a refused login: a wrong password or unknown login
// ("password"), a wrong captcha ("captcha"), or a try while locked
// ("locked").
func (m *Metrics) LoginFailed(reason string) {
	if m != nil {
		m.loginsFailed.WithLabelValues(reason).Inc()
	}
}

// Locked counts a lock-out that starts: of an account ("account") or of
// a client address ("address").
func (m *Metrics) Locked(scope string) {
	if m != nil {
		m.locked.WithLabelValues(scope).Inc()
	}
}

// LimitRefused counts a request refused by a per-account limit: a render
// ("render"), an import ("import"), an application's spreadsheet
// ("export") or a department's list ("list_export").
func (m *Metrics) LimitRefused(action string) {
	if m != nil {
		m.limited.WithLabelValues(action).Inc()
	}
}

// BlobDone records one blob store operation; it is the observer the
// blob store's decorator (blob.Observed) calls.
func (m *Metrics) BlobDone(op, outcome string, d time.Duration) {
	if m != nil {
		m.blobOps.WithLabelValues(op, outcome).Inc()
		m.blobLatency.WithLabelValues(op).Observe(d.Seconds())
	}
}
