package blob

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// PartSize is the size of each part of an upload whose length is not known
// in advance (every upload: Put streams). It is the S3 minimum, so an
// upload holds at most two parts in memory whatever the file's size, and a
// blob may reach 10,000 parts (50 GB).
const PartSize = 5 << 20

// S3 stores blobs as objects of one bucket on an S3-compatible server.
// Objects are named by their keys, the same keys a Dir makes, so rows
// written with either store name the same blobs.
type S3 struct {
	c       *minio.Client
	bucket  string
	presign time.Duration
}

// NewS3 connects to the bucket cfg names. A missing bucket is made when
// cfg.Create is set and is an error otherwise, so a typo in the name is
// found at start-up, not at the first upload.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:        credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, cfg.SessionToken),
		Secure:       cfg.Secure,
		Region:       cfg.Region,
		BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		return nil, fmt.Errorf("对象存储地址 %s 无效：%w", cfg.Endpoint, err)
	}
	ok, err := c.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("无法连接对象存储 %s（存储桶 %s）：%w", cfg.Endpoint, cfg.Bucket, err)
	}
	if !ok && !cfg.Create {
		// Some servers answer an unknown access key as a missing bucket.
		return nil, fmt.Errorf("对象存储 %s 上没有存储桶 %s，或访问密钥（AWS_ACCESS_KEY_ID）无权访问它："+
			"请先创建存储桶并核对密钥，或在地址中加 create=true 由 Hatch 创建", cfg.Endpoint, cfg.Bucket)
	}
	if !ok {
		err := c.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region})
		if err != nil && minio.ToErrorResponse(err).Code != "BucketAlreadyOwnedByYou" {
			return nil, fmt.Errorf("在对象存储 %s 上创建存储桶 %s：%w", cfg.Endpoint, cfg.Bucket, err)
		}
	}
	return &S3{c: c, bucket: cfg.Bucket, presign: cfg.Presign}, nil
}

// Bucket is the bucket's name.
func (s *S3) Bucket() string { return s.bucket }

// Put streams r into a new object. A body shorter than one part goes up
// in one request; a longer one as a multipart upload, which is aborted on
// any failure (a broken body, a cancelled request), so a failed Put
// leaves no object and no parts behind.
func (s *S3) Put(ctx context.Context, r io.Reader) (string, error) {
	key, err := newKey()
	if err != nil {
		return "", err
	}
	return key, s.put(ctx, key, ctxReader{ctx, r})
}

func (s *S3) put(ctx context.Context, key string, r io.Reader) error {
	first, err := readPart(r)
	if err == io.EOF {
		_, err = s.c.PutObject(ctx, s.bucket, key, bytes.NewReader(first), int64(len(first)),
			minio.PutObjectOptions{ContentType: "application/octet-stream"})
		return err
	}
	if err != nil {
		return err
	}
	_, err = s.c.PutObject(ctx, s.bucket, key, io.MultiReader(bytes.NewReader(first), r), -1,
		minio.PutObjectOptions{ContentType: "application/octet-stream", PartSize: PartSize})
	return err
}

// readPart reads up to PartSize bytes into a buffer that doubles as it
// fills but never beyond a part, so a small file costs about its own size.
// io.EOF says the body ended within the part.
func readPart(r io.Reader) ([]byte, error) {
	buf := make([]byte, 0, 64<<10)
	for len(buf) < PartSize {
		if len(buf) == cap(buf) {
			buf = append(make([]byte, 0, min(2*cap(buf), PartSize)), buf...)
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// Open streams the object under key. Without download links it starts
// the GET at once, so a missing key is found here; with them it only asks
// whether the object exists and reads it when first read, so a download
// sent by link never fetches the bytes.
func (s *S3) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if !validKey(key) {
		return nil, fmt.Errorf("blob: bad key %q", key)
	}
	if s.presign > 0 {
		if _, err := s.c.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{}); err != nil {
			return nil, s.missing(key, err)
		}
		return &linked{s: s, ctx: ctx, key: key}, nil
	}
	return s.get(ctx, key)
}

func (s *S3) get(ctx context.Context, key string) (io.ReadCloser, error) {
	obj, err := s.c.GetObject(ctx, s.bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, s.missing(key, err)
	}
	if _, err := obj.Stat(); err != nil {
		obj.Close()
		return nil, s.missing(key, err)
	}
	return obj, nil
}

// missing turns the server's "no such key" into fs.ErrNotExist, which
// is what a Dir answers, so callers test one thing for both stores.
func (s *S3) missing(key string, err error) error {
	if minio.ToErrorResponse(err).Code == "NoSuchKey" {
		return fmt.Errorf("blob %s in bucket %s: %w", key, s.bucket, fs.ErrNotExist)
	}
	return err
}

// Delete removes the object under key; S3 answers a missing key as done.
func (s *S3) Delete(ctx context.Context, key string) error {
	if !validKey(key) {
		return fmt.Errorf("blob: bad key %q", key)
	}
	return s.c.RemoveObject(ctx, s.bucket, key, minio.RemoveObjectOptions{})
}

// List lists the bucket in key order (S3 lists in UTF-8 order); objects
// not named like keys are not blobs and are left out.
func (s *S3) List(ctx context.Context, fn func(Info) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops the listing when fn fails
	for o := range s.c.ListObjects(ctx, s.bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err != nil {
			return o.Err
		}
		if !validKey(o.Key) {
			continue
		}
		if err := fn(Info{Key: o.Key, Size: o.Size, Modified: o.LastModified}); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// Unfinished counts multipart uploads begun and neither completed nor
// aborted: each holds parts on the server that no object shows.
func (s *S3) Unfinished(ctx context.Context) (int, error) {
	n := 0
	for u := range s.c.ListIncompleteUploads(ctx, s.bucket, "", true) {
		if u.Err != nil {
			return n, u.Err
		}
		n++
	}
	return n, nil
}

// abandon aborts the multipart uploads begun before `before` and never
// finished: their client died mid-upload, or could not reach the server
// to abort, and their parts take space that no object shows. Each key
// has one upload at most, since every Put makes a new key.
func (s *S3) abandon(ctx context.Context, before time.Time) (int, error) {
	n := 0
	for u := range s.c.ListIncompleteUploads(ctx, s.bucket, "", true) {
		if u.Err != nil {
			return n, u.Err
		}
		if !u.Initiated.Before(before) {
			continue
		}
		if err := s.c.RemoveIncompleteUpload(ctx, s.bucket, u.Key); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// errNoLinks is Link's answer on a store that does not hand out links.
var errNoLinks = errors.New("blob: download links are off")
