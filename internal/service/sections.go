package service

import (
	"context"
	"errors"

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
	return form.NewApp(e.Type, e.Dates, form.Org{}, "", nil, nil, nil)
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
	e := editing{App: app, Round: r, Type: form.Types[app.TypeCode], Dates: form.DatesOf(r, s.today())}
	if e.Type == nil {
		return e, domain.Errorf(domain.Internal, "unknown application type %q", app.TypeCode)
	}
	if !app.Status.Editable() {
		return e, domain.Errorf(domain.Conflict, "申报书已提交（%s），不能再修改。", app.Status.Label())
	}
	if s.roundClosed(r) {
		return e, domain.Errorf(domain.Forbidden, "%s已于 %s 截止，不能再修改。", r.Name, r.ClosesOn)
	}
	return e, nil
}

// SaveSection saves a section's values as a draft: values that break rules
// are saved with their problems listed, but values that may not be sent at
// all (computed, not fillable, unknown) refuse the whole save. rev is the
// revision the page was opened at; someone else's newer save is a
// *ConflictError, never overwritten.
func (s *Service) SaveSection(ctx context.Context, a domain.Actor, appID int64, key string, in domain.Values, rev int64) (Saved, error) {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return Saved{}, err
	}
	sec := v.Type.Section(key)
	if sec == nil || len(sec.Fields) == 0 {
		return Saved{}, domain.ErrNotFound
	}
	in = clean(in)
	if refused := form.Refused(sec.Fields, in); len(refused) > 0 {
		return Saved{}, refusedErr(refused)
	}
	var out Saved
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		newRev, err := tx.SaveSection(ctx, appID, key, in, rev, a.ID)
		if err != nil {
			return s.conflict(ctx, tx, err, func() (domain.Values, int64, error) {
				cur, err := tx.Section(ctx, appID, key)
				return cur.Data, cur.Revision, err
			})
		}
		out.Revision, out.At = newRev, tx.Now()
		return tx.TouchApplication(ctx, appID, a.ID)
	})
	if err != nil {
		return Saved{}, err
	}
	rules := v.rules()
	rules.Sections[key] = in
	out.Issues = rules.SectionFieldIssues(sec)
	return out, nil
}

// conflict turns a store Conflict into a *ConflictError with the current
// values; other errors pass through.
func (s *Service) conflict(ctx context.Context, tx *store.Tx, err error, current func() (domain.Values, int64, error)) error {
	if !errors.Is(err, store.ErrStale) {
		return err
	}
	cur, rev, cerr := current()
	if cerr != nil {
		return errors.Join(err, cerr)
	}
	return &ConflictError{Current: cur, Revision: rev}
}

// SaveRow inserts (rowID 0, table given) or updates a row of a detail
// table, with the same draft and conflict rules as SaveSection. For an
// update the table may be "": it is read from the stored row inside the
// transaction, so a save costs no extra round trip.
func (s *Service) SaveRow(ctx context.Context, a domain.Actor, appID int64, table string, rowID int64, in domain.Values, rev int64) (Saved, error) {
	v, err := s.editable(ctx, a, appID)
	if err != nil {
		return Saved{}, err
	}
	in = clean(in)
	out := Saved{ID: rowID}
	var t *form.Table
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if t, err = s.rowTable(ctx, tx, v, appID, rowID, table); err != nil {
			return err
		}
		if refused := form.Refused(t.Columns, in); len(refused) > 0 {
			return refusedErr(refused)
		}
		if err := s.putRow(ctx, tx, a, appID, t.Key, in, rev, &out); err != nil {
			return err
		}
		return tx.TouchApplication(ctx, appID, a.ID)
	})
	if err != nil {
		return Saved{}, err
	}
	out.Issues = v.rules().RowFieldIssues(t, domain.Row{ID: out.ID, Table: t.Key, Data: in})
	return out, nil
}

// rowTable finds the table a save writes to: the given one for a new row,
// the stored row's own for an update (a different given table is NotFound).
func (s *Service) rowTable(ctx context.Context, tx *store.Tx, v editing, appID, rowID int64, table string) (*form.Table, error) {
	if rowID != 0 {
		cur, err := tx.Row(ctx, appID, rowID)
		if err != nil {
			return nil, err
		}
		if table != "" && table != cur.Table {
			return nil, domain.ErrNotFound
		}
		table = cur.Table
	}
	t := v.Type.Table(table)
	if t == nil {
		return nil, domain.ErrNotFound
	}
	return t, nil
}

func (s *Service) putRow(ctx context.Context, tx *store.Tx, a domain.Actor, appID int64, table string, in domain.Values, rev int64, out *Saved) error {
	if out.ID == 0 {
		id, err := tx.InsertRow(ctx, appID, table, in, a.ID)
		out.ID, out.Revision = id, 1
		return err
	}
	newRev, err := tx.UpdateRow(ctx, appID, out.ID, in, rev, a.ID)
	if err != nil {
		return s.conflict(ctx, tx, err, func() (domain.Values, int64, error) {
			r, err := tx.Row(ctx, appID, out.ID)
			return r.Data, r.Revision, err
		})
	}
	out.Revision = newRev
	return nil
}

// DeleteRow removes a row and its files, if it is still at revision rev.
func (s *Service) DeleteRow(ctx context.Context, a domain.Actor, appID, rowID, rev int64) error {
	if _, err := s.editable(ctx, a, appID); err != nil {
		return err
	}
	files, err := s.store.RowFiles(ctx, appID, rowID)
	if err != nil {
		return domain.Wrap(err, "load row files")
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteRow(ctx, appID, rowID, rev); err != nil {
			return say(err, store.ErrStale, msgStaleRow)
		}
		return tx.TouchApplication(ctx, appID, a.ID)
	})
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(files))
	for _, f := range files {
		ids = append(ids, f.AttachmentID)
	}
	s.discardUploads(ctx, ids...)
	return nil
}

// CheckEditable refuses early, before a handler reads a request body, when
// the actor may not edit the application.
func (s *Service) CheckEditable(ctx context.Context, a domain.Actor, appID int64) error {
	_, err := s.editable(ctx, a, appID)
	return err
}
