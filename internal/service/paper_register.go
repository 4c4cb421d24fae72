package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/sheet"
	"hatch/internal/store"
)

// The 纸质材料登记: every paper receipt a department recorded on the
// applications of its area, filtered, on a page and as .xlsx.

// PaperFilter narrows the paper register.
type PaperFilter struct {
	RoundID  int64
	From, To string // 收到日期 bounds, YYYY-MM-DD; "" for none
	Match    string // "matched", "mismatched" or "" for both
	Short    bool   // only 份数不足
}

// PaperInput is the register's filter as typed (a query string).
type PaperInput struct {
	Round, From, To, Match, Short string
}

// PaperMatches are the choices of the 版本号 filter.
var PaperMatches = []struct{ Value, Label string }{
	{"matched", "版本号一致"}, {"mismatched", "版本号不一致"},
}

// ParsePaperFilter checks a typed filter; the errors name what is not
// taken, and the filter holds the rest.
func ParsePaperFilter(in PaperInput, rounds []domain.Round) (PaperFilter, domain.FieldErrors) {
	var f PaperFilter
	var fe domain.FieldErrors
	if id, err := strconv.ParseInt(in.Round, 10, 64); err == nil &&
		slices.ContainsFunc(rounds, func(r domain.Round) bool { return r.ID == id }) {
		f.RoundID = id
	} else if in.Round != "" {
		fe.Add("round", "申报批次", "没有该申报批次。")
	}
	date := func(field, label, v string) string {
		v = strings.TrimSpace(v)
		if _, err := time.Parse(time.DateOnly, v); err != nil && v != "" {
			fe.Add(field, label, "请按YYYY-MM-DD填写"+label+"。")
			return ""
		}
		return v
	}
	f.From, f.To = date("from", "收到日期起", in.From), date("to", "收到日期止", in.To)
	if f.From != "" && f.To != "" && f.To < f.From {
		fe.Add("to", "收到日期止", "截止日期不能早于起始日期。")
		f.To = ""
	}
	if slices.ContainsFunc(PaperMatches, func(m struct{ Value, Label string }) bool { return m.Value == in.Match }) {
		f.Match = in.Match
	}
	f.Short = in.Short == "1"
	return f, fe
}

// PaperRow is one receipt of the register.
type PaperRow struct {
	store.PaperEntry
}

// Short reports 份数不足.
func (r PaperRow) Short() bool { return r.Receipt.Short() }

// maxRegisterPage is how many receipts the page shows; the export has all.
const maxRegisterPage = 500

// PaperRegisterView is the register's page.
type PaperRegisterView struct {
	Dept  domain.Department
	Rows  []PaperRow
	More  bool // more receipts than the page shows
	Short int  // receipts with fewer copies than required, among Rows
}

// PaperRegister lists the paper receipts of the reviewer's department.
func (s *Service) PaperRegister(ctx context.Context, a domain.Actor, f PaperFilter) (PaperRegisterView, error) {
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return PaperRegisterView{}, err
	}
	rows, err := s.paperRows(ctx, d, f, maxRegisterPage+1)
	v := PaperRegisterView{Dept: d, Rows: rows}
	if len(rows) > maxRegisterPage {
		v.Rows, v.More = rows[:maxRegisterPage], true
	}
	for _, r := range v.Rows {
		if r.Short() {
			v.Short++
		}
	}
	return v, err
}

func (s *Service) paperRows(ctx context.Context, d domain.Department, f PaperFilter, limit int) ([]PaperRow, error) {
	list, err := s.store.PaperRegister(ctx, store.PaperQuery{Level: d.Level, Region: d.RegionCode,
		RoundID: f.RoundID, From: f.From, To: f.To, Match: f.Match, Short: f.Short, Limit: limit})
	out := make([]PaperRow, len(list))
	for i, e := range list {
		out[i] = PaperRow{e}
	}
	return out, err
}

// ExportPaperRegister writes the register the filter selects, every row,
// as .xlsx; name is the file name to offer.
func (s *Service) ExportPaperRegister(ctx context.Context, a domain.Actor, f PaperFilter) ([]byte, string, error) {
	if err := s.countListExport(ctx, a); err != nil {
		return nil, "", err
	}
	d, err := s.reviewer(ctx, a)
	if err != nil {
		return nil, "", err
	}
	rows, err := s.paperRows(ctx, d, f, 0)
	if err != nil {
		return nil, "", err
	}
	now := s.now().In(clock.Zone)
	sh := sheet.Report{
		Sheet: "纸质材料登记",
		Title: d.Name + " · 纸质材料登记",
		Note: fmt.Sprintf("导出时间：%s　　筛选：%s　　共 %d 条", now.Format("2006-01-02 15:04"),
			s.describePaperFilter(ctx, f), len(rows)),
		Columns: []sheet.Column{
			sheet.Col("序号", 6), sheet.Col("收到日期", 12), sheet.Col("受理编号", 24), sheet.Col("众创空间名称", 26),
			sheet.Col("运营主体", 28), sheet.Col("申报批次", 22), sheet.Col("纸质材料版本号", 20),
			sheet.Col("提交的版本号", 20), sheet.Col("版本号核对", 12), sheet.Col("收到份数", 9),
			sheet.Col("要求份数", 9), sheet.Col("份数", 10), sheet.Col("签收人", 12), sheet.Col("登记时间", 17),
		},
	}
	for i, r := range rows {
		sh.Rows = append(sh.Rows, r.cells(i+1))
	}
	if len(rows) == 0 {
		sh.Empty = "（没有符合条件的纸质材料登记）"
	}
	data, err := sh.XLSX()
	return data, "纸质材料登记-" + d.Name + "-" + now.Format("20060102") + ".xlsx", err
}

// cells is the row as the export writes it; checks recorded before the
// register have no date, copies or 签收人: "—".
func (r PaperRow) cells(n int) []any {
	match, copies, required, enough := "不一致", any("—"), any("—"), "—"
	if r.Matched {
		match = "一致"
	}
	if r.Receipt.Copies > 0 {
		copies, enough = r.Receipt.Copies, "齐全"
		if r.Short() {
			enough = "份数不足"
		}
	}
	if r.Receipt.Required > 0 {
		required = r.Receipt.Required
	}
	return []any{n, dash(r.Receipt.ReceivedOn), r.RefNo, r.CarrierName, r.Operator, r.RoundName, r.Version,
		r.Submitted, match, copies, required, enough, dash(r.Receipt.Receiver), clock.Minute(r.At)}
}

// describePaperFilter says in words what the register was narrowed to.
func (s *Service) describePaperFilter(ctx context.Context, f PaperFilter) string {
	var parts []string
	if f.RoundID > 0 {
		if r, err := s.store.Round(ctx, f.RoundID); err == nil {
			parts = append(parts, "批次 "+r.Name)
		}
	}
	if f.From != "" || f.To != "" {
		parts = append(parts, "收到日期 "+dash(f.From)+" 至 "+dash(f.To))
	}
	for _, m := range PaperMatches {
		if m.Value == f.Match {
			parts = append(parts, m.Label)
		}
	}
	if f.Short {
		parts = append(parts, "份数不足")
	}
	if len(parts) == 0 {
		return "全部"
	}
	return strings.Join(parts, "，")
}
