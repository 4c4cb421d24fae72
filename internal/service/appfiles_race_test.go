package service_test

import (
	"sync"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// TestConcurrentUploadsRespectTheApplicationLimit uploads two files at once
// into an application with room for only one: exactly one is kept.
func TestConcurrentUploadsRespectTheApplicationLimit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		size := int64(len(pdfBytes()))
		e := newAppEnv(t, st, func(s *service.Settings) { s.MaxAppFiles = size + size/2 })
		app := e.newApp(t)
		team := e.saveRow(t, app, "teams", appTeam("在孵"))
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, errs[i] = e.svc.AttachFile(ctx, e.a, app, team.ID, "agreement", upload("协议.pdf", pdfBytes()))
			}(i)
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if domain.KindOf(err) != domain.Invalid {
				t.Fatalf("unexpected error: %v", err)
			}
		}
		total, err := st.AppFilesSize(ctx, app)
		if err != nil || ok != 1 || total != size {
			t.Fatalf("%d uploads kept, %d bytes stored (limit %d); want exactly one", ok, total, size+size/2)
		}
	})
}
