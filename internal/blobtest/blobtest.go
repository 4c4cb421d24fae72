// Package blobtest gives tests the blob stores to run on: a directory, and
// a fresh bucket on the S3-compatible server scripts/s3-up.sh starts
// (HATCH_TEST_S3_URL with HATCH_TEST_S3_ACCESS_KEY and
// HATCH_TEST_S3_SECRET_KEY). Without that server S3 tests are skipped, or
// fail when the run must be complete (HATCH_TEST_REQUIRE_ALL).
package blobtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"hatch/internal/blob"
	"hatch/internal/testkit"
)

// Each runs fn on a Dir, on a fresh S3 bucket, and on one that hands out
// download links (whose Open only asks whether the object is there), as
// subtests named "dir", "s3" and "s3-links".
func Each(t *testing.T, fn func(t *testing.T, st blob.Store)) {
	t.Helper()
	t.Run("dir", func(t *testing.T) { fn(t, Dir(t)) })
	t.Run("s3", func(t *testing.T) { fn(t, S3(t)) })
	t.Run("s3-links", func(t *testing.T) {
		cfg := Config(t)
		cfg.Presign = time.Minute
		fn(t, S3With(t, cfg))
	})
}

// Dir is a Dir in a temporary directory.
func Dir(t testing.TB) *blob.Dir {
	t.Helper()
	d, err := blob.NewDir(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// S3 is a store on a new bucket of the test server, emptied and removed
// when the test ends.
func S3(t testing.TB) *blob.S3 {
	t.Helper()
	return S3With(t, Config(t))
}

// S3With is S3 with a configuration from Config changed by the test
// (download links, say).
func S3With(t testing.TB, cfg blob.S3Config) *blob.S3 {
	t.Helper()
	st, err := blob.NewS3(context.Background(), cfg)
	if err != nil {
		t.Fatalf("connect to the test S3 server: %v", err)
	}
	return st
}

// Config is the test server's configuration for a new bucket that the
// test's end removes with everything in it; Create is set.
func Config(t testing.TB) blob.S3Config {
	t.Helper()
	raw := os.Getenv("HATCH_TEST_S3_URL")
	if raw == "" {
		testkit.Missing(t, "an S3 server (HATCH_TEST_S3_URL; scripts/s3-up.sh starts one)")
	}
	cfg, err := blob.ParseS3URL(raw)
	if err != nil {
		t.Fatalf("HATCH_TEST_S3_URL: %v", err)
	}
	cfg.AccessKey = os.Getenv("HATCH_TEST_S3_ACCESS_KEY")
	cfg.SecretKey = os.Getenv("HATCH_TEST_S3_SECRET_KEY")
	cfg.Bucket = "t-" + randomHex(t)
	cfg.Create = true
	t.Cleanup(func() { removeBucket(t, cfg) })
	return cfg
}

func randomHex(t testing.TB) string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b[:])
}

// removeBucket empties and removes a test bucket, unfinished uploads too.
func removeBucket(t testing.TB, cfg blob.S3Config) {
	ctx := context.Background()
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: cfg.Secure, Region: cfg.Region, BucketLookup: minio.BucketLookupPath,
	})
	if err != nil {
		t.Errorf("clean up bucket %s: %v", cfg.Bucket, err)
		return
	}
	if ok, err := c.BucketExists(ctx, cfg.Bucket); err != nil || !ok {
		return
	}
	for o := range c.ListObjects(ctx, cfg.Bucket, minio.ListObjectsOptions{Recursive: true}) {
		if o.Err == nil {
			c.RemoveObject(ctx, cfg.Bucket, o.Key, minio.RemoveObjectOptions{})
		}
	}
	for u := range c.ListIncompleteUploads(ctx, cfg.Bucket, "", true) {
		if u.Err == nil {
			c.RemoveIncompleteUpload(ctx, cfg.Bucket, u.Key)
		}
	}
	if err := c.RemoveBucket(ctx, cfg.Bucket); err != nil {
		t.Errorf("remove bucket %s: %v", cfg.Bucket, err)
	}
}
