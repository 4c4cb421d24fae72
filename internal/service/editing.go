package service

import (
	"context"
	"errors"
	"fmt"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/store"
)

// editing is what a save needs to know, and no more: the application, its
// round and type, and the rules' dates. Saves never load the other rows.
type editing struct {
	App   domain.Application
	Round domain.Round
	Type  *form.Type
	Dates form.Dates
}

// rules is an engine view with no rows: enough to check one row or
// section's own values.
func (e editing) rules() *form.App {
	return form.NewApp(e.Type, e.Dates, form.Org{}, "", nil, nil, nil).WithParams(e.Round.Params)
}

// editable loads an application the actor may edit: their organisation's,
// still a draft, in a round that is open. Two queries.
func (s *Service) editable(ctx context.Context, a domain.Actor, appID int64) (editing, error) {
	if err := requireCertified(a); err != nil {
		return editing{}, err
	}
	app, r, err := s.store.ApplicationWithRound(ctx, a.OrgID, appID)
	if err != nil {
		return editing{}, err
	}
	e := editing{
		App:   app,
		Round: r,
		Type:  form.TypeOf(app.TypeCode),
		Dates: form.DatesOf(r, s.today()),
	}
	if e.Type == nil {
		return e, domain.Errorf(domain.Internal, "unknown application type %q", app.TypeCode)
	}
	return e, s.lockOf(app, r)
}

// ErrLocked marks a change refused because the application can no longer
// change; pages keep what was typed and say why (see lockOf).
var ErrLocked = errors.New("application locked")

// errLockedMeanwhile is a change whose application was submitted after
// editable's check and before the change's own COMMIT.
var errLockedMeanwhile = errors.New("application locked meanwhile")

// touch records a change on the application inside its transaction; the
// store refuses it if the application is no longer open to changes, which
// closes the gap between editable's check and the COMMIT.
func touch(ctx context.Context, tx *store.Tx, a domain.Actor, appID int64) error {
	err := tx.TouchApplication(ctx, appID, a.ID)
	if errors.Is(err, store.ErrStale) {
		return errLockedMeanwhile
	}
	return err
}

// lockedMeanwhile says a change refused by touch as editable would have
// said it a moment later (submitted on …, 受理编号 …); other errors pass.
func (s *Service) lockedMeanwhile(ctx context.Context, a domain.Actor, appID int64, err error) error {
	if !errors.Is(err, errLockedMeanwhile) {
		return err
	}
	if _, locked := s.editable(ctx, a, appID); locked != nil {
		return locked
	}
	return &domain.Error{Kind: domain.Conflict, Message: "申报书的状态刚刚发生了变化，请刷新页面后再试。", Err: ErrLocked}
}

// lockOf says why an application's content can no longer change, nil
// while it can: it was submitted and waits for its review, its review is
// over, or its round closed. Pages show the same sentence before anyone
// types, and saves that arrive anyway answer with it.
func (s *Service) lockOf(app domain.Application, r domain.Round) error {
	locked := func(kind domain.Kind, format string, args ...any) error {
		return &domain.Error{Kind: kind, Message: fmt.Sprintf(format, args...), Err: ErrLocked}
	}
	switch {
	case app.Status.Final():
		return locked(domain.Conflict, "本申报书的审核已结束（%s），内容不能再修改。", app.StatusLabel())
	case !app.Status.Editable():
		return locked(domain.Conflict,
			"本申报书已于 %s 提交（受理编号 %s），当前为“%s”，内容不能再修改；审核部门退回修改后才能再改。",
			clock.Date(app.SubmittedAt), app.RefNo, app.StatusLabel())
	case s.roundClosed(r):
		return locked(domain.Forbidden, "%s已于 %s 截止，申报书不能再修改或提交。", r.Name, r.ClosesOn)
	}
	return nil
}

// conflict turns a store Conflict into a *ConflictError with the current
// values; other errors pass through.
func (s *Service) conflict(
	ctx context.Context,
	tx *store.Tx,
	err error,
	current func() (domain.Values, int64, error),
) error {
	if !errors.Is(err, store.ErrStale) {
		return err
	}
	cur, rev, cerr := current()
	if cerr != nil {
		return errors.Join(err, cerr)
	}
	return &ConflictError{Current: cur, Revision: rev}
}

// CheckEditable refuses early, before a handler reads a request body, when
// the actor may not edit the application.
func (s *Service) CheckEditable(ctx context.Context, a domain.Actor, appID int64) error {
	_, err := s.editable(ctx, a, appID)
	return err
}
