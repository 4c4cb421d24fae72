package web

import (
	"fmt"
	"net/http"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// The 专家评审 panel of the review page (templates/parts/experts.html):
// the sheets of the department's experts, their average, spread and
// outliers, and the forms to assign, draw, remove and turn a comment into
// a remark. Only provinces and 火炬中心 hold a 专家评审.

// expertPanelOf is the panel for the page, nil for a city.
func (s *Server) expertPanelOf(r *http.Request, v service.ReviewView) *service.ExpertPanelView {
	if v.Dept.Level != domain.LevelProvince && v.Dept.Level != domain.LevelTorch {
		return nil
	}
	p, err := s.svc.ExpertPanel(r.Context(), actor(r), v.App.ID)
	if err != nil {
		s.log.Error("expert panel", "app", v.App.ID, "err", err)
		return nil
	}
	return &p
}

// reviewDone goes back to the panel with a message.
func reviewDone(w http.ResponseWriter, r *http.Request, msg string) {
	setFlash(w, msg)
	http.Redirect(w, r, "/review/"+r.PathValue("id")+"#experts", http.StatusSeeOther)
}

// reviewFailed shows the review page again with the panel's error.
func (s *Server) reviewFailed(w http.ResponseWriter, r *http.Request, err error) {
	s.formFailed(w, r, err, func(code int) { s.renderReview(w, r, code, reviewState{err: err}) })
}

func postedIDs(r *http.Request, key string) []int64 {
	_ = r.PostFormValue(key) // parses the form
	var out []int64
	for _, v := range r.PostForm[key] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

func (s *Server) handleExpertsAssign(w http.ResponseWriter, r *http.Request) {
	ids := postedIDs(r, "expert")
	if _, err := s.svc.AssignExperts(r.Context(), actor(r), pathID(r), ids); err != nil {
		s.reviewFailed(w, r, err)
		return
	}
	reviewDone(w, r, fmt.Sprintf("已分配 %d 位专家，专家已收到通知。", len(ids)))
}

func (s *Server) handleExpertsDraw(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.PostFormValue("per_app"))
	res, err := s.svc.DrawExperts(r.Context(), actor(r), []int64{pathID(r)}, n)
	if err != nil {
		s.reviewFailed(w, r, err)
		return
	}
	it := res.Items[0]
	if it.Refused != "" {
		s.reviewFailed(w, r, domain.Errorf(domain.Conflict, "未抽取：%s", it.Refused))
		return
	}
	reviewDone(w, r, fmt.Sprintf("已随机抽取 %d 位专家，专家已收到通知。", len(it.Experts)))
}

func (s *Server) handleAssignmentDelete(w http.ResponseWriter, r *http.Request) {
	x, _ := strconv.ParseInt(r.PathValue("x"), 10, 64)
	if err := s.svc.RemoveAssignment(r.Context(), actor(r), pathID(r), x); err != nil {
		s.reviewFailed(w, r, err)
		return
	}
	reviewDone(w, r, "已取消该专家的评审任务。")
}

func (s *Server) handleAssignmentRemark(w http.ResponseWriter, r *http.Request) {
	x, _ := strconv.ParseInt(r.PathValue("x"), 10, 64)
	if _, err := s.svc.CommentToRemark(r.Context(), actor(r), pathID(r), x, r.PostFormValue("section")); err != nil {
		s.reviewFailed(w, r, err)
		return
	}
	reviewDone(w, r, "专家意见已转为待发送的意见（不显示专家姓名），将在本部门办理时一并发送给申报单位。")
}

// drawPage lists a draw over several applications (from the 工作台's
// selection): each with the experts drawn or why none were.
type drawPage struct {
	Page
	Result service.DrawResult
}

func (s *Server) handleDrawMany(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.PostFormValue("per_app"))
	res, err := s.svc.DrawExperts(r.Context(), actor(r), postedIDs(r, "app"), n)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "expert_draw", drawPage{Page: s.page(w, r, "随机抽取专家", "workbench"), Result: res})
}
