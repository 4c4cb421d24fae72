package service_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hatch/internal/blob"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// TestSweepBlobs: what a failed insert left is swept; what a row names, an
// archive waiting for its commit, and a file too new to judge are kept.
func TestSweepBlobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		app := e.newApp(t)
		team := e.saveRow(t, app, "teams", appTeam("在孵"))
		_, err := e.svc.AttachFile(ctx, e.a, app, team.ID, "agreement", upload("协议.pdf", pdfBytes()))
		wantOK(t, err)
		preview, err := e.svc.PreviewFiles(ctx, e.a, app, "teams",
			zipUpload(t, map[string][]byte{"星火团队-入驻协议.pdf": pdfBytes()}))
		wantOK(t, err)
		if len(preview.Matched) != 1 {
			t.Fatalf("archive preview matched %d files", len(preview.Matched))
		}

		// An upload whose row was never written leaves its file behind, as
		// a failed insert does; another one is too new to judge.
		dir, err := blob.NewDir(e.svc.BlobDir)
		wantOK(t, err)
		orphan, err := dir.Put(ctx, strings.NewReader("%PDF-1.4 orphan"))
		wantOK(t, err)
		fresh, err := dir.Put(ctx, strings.NewReader("%PDF-1.4 fresh"))
		wantOK(t, err)
		orphanAt := modified(t, dir, orphan)
		later := orphanAt.Add(time.Hour)
		wantOK(t, os.Chtimes(filepath.Join(e.svc.BlobDir, fresh[:2], fresh), later, later))

		swept, err := e.svc.SweepBlobs(ctx, orphanAt.Add(time.Minute))
		wantOK(t, err)
		t.Run("the orphan is deleted, the named and the fresh are kept", func(t *testing.T) {
			if swept != (blob.Swept{Deleted: 1, InUse: 2, Fresh: 1}) {
				t.Fatalf("swept %+v", swept)
			}
			if _, err := dir.Open(ctx, orphan); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("orphan still opens: %v", err)
			}
			rc, err := dir.Open(ctx, fresh)
			wantOK(t, err)
			rc.Close()
		})
		t.Run("the attachment still downloads", func(t *testing.T) {
			files := e.view(t, app).Files
			if len(files) != 1 {
				t.Fatalf("%d files", len(files))
			}
			_, rc, err := e.svc.OpenAttachment(ctx, e.a, files[0].AttachmentID)
			wantOK(t, err)
			rc.Close()
		})
		t.Run("the waiting archive still commits", func(t *testing.T) {
			res, err := e.svc.CommitFiles(ctx, e.a, app, preview.ID)
			wantOK(t, err)
			if len(e.view(t, app).Files) != 2 {
				t.Fatalf("commit = %+v", res)
			}
		})
	})
}

// modified is when the store says key was stored.
func modified(t *testing.T, st blob.Store, key string) time.Time {
	t.Helper()
	var at time.Time
	wantOK(t, st.List(ctx, func(i blob.Info) error {
		if i.Key == key {
			at = i.Modified
		}
		return nil
	}))
	if at.IsZero() {
		t.Fatalf("%s not listed", key)
	}
	return at
}
