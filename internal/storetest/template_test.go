package storetest_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	storetest.Cleanup()
	os.Exit(code)
}

func addDept(ctx context.Context, st *store.Store, name string) (int64, error) {
	var id int64
	err := st.InTx(ctx, func(tx *store.Tx) (err error) {
		id, err = tx.CreateDepartment(ctx, domain.Department{Name: name, Level: domain.LevelCity, RegionCode: "350200"})
		return err
	})
	return id, err
}

// TestFillCopiesTheTemplate: each fresh store gets the template's rows and
// files' directory, the template is filled once, stores stay apart, and a
// new row takes an id after the copied ones.
func TestFillCopiesTheTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, _ *store.Store) {
		ctx := context.Background()
		fills := 0
		fill := func(src *store.Store, files string) error {
			fills++
			for _, n := range []string{"甲科技局", "乙科技局"} {
				if _, err := addDept(ctx, src, n); err != nil {
					return err
				}
			}
			return os.WriteFile(filepath.Join(files, "note.txt"), []byte("模板"), 0o600)
		}
		key := "two departments " + t.Name()
		var ids []int64
		for i := range 2 {
			st := storetest.New(t, engineOf(t))
			files := storetest.Fill(t, st, key, fill)
			if b, err := os.ReadFile(filepath.Join(files, "note.txt")); err != nil || string(b) != "模板" {
				t.Fatalf("files = %q, %v", b, err)
			}
			list, err := st.Departments(ctx)
			if err != nil || len(list) != 2 {
				t.Fatalf("copy %d: departments = %v, %v", i, list, err)
			}
			id, err := addDept(ctx, st, "丙科技局")
			if err != nil {
				t.Fatalf("copy %d: a new row after the copied ones: %v", i, err)
			}
			ids = append(ids, id)
			for _, d := range list {
				if d.ID >= id {
					t.Fatalf("copy %d: new id %d does not follow copied id %d", i, id, d.ID)
				}
			}
		}
		if fills != 1 {
			t.Fatalf("template filled %d times, want once", fills)
		}
		if ids[0] != ids[1] {
			t.Fatalf("each copy starts from the template: new ids %v", ids)
		}
	})
}

func engineOf(t *testing.T) string { return filepath.Base(t.Name()) }
