package storetest

import (
	"context"
	"sync"
	"testing"

	"hatch/internal/store"
)

// HoldSaveWriters takes every writer of InSaveTx (SQLite's one writer, or
// each PostgreSQL lane) until release is called, so that the saves started
// meanwhile queue and then run in batches. The first writer runs first
// (if not nil) before it waits, and commits it when released.
func HoldSaveWriters(t testing.TB, st *store.Store, first func(tx *store.Tx) error) (release func()) {
	t.Helper()
	let := make(chan struct{})
	var held sync.WaitGroup
	for i := range st.SaveWriters() {
		inside := make(chan struct{})
		held.Add(1)
		go func() {
			defer held.Done()
			err := st.InSaveTx(context.Background(), func(tx *store.Tx) error {
				if i == 0 && first != nil {
					if err := first(tx); err != nil {
						return err
					}
				}
				close(inside)
				<-let
				return nil
			})
			if err != nil {
				t.Errorf("holding a writer: %v", err)
			}
		}()
		<-inside // taken by a writer of its own before the next is started
	}
	return func() {
		close(let)
		held.Wait()
	}
}
