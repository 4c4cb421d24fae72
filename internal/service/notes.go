package service

import (
	"context"
	"strings"
	"unicode/utf8"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/store"
)

// Internal notes (内部备注) are a department's own: its reviewers write and
// read them on the review page; the applicant never sees them (no
// applicant page, API, 办件进度, message or PDF reads the table), and
// neither does another department. A province does not read a city's
// notes either: a note is often about a colleague's doubt or a phone call
// that the city did not mean to pass on; what the city wants the province
// to know, it writes in its 审核意见.

// NoteInput is a note as typed: optionally about one section.
type NoteInput struct {
	Section string
	Text    string
}

const maxNote = 2000

// AddNote keeps an internal note of the reviewer's department on an
// application it sees, at any stage (a note about a decided application
// is still useful to its own reviewers).
func (s *Service) AddNote(ctx context.Context, a domain.Actor, appID int64, in NoteInput) (domain.Note, error) {
	app, d, err := s.reviewable(ctx, a, appID)
	if err != nil {
		return domain.Note{}, err
	}
	n := domain.Note{AppID: appID, DeptID: d.ID, Section: in.Section, Text: strings.TrimSpace(in.Text),
		UserID: a.ID, UserName: a.Name, At: s.now()}
	var fe domain.FieldErrors
	if c := utf8.RuneCountInString(n.Text); c == 0 || c > maxNote {
		fe.Add("note_text", "内部备注", "请填写内部备注，不超过 2000 字。")
	}
	if t := form.TypeOf(app.TypeCode); n.Section != "" && (t == nil || t.Section(n.Section) == nil) {
		fe.Add("note_section", "针对的部分", "所选的部分不存在，请重新选择。")
	}
	if err := fe.Err(); err != nil {
		return n, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		n.ID, err = tx.AddNote(ctx, n)
		return err
	})
	return n, err
}

// Notes lists the reviewer's own department's notes on an application.
func (s *Service) Notes(ctx context.Context, a domain.Actor, appID int64) ([]domain.Note, error) {
	_, d, err := s.reviewable(ctx, a, appID)
	if err != nil {
		return nil, err
	}
	return s.store.Notes(ctx, appID, d.ID)
}
