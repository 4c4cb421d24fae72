package store

import (
	"database/sql"
	"errors"

	"hatch/internal/domain"
)

// The store's refusals. They carry no wording: the service says each in
// the words of its use case (the store cannot know whether a taken value is
// a login or a 统一社会信用代码 someone typed). Unsaid, one reaches a user
// as the generic message of an internal error, never as SQL.
var (
	// ErrStale is an update that names a revision or a status that someone
	// else changed first.
	ErrStale = errors.New("store: changed by someone else first")
	// ErrDuplicate is a value that must be unique and is taken.
	ErrDuplicate = errors.New("store: duplicate value")
	// ErrDataChanged is a 申报书 version whose data changed while it was
	// being generated.
	ErrDataChanged = errors.New("store: data changed since the snapshot")
)

// affected checks that a write changed a row, and returns missed when it
// changed none.
func affected(res sql.Result, err error, missed error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return missed
	}
	return nil
}

// expectOne is affected for a row that must exist: none is NotFound.
func expectOne(res sql.Result, err error) error { return affected(res, err, domain.ErrNotFound) }

// revisionChecked is affected for an optimistic-lock update: none is
// ErrStale (the caller has already checked that the row exists).
func revisionChecked(res sql.Result, err error) error { return affected(res, err, ErrStale) }
