package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"

	"hatch/internal/domain"
)

// SQLite has one writer, so write transactions queue for it whatever the
// number of goroutines. Running each alone pays BEGIN and COMMIT (the WAL
// append and its index update) per save and hands the one connection from
// goroutine to goroutine through database/sql. The batcher instead lets a
// single goroutine take every transaction waiting at that moment and run
// them inside one database transaction, each in a SAVEPOINT of its own: a
// function that fails or panics is rolled back to its savepoint and only
// its caller learns of it; the others commit together. A caller returns
// only after the COMMIT that holds its work, so nothing is acknowledged
// before it is on disk (in the WAL).
//
// PostgreSQL runs transactions side by side, except that every save of one
// application updates that application's row (its data_rev) and so waits
// for the previous save's COMMIT. There saves go through InAppTx into lanes
// by application, each a batcher of its own, so one busy application takes
// its row lock once per batch and never holds up the others.

// appLanes is the number of PostgreSQL connections that run batches of
// saves (InAppTx); the pool's other connections serve everything else.
const appLanes = 4

// maxBatch bounds one batch, so that the last in it waits at most a few
// milliseconds for the others.
const maxBatch = 64

// txReq is one InTx waiting for the batcher.
type txReq struct {
	ctx  context.Context
	fn   func(*Tx) error
	err  error
	pnc  any // a panic of fn, raised again in the caller's goroutine
	done chan struct{}
}

// batcher owns the SQLite writer while the store is open.
type batcher struct {
	s        *Store
	reqs     chan *txReq
	stop     chan struct{}
	quit     chan struct{}
	stopOnce sync.Once
	// shared counts the transactions that ran in a batch of more than one.
	shared atomic.Int64
}

func newBatcher(s *Store) *batcher {
	b := &batcher{s: s, reqs: make(chan *txReq), stop: make(chan struct{}), quit: make(chan struct{})}
	go b.loop()
	return b
}

// close stops the loop after the batch under way; closing again is a no-op,
// as closing the store again is.
func (b *batcher) close() {
	b.stopOnce.Do(func() { close(b.stop) })
	<-b.quit
}

// run queues fn and waits for its outcome.
func (b *batcher) run(ctx context.Context, fn func(*Tx) error) error {
	r := &txReq{ctx: ctx, fn: fn, done: make(chan struct{})}
	select {
	case b.reqs <- r:
	case <-ctx.Done():
		return domain.Wrap(ctx.Err(), "begin transaction")
	case <-b.stop:
		return domain.Wrap(sql.ErrConnDone, "begin transaction")
	}
	<-r.done
	if r.pnc != nil {
		panic(r.pnc)
	}
	return r.err
}

func (b *batcher) loop() {
	defer close(b.quit)
	for {
		var first *txReq
		select {
		case first = <-b.reqs:
		case <-b.stop:
			return
		}
		batch := b.gather(first)
		if len(batch) == 1 {
			first.err = b.s.runAlone(first)
		} else {
			b.shared.Add(int64(len(batch)))
			b.s.runBatch(batch)
		}
		for _, r := range batch {
			close(r.done)
		}
	}
}

// gather takes first and every transaction already waiting, up to maxBatch.
func (b *batcher) gather(first *txReq) []*txReq {
	batch := []*txReq{first}
	for len(batch) < maxBatch {
		select {
		case r := <-b.reqs:
			batch = append(batch, r)
		default:
			return batch
		}
	}
	return batch
}

// SharedTransactions is the number of transactions that ran in a batch
// with others since the store opened.
func (s *Store) SharedTransactions() int64 {
	var n int64
	if s.batch != nil {
		n = s.batch.shared.Load()
	}
	for _, b := range s.lanes {
		n += b.shared.Load()
	}
	return n
}

// runAlone is InTx's plain path: one transaction for one function.
func (s *Store) runAlone(r *txReq) error {
	sqlTx, err := s.w.BeginTx(r.ctx, nil)
	if err != nil {
		return domain.Wrap(err, "begin transaction")
	}
	defer sqlTx.Rollback()
	tx := &Tx{tx: sqlTx, now: s.now(), s: s}
	tx.reads = reads{tx}
	if err := callFn(r, tx); err != nil {
		return err
	}
	return domain.Wrap(sqlTx.Commit(), "commit")
}

// runBatch runs every function of batch in one transaction. If the
// transaction itself fails (BEGIN, a savepoint, COMMIT), every function
// that had not failed on its own gets that error: none of them is stored.
func (s *Store) runBatch(batch []*txReq) {
	sqlTx, err := s.w.BeginTx(context.Background(), nil)
	if err != nil {
		failAll(batch, domain.Wrap(err, "begin transaction"))
		return
	}
	defer sqlTx.Rollback()
	ok := make([]*txReq, 0, len(batch))
	for _, r := range batch {
		stored, err := s.runSavepoint(sqlTx, r)
		if err != nil {
			failAll(append(ok, r), err)
			failAll(remaining(batch, r), err)
			return
		}
		if stored {
			ok = append(ok, r)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		failAll(ok, domain.Wrap(err, "commit"))
	}
}

// runSavepoint runs one function of a batch inside a savepoint. stored
// says whether its work stays in the transaction; err is a failure of the
// transaction itself, which ends the batch.
func (s *Store) runSavepoint(sqlTx *sql.Tx, r *txReq) (stored bool, err error) {
	if err := r.ctx.Err(); err != nil {
		r.err = domain.Wrap(err, "begin transaction")
		return false, nil
	}
	// Statements of a batch ignore their caller's cancellation: an
	// interrupted write makes SQLite roll back the whole transaction,
	// which holds the others' work too.
	ctx := context.WithoutCancel(r.ctx)
	if _, err := sqlTx.ExecContext(ctx, "SAVEPOINT batched"); err != nil {
		return false, domain.Wrap(err, "savepoint")
	}
	tx := &Tx{tx: sqlTx, now: s.now(), s: s, detached: true}
	tx.reads = reads{tx}
	r.err = callFn(r, tx)
	if r.err != nil || r.pnc != nil {
		if _, err := sqlTx.ExecContext(ctx, "ROLLBACK TO batched"); err != nil {
			return false, domain.Wrap(err, "rollback to savepoint")
		}
	}
	if _, err := sqlTx.ExecContext(ctx, "RELEASE batched"); err != nil {
		return false, domain.Wrap(err, "release savepoint")
	}
	return r.err == nil && r.pnc == nil, nil
}

// callFn runs r.fn, turning a panic into r.pnc so that the batch goes on
// and the caller's goroutine raises it again.
func callFn(r *txReq, tx *Tx) (err error) {
	defer func() {
		if v := recover(); v != nil {
			r.pnc = v
			err = fmt.Errorf("panic in transaction: %v", v)
		}
	}()
	return r.fn(tx)
}

func failAll(reqs []*txReq, err error) {
	for _, r := range reqs {
		if r.pnc == nil {
			r.err = err
		}
	}
}

// remaining returns the requests of batch after r.
func remaining(batch []*txReq, r *txReq) []*txReq {
	for i, x := range batch {
		if x == r {
			return batch[i+1:]
		}
	}
	return nil
}
