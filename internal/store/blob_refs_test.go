package store_test

import (
	"testing"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

func TestBlobsInUse(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		newAttachment(t, st, w.org, "营业执照.pdf", 10) // its key is "blob/营业执照.pdf"
		mustTx(t, st, func(tx *store.Tx) error {
			_, err := tx.InsertVersion(ctx, domain.Version{AppID: w.app, Code: "2021ZC-V1", DataRev: 1, BlobKey: "pdf-of-v1"},
				[]byte("{}"))
			if err != nil {
				return err
			}
			for _, mode := range []string{"files", "append"} {
				if _, err := tx.SaveImport(ctx, domain.TableImport{AppID: w.app, Table: "teams", Mode: mode,
					FileName: mode + ".zip", Plan: []byte(`{"key":"` + mode + `"}`), CreatedBy: w.user}); err != nil {
					return err
				}
			}
			return nil
		})

		t.Run("an attachment's and a version's keys are in use, another is not", func(t *testing.T) {
			got, err := st.BlobsInUse(ctx, []string{"blob/营业执照.pdf", "orphan", "pdf-of-v1", "orphan"})
			if err != nil || len(got) != 2 || !got["blob/营业执照.pdf"] || !got["pdf-of-v1"] {
				t.Fatalf("BlobsInUse = %v, %v", got, err)
			}
		})
		t.Run("no keys ask nothing", func(t *testing.T) {
			if got, err := st.BlobsInUse(ctx, nil); err != nil || len(got) != 0 {
				t.Fatalf("BlobsInUse(nil) = %v, %v", got, err)
			}
		})
		t.Run("waiting imports are listed by mode across applications", func(t *testing.T) {
			list, err := st.WaitingImports(ctx, "files")
			if err != nil || len(list) != 1 || string(list[0].Plan) != `{"key":"files"}` || list[0].AppID != w.app {
				t.Fatalf("WaitingImports = %+v, %v", list, err)
			}
		})
	})
}
