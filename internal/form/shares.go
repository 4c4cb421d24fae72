package form

import (
	"strconv"
	"strings"

	"hatch/internal/domain"
)

// Col is a column of a table.
type Col struct{ Table, Column string }

// SumOf adds numeric columns over the counted rows of their tables
// (Σ 在孵企业使用面积 + Σ 公共服务面积): a row left out by its table's row
// rules adds nothing.
func (a *App) SumOf(cols ...Col) float64 { return a.SumIn(CountedRows, cols...) }

// RowSet says which rows of a table a sum adds.
type RowSet int

// Row sets.
const (
	CountedRows RowSet = iota // the rows that count
	AllRows                   // every row: 可自主支配面积 includes space let to others
	LeftOutRows               // the rows that do not count: 应税收入 is what is not exempt
)

// SumIn adds numeric columns over the rows of set of their tables.
func (a *App) SumIn(set RowSet, cols ...Col) float64 {
	total := 0.0
	for _, c := range cols {
		for _, r := range a.rowsIn(set, c.Table) {
			if n, ok := Number(r.Data[c.Column]); ok {
				total += n
			}
		}
	}
	return total
}

// rowsIn are the table's rows of set, in order.
func (a *App) rowsIn(set RowSet, table string) []domain.Row {
	switch set {
	case AllRows:
		return a.Rows[table]
	case LeftOutRows:
		return a.leftOut(table)
	}
	return a.Counted(table)
}

// Match is a test on one cell of a row; a RowMatch holds when all its
// Matches do.
type Match struct {
	Field    string
	In       []string // the value is one of these
	Positive bool     // the value is a number above zero
	Filled   bool     // the value is not empty
	// SameAs: the value equals this section field's (产业领域 = 主导产业领域).
	SameAs *FieldRef
}

// FieldRef is a field of a section.
type FieldRef struct{ Section, Field string }

// RowMatch is a row test: every Match holds.
type RowMatch []Match

func (a *App) matches(m RowMatch, row domain.Values) bool {
	for _, c := range m {
		v := strings.TrimSpace(row[c.Field])
		switch {
		case c.In != nil && !(&When{Field: c.Field, In: c.In}).active(row):
			return false
		case c.Positive:
			if n, ok := Number(v); !ok || n <= 0 {
				return false
			}
		case c.Filled && v == "":
			return false
		case c.SameAs != nil && (v == "" || v != strings.TrimSpace(a.Sections[c.SameAs.Section][c.SameAs.Field])):
			return false
		}
	}
	return true
}

// CountWhere counts the counted rows of the tables that match.
func (a *App) CountWhere(m RowMatch, tables ...string) int {
	n := 0
	for _, t := range tables {
		for _, r := range a.Counted(t) {
			if a.matches(m, r.Data) {
				n++
			}
		}
	}
	return n
}

// Ratio is a part of a whole with its share; Share is 0 when the whole is.
type Ratio struct {
	Part, Whole int
	Share       float64
}

// ShareOf is the share of the counted rows of the tables that match
// (获得投融资的在孵企业 ÷ 在孵企业数).
func (a *App) ShareOf(m RowMatch, tables ...string) Ratio {
	whole := 0
	for _, t := range tables {
		whole += len(a.Counted(t))
	}
	return RatioOf(a.CountWhere(m, tables...), whole)
}

// RatioOf makes a Ratio.
func RatioOf(part, whole int) Ratio {
	r := Ratio{Part: part, Whole: whole}
	if whole > 0 {
		r.Share = float64(part) / float64(whole)
	}
	return r
}

// String prints a ratio as the conditions panel shows it: "6/50 家（12.0%）".
func (r Ratio) String() string {
	return strconv.Itoa(r.Part) + "/" + strconv.Itoa(r.Whole) + "（" + Percent(r.Share) + "）"
}

// Percent prints a share with one decimal: 12.5%.
func Percent(share float64) string { return FormatNumber(share*100, 1) + "%" }

// CeilDiv is n divided by d rounded up: the staff 300号 asks per every d
// companies (ceil(N/10)); 0 when d is not positive.
func CeilDiv(n, d int) int {
	if d <= 0 || n <= 0 {
		return 0
	}
	return (n + d - 1) / d
}

// trimNumber prints a number without trailing zeros: 500, 0.75, 8000.
func trimNumber(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
