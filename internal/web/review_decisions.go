package web

import (
	"net/http"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// The review page's decisions beyond the 办理 forms: the choice about the
// department's draft remarks, 撤回, internal notes and, for a resubmission,
// the previous return's remarks beside the changes they caused.

// DraftIDs are the drafts a decision form lists before its button; the
// service refuses the decision if the set has changed since.
func (p reviewPage) DraftIDs() []int64 {
	ids := make([]int64, len(p.Drafts))
	for i, d := range p.Drafts {
		ids[i] = d.ID
	}
	return ids
}

// draftBox is what the draftChoice template needs: the page and the form.
type draftBox struct {
	P reviewPage
	F actionForm
}

// DraftBox pairs the page with one decision form for the draftChoice
// template.
func (p reviewPage) DraftBox(f actionForm) draftBox { return draftBox{P: p, F: f} }

// noteView is an internal note with the name of the section it is about.
type noteView struct {
	domain.Note
	Part string
}

// sectionOption is a choice of the note form's section list.
type sectionOption struct{ Key, Title string }

func notesOf(v service.ReviewView) ([]noteView, []sectionOption) {
	t := form.TypeOf(v.App.TypeCode)
	var opts []sectionOption
	if t != nil {
		for _, sec := range t.Sections {
			opts = append(opts, sectionOption{Key: sec.Key, Title: sec.Title})
		}
	}
	out := make([]noteView, len(v.Notes))
	for i, n := range v.Notes {
		out[i] = noteView{Note: n}
		if t != nil && n.Section != "" {
			if sec := t.Section(n.Section); sec != nil {
				out[i].Part = sec.Title
			}
		}
	}
	return out, opts
}

// pairing is a remark of the previous return with the changes made where
// it pointed; none means the applicant left that place as it was.
type pairing struct {
	remarkView
	Fields []service.FieldChange
	Rows   []service.RowChange
}

// Unchanged reports whether nothing changed where the remark pointed.
func (p pairing) Unchanged() bool { return len(p.Fields) == 0 && len(p.Rows) == 0 }

// previousReturn is the 退回修改 the latest submission answers (not one
// later withdrawn); 0 for none.
func previousReturn(steps []domain.ReviewStep) int64 {
	undone := withdrawn(steps)
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].Action != domain.ActSubmit {
			continue
		}
		for j := i - 1; j >= 0; j-- {
			if _, gone := undone[steps[j].ID]; steps[j].Action == domain.ActReturn && !gone {
				return steps[j].ID
			}
		}
		return 0
	}
	return 0
}

// pairings matches each remark of the previous return to the diff: a field
// remark to the change of that field, a row remark to that row's change
// (one cell when it named a column), a section remark to any change in it.
func pairings(v service.ReviewView, remarks []remarkView) []pairing {
	ret := previousReturn(v.Steps)
	if v.Diff == nil || ret == 0 {
		return nil
	}
	var out []pairing
	for _, r := range remarks {
		if r.StepID == ret {
			out = append(out, pairOf(*v.Diff, r))
		}
	}
	return out
}

func pairOf(d service.Diff, r remarkView) pairing {
	p := pairing{remarkView: r}
	if r.Table != "" {
		for _, rc := range d.Rows {
			if rc.TableKey == r.Table && rc.RowID == r.RowID && (r.Column == "" || hasCell(rc, r.Column)) {
				p.Rows = append(p.Rows, rc)
			}
		}
		return p
	}
	for _, fc := range d.Fields {
		if fc.Part+" · "+fc.Label == r.Target || (r.Field == "" && fc.Part == r.Target) {
			p.Fields = append(p.Fields, fc)
		}
	}
	return p
}

func hasCell(rc service.RowChange, label string) bool {
	for _, c := range rc.Cells {
		if strings.HasPrefix(c.Label, label) { // the diff's label carries the unit: 人员数量（人）
			return true
		}
	}
	return rc.Kind != service.RowChanged // an added or removed row changes every cell
}

// withdrawn marks the log's decisions that a 撤回 undid, by id.
func withdrawn(steps []domain.ReviewStep) map[int64]domain.ReviewStep {
	out := map[int64]domain.ReviewStep{}
	for _, st := range steps {
		if st.Withdraws != 0 {
			out[st.Withdraws] = st
		}
	}
	return out
}

// handleReviewWithdraw takes back the department's last decision.
func (s *Server) handleReviewWithdraw(w http.ResponseWriter, r *http.Request) {
	step, _ := strconv.ParseInt(r.PostFormValue("step"), 10, 64)
	in := service.WithdrawInput{Status: domain.AppStatus(r.PostFormValue("status")), StepID: step,
		Reason: r.PostFormValue("reason")}
	id := pathID(r)
	done, err := s.svc.Withdraw(r.Context(), actor(r), id, in)
	if err != nil {
		s.formFailed(w, r, err, func(code int) {
			s.renderReview(w, r, code, reviewState{err: err, withdraw: &in})
		})
		return
	}
	msg := "已撤回，该申报当前状态为“" + done.Chain.StatusLabel(done.To) + "”。申报单位已收到通知。"
	if done.Remarks > 0 {
		msg += "随原决定发送的 " + strconv.Itoa(done.Remarks) + " 条意见已退回为本部门的草稿。"
	}
	setFlash(w, msg)
	http.Redirect(w, r, "/review/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// handleNoteAdd keeps an internal note of the department.
func (s *Server) handleNoteAdd(w http.ResponseWriter, r *http.Request) {
	in := service.NoteInput{Section: r.PostFormValue("section"), Text: r.PostFormValue("text")}
	id := pathID(r)
	if _, err := s.svc.AddNote(r.Context(), actor(r), id, in); err != nil {
		s.formFailed(w, r, err, func(code int) {
			s.renderReview(w, r, code, reviewState{err: err, note: &in})
		})
		return
	}
	setFlash(w, "内部备注已保存，仅本部门可见。")
	http.Redirect(w, r, "/review/"+strconv.FormatInt(id, 10)+"#notes", http.StatusSeeOther)
}
