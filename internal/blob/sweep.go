package blob

import (
	"context"
	"time"
)

// Swept counts what Sweep did.
type Swept struct {
	Deleted int // unnamed and old enough
	InUse   int // named by a row
	Fresh   int // too new to judge: its row may be on its way
	// Abandoned counts the uploads begun and never finished that were
	// cleared: multipart uploads aborted (S3), temporary files (Dir).
	Abandoned int
}

// abandoner is a store where an upload can be left half done.
type abandoner interface {
	abandon(ctx context.Context, before time.Time) (int, error)
}

// sweepBatch is how many keys Sweep asks inUse about at once.
const sweepBatch = 500

// Sweep deletes the blobs of st that no row names and that were stored
// before `before`, and aborts the uploads begun before it and never
// finished. A blob is stored before the row that names it, so a
// newer one may belong to an insert still in progress and is kept; an
// older unnamed one was left by an insert that failed. inUse answers,
// for a batch of keys, which ones rows name.
func Sweep(
	ctx context.Context,
	st Store,
	before time.Time,
	inUse func(ctx context.Context, keys []string) (map[string]bool, error),
) (Swept, error) {
	var out Swept
	var batch []string
	flush := func() error {
		named, err := inUse(ctx, batch)
		if err != nil {
			return err
		}
		for _, k := range batch {
			if named[k] {
				out.InUse++
				continue
			}
			if err := st.Delete(ctx, k); err != nil {
				return err
			}
			out.Deleted++
		}
		batch = batch[:0]
		return nil
	}
	err := st.List(ctx, func(i Info) error {
		if !i.Modified.Before(before) {
			out.Fresh++
			return nil
		}
		if batch = append(batch, i.Key); len(batch) == sweepBatch {
			return flush()
		}
		return nil
	})
	if err == nil && len(batch) > 0 {
		err = flush()
	}
	if a, ok := st.(abandoner); ok && err == nil {
		out.Abandoned, err = a.abandon(ctx, before)
	}
	return out, err
}
