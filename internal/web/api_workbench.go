package web

import (
	"net/http"

	"hatch/internal/service"
)

// apiQueueItem is one application of a department's queue.
type apiQueueItem struct {
	ID           int64  `json:"id"`
	RefNo        string `json:"ref_no"`
	Carrier      string `json:"carrier"`
	Operator     string `json:"operator"`
	Round        string `json:"round"`
	Region       string `json:"region"`
	RegionName   string `json:"region_name"`
	Acceptor     string `json:"acceptor"`
	AcceptorName string `json:"acceptor_name"`
	HostType     string `json:"host_type"`
	Status       string `json:"status"`
	StatusLabel  string `json:"status_label"`
	Waiting      bool   `json:"waiting"` // waiting for the caller's department
	SubmittedAt  string `json:"submitted_at,omitempty"`
	Version      string `json:"version"`
}

// apiQueue is one page of the queue with the counts per status.
type apiQueue struct {
	Department apiDepartment  `json:"department"`
	Counts     map[string]int `json:"counts"`
	All        int            `json:"all"`
	Total      int            `json:"total"`
	Page       int            `json:"page"`
	PerPage    int            `json:"per_page"`
	Pages      int            `json:"pages"`
	Items      []apiQueueItem `json:"items"`
}

// apiQueueFilter reads the queue's filters from the query. Unlike the
// page, which drops a value it has no option for, the API says so.
func apiQueueFilter(r *http.Request, o service.QueueOptions) (service.QueueFilter, error) {
	f, fe := o.Parse(queueInput(r))
	return f, fe.Err()
}

func (s *Server) apiReviewQueue(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	o, err := s.svc.QueueOptions(ctx, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, err := apiQueueFilter(r, o)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q, err := s.svc.QueueItems(ctx, a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := apiQueue{
		Department: deptOf(q.Dept),
		Counts:     map[string]int{},
		All:        q.All,
		Total:      q.Total,
		Page:       q.Page,
		PerPage:    q.PerPage,
		Pages:      q.Pages(),
		Items:      []apiQueueItem{},
	}
	for _, st := range o.Statuses {
		out.Counts[string(st)] = q.Counts[st]
	}
	for _, it := range q.Items {
		out.Items = append(
			out.Items,
			apiQueueItem{ID: it.ID, RefNo: it.RefNo, Carrier: it.CarrierName, Operator: it.Operator,
				Round: it.RoundName, Region: it.RegionCode, RegionName: it.RegionName, Acceptor: it.AcceptorCode,
				AcceptorName: it.AcceptorName, HostType: it.HostType, Status: string(it.Status), StatusLabel: it.StatusLabel(),
				Waiting: o.Waiting(
					it.Status,
				), SubmittedAt: apiTime(it.SubmittedAt), Version: it.VersionCode},
		)
	}
	writeJSON(w, http.StatusOK, out)
}
