package store

import (
	"context"
	"strconv"
	"strings"

	"hatch/internal/domain"
)

// PaperQuery selects a department's paper register: the 纸质材料核验 its
// level recorded on the applications it sees.
type PaperQuery struct {
	Level   domain.Level
	Region  string // the department's region code
	RoundID int64  // 申报批次; 0 for every round
	From    string // received on or after, YYYY-MM-DD; "" for no bound
	To      string // received on or before
	Match   string // "matched", "mismatched" or "" for both
	Short   bool   // only entries with fewer copies than required
	Limit   int    // 0 for every entry
}

// PaperEntry is one line of the paper register.
type PaperEntry struct {
	domain.ReviewStep
	RefNo       string
	CarrierName string
	Operator    string
	RoundID     int64
	RoundName   string
	Submitted   string // the 版本号 bound by the latest 提交
}

// where is the query's condition and arguments, within the department's
// scope (QueueQuery.scope).
func (q PaperQuery) where() (string, []any) {
	var a args
	cond := QueueQuery{Level: q.Level, Region: q.Region, RoundID: q.RoundID}.where(&a)
	add := func(part string, v any) {
		cond += " AND " + strings.ReplaceAll(part, "?", a.add(v))
	}
	add("s.action = ?", string(domain.ActPaperCheck))
	add("s.level = ?", string(q.Level))
	if q.From != "" {
		add("s.paper_received_on >= ?", q.From)
	}
	if q.To != "" {
		add("s.paper_received_on <> '' AND s.paper_received_on <= ?", q.To)
	}
	switch q.Match {
	case "matched":
		add("s.matched = ?", true)
	case "mismatched":
		add("s.matched = ?", false)
	}
	if q.Short {
		cond += " AND s.paper_required > 0 AND s.paper_copies < s.paper_required"
	}
	return cond, a
}

// PaperRegister lists the register's entries, the latest received first.
func (s *Store) PaperRegister(ctx context.Context, q PaperQuery) ([]PaperEntry, error) {
	cond, args := q.where()
	query := `SELECT ` + stepColumns("s.") + `, a.ref_no, c.name, o.name, a.round_id, r.name,
		COALESCE((SELECT v.code FROM app_versions v WHERE v.id = a.submitted_version), '')
		FROM app_steps s JOIN applications a ON a.id = s.app_id JOIN carriers c ON c.id = a.carrier_id
		JOIN orgs o ON o.id = a.org_id JOIN rounds r ON r.id = a.round_id
		WHERE ` + cond + ` ORDER BY s.paper_received_on DESC, s.id DESC`
	if q.Limit > 0 {
		args = append(args, q.Limit)
		query += ` LIMIT $` + strconv.Itoa(len(args))
	}
	rows, err := s.r.QueryContext(ctx, query, args...)
	return listOf(rows, err, func(row scanner) (PaperEntry, error) {
		var e PaperEntry
		st, err := scanStep(scanAround{row: row, tail: []any{&e.RefNo, &e.CarrierName, &e.Operator,
			&e.RoundID, &e.RoundName, &e.Submitted}})
		e.ReviewStep = st
		return e, err
	})
}
