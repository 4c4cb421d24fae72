package store_test

import (
	"errors"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

func TestStepFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		// A name with every kind of character a user's computer may give.
		name := `实地核查报告 (第1页)/"签字版"` + "\t" + `.PDF`
		var stepID, fileID int64
		mustTx(t, st, func(tx *store.Tx) (err error) {
			stepID, err = tx.AddStep(ctx, domain.ReviewStep{AppID: w.app, UserID: w.user, Step: domain.Step{
				Action: domain.ActSiteCheck, From: domain.AppProvinceReview, To: domain.AppProvinceReview,
				Role: domain.RoleReviewer, Level: domain.LevelProvince, Comment: "一致。"}})
			if err != nil {
				return err
			}
			fileID, err = tx.AddStepFile(ctx, domain.StepFileRecord{AppID: w.app, StepID: stepID, Slot: "site_report",
				BlobKey: "step-blob-1", Name: name, ContentType: "application/pdf", Size: 321, SHA256: "ab12",
				UserID: w.user, UserName: "王核查"})
			return err
		})

		t.Run("listed with its step, the name kept as uploaded", func(t *testing.T) {
			list, err := st.StepFiles(ctx, w.app)
			if err != nil || len(list) != 1 {
				t.Fatalf("StepFiles = %+v, %v", list, err)
			}
			f := list[0]
			if f.ID != fileID || f.StepID != stepID || f.Slot != "site_report" || f.Name != name || f.Size != 321 ||
				f.SHA256 != "ab12" || f.UserName != "王核查" || f.UserID != w.user || f.At.IsZero() {
				t.Fatalf("stored %+v", f)
			}
		})
		t.Run("found by its application", func(t *testing.T) {
			if f, err := st.StepFile(ctx, w.app, fileID); err != nil || f.BlobKey != "step-blob-1" {
				t.Fatalf("StepFile = %+v, %v", f, err)
			}
		})
		t.Run("not found through another application", func(t *testing.T) {
			if _, err := st.StepFile(ctx, w.otherApp, fileID); !errors.Is(err, domain.ErrNotFound) {
				t.Fatalf("StepFile of another application: %v", err)
			}
			if list, err := st.StepFiles(ctx, w.otherApp); err != nil || len(list) != 0 {
				t.Fatalf("another application's files: %+v, %v", list, err)
			}
		})
		t.Run("its blob is in use", func(t *testing.T) {
			got, err := st.BlobsInUse(ctx, []string{"step-blob-1", "orphan"})
			if err != nil || len(got) != 1 || !got["step-blob-1"] {
				t.Fatalf("BlobsInUse = %v, %v", got, err)
			}
		})
	})
}
