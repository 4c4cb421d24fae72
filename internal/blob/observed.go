package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"hatch/internal/clock"
)

// Observer hears of every operation of an Observed store: op is put,
// open, delete or list; outcome is ok, missing (Open of a key that is
// not there) or error.
type Observer func(op, outcome string, d time.Duration)

// Observed is st with every operation reported to observe, for the
// operators' metrics. It keeps what st does beyond Store: Sweep still
// clears its abandoned uploads, Copy still writes under chosen keys, and
// Check still asks it. Open's time is the time to open, not to read.
func Observed(st Store, observe Observer) Store { return observed{st, observe} }

type observed struct {
	st      Store
	observe Observer
}

func (o observed) done(op string, start time.Time, err error) {
	outcome := "ok"
	switch {
	case errors.Is(err, fs.ErrNotExist):
		outcome = "missing"
	case err != nil:
		outcome = "error"
	}
	o.observe(op, outcome, time.Since(start))
}

func (o observed) Put(ctx context.Context, r io.Reader) (string, error) {
	start := clock.System() // a duration, on the machine's clock
	key, err := o.st.Put(ctx, r)
	o.done("put", start, err)
	return key, err
}

func (o observed) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	start := clock.System() // a duration, on the machine's clock
	rc, err := o.st.Open(ctx, key)
	o.done("open", start, err)
	return rc, err
}

func (o observed) Delete(ctx context.Context, key string) error {
	start := clock.System() // a duration, on the machine's clock
	err := o.st.Delete(ctx, key)
	o.done("delete", start, err)
	return err
}

func (o observed) List(ctx context.Context, fn func(Info) error) error {
	start := clock.System() // a duration, on the machine's clock
	err := o.st.List(ctx, fn)
	o.done("list", start, err)
	return err
}

// abandon lets Sweep clear the inner store's abandoned uploads.
func (o observed) abandon(ctx context.Context, before time.Time) (int, error) {
	if a, ok := o.st.(abandoner); ok {
		return a.abandon(ctx, before)
	}
	return 0, nil
}

// putKey lets Copy write into the inner store.
func (o observed) putKey(ctx context.Context, key string, r io.Reader) error {
	if p, ok := o.st.(keyedPutter); ok {
		return p.putKey(ctx, key, r)
	}
	return fmt.Errorf("blob: cannot copy into %T", o.st)
}

// Check asks the inner store.
func (o observed) Check(ctx context.Context) error { return Check(ctx, o.st) }

// Check says whether st answers now, with a call cheap enough for every
// readiness probe: the bucket's existence on S3, the directory's on disk.
// A store that cannot tell is taken to answer.
func Check(ctx context.Context, st Store) error {
	if c, ok := st.(interface{ Check(context.Context) error }); ok {
		return c.Check(ctx)
	}
	return nil
}

// Check says whether the directory is there (a volume not mounted, or
// removed, is not).
func (d *Dir) Check(context.Context) error {
	fi, err := os.Stat(d.root)
	if err == nil && !fi.IsDir() {
		err = fmt.Errorf("blob: %s is not a directory", d.root)
	}
	return err
}

// Check asks the server whether the bucket is there.
func (s *S3) Check(ctx context.Context) error {
	ok, err := s.c.BucketExists(ctx, s.bucket)
	if err == nil && !ok {
		err = fmt.Errorf("blob: no bucket %s: %w", s.bucket, fs.ErrNotExist)
	}
	return err
}
