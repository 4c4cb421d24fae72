package store_test

import (
	"slices"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

func saveOrder(st *store.Store, dept, round, rev int64, apps []int64, by int64) (int64, error) {
	var next int64
	err := st.InTx(ctx, func(tx *store.Tx) (err error) {
		next, err = tx.SaveRecommendOrder(ctx, dept, round, rev, apps, by)
		return err
	})
	return next, err
}

func TestRecommendOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		w := newAppWorld(t, st)
		dept := newDept(t, st, "福建省科学技术厅", domain.LevelProvince, "350000")
		other := newDept(t, st, "浙江省科学技术厅", domain.LevelProvince, "330000")

		t.Run("an order nobody saved is empty at revision 0", func(t *testing.T) {
			o, err := st.RecommendOrder(ctx, dept, w.round)
			wantErr(t, err, nil)
			if o.Revision != 0 || len(o.Apps) != 0 {
				t.Fatalf("order %+v", o)
			}
		})
		t.Run("a saved order reads back in its order with who saved it", func(t *testing.T) {
			rev, err := saveOrder(st, dept, w.round, 0, []int64{w.otherApp, w.app}, w.user)
			wantErr(t, err, nil)
			o, err := st.RecommendOrder(ctx, dept, w.round)
			wantErr(t, err, nil)
			if rev != 1 || o.Revision != 1 || !slices.Equal(o.Apps, []int64{w.otherApp, w.app}) || o.UpdatedBy != "legal-a" ||
				o.UpdatedAt.IsZero() {
				t.Fatalf("revision %d, order %+v", rev, o)
			}
		})
		t.Run("saving again from the current revision replaces the order", func(t *testing.T) {
			rev, err := saveOrder(st, dept, w.round, 1, []int64{w.app}, w.user)
			wantErr(t, err, nil)
			o, err := st.RecommendOrder(ctx, dept, w.round)
			wantErr(t, err, nil)
			if rev != 2 || o.Revision != 2 || !slices.Equal(o.Apps, []int64{w.app}) {
				t.Fatalf("revision %d, order %+v", rev, o)
			}
		})
		t.Run("saving from an old revision is stale and changes nothing", func(t *testing.T) {
			_, err := saveOrder(st, dept, w.round, 1, []int64{w.otherApp}, w.user)
			wantErr(t, err, store.ErrStale)
			_, err = saveOrder(st, dept, w.round, 0, []int64{w.otherApp}, w.user)
			wantErr(t, err, store.ErrStale)
			o, err := st.RecommendOrder(ctx, dept, w.round)
			wantErr(t, err, nil)
			if o.Revision != 2 || !slices.Equal(o.Apps, []int64{w.app}) {
				t.Fatalf("order %+v", o)
			}
		})
		t.Run("another department's order is its own", func(t *testing.T) {
			o, err := st.RecommendOrder(ctx, other, w.round)
			wantErr(t, err, nil)
			if o.Revision != 0 || len(o.Apps) != 0 {
				t.Fatalf("order %+v", o)
			}
			_, err = saveOrder(st, other, w.round, 0, []int64{w.otherApp}, w.user)
			wantErr(t, err, nil)
			mine, err := st.RecommendOrder(ctx, dept, w.round)
			wantErr(t, err, nil)
			if !slices.Equal(mine.Apps, []int64{w.app}) {
				t.Fatalf("order %+v", mine)
			}
		})
	})
}
