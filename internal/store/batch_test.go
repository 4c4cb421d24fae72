package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// Many transactions at once: on SQLite they run in shared batches, and so
// do one application's saves on PostgreSQL (InSaveTx); each must still be
// stored or not exactly as if it ran alone.
func TestConcurrentTransactionsKeepTheirOwnOutcome(t *testing.T) {
	for _, via := range []struct {
		name string
		run  func(st *store.Store, c context.Context, fn func(*store.Tx) error) error
		// batched says on which engines these transactions share batches.
		batched map[string]bool
	}{
		{"InTx", func(st *store.Store, c context.Context, fn func(*store.Tx) error) error { return st.InTx(c, fn) },
			map[string]bool{"sqlite": true}},
		{"InSaveTx", func(st *store.Store, c context.Context, fn func(*store.Tx) error) error { return st.InSaveTx(c, fn) },
			map[string]bool{"sqlite": true, "postgres": true}},
	} {
		t.Run(via.name, func(t *testing.T) { concurrentOutcomes(t, via.run, via.batched) })
	}
}

func concurrentOutcomes(
	t *testing.T,
	run func(st *store.Store, c context.Context, fn func(*store.Tx) error) error,
	batched map[string]bool,
) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		const n = 120
		errRefused := errors.New("refused by its own rule")
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		type outcome struct {
			err      error
			panicked any
		}
		outcomes := make([]outcome, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				defer func() { outcomes[i].panicked = recover() }()
				c := ctx
				if i%10 == 7 {
					c = cancelled
				}
				outcomes[i].err = run(st, c, func(tx *store.Tx) error {
					if _, err := tx.CreateOrg(ctx, fmt.Sprintf("单位%d", i), uscc(i), false); err != nil {
						return err
					}
					switch i % 10 {
					case 3:
						return errRefused
					case 5:
						panic("broken rule")
					}
					return nil
				})
			}()
		}
		holdTheWriter(t, start, func(fn func(*store.Tx) error) error { return run(st, ctx, fn) })
		wg.Wait()
		if batched[st.Engine()] && st.BatchStats().Shared == 0 {
			t.Fatal("no transaction shared a batch: the test did not exercise batching")
		}
		stored := map[int]bool{}
		mustTx(t, st, func(tx *store.Tx) error {
			for i := range n {
				_, err := tx.OrgByUSCC(ctx, uscc(i))
				if err == nil {
					stored[i] = true
				} else if !errors.Is(err, domain.ErrNotFound) {
					return err
				}
			}
			return nil
		})
		for i := range n {
			o := outcomes[i]
			switch i % 10 {
			case 3:
				if !errors.Is(o.err, errRefused) || stored[i] {
					t.Errorf("%d: err %v, stored %v; want its own error and nothing stored", i, o.err, stored[i])
				}
			case 5:
				if o.panicked != "broken rule" || stored[i] {
					t.Errorf("%d: panic %v, stored %v; want the panic in the caller and nothing stored", i, o.panicked, stored[i])
				}
			case 7:
				if o.err == nil || stored[i] {
					t.Errorf("%d: err %v, stored %v; want refused for its cancelled context", i, o.err, stored[i])
				}
			default:
				if o.err != nil || o.panicked != nil || !stored[i] {
					t.Errorf("%d: err %v, panic %v, stored %v; want stored", i, o.err, o.panicked, stored[i])
				}
			}
		}
	})
}

// A statement error inside one transaction of a batch (here a duplicate
// key) undoes that transaction's earlier statements too, not the others'.
func TestFailedStatementUndoesOnlyItsOwnTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		mustTx(t, st, func(tx *store.Tx) error {
			_, err := tx.CreateOrg(ctx, "已有单位", uscc(1000), false)
			return err
		})
		var wg sync.WaitGroup
		errs := make([]error, 40)
		start := make(chan struct{})
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = st.InTx(ctx, func(tx *store.Tx) error {
					if _, err := tx.CreateOrg(ctx, fmt.Sprintf("单位%d", i), uscc(2000+i), false); err != nil {
						return err
					}
					if i%4 == 0 { // then a second org whose code is taken
						_, err := tx.CreateOrg(ctx, "重复", uscc(1000), false)
						return err
					}
					return nil
				})
			}()
		}
		holdTheWriter(t, start, func(fn func(*store.Tx) error) error { return st.InTx(ctx, fn) })
		wg.Wait()
		mustTx(t, st, func(tx *store.Tx) error {
			for i := range 40 {
				_, err := tx.OrgByUSCC(ctx, uscc(2000+i))
				if i%4 == 0 && (errs[i] == nil || err == nil) {
					t.Errorf("%d: err %v, first org found %v; want refused and undone", i, errs[i], err == nil)
				}
				if i%4 != 0 && (errs[i] != nil || err != nil) {
					t.Errorf("%d: err %v, lookup %v; want stored", i, errs[i], err)
				}
			}
			return nil
		})
	})
}

// holdTheWriter opens start while a transaction of its own is running and
// ends that transaction a moment later, so that the transactions started
// meanwhile queue behind it (on SQLite, for the one writer) and run
// together when it ends.
func holdTheWriter(t *testing.T, start chan struct{}, run func(fn func(*store.Tx) error) error) {
	t.Helper()
	err := run(func(tx *store.Tx) error {
		close(start)
		time.Sleep(100 * time.Millisecond)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// uscc makes a distinct 18-character code for test organisations; the store
// does not check the checksum.
func uscc(i int) string { return fmt.Sprintf("91110000TEST%06d", i) }

// Closing a store twice, as a test's cleanup may after the test closed it,
// is harmless, and a transaction after the close is refused, not hung.
func TestClosedStoreRefusesTransactions(t *testing.T) {
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			st := storetest.New(t, engine)
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			st.Close()
			done := make(chan error, 1)
			go func() { done <- st.InSaveTx(ctx, func(*store.Tx) error { return nil }) }()
			select {
			case err := <-done:
				if err == nil {
					t.Fatal("a transaction on a closed store succeeded")
				}
			case <-time.After(10 * time.Second):
				t.Fatal("a transaction on a closed store hangs")
			}
		})
	}
}
