package web

import (
	"net/http"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// Batch actions from the 工作台: the rows ticked there and the action
// chosen come here as a plain form; this page asks for what the action
// records (one reason for all, the receipt for all and a 版本号 per
// application), and once confirmed lists each application's outcome.

// batchPage is the form of a batch action, or its result.
type batchPage struct {
	Page
	View     service.BatchView
	Result   *service.BatchResult // nil until confirmed
	Typed    service.BatchInput
	Back     string // the 工作台 with the filters it had
	Province bool   // 推荐 takes the 推荐意见, which the province must give
}

// Found lists the items the department may act on: the others are named
// as not found, and left out of the form.
func (p batchPage) Found() []service.BatchItem {
	var out []service.BatchItem
	for _, it := range p.View.Items {
		if it.Item != nil {
			out = append(out, it)
		}
	}
	return out
}

// VersionOf is the 版本号 typed for an application.
func (p batchPage) VersionOf(id int64) string { return p.Typed.Versions[id] }

// IsPaper, IsRecommend and IsReturn say which inputs the form shows.
func (p batchPage) IsPaper() bool     { return p.View.Op.Action == service.BatchPaper }
func (p batchPage) IsRecommend() bool { return p.View.Op.Action == service.BatchRecommend }
func (p batchPage) IsReturn() bool    { return p.View.Op.Action == service.BatchReturn }

// Drafts counts the draft remarks of the applications the form lists.
func (p batchPage) Drafts() int {
	n := 0
	for _, it := range p.Found() {
		n += len(it.Drafts)
	}
	return n
}

// IsExperts says the form asks how many experts each application gets.
func (p batchPage) IsExperts() bool { return p.View.Op.Action == service.BatchExperts }

// batchInputOf reads the form: the ticked rows, the status each showed,
// and what the action records.
func batchInputOf(r *http.Request) service.BatchInput {
	in := service.BatchInput{Action: service.BatchAction(r.PostFormValue("batch_action")),
		Statuses: map[int64]domain.AppStatus{}, Versions: map[int64]string{}, DraftIDs: map[int64][]int64{},
		Comment: r.PostFormValue("comment"), ReceivedOn: r.PostFormValue("received_on"),
		Copies: r.PostFormValue("copies"), Receiver: r.PostFormValue("receiver")}
	in.PerApp = r.PostFormValue("per_app")
	in.Drafts = service.DraftChoice(r.PostFormValue("drafts"))
	for _, v := range r.PostForm["app"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			continue
		}
		in.AppIDs = append(in.AppIDs, id)
		in.Statuses[id] = domain.AppStatus(r.PostFormValue("status-" + v))
		in.Versions[id] = r.PostFormValue("version-" + v)
		in.DraftIDs[id] = formIDs(r, "draft-"+v)
	}
	return in
}

// batchBack is the 工作台 the batch came from; anything else is the
// 工作台 itself, so the form cannot send anyone elsewhere.
func batchBack(r *http.Request) string {
	if b := r.PostFormValue("back"); b == "/workbench" || strings.HasPrefix(b, "/workbench?") {
		return b
	}
	return "/workbench"
}

func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, domain.Errorf(domain.Invalid, "表单无法读取，请重新提交。"))
		return
	}
	in, back := batchInputOf(r), batchBack(r)
	if r.PostFormValue("confirm") == "" {
		s.renderBatchForm(w, r, http.StatusOK, in, back, nil)
		return
	}
	res, err := s.svc.Batch(r.Context(), actor(r), in)
	if err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderBatchForm(w, r, code, in, back, err) })
		return
	}
	p := batchPage{Page: s.page(w, r, res.Op.Label+" · 批量办理结果", "workbench"), Result: &res, Back: back}
	p.View.Op = res.Op
	s.render(w, r, http.StatusOK, "batch", p)
}

// renderBatchForm shows the batch's form with what was typed and err's
// messages beside their fields. A selection that cannot be taken at all
// (none, too many, an action the department lacks) goes back to the
// 工作台 with the reason on top.
func (s *Server) renderBatchForm(w http.ResponseWriter, r *http.Request, code int, in service.BatchInput,
	back string, err error) {
	v, verr := s.svc.BatchForm(r.Context(), actor(r), in.Action, in.AppIDs)
	if fe := domain.FieldsOf(verr); len(fe) > 0 {
		setFlashKind(w, "error", fe[0].Message)
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	if in.ReceivedOn == "" && in.Receiver == "" && err == nil {
		in.ReceivedOn, in.Receiver = v.Today, v.Receiver
	}
	p := batchPage{Page: s.page(w, r, v.Op.Label+" · 批量办理", "workbench"), View: v, Typed: in, Back: back,
		Province: v.Level == domain.LevelProvince}
	if err != nil {
		p.Message, p.Errors = domain.Message(err), domain.FieldsOf(err)
	}
	s.render(w, r, code, "batch", p)
}
