package web

import (
	"net/http"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// 专家评分表 of a round, edited by 火炬中心 until the first sheet of the
// round is submitted (the page says so before anyone types).

type scoreSheetPage struct {
	Page
	Round domain.Round
	Sheet service.RoundSheet
	Rows  []sheetRow // the criteria as shown or typed, and blank rows to add
}

// sheetRow is one criterion as typed: Max stays text so a bad number is
// shown back as it was.
type sheetRow struct {
	N                           int
	Key, Name, Description, Max string
}

// blankSheetRows is how many empty rows the form offers for new criteria.
const blankSheetRows = 3

func (s *Server) handleScoreSheet(w http.ResponseWriter, r *http.Request) {
	s.renderScoreSheet(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderScoreSheet(w http.ResponseWriter, r *http.Request, code int, typed []sheetRow, err error) {
	rd, rerr := s.svc.Round(r.Context(), pathID(r))
	sh, serr := s.svc.ScoreSheet(r.Context(), actor(r), pathID(r))
	if e := firstErr(rerr, serr); e != nil {
		s.fail(w, r, e)
		return
	}
	p := scoreSheetPage{Page: s.page(w, r, "专家评分表 · "+rd.Name, "rounds"), Round: rd, Sheet: sh, Rows: typed}
	if typed == nil {
		for _, c := range sh.Sheet {
			p.Rows = append(p.Rows, sheetRow{Key: c.Key, Name: c.Name, Description: c.Description, Max: domain.FormatScore(c.Max)})
		}
		for range blankSheetRows {
			p.Rows = append(p.Rows, sheetRow{})
		}
	}
	for i := range p.Rows {
		p.Rows[i].N = i + 1
	}
	if err != nil {
		p.Errors, p.Message = domain.FieldsOf(err), domain.Message(err)
	}
	s.render(w, r, code, "score_sheet", p)
}

// postedSheet reads the rows of the form; a row left wholly empty is no
// criterion. A maximum that is not a number is kept as typed and checked
// as 0, so its message stands beside it.
func postedSheet(r *http.Request) ([]sheetRow, domain.ScoreSheet) {
	_ = r.PostFormValue("key") // parses the form
	keys, names := r.PostForm["key"], r.PostForm["name"]
	descs, maxes := r.PostForm["description"], r.PostForm["max"]
	var rows []sheetRow
	var sheet domain.ScoreSheet
	for i := range keys {
		row := sheetRow{Key: strings.TrimSpace(keys[i]), Name: at(names, i), Description: at(descs, i), Max: at(maxes, i)}
		rows = append(rows, row)
		if row.Key == "" && row.Name == "" && row.Description == "" && row.Max == "" {
			continue
		}
		max, _ := strconv.ParseFloat(row.Max, 64)
		sheet = append(sheet, domain.Criterion{Key: row.Key, Name: row.Name, Description: row.Description, Max: max})
	}
	return rows, sheet
}

func at(vs []string, i int) string {
	if i < len(vs) {
		return strings.TrimSpace(vs[i])
	}
	return ""
}

func (s *Server) handleScoreSheetSave(w http.ResponseWriter, r *http.Request) {
	rows, sheet := postedSheet(r)
	if err := s.svc.SetScoreSheet(r.Context(), actor(r), pathID(r), sheet); err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderScoreSheet(w, r, code, rows, err) })
		return
	}
	setFlash(w, "专家评分表已保存。")
	http.Redirect(w, r, "/admin/rounds/"+r.PathValue("id")+"/score-sheet", http.StatusSeeOther)
}
