package web

import (
	"net/http"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// The 名额 of a round: 火炬中心 enters per 受理机构 how many applications it
// may recommend; empty is 未设定.

// quotaPage lists a round's 受理机构 with their 名额 and use.
type quotaPage struct {
	Page
	Round domain.Round
	Lines []quotaRow
}

// quotaRow is a 受理机构's line with what was typed and shown before.
type quotaRow struct {
	service.QuotaLine
	Value, Was string
}

// Field is the line's input name.
func (q quotaRow) Field() string { return "quota-" + q.Acceptor.Code }

func quotaValue(q domain.Quota) string {
	if !q.Set {
		return ""
	}
	return strconv.Itoa(q.Limit)
}

func (s *Server) handleQuotas(w http.ResponseWriter, r *http.Request) {
	s.renderQuotas(w, r, http.StatusOK, nil, nil)
}

// renderQuotas shows the page; typed, after a refused save, is what the
// user entered, kept beside the messages of err.
func (s *Server) renderQuotas(w http.ResponseWriter, r *http.Request, code int, typed map[string][2]string, err error) {
	rd, rerr := s.svc.Round(r.Context(), pathID(r))
	lines, lerr := s.svc.RoundQuotas(r.Context(), actor(r), pathID(r))
	if rerr != nil || lerr != nil {
		s.fail(w, r, firstErr(rerr, lerr))
		return
	}
	p := quotaPage{Page: s.page(w, r, rd.Name+" · 名额", "rounds"), Round: rd}
	for _, l := range lines {
		row := quotaRow{QuotaLine: l, Value: quotaValue(l.Quota), Was: quotaValue(l.Quota)}
		if t, ok := typed[l.Acceptor.Code]; ok {
			row.Value, row.Was = t[0], t[1]
		}
		p.Lines = append(p.Lines, row)
	}
	if err != nil {
		p.Message, p.Errors = domain.Message(err), domain.FieldsOf(err)
	}
	s.render(w, r, code, "quotas", p)
}

func (s *Server) handleQuotasSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, domain.Errorf(domain.Invalid, "表单无法读取，请重新提交。"))
		return
	}
	var in []service.QuotaInput
	typed := map[string][2]string{}
	for _, code := range r.PostForm["code"] {
		x := service.QuotaInput{Code: code, Value: r.PostFormValue("quota-" + code), Was: r.PostFormValue("was-" + code)}
		in, typed[code] = append(in, x), [2]string{x.Value, x.Was}
	}
	if err := s.svc.SetQuotas(r.Context(), actor(r), pathID(r), in); err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderQuotas(w, r, code, typed, err) })
		return
	}
	setFlash(w, "名额已保存。")
	http.Redirect(w, r, "/admin/rounds/"+r.PathValue("id")+"/quotas", http.StatusSeeOther)
}
