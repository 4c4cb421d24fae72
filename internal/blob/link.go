package blob

import (
	"context"
	"io"
	"net/url"
)

// Linker is what Open returns on a store that hands out download links:
// the caller, having checked who may read the file, may send the reader
// away with a short-lived URL that serves the same bytes under the given
// Content-Disposition and Content-Type, instead of reading it through.
type Linker interface {
	Link(disposition, contentType string) (string, error)
}

// linked is an object S3.Open found but has not fetched: read, it fetches
// the object; linked, it never does.
type linked struct {
	s   *S3
	ctx context.Context
	key string
	rc  io.ReadCloser
}

func (l *linked) Read(p []byte) (int, error) {
	if l.rc == nil {
		rc, err := l.s.get(l.ctx, l.key)
		if err != nil {
			return 0, err
		}
		l.rc = rc
	}
	return l.rc.Read(p)
}

func (l *linked) Close() error {
	if l.rc == nil {
		return nil
	}
	return l.rc.Close()
}

// Link presigns a GET of the object valid for the store's presign time,
// asking the server to answer with the caller's headers.
func (l *linked) Link(disposition, contentType string) (string, error) {
	return l.s.Link(l.ctx, l.key, disposition, contentType)
}

// Link presigns a GET of key, valid for the store's presign time, whose
// answer carries the given Content-Disposition and Content-Type.
func (s *S3) Link(ctx context.Context, key, disposition, contentType string) (string, error) {
	if s.presign <= 0 {
		return "", errNoLinks
	}
	q := url.Values{}
	q.Set("response-content-disposition", disposition)
	q.Set("response-content-type", contentType)
	q.Set("response-cache-control", "private, no-store")
	// Bytes are stored as they came; a server that kept the upload's
	// aws-chunked signing as the object's encoding must not pass it on.
	q.Set("response-content-encoding", "identity")
	u, err := s.c.PresignedGetObject(ctx, s.bucket, key, s.presign, q)
	if err != nil {
		return "", err
	}
	return u.String(), nil
}
