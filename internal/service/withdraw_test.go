package service_test

import (
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

func (c *chain) withdraw(t *testing.T, who domain.Actor, reason string) domain.ReviewStep {
	t.Helper()
	st, err := c.svc.Withdraw(ctx, who, c.appID, service.WithdrawInput{Reason: reason})
	wantOK(t, err)
	return st.ReviewStep
}

// TestWithdraw walks 撤回 on both engines: a recommendation nobody has
// touched, one the province has acted on, a return with its remarks, and a
// return the applicant has begun to answer.
func TestWithdraw(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newChain(t, st)
		c.generate(t)
		c.submit(t)
		rec := c.act(t, c.city, service.ActInput{Action: domain.ActRecommend})
		t.Run("refused without a reason", func(t *testing.T) {
			_, err := c.svc.Withdraw(ctx, c.city, c.appID, service.WithdrawInput{Reason: " "})
			wantField(t, err, "comment")
		})
		t.Run("another province's reviewer gets not found", func(t *testing.T) {
			_, err := c.svc.Withdraw(ctx, c.stranger, c.appID, service.WithdrawInput{Reason: "x"})
			wantKind(t, err, domain.NotFound)
		})
		t.Run("the province cannot withdraw the city's decision", func(t *testing.T) {
			_, err := c.svc.Withdraw(ctx, c.province, c.appID, service.WithdrawInput{Reason: "x"})
			wantKind(t, err, domain.Conflict)
		})
		w := c.withdraw(t, c.city, "误点推荐，需再核实场地。")
		t.Run("the recommendation is withdrawn, logged and told", func(t *testing.T) {
			if got := c.status(t); got != domain.AppCityReview {
				t.Fatalf("status %s; want back in 待市级初审", got)
			}
			if w.Withdraws != rec.ID || w.Action != domain.ActWithdraw {
				t.Errorf("step %+v; want a 撤回 naming step %d", w, rec.ID)
			}
			steps, err := st.Steps(ctx, c.appID)
			wantOK(t, err)
			if len(steps) != 3 || steps[1].ID != rec.ID {
				t.Errorf("the log lost the withdrawn decision: %+v", steps)
			}
			notes, err := c.svc.Notifications(ctx, c.applicant)
			wantOK(t, err)
			if !strings.Contains(notes[0].Text, "撤回了“推荐”") || !strings.Contains(notes[0].Text, "误点推荐，需再核实场地") ||
				!strings.Contains(notes[0].Text, "海淀") {
				t.Errorf("newest notification %q", notes[0].Text)
			}
			v, err := c.svc.Review(ctx, c.city, c.appID)
			wantOK(t, err)
			if v.Withdraw != nil {
				t.Errorf("the 撤回 panel still offers %+v", v.Withdraw)
			}
		})
		t.Run("a second 撤回 is refused", func(t *testing.T) {
			_, err := c.svc.Withdraw(ctx, c.city, c.appID, service.WithdrawInput{Reason: "x"})
			wantKind(t, err, domain.Conflict)
		})
		c.act(t, c.city, service.ActInput{Action: domain.ActRecommend})
		c.act(t, c.province, service.ActInput{Action: domain.ActPaperCheck, Version: "X"})
		t.Run("refused once the province has acted", func(t *testing.T) {
			_, err := c.svc.Withdraw(ctx, c.city, c.appID, service.WithdrawInput{Reason: "x"})
			wantKind(t, err, domain.Conflict)
			v, err := c.svc.Review(ctx, c.city, c.appID)
			wantOK(t, err)
			if v.Withdraw == nil || !strings.Contains(v.Withdraw.Blocked, "省级科技管理部门已在“推荐”之后办理") {
				t.Errorf("the panel's reason: %+v", v.Withdraw)
			}
		})
		rm, err := c.svc.AddRemark(ctx, c.province, c.appID, service.RemarkInput{Section: "basic", Field: "address", Text: "地址不一致。"})
		wantOK(t, err)
		c.act(t, c.province, service.ActInput{Action: domain.ActReturn, Comment: "请核实地址。",
			Drafts: service.DraftsSend, DraftIDs: []int64{rm.ID}})
		c.withdraw(t, c.province, "地址已电话核实，无需修改。")
		t.Run("a withdrawn return takes its remarks back as drafts", func(t *testing.T) {
			if got := c.status(t); got != domain.AppProvinceReview {
				t.Fatalf("status %s", got)
			}
			p, err := c.svc.Progress(ctx, c.applicant, c.appID)
			wantOK(t, err)
			if len(p.Remarks) != 0 {
				t.Errorf("the applicant still sees %d remarks", len(p.Remarks))
			}
			v, err := c.svc.Review(ctx, c.province, c.appID)
			wantOK(t, err)
			if len(v.Remarks) != 1 || v.Remarks[0].StepID != 0 {
				t.Errorf("remarks %+v; want the one back as a draft", v.Remarks)
			}
		})
		c.act(t, c.province, service.ActInput{Action: domain.ActReturn, Comment: "请核实地址。",
			Drafts: service.DraftsSend, DraftIDs: []int64{rm.ID}})
		av, err := c.svc.Application(ctx, c.applicant, c.appID)
		wantOK(t, err)
		row, err := c.svc.Row(ctx, c.applicant, c.appID, av.Form.Rows["teams"][0].ID)
		wantOK(t, err)
		_, err = c.svc.SaveRow(ctx, c.applicant, c.appID, "", row.ID, row.Data, row.Revision)
		wantOK(t, err)
		t.Run("a return the applicant has begun to answer is kept", func(t *testing.T) {
			_, err := c.svc.Withdraw(ctx, c.province, c.appID, service.WithdrawInput{Reason: "x"})
			wantKind(t, err, domain.Conflict)
			if !strings.Contains(domain.Message(err), "申报单位在退回后已修改申报书") {
				t.Errorf("message %q", domain.Message(err))
			}
		})
	})
}

