package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// 推荐排序 and what the department sends on: the order of a round's
// recommended applications, the 推荐表 and the 推荐函 in that order.

// rankRow is an application of the 推荐排序 page with the place shown in
// its input: its position, or what the reviewer typed.
type rankRow struct {
	service.RankedApp
	Place       string
	Input       string // the input's id and name: rank-ID
	First, Last bool   // no place to move up, or down
}

type recommendOrderPage struct {
	Page
	Order     service.RecommendOrderView
	Rows      []rankRow
	Rounds    []domain.Round
	DocNo     string
	TableURL  string
	LetterURL string
}

// orderRound is the round the page shows: the one asked for, else the
// newest of the department's choices.
func orderRound(r *http.Request, opts service.QueueOptions) int64 {
	id, _ := strconv.ParseInt(r.FormValue("round"), 10, 64)
	if id != 0 || len(opts.Rounds) == 0 {
		return id
	}
	newest := slices.MaxFunc(opts.Rounds, func(x, y domain.Round) int { return x.Year*1e6 + int(x.ID) - y.Year*1e6 - int(y.ID) })
	return newest.ID
}

func (s *Server) handleRecommendOrder(w http.ResponseWriter, r *http.Request) {
	s.renderRecommendOrder(w, r, http.StatusOK, nil, nil)
}

// renderRecommendOrder shows the order; typed keeps what the reviewer
// typed when err refused it.
func (s *Server) renderRecommendOrder(w http.ResponseWriter, r *http.Request, code int, typed map[int64]string, err error) {
	ctx, a := r.Context(), actor(r)
	opts, oerr := s.svc.QueueOptions(ctx, a)
	if oerr != nil {
		s.fail(w, r, oerr)
		return
	}
	round := orderRound(r, opts)
	v, verr := s.svc.RecommendOrder(ctx, a, round)
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	p := recommendOrderPage{Page: s.page(w, r, "推荐排序", "workbench"), Order: v, Rounds: opts.Rounds,
		DocNo: r.FormValue("doc_no")}
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	for i, x := range v.Apps {
		row := rankRow{RankedApp: x, Place: strconv.Itoa(i + 1), Input: "rank-" + strconv.FormatInt(x.ID, 10),
			First: i == 0, Last: i == len(v.Apps)-1}
		if t, ok := typed[x.ID]; ok {
			row.Place = t
		}
		p.Rows = append(p.Rows, row)
	}
	q := url.Values{"round": {strconv.FormatInt(round, 10)}}
	p.TableURL, p.LetterURL = withQuery("/workbench/recommend.xlsx", q), "/workbench/recommend.pdf"
	s.render(w, r, code, "recommend_order", p)
}

func (s *Server) handleRecommendOrderSave(w http.ResponseWriter, r *http.Request) {
	ctx, a := r.Context(), actor(r)
	round, _ := strconv.ParseInt(r.PostFormValue("round"), 10, 64)
	revision, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	v, err := s.svc.RecommendOrder(ctx, a, round)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	typed := placesTyped(r)
	order, err := v.Reorder(typed, r.PostFormValue("move"))
	if err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderRecommendOrder(w, r, code, typed, err) })
		return
	}
	if _, err := s.svc.SaveRecommendOrder(ctx, a, round, revision, order); err != nil {
		// A conflict shows the order as the other reviewer saved it.
		s.formFailed(w, r, err, func(code int) { s.renderRecommendOrder(w, r, code, nil, err) })
		return
	}
	setFlash(w, "推荐排序已保存，推荐表和推荐函按此顺序排列。")
	http.Redirect(w, r, "/workbench/order?round="+strconv.FormatInt(round, 10)+"#order", http.StatusSeeOther)
}

func (s *Server) handleRecommendLetter(w http.ResponseWriter, r *http.Request) {
	qf, err := s.queueFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, name, err := s.svc.RecommendLetter(r.Context(), actor(r), qf, r.FormValue("doc_no"))
	if err != nil {
		// A refused 文号, or nothing to list: said on the 推荐排序 page.
		s.formFailed(w, r, err, func(code int) { s.renderRecommendOrder(w, r, code, nil, err) })
		return
	}
	s.sendBytes(w, download{Name: name, Type: "application/pdf"}, data)
}

// placesTyped reads the places typed, by application: the inputs rank-ID.
func placesTyped(r *http.Request) map[int64]string {
	out := map[int64]string{}
	for k, vs := range r.PostForm {
		idText, ok := strings.CutPrefix(k, "rank-")
		id, err := strconv.ParseInt(idText, 10, 64)
		if ok && err == nil && len(vs) > 0 {
			out[id] = vs[0]
		}
	}
	return out
}
