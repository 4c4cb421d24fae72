package web

import (
	"net/http"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// workbenchBatch is what the 工作台 adds for work on many applications: the
// batch actions of the department, the 名额 lines of a province and the
// link to its paper register.
type workbenchBatch struct {
	Ops         []service.BatchOp // none: no checkboxes
	Quotas      []service.QuotaLine
	Back        string // this 工作台 with its filters, to come back to
	RegisterURL string // "" when the department keeps no paper register
}

func (s *Server) workbenchBatch(r *http.Request, f service.QueueFilter) (workbenchBatch, error) {
	a := actor(r)
	b := workbenchBatch{Ops: service.BatchOps(a.DeptLevel), Back: r.URL.RequestURI()}
	if a.DeptLevel == domain.LevelProvince {
		b.RegisterURL = "/workbench/paper-register"
	}
	var err error
	b.Quotas, err = s.svc.QuotaStatus(r.Context(), a, f.RoundID)
	return b, err
}
