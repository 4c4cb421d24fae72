package store

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"hatch/internal/domain"
)

// Reads for a list page: what it shows of each listed application, for the
// whole page in one query rather than one per row.

// inList is a condition col IN ($from, …) over ids, with its arguments.
// Ids are deduplicated and sorted, so that the same page asks the same
// query.
func inList[T cmp.Ordered](col string, ids []T, from int) (string, []any) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	marks, args := make([]string, len(ids)), make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = "$"+strconv.Itoa(from+i), id
	}
	return col + " IN (" + strings.Join(marks, ", ") + ")", args
}

// StepsOf returns the review logs of the applications ids, each oldest
// first, by application; one without steps is absent.
func (s *Store) StepsOf(ctx context.Context, ids []int64) (map[int64][]domain.ReviewStep, error) {
	out := map[int64][]domain.ReviewStep{}
	if len(ids) == 0 {
		return out, nil
	}
	cond, args := inList("app_id", ids, 1)
	rows, err := s.r.QueryContext(ctx, stepSelect+`WHERE `+cond+` ORDER BY app_id, id`, args...)
	list, err := listOf(rows, err, scanStep)
	for _, st := range list {
		out[st.AppID] = append(out[st.AppID], st)
	}
	return out, err
}

// OrgNames returns the names of the organisations ids, by id.
func (s *Store) OrgNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	cond, args := inList("id", ids, 1)
	rows, err := s.r.QueryContext(ctx, `SELECT id, name FROM orgs WHERE `+cond, args...)
	type pair struct {
		id   int64
		name string
	}
	list, err := listOf(rows, err, func(r scanner) (pair, error) {
		var p pair
		return p, r.Scan(&p.id, &p.name)
	})
	for _, p := range list {
		out[p.id] = p.name
	}
	return out, err
}
