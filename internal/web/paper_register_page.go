package web

import (
	"net/http"
	"net/url"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// The 纸质材料登记 of a department: its paper receipts, filtered, and the
// same selection as .xlsx.

// paperRegisterPage is the register.
type paperRegisterPage struct {
	Page
	V         service.PaperRegisterView
	Form      service.PaperInput
	Rounds    []roundChoice
	Matches   []struct{ Value, Label string }
	ExportURL string
}

// roundChoice is a round of a filter's list.
type roundChoice struct {
	ID   int64
	Name string
}

// paperInput is the register's filter in the query.
func paperInput(r *http.Request) service.PaperInput {
	q := r.URL.Query()
	return service.PaperInput{Round: q.Get("round"), From: q.Get("from"), To: q.Get("to"), Match: q.Get("match"),
		Short: q.Get("short")}
}

// values is the filter as a query, for the export link.
func paperValues(in service.PaperInput) url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"round": in.Round, "from": in.From, "to": in.To, "match": in.Match,
		"short": in.Short} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// paperFilter is the typed filter, what of it the register takes, what it
// does not (said beside the field), and the rounds to choose from.
type paperFilter struct {
	in     service.PaperInput
	f      service.PaperFilter
	fe     domain.FieldErrors
	rounds []roundChoice
}

// paperFilterOf reads the filter against the department's rounds.
func (s *Server) paperFilterOf(r *http.Request) (paperFilter, error) {
	opts, err := s.svc.QueueOptions(r.Context(), actor(r))
	if err != nil {
		return paperFilter{}, err
	}
	pf := paperFilter{in: paperInput(r)}
	pf.f, pf.fe = service.ParsePaperFilter(pf.in, opts.Rounds)
	for _, rd := range opts.Rounds {
		pf.rounds = append(pf.rounds, roundChoice{ID: rd.ID, Name: rd.Name})
	}
	return pf, nil
}

func (s *Server) handlePaperRegister(w http.ResponseWriter, r *http.Request) {
	pf, err := s.paperFilterOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.svc.PaperRegister(r.Context(), actor(r), pf.f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := paperRegisterPage{Page: s.page(w, r, "纸质材料登记", "workbench"), V: v, Form: pf.in, Rounds: pf.rounds,
		Matches: service.PaperMatches, ExportURL: withQuery("/workbench/paper-register.xlsx", paperValues(pf.in))}
	p.Errors = pf.fe
	s.render(w, r, http.StatusOK, "paper_register", p)
}

func (s *Server) handlePaperRegisterExport(w http.ResponseWriter, r *http.Request) {
	pf, err := s.paperFilterOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := pf.f
	data, name, err := s.svc.ExportPaperRegister(r.Context(), actor(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendBytes(w, download{Name: name, Type: xlsxType}, data)
}
