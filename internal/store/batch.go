package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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
// application updates that application's row (its data_rev), so saves of
// one application wait for each other's COMMIT. There saves go through
// InSaveTx to a few lanes, connections each running batches without
// savepoints (lanes.go) whose touches of the application rows are sent
// together just before the COMMIT: the row lock is held for one round trip
// per batch instead of for every save.

// appLanes is the number of PostgreSQL connections that run batches of
// saves (InSaveTx); the pool's other connections serve everything else.
// Measured with the database on the same two cores (docs/benchmarks.md):
// 2 lanes leave it idle between batches, 4 and more make the batches small
// and the application rows' locks busy; 3 did best.
const appLanes = 3

// maxBatch bounds one batch, so that the last in it waits at most a few
// milliseconds for the others.
const maxBatch = 64

// txReq is one InTx waiting for the batcher.
type txReq struct {
	ctx  context.Context
	fn   func(*Tx) error
	err  error
	pnc  any  // a panic of fn, raised again in the caller's goroutine
	ran  bool // fn ran in a lane's batch (lanes.go)
	save bool // an InSaveTx, which changes no session (session_cache.go)
	done chan struct{}
}

// batcher gathers transactions into batches: with one loop it owns the
// SQLite writer; on PostgreSQL appLanes loops take from the same queue,
// each on a connection of its own.
type batcher struct {
	s        *Store
	lane     bool // PostgreSQL's lanes: batches run by runLaneBatch
	reqs     chan *txReq
	stop     chan struct{}
	loops    sync.WaitGroup
	stopOnce sync.Once
	// Counters since the store opened: batches of more than one
	// transaction, the transactions in them, and those run again alone
	// after their lane's batch was rolled back.
	batches, shared, again atomic.Int64
}

func newBatcher(s *Store, lane bool, loops int) *batcher {
	b := &batcher{s: s, lane: lane, reqs: make(chan *txReq), stop: make(chan struct{})}
	for range loops {
		b.loops.Add(1)
		go b.loop()
	}
	return b
}

// close stops the loops after the batches under way; closing again is a
// no-op, as closing the store again is.
func (b *batcher) close() {
	b.stopOnce.Do(func() { close(b.stop) })
	b.loops.Wait()
}

// run queues fn and waits for its outcome.
func (b *batcher) run(ctx context.Context, fn func(*Tx) error, save bool) error {
	r := &txReq{ctx: ctx, fn: fn, save: save, done: make(chan struct{})}
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
	defer b.loops.Done()
	for {
		var first *txReq
		select {
		case first = <-b.reqs:
		case <-b.stop:
			return
		}
		batch := b.gather(first)
		switch {
		case len(batch) == 1:
			first.err = b.s.runAlone(first)
		case b.lane:
			b.count(batch)
			if !b.s.tryLaneBatch(batch) {
				b.again.Add(b.s.runEachAlone(batch))
			}
		default:
			b.count(batch)
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

func (b *batcher) count(batch []*txReq) {
	b.batches.Add(1)
	b.shared.Add(int64(len(batch)))
}

// SaveWriters is the number of transactions InSaveTx runs at once: the
// PostgreSQL lanes, or SQLite's one writer.
func (s *Store) SaveWriters() int {
	if s.lanes != nil {
		return appLanes
	}
	return 1
}

// BatchStat counts the batches of write transactions since the store
// opened, for the operators' metrics.
type BatchStat struct {
	Batches  int64 // batches of more than one transaction
	Shared   int64 // the transactions that ran in them
	RunAgain int64 // transactions run again alone after their batch was rolled back (lanes.go)
}

// BatchStats adds up the counters of SQLite's writer and PostgreSQL's lanes.
func (s *Store) BatchStats() BatchStat {
	var st BatchStat
	for _, b := range []*batcher{s.batch, s.lanes} {
		if b != nil {
			st.Batches += b.batches.Load()
			st.Shared += b.shared.Load()
			st.RunAgain += b.again.Load()
		}
	}
	return st
}

// runAlone is InTx's plain path: one transaction for one function.
func (s *Store) runAlone(r *txReq) error {
	sqlTx, err := s.w.BeginTx(r.ctx, nil)
	if err != nil {
		return domain.Wrap(err, "begin transaction")
	}
	defer sqlTx.Rollback()
	tx := s.newTx(sqlTx, &Tx{})
	if err := callFn(r, tx); err != nil {
		return err
	}
	err = sqlTx.Commit()
	if !r.save {
		s.sessions.changed()
	}
	return domain.Wrap(err, "commit")
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
	err = sqlTx.Commit()
	if slices.ContainsFunc(ok, func(r *txReq) bool { return !r.save }) {
		s.sessions.changed()
	}
	if err != nil {
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
	tx := s.newTx(sqlTx, &Tx{detached: true})
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
