package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// Copied counts what Copy did, and names the blobs it could not copy.
type Copied struct {
	Copied, Present int
	Failed          []Failure
}

// Failure is a blob Copy could not copy, and why.
type Failure struct {
	Key string
	Err error
}

// Copy copies every blob of from into to under the same key, so rows that
// name the blobs stay valid, streaming each and then reading it back from
// to to check its SHA-256. A blob to already holds with the same SHA-256
// is counted present and left alone, so Copy may run again after a
// failure. One blob's failure is recorded and the rest go on; the error
// is for a listing that broke off.
func Copy(ctx context.Context, from, to Store) (Copied, error) {
	dst, ok := to.(keyedPutter)
	if !ok {
		return Copied{}, fmt.Errorf("blob: cannot copy into %T", to)
	}
	var out Copied
	err := from.List(ctx, func(i Info) error {
		present, err := copyOne(ctx, from, dst, i.Key)
		switch {
		case err != nil:
			out.Failed = append(out.Failed, Failure{Key: i.Key, Err: err})
		case present:
			out.Present++
		default:
			out.Copied++
		}
		return ctx.Err()
	})
	return out, err
}

// keyedPutter stores under a key the caller chose: only Copy does that,
// with keys another store made.
type keyedPutter interface {
	Store
	putKey(ctx context.Context, key string, r io.Reader) error
}

// copyOne copies one blob unless to has it already; present says it had.
func copyOne(ctx context.Context, from Store, to keyedPutter, key string) (present bool, err error) {
	have, err := sum(ctx, to, key)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	if err == nil {
		want, err := sum(ctx, from, key)
		if err != nil || want == have {
			return err == nil, err
		}
	}
	rc, err := from.Open(ctx, key)
	if err != nil {
		return false, err
	}
	defer rc.Close()
	h := sha256.New()
	if err := to.putKey(ctx, key, io.TeeReader(rc, h)); err != nil {
		return false, err
	}
	got, err := sum(ctx, to, key)
	if err != nil {
		return false, err
	}
	if want := hex.EncodeToString(h.Sum(nil)); got != want {
		return false, fmt.Errorf("read back with SHA-256 %s, copied %s", got, want)
	}
	return false, nil
}

// sum is the SHA-256 of the blob under key, read through.
func sum(ctx context.Context, st Store, key string) (string, error) {
	rc, err := st.Open(ctx, key)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	h := sha256.New()
	if _, err := io.Copy(h, rc); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func (s *S3) putKey(ctx context.Context, key string, r io.Reader) error {
	if !validKey(key) {
		return fmt.Errorf("blob: bad key %q", key)
	}
	return s.put(ctx, key, ctxReader{ctx, r})
}

func (d *Dir) putKey(ctx context.Context, key string, r io.Reader) error {
	if !validKey(key) {
		return fmt.Errorf("blob: bad key %q", key)
	}
	return d.write(ctx, key, r)
}
