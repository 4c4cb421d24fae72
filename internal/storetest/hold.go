package storetest

import (
	"context"
	"sync"
	"testing"

	"hatch/internal/store"
)

// HoldSaveWriters takes every writer of InSaveTx (SQLite's one writer, or
// each PostgreSQL lane) until release is called, so that the saves started
// meanwhile queue and then run in batches.
func HoldSaveWriters(t testing.TB, st *store.Store) (release func()) {
	t.Helper()
	let := make(chan struct{})
	var held sync.WaitGroup
	for range st.SaveWriters() {
		inside := make(chan struct{})
		held.Add(1)
		go func() {
			defer held.Done()
			st.InSaveTx(context.Background(), func(*store.Tx) error {
				close(inside)
				<-let
				return nil
			})
		}()
		<-inside // taken by a writer of its own before the next is started
	}
	return func() {
		close(let)
		held.Wait()
	}
}