// TestInternalNotes: a department's notes are its own.
func TestInternalNotes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := newChain(t, st)
		c.generate(t)
		c.submit(t)
		t.Run("refused when empty or about no section", func(t *testing.T) {
			_, err := c.svc.AddNote(ctx, c.city, c.appID, service.NoteInput{Text: " "})
			wantField(t, err, "note_text")
			_, err = c.svc.AddNote(ctx, c.city, c.appID, service.NoteInput{Section: "nope", Text: "x"})
			wantField(t, err, "note_section")
		})
		n, err := c.svc.AddNote(ctx, c.city, c.appID, service.NoteInput{Section: "basic", Text: "已电话核实地址。"})
		wantOK(t, err)
		c.act(t, c.city, service.ActInput{Action: domain.ActRecommend})
		t.Run("the department reads its own", func(t *testing.T) {
			v, err := c.svc.Review(ctx, c.city, c.appID)
			wantOK(t, err)
			if len(v.Notes) != 1 || v.Notes[0].ID != n.ID || v.Notes[0].Section != "basic" || v.Notes[0].UserName == "" {
				t.Errorf("notes %+v", v.Notes)
			}
		})
		t.Run("the province reads none of the city's", func(t *testing.T) {
			v, err := c.svc.Review(ctx, c.province, c.appID)
			wantOK(t, err)
			if len(v.Notes) != 0 {
				t.Errorf("province sees %+v", v.Notes)
			}
		})
		t.Run("another province gets not found", func(t *testing.T) {
			_, err := c.svc.AddNote(ctx, c.stranger, c.appID, service.NoteInput{Text: "x"})
			wantKind(t, err, domain.NotFound)
			_, err = c.svc.Notes(ctx, c.stranger, c.appID)
			wantKind(t, err, domain.NotFound)
		})
		t.Run("the applicant cannot write one", func(t *testing.T) {
			_, err := c.svc.AddNote(ctx, c.applicant, c.appID, service.NoteInput{Text: "x"})
			wantKind(t, err, domain.Forbidden)
		})
	})
}
