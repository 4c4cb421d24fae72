package web

import (
	"net/http"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// torchAdmin lets 火炬中心 reviewers and system administrators in.
func (s *Server) torchAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.svc.CanManageRounds(actor(r)); err != nil {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// roundsPage lists the rounds of every application type.
type roundsPage struct {
	Page
	Groups []roundGroup
}

// roundGroup is one type's rounds, newest first.
type roundGroup struct {
	Type   *form.Type
	Rounds []domain.Round
}

func (s *Server) handleRounds(w http.ResponseWriter, r *http.Request) {
	p := roundsPage{Page: s.page(w, r, "申报批次", "rounds")}
	for _, t := range form.Types() {
		rounds, err := s.svc.AllRounds(r.Context(), actor(r), t.Code)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		p.Groups = append(p.Groups, roundGroup{Type: t, Rounds: rounds})
	}
	s.render(w, r, http.StatusOK, "rounds", p)
}

// roundPage edits one round: dates, 填报说明 and 受理机构.
type roundPage struct {
	Page
	Round        domain.Round
	Form         service.RoundInput
	Requirements string // one per line
	Definitions  string // "术语：解释", one per line
	Acceptors    []domain.Acceptor
	Editing      string // the 受理机构 whose form failed
	Type         *form.Type
}

func (s *Server) handleRound(w http.ResponseWriter, r *http.Request) {
	rd, err := s.svc.Round(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderRound(w, r, http.StatusOK, rd.Revision, service.RoundInputOf(rd), nil, nil)
}

// renderRound shows the round page; failed, when set, is a 受理机构 whose
// save was refused: it is shown with the user's input and its messages.
func (s *Server) renderRound(
	w http.ResponseWriter,
	r *http.Request,
	code int,
	rev int64,
	in service.RoundInput,
	failed *domain.Acceptor,
	err error,
) {
	rd, rerr := s.svc.Round(r.Context(), pathID(r))
	acceptors, aerr := s.svc.Acceptors(r.Context(), pathID(r))
	if rerr != nil || aerr != nil {
		s.fail(w, r, firstErr(rerr, aerr))
		return
	}
	rd.Revision = rev
	editing := ""
	for i := range acceptors {
		if failed != nil && acceptors[i].Code == failed.Code {
			acceptors[i], editing = *failed, failed.Code
		}
	}
	p := roundPage{
		Page:      s.page(w, r, rd.Name, "rounds"),
		Round:     rd,
		Form:      in,
		Acceptors: acceptors,
		Editing:   editing,
		Requirements: strings.Join(
			in.Guidance.Requirements,
			"\n",
		),
		Definitions: joinTerms(in.Guidance.Definitions),
		Type:        typeOrDefault(rd.TypeCode),
	}
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	s.render(w, r, code, "round", p)
}

// postedParams are the thresholds the round form sent (fields
// param_<key>); nil when it sent none, which keeps the round's own.
func postedParams(r *http.Request) map[string]string {
	var out map[string]string
	for k, v := range r.PostForm {
		if key, ok := strings.CutPrefix(k, "param_"); ok && len(v) > 0 {
			if out == nil {
				out = map[string]string{}
			}
			out[key] = v[0]
		}
	}
	return out
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func joinTerms(ts []domain.GuidanceTerm) string {
	lines := make([]string, 0, len(ts))
	for _, t := range ts {
		lines = append(lines, t.Term+"："+t.Text)
	}
	return strings.Join(lines, "\n")
}

// splitTerms reads "术语：解释" lines; a line without a colon is a term
// with no explanation yet, kept so nothing typed is lost.
func splitTerms(text string) []domain.GuidanceTerm {
	var out []domain.GuidanceTerm
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		term, def, ok := strings.Cut(line, "：")
		if !ok {
			term, def, _ = strings.Cut(line, ":")
		}
		out = append(
			out,
			domain.GuidanceTerm{Term: strings.TrimSpace(term), Text: strings.TrimSpace(def)},
		)
	}
	return out
}

func (s *Server) handleRoundSave(w http.ResponseWriter, r *http.Request) {
	rev, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	in := service.RoundInput{Name: r.PostFormValue("name"), OpensOn: r.PostFormValue("opens_on"),
		ClosesOn: r.PostFormValue("closes_on"), CutoffOn: r.PostFormValue("cutoff_on"),
		WindowFrom: r.PostFormValue("window_from"), WindowTo: r.PostFormValue("window_to"),
		OperatingFrom: r.PostFormValue(
			"operating_from",
		), AppendFiles: r.PostFormValue("append_files") == "1",
		Guidance: domain.Guidance{
			Requirements: strings.Split(r.PostFormValue("requirements"), "\n"),
			Definitions:  splitTerms(r.PostFormValue("definitions")),
		}, Params: postedParams(r), ResultNo: r.PostFormValue("result_no"),
		ResultOn: r.PostFormValue("result_on")}
	if err := s.svc.UpdateRound(r.Context(), actor(r), pathID(r), in, rev); err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderRound(w, r, code, rev, in, nil, err) })
		return
	}
	setFlash(w, "申报批次已保存。新的日期和填报说明立即对所有申报书生效。")
	http.Redirect(w, r, r.URL.Path, http.StatusSeeOther)
}

func (s *Server) handleAcceptorSave(w http.ResponseWriter, r *http.Request) {
	copies, _ := strconv.Atoi(r.PostFormValue("copies"))
	ac := domain.Acceptor{
		RoundID: pathID(r),
		Code:    r.PathValue("code"),
		Name:    r.PostFormValue("name"),
		Unit: r.PostFormValue(
			"unit",
		),
		Address:   r.PostFormValue("address"),
		Contact:   r.PostFormValue("contact"),
		Copies:    copies,
		Deadline:  r.PostFormValue("deadline"),
		CityLevel: r.PostFormValue("city_level") == "1",
	}
	if err := s.svc.UpdateAcceptor(r.Context(), actor(r), ac); err != nil {
		s.formFailed(w, r, err, func(code int) {
			rd, _ := s.svc.Round(r.Context(), pathID(r))
			s.renderRound(w, r, code, rd.Revision, service.RoundInputOf(rd), &ac, err)
		})
		return
	}
	setFlash(w, "受理机构“"+strings.TrimSpace(ac.Name)+"”已保存。")
	http.Redirect(
		w,
		r,
		"/admin/rounds/"+r.PathValue("id")+"#acceptor-"+ac.Code,
		http.StatusSeeOther,
	)
}
