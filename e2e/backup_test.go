package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"hatch/internal/blob"
	"hatch/internal/blobtest"
	"hatch/internal/testkit"
)

// TestPostgresS3BackupRestores follows the README's steps for backing up
// and restoring the PostgreSQL + S3 deployment ("Backups"): with a 申报书
// of the demo applicant freshly generated (下载材料), the database is
// dumped with pg_dump -Fc first, then the bucket is copied object by
// object into a second one (as mc mirror or aws s3 sync do); pg_restore
// fills a new database, a hatch started on the new database and the new
// bucket logs the demo applicant in, and the 申报书 downloads with the
// same bytes and the same 版本号.
func TestPostgresS3BackupRestores(t *testing.T) {
	t.Parallel()
	pgBin := pgClientBin(t)
	bucket, copyTo := blobtest.Config(t), blobtest.Config(t)
	live := startServer(t, postgresDB(t), s3Env(bucket)...)
	c := newAPIClient(t, live.base)
	app := c.draftOf(t, "启明星众创空间")
	var made struct {
		ID   int64
		Code string
	}
	c.must(t, "POST", fmt.Sprintf("/api/v1/applications/%d/versions", app), nil, &made, http.StatusCreated)
	pdf := c.versionPDF(t, app, made.ID)

	dump := filepath.Join(t.TempDir(), "hatch.dump")
	runTool(t, filepath.Join(pgBin, "pg_dump"), "-Fc", "-f", dump, dbURLOf(live))
	copyBucket(t, bucket, copyTo)
	restored := postgresDB(t)
	runTool(t, filepath.Join(pgBin, "pg_restore"), "--no-owner", "--exit-on-error", "-d", restored, dump)

	again := startServer(t, restored, s3Env(copyTo)...)
	c2 := newAPIClient(t, again.base)
	t.Run("the restored instance serves the same 申报书", func(t *testing.T) {
		got := c2.versionPDF(t, app, made.ID)
		if !bytes.Equal(got, pdf) {
			t.Fatalf("the restored 申报书 has %d bytes (SHA-256 %x), the original %d (%x)",
				len(got), sha256.Sum256(got), len(pdf), sha256.Sum256(pdf))
		}
		var list struct {
			Items []struct {
				ID   int64
				Code string
			}
		}
		c2.must(t, "GET", fmt.Sprintf("/api/v1/applications/%d/versions", app), nil, &list, http.StatusOK)
		if len(list.Items) == 0 || list.Items[0].Code != made.Code {
			t.Fatalf("versions after the restore: %+v, want %s first", list.Items, made.Code)
		}
	})
	t.Run("the restored instance saves", func(t *testing.T) {
		if _, status, body := c2.addTeam(app, "恢复后团队"); status != http.StatusCreated {
			t.Fatalf("add a row: %d %s", status, body)
		}
	})
	t.Logf("申报书 %s: %d bytes, the same after pg_dump, the bucket copy and pg_restore", made.Code, len(pdf))
}

// pgClientBin is where pg_dump and pg_restore are, beside the server
// scripts/pg-up.sh runs (HATCH_PGBIN).
func pgClientBin(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("HATCH_PGBIN")
	if _, err := os.Stat(filepath.Join(bin, "pg_dump")); bin == "" || err != nil {
		testkit.Missing(t, "pg_dump and pg_restore (HATCH_PGBIN; scripts/pg-up.sh sets it)")
	}
	return bin
}

// runTool runs one of the README's commands and fails with its output.
func runTool(t *testing.T, name string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", filepath.Base(name), err, out)
	}
}

// copyBucket copies every object of from into the new bucket to, under
// the same key, each read back by its SHA-256 (what hatch blob migrate
// does from a data directory).
func copyBucket(t *testing.T, from, to blob.S3Config) {
	t.Helper()
	src, dst := blobtest.S3With(t, from), blobtest.S3With(t, to)
	res, err := blob.Copy(context.Background(), src, dst)
	if err != nil || len(res.Failed) > 0 || res.Copied == 0 {
		t.Fatalf("copy the bucket: %d copied, failed %v, %v", res.Copied, res.Failed, err)
	}
	t.Logf("copied %d objects into the second bucket", res.Copied)
}

// draftOf is the demo applicant's draft for the carrier named.
func (c *apiClient) draftOf(t *testing.T, carrier string) int64 {
	t.Helper()
	var list struct {
		Items []struct {
			ID              int64
			Carrier, Status string
		}
	}
	c.must(t, "GET", "/api/v1/applications", nil, &list, http.StatusOK)
	for _, a := range list.Items {
		if a.Carrier == carrier && a.Status == "draft" {
			return a.ID
		}
	}
	t.Fatalf("no draft for %s in %+v", carrier, list.Items)
	return 0
}

// versionPDF downloads a version's 申报书.
func (c *apiClient) versionPDF(t *testing.T, app, version int64) []byte {
	t.Helper()
	status, body := c.do("GET", fmt.Sprintf("/api/v1/applications/%d/versions/%d/pdf", app, version), nil)
	if status != http.StatusOK || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Fatalf("申报书 %d: %d %s", version, status, clip(string(body), 200))
	}
	return body
}
