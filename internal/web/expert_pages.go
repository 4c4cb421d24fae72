package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// 我的评审任务: what an expert sees and does. Every route takes the
// assignment's id; the service answers NotFound for anyone else's.

type expertTasksPage struct {
	Page
	Tasks []service.ExpertTask
}

func (s *Server) handleExpertTasks(w http.ResponseWriter, r *http.Request) {
	tasks, err := s.svc.MyAssignments(r.Context(), actor(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "expert_tasks", expertTasksPage{Page: s.page(w, r, "我的评审任务", "expert"), Tasks: tasks})
}

// expertTaskPage is one assignment: the 申报书 read only, the 备案条件 and
// the scoring sheet (with what was typed when a save failed).
type expertTaskPage struct {
	Page
	V          service.ExpertView
	Parts      []docPart
	Conditions []condView
	Scores     map[string]string
	Comment    string
	Revision   int64
	Reason     string // 回避理由 as typed
}

func (s *Server) handleExpertTask(w http.ResponseWriter, r *http.Request) {
	s.renderExpertTask(w, r, http.StatusOK, nil, nil)
}

// renderExpertTask shows the page; in is the sheet or 回避 form that
// failed with err, kept as typed.
func (s *Server) renderExpertTask(w http.ResponseWriter, r *http.Request, code int, in *service.SheetInput, err error) {
	v, verr := s.svc.ExpertReview(r.Context(), actor(r), pathID(r))
	if verr != nil {
		s.fail(w, r, verr)
		return
	}
	p := expertTaskPage{Page: s.page(w, r, v.Task.Carrier+" · 专家评审", "expert"), V: v,
		Scores: v.Task.Scores, Comment: v.Task.Comment, Revision: v.Task.Revision}
	p.Parts = expertDocParts(v)
	rv := service.ReviewView{App: domain.Application{TypeCode: v.Task.TypeCode}}
	for _, c := range v.Conditions {
		p.Conditions = append(p.Conditions, reviewCond(rv, c))
	}
	if in != nil {
		p.Scores, p.Comment, p.Revision = in.Scores, in.Comment, in.Revision
	}
	p.Reason = r.PostFormValue("reason")
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	s.render(w, r, code, "expert_task", p)
}

// expertDocParts lays out the document read only, its attachment index
// linked to the expert's own file route.
func expertDocParts(v service.ExpertView) []docPart {
	rv := service.ReviewView{App: domain.Application{TypeCode: v.Task.TypeCode}, Doc: v.Doc, Files: v.Files}
	parts, _ := docParts(rv, nil)
	own := "/expert/assignments/" + strconv.FormatInt(v.Task.ID, 10) + "/files/"
	for i := range parts {
		for j := range parts[i].Tables {
			for k := range parts[i].Tables[j].Rows {
				for c, cell := range parts[i].Tables[j].Rows[k].Cells {
					if rest, ok := strings.CutPrefix(cell.Href, "/review/0/files/"); ok {
						parts[i].Tables[j].Rows[k].Cells[c].Href = own + rest
					}
				}
			}
		}
	}
	return parts
}

func sheetForm(r *http.Request) service.SheetInput {
	_ = r.PostFormValue("revision") // parses the form
	in := service.SheetInput{Scores: map[string]string{}, Comment: r.PostFormValue("comment"),
		Submit: r.PostFormValue("submit") != ""}
	in.Revision, _ = strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	for k, vs := range r.PostForm {
		if key, ok := strings.CutPrefix(k, "score."); ok && len(vs) > 0 {
			in.Scores[key] = vs[0]
		}
	}
	return in
}

func (s *Server) handleExpertSheet(w http.ResponseWriter, r *http.Request) {
	in := sheetForm(r)
	if _, err := s.svc.SaveSheet(r.Context(), actor(r), pathID(r), in); err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderExpertTask(w, r, code, &in, err) })
		return
	}
	msg := "评分表已保存为草稿，可继续修改后提交。"
	if in.Submit {
		msg = "评分表已提交。感谢您的评审。"
	}
	setFlash(w, msg)
	http.Redirect(w, r, "/expert/assignments/"+r.PathValue("id")+"#sheet", http.StatusSeeOther)
}

func (s *Server) handleExpertRecuse(w http.ResponseWriter, r *http.Request) {
	rev, _ := strconv.ParseInt(r.PostFormValue("revision"), 10, 64)
	err := s.svc.Recuse(r.Context(), actor(r), pathID(r), r.PostFormValue("reason"), rev)
	if err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderExpertTask(w, r, code, nil, err) })
		return
	}
	setFlash(w, "已声明回避，组织评审的部门已收到通知。")
	http.Redirect(w, r, "/expert", http.StatusSeeOther)
}

// handleExpertPDF sends the 申报书 without contact details, shown in the
// browser.
func (s *Server) handleExpertPDF(w http.ResponseWriter, r *http.Request) {
	pdf, v, err := s.svc.ExpertPDF(r.Context(), actor(r), pathID(r), s.baseURL(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d := download{Name: "申报书-" + v.Code + "-专家评审.pdf", Type: "application/pdf", Size: int64(len(pdf)), Inline: true}
	s.send(w, d, bytes.NewReader(pdf))
}

func (s *Server) handleExpertFile(w http.ResponseWriter, r *http.Request) {
	fid, _ := strconv.ParseInt(r.PathValue("file"), 10, 64)
	att, rc, err := s.svc.ExpertFile(r.Context(), actor(r), pathID(r), fid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	s.sendAttachment(w, att, rc, inlineType(att.ContentType))
}
