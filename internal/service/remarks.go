package service

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/store"
)

// RemarkInput places a remark: a section, a table row or a field of either.
type RemarkInput struct {
	Section string
	Table   string
	RowID   int64
	Field   string
	Text    string
}

const maxRemark = 1000

// AddRemark keeps a remark as a draft of the reviewer's department, to be
// sent with its next decision. Remarks are written while the application
// is with the department.
func (s *Service) AddRemark(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	in RemarkInput,
) (domain.Remark, error) {
	app, d, err := s.reviewable(ctx, a, appID)
	if err != nil {
		return domain.Remark{}, err
	}
	if app.Status.AtLevel() != d.Level {
		return domain.Remark{}, domain.Errorf(domain.Conflict, "该申报当前不在本部门办理，不能添加意见。")
	}
	in.Text = strings.TrimSpace(in.Text)
	var fe domain.FieldErrors
	if n := utf8.RuneCountInString(in.Text); n == 0 || n > maxRemark {
		fe.Add("text", "意见", "请填写意见，不超过 1000 字。")
	}
	snap, _, err := s.submittedSnapshot(ctx, appID, app.SubmittedVersion)
	if err != nil {
		return domain.Remark{}, err
	}
	target, ok := remarkTarget(snap, &in)
	if !ok {
		fe.Add("target", "意见位置", "意见所指的部分、表格行或字段不存在。")
	}
	if err := fe.Err(); err != nil {
		return domain.Remark{}, err
	}
	r := domain.Remark{
		AppID:    appID,
		DeptID:   d.ID,
		Section:  in.Section,
		Table:    in.Table,
		RowID:    in.RowID,
		Field:    in.Field,
		Target:   target,
		Text:     in.Text,
		UserID:   a.ID,
		UserName: a.Name,
		DeptName: d.Name,
		At:       s.now(),
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		r.ID, err = tx.AddRemark(ctx, r)
		return err
	})
	return r, err
}

// DeleteRemark removes a draft remark of the reviewer's department.
func (s *Service) DeleteRemark(ctx context.Context, a domain.Actor, appID, remarkID int64) error {
	_, d, err := s.reviewable(ctx, a, appID)
	if err != nil {
		return err
	}
	return s.store.InTx(
		ctx,
		func(tx *store.Tx) error { return tx.DeleteDraftRemark(ctx, appID, d.ID, remarkID) },
	)
}

// remarkTarget checks where a remark points in the submitted data and
// names it for people; it fills the section of a row's table.
func remarkTarget(snap snapshot, in *RemarkInput) (string, bool) {
	t := form.TypeOf(snap.Type)
	if t == nil {
		return "", false
	}
	if in.Table != "" {
		return rowTarget(t, snap, in)
	}
	sec := t.Section(in.Section)
	if sec == nil {
		return "", false
	}
	if in.Field == "" {
		return sec.Title, true
	}
	for i := range sec.Fields {
		if sec.Fields[i].Key == in.Field {
			return sec.Title + " · " + sec.Fields[i].Label, true
		}
	}
	return "", false
}

func rowTarget(t *form.Type, snap snapshot, in *RemarkInput) (string, bool) {
	tb := t.Table(in.Table)
	if tb == nil {
		return "", false
	}
	in.Section = tb.Section
	for n, r := range snap.Rows[in.Table] {
		if r.ID != in.RowID {
			continue
		}
		label := tb.Title + " 第 " + strconv.Itoa(n+1) + " 行"
		if name := rowName(r.Data); name != "" {
			label += "（" + name + "）"
		}
		if in.Field == "" {
			return label, true
		}
		for i := range tb.Columns {
			if tb.Columns[i].Key == in.Field {
				return label + " · " + tb.Columns[i].Label, true
			}
		}
		return "", false
	}
	return "", false
}

// rowName is what people call a row: its name or title.
func rowName(v domain.Values) string {
	for _, k := range []string{"name", "title", "company"} {
		if s := strings.TrimSpace(v[k]); s != "" {
			return s
		}
	}
	return ""
}
