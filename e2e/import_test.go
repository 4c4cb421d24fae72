package e2e

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/go-rod/rod"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"hatch/internal/form"
	"hatch/internal/sheet"
	"hatch/internal/testkit"
)

// demoBranch is the carrier of demo-applicant's half-filled application,
// a draft with three teams.
const demoBranch = "启明星众创空间（亦庄分部）"

// importTeams is how many team rows the walk writes into the template.
const importTeams = 300

var (
	importPathRe = regexp.MustCompile(`^/applications/\d+/imports/\d+$`)
	filesPathRe  = regexp.MustCompile(`^/applications/\d+/attachment-imports/\d+$`)
	c5FigureRe   = regexp.MustCompile(`^团队 (\d+) 个，企业 (\d+) 家（`)
	tableCountRe = regexp.MustCompile(`共 (\d+) 行，其中 (\d+) 行有问题`)
	filterRe     = regexp.MustCompile(`只看有问题的行 \((\d+)\)`)
	c6FigureRe   = regexp.MustCompile(`^团队转化为企业 (\d+) 个，获得投融资 (\d+) 家$`)
)

// TestImportWalk fills 累计创业团队情况汇总表 of the half-filled demo
// application from Excel in a real browser, once on each database engine:
// the template downloaded with the session, 300 rows written into it with
// three mistakes, a preview that refuses one cell, the file fixed, a
// preview that keeps one problem as a draft, the commit, and the 备案条件
// figure the teams feed; then every team's 入驻协议 from one .zip (with
// three files that do not fit), and the C5 figure the agreements feed.
func TestImportWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		importWalk(t, bin, "sqlite", "")
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		importWalk(t, bin, "postgres", postgresDB(t))
	})
}

// impWalk is the import walk's state: where the table is, the file, and
// what the generated rows should do.
type impWalk struct {
	*walk
	app, table string // /applications/N and its teams table page
	dir        string
	template   []byte         // the downloaded import template
	cols       map[string]int // field key → 1-based column of the template's header
	teams      []teamRow
	file       string // the filled workbook
	before     int    // rows of the table before the import
	problems   int    // of them, rows with problems
	c5, c6     string // 备案条件 figures before the import
	zip        *agreementZip

	// The deliberate mistakes: the Excel rows they are on.
	noLeader, refused, late int
}

// teamRow is one generated row, by field key, as written to Excel.
type teamRow struct {
	line   int // the Excel row
	values map[string]any
}

func importWalk(t *testing.T, bin, engine, dbURL string) {
	begin := time.Now()
	srv := startServer(t, dbURL)
	cleanScreenshots(t, engine+"-imp")
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: engine + "-imp"}
	// The office laptop's screen: what the card and the preview show
	// without scrolling sideways.
	w.pg().MustSetViewport(1366, 768, 1, false)
	m := &impWalk{walk: w, dir: t.TempDir()}
	steps := []struct {
		name string
		run  func(*impWalk)
	}{
		{"log in, open 累计创业团队情况汇总表", openTeamsTable},
		{"download the import template", downloadTemplate},
		{"fill 300 teams with 3 mistakes", fillTemplate},
		{"import: preview refuses a cell", importWithRefusal},
		{"fix the file, import, commit", importFixed},
		{"备案条件 after the import", conditionsAfter},
		{"a zip of 入驻协议 for every team", uploadAgreements},
		{"备案条件 C5 after the zip", conditionsAfterZip},
	}
	for _, s := range steps {
		start := time.Now()
		s.run(m)
		t.Logf("step %q took %s", s.name, time.Since(start).Round(10*time.Millisecond))
	}
	t.Logf("%s: the whole import walk took %s", engine, time.Since(begin).Round(10*time.Millisecond))
}

// openTeamsTable: 首页 → 众创空间国家备案 → the branch's task list (its
// 备案条件 noted) → 孵化和服务情况 → the teams table's link.
func openTeamsTable(m *impWalk) {
	m.login("demo-applicant", demoPassword)
	m.expectPath("/services")
	m.clickText("main a", "^众创空间$")
	m.expectPath("/home")
	m.clickText("nav.sidenav a", "^众创空间国家备案$")
	m.expectPath("/applications?type=makerspace")
	m.clickText("#applications td a", "^"+regexp.QuoteMeta(demoBranch)+"$")
	m.app = m.path()
	if !appIDPathRe.MatchString(m.app) {
		m.t.Fatalf("the branch application's link led to %s", m.app)
	}
	m.expectText("main h1", demoBranch)
	m.c5 = strings.TrimSpace(m.text("#cond-C5 .cond-figure"))
	m.c6 = strings.TrimSpace(m.text("#cond-C6 .cond-figure"))
	m.t.Logf("备案条件 before: C5 %s：%s；C6 %s：%s", strings.TrimSpace(m.text("#cond-C5 .tag")), m.c5,
		strings.TrimSpace(m.text("#cond-C6 .tag")), m.c6)
	m.shotElement("conditions-before", "aside.cond-panel")

	m.clickText("a.task-name", "^孵化和服务情况$")
	m.expectPath(m.app + "/sections/incubation")
	m.clickText("#table-teams a", "^累计创业团队情况汇总表$")
	m.table = m.app + "/tables/teams"
	m.expectPath(m.table)
	m.expectText("main h1", "累计创业团队情况汇总表")
	m.before, m.problems = m.tableCounts()
	if m.before == 0 {
		m.t.Fatal("the half-filled demo application has no teams")
	}
}

// downloadTemplate opens the card (closed: the table has rows), and
// follows 下载导入模板 with the browser's session.
func downloadTemplate(m *impWalk) {
	card := m.pg().MustElement("#import")
	if card.MustProperty("open").Bool() {
		m.t.Fatal("the import card is open although the table has rows")
	}
	m.expectText("#import summary", "用 Excel 填写本表")
	card.MustElement("summary").MustClick()
	if !card.MustProperty("open").Bool() {
		m.t.Fatal("clicking the summary did not open the import card")
	}
	m.expectElement("#template-link")
	m.expectElement("#export-link")
	m.noSideScroll()
	m.shotElement("import-card", "#import")

	href := m.pg().MustElement("#template-link").MustProperty("href").String()
	res, body := m.fetch(href)
	if res.StatusCode != http.StatusOK {
		m.t.Fatalf("GET %s: %s\n%s", href, res.Status, clip(string(body), 500))
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
		m.t.Fatalf("GET %s: Content-Type %q", href, ct)
	}
	disp := res.Header.Get("Content-Disposition")
	if !strings.HasPrefix(disp, "attachment") || !strings.Contains(disp, ".xlsx") {
		m.t.Fatalf("GET %s: Content-Disposition %q, want an .xlsx attachment", href, disp)
	}
	if !bytes.HasPrefix(body, []byte("PK\x03\x04")) {
		m.t.Fatalf("GET %s: not a zip (.xlsx) file: % x", href, body[:min(8, len(body))])
	}
	m.template = body
	m.t.Logf("template: %d bytes, %s", len(body), disp)

	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		m.t.Fatalf("the template does not open: %v", err)
	}
	defer f.Close()
	sheetName := f.GetSheetList()[0]
	if sheetName != "累计创业团队情况汇总表" {
		m.t.Fatalf("the template's first sheet is %q, want 累计创业团队情况汇总表 (sheets: %v)", sheetName, f.GetSheetList())
	}
	rows, err := f.GetRows(sheetName)
	if err != nil || len(rows) == 0 {
		m.t.Fatalf("the template's first sheet has no header row: %v", err)
	}
	if len(rows) > 1 {
		m.t.Fatalf("the template has %d rows, want the header only", len(rows))
	}
	want := teamColumns()
	if len(rows[0]) != len(want) {
		m.t.Fatalf("the template's header has %d cells %q, want %d", len(rows[0]), rows[0], len(want))
	}
	m.cols = map[string]int{}
	for i, f := range want {
		if got := strings.TrimSpace(rows[0][i]); got != sheet.ColumnHeader(f) {
			m.t.Errorf("header cell %s1 is %q, want %q", columnName(i+1), got, sheet.ColumnHeader(f))
		}
		m.cols[f.Key] = i + 1
	}
	if m.t.Failed() {
		m.t.FailNow()
	}
	if c := columnName(m.cols["members"]); c != "D" {
		m.t.Fatalf("创业团队人员数量 is column %s, want D", c)
	}
	m.t.Logf("template header: %s", strings.Join(rows[0], " | "))
}

// teamColumns are the teams table's columns as the template has them.
func teamColumns() []*form.Field {
	return sheet.BookColumns(form.Makerspace.Table("teams"))
}

// fetch GETs an address with the browser tab's cookies, as the browser
// would when following the link.
func (w *walk) fetch(href string) (*http.Response, []byte) {
	w.t.Helper()
	req, err := http.NewRequest(http.MethodGet, href, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	for _, c := range w.pg().MustCookies(href) {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	client := &http.Client{Timeout: stepTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		w.t.Fatalf("GET %s: %v", href, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		w.t.Fatalf("GET %s: %v", href, err)
	}
	return res, body
}

// Team data for the generated rows.
var (
	teamSurnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"}
	teamGiven    = []string{"子轩", "雨涵", "浩然", "思远", "欣怡", "俊杰", "梓萱", "宇航", "佳琪", "明哲", "诗雨", "天佑", "若曦", "博文", "嘉怡"}
	teamProjects = []string{"工业视觉质检系统", "细胞培养耗材", "无人机巡检平台", "固态电池隔膜材料", "智慧园区能耗管理",
		"医用可降解支架", "农业遥感监测服务", "边缘计算网关", "污水处理生物菌剂", "机器人关节减速器", "低代码数据平台", "光伏清洁机器人"}
	teamFinance = []string{"天使投资", "风险投资", "银行贷款", "股权融资", "政府资助"}
)

// teamFields are the options of 技术领域 (the table's declaration).
func teamFields() []string { return form.Makerspace.Table("teams").Column("field").Options }

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// generateTeams makes n valid rows: a third each 在孵, 已注册为企业 and
// 已迁出, every seventh financed, each with exactly the cells its state
// allows. Dates run from 2020-02 (the branch opened in 2020-01) to the
// data cut-off.
func generateTeams(t *testing.T, n int) []teamRow {
	fields := teamFields()
	start, cutoff := day("2020-02-03"), day("2021-10-31")
	var rows []teamRow
	for i := 0; i < n; i++ {
		joined := start.AddDate(0, 0, (i*53)%560) // up to 2021-08-16
		v := map[string]any{
			"name":    fmt.Sprintf("星火%03d号创业团队", i+1),
			"leader":  teamSurnames[i%len(teamSurnames)] + teamGiven[(i/len(teamSurnames)+i)%len(teamGiven)],
			"project": teamProjects[i%len(teamProjects)],
			"field":   fields[i%len(fields)],
		}
		v["joined_on"] = joined
		switch i % 3 {
		case 0:
			v["state"] = "在孵"
			v["members"] = 2 + i%9
		case 1:
			v["state"] = "已注册为企业"
			reg := joined.AddDate(0, 0, 30+i%150)
			if reg.After(cutoff) {
				reg = cutoff
			}
			v["company"] = fmt.Sprintf("北京星火%03d科技有限公司", i+1)
			v["company_uscc"] = fictionalUSCC(t, "110115", fmt.Sprintf("MA0XH%03d", i+1))
			v["registered_on"] = reg
		case 2:
			v["state"] = "已迁出"
			out := joined.AddDate(0, 0, 60+i%200)
			if out.After(cutoff) {
				out = cutoff
			}
			v["moved_out_on"] = out
		}
		if i%7 == 3 {
			v["financed"] = "是"
			fin := joined.AddDate(0, 0, 20+i%90)
			if fin.After(cutoff) {
				fin = cutoff
			}
			v["financed_on"] = fin
			v["amount"] = float64(50+(i%20)*25) + 0.5*float64(i%2)
			v["finance_type"] = teamFinance[i%len(teamFinance)]
		} else {
			v["financed"] = "否"
		}
		rows = append(rows, teamRow{line: i + 2, values: v})
	}
	return rows
}

// fillTemplate writes the generated teams into the downloaded template,
// with three mistakes: a 在孵 team without its 团队负责人, a 已注册为企业
// team with 人数 (a cell that state does not have) and an 入驻时间 after the
// cut-off.
func fillTemplate(m *impWalk) {
	m.teams = generateTeams(m.t, importTeams)
	pick := func(from int, state string) *teamRow {
		for i := from; i < len(m.teams); i++ {
			if m.teams[i].values["state"] == state && m.teams[i].values["financed"] == "否" {
				return &m.teams[i]
			}
		}
		m.t.Fatalf("no %s row after %d", state, from)
		return nil
	}
	r := pick(40, "在孵")
	delete(r.values, "leader")
	m.noLeader = r.line
	r = pick(100, "已注册为企业")
	r.values["members"] = 6
	m.refused = r.line
	r = pick(200, "在孵")
	r.values["joined_on"] = day("2021-11-08")
	m.late = r.line
	m.t.Logf("mistakes: no 团队负责人 on row %d, 人数 of a 已注册为企业 team on row %d, 入驻时间 2021-11-08 on row %d",
		m.noLeader, m.refused, m.late)
	m.file = filepath.Join(m.dir, "累计创业团队情况汇总表-填写.xlsx")
	m.writeFile()
}

// writeFile writes m.teams into a copy of the template, as someone
// typing in Excel would: dates as dates, numbers as numbers.
func (m *impWalk) writeFile() {
	m.t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(m.template))
	if err != nil {
		m.t.Fatal(err)
	}
	defer f.Close()
	sh := f.GetSheetList()[0]
	for _, r := range m.teams {
		for key, v := range r.values {
			col, ok := m.cols[key]
			if !ok {
				m.t.Fatalf("the template has no column for %s", key)
			}
			if err := f.SetCellValue(sh, columnName(col)+strconv.Itoa(r.line), v); err != nil {
				m.t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(m.file); err != nil {
		m.t.Fatal(err)
	}
}

// importFile chooses the file in the card, append, and 导入并预览.
func (m *impWalk) importFile() {
	m.t.Helper()
	card := m.pg().MustElement("#import")
	if !card.MustProperty("open").Bool() {
		m.t.Logf("at %s the import card is closed: opening it", m.path())
		card.MustElement("summary").MustClick()
	}
	m.pg().MustElement("#import-file").MustSetFiles(m.file)
	start := time.Now()
	defer func() { m.t.Logf("upload and preview took %s", time.Since(start).Round(10*time.Millisecond)) }()
	radio := m.pg().MustElement(`input[name=mode][value=append]`)
	radio.MustClick()
	if !radio.MustProperty("checked").Bool() {
		m.t.Fatal("追加到本表 is not chosen")
	}
	m.clickText("#import form button[type=submit]", "^导入并预览$")
	if p := m.path(); !importPathRe.MatchString(p) {
		flash := ""
		if m.has("#flash") {
			flash = m.text("#flash")
		}
		m.t.Fatalf("导入并预览 led to %s (flash %q); page says:\n%s", p, flash, clip(m.text("main"), 1500))
	}
	m.expectText("main h1", "导入预览")
}

// counts reads 新增, 更新 and 无变化 off the preview.
func (m *impWalk) counts() (added, updated, unchanged int) {
	m.t.Helper()
	s := m.text("#import-counts")
	get := func(word string) int {
		sm := regexp.MustCompile(word + `\s*(\d+)\s*行`).FindStringSubmatch(s)
		if sm == nil {
			m.t.Fatalf("#import-counts does not say %s N 行:\n%s", word, s)
		}
		n, _ := strconv.Atoi(sm[1])
		return n
	}
	return get("新增"), get("更新"), get("无变化")
}

// listed is the rows of a preview's list (#import-refusals or
// #import-problems): place and message.
func (m *impWalk) listed(sel string) [][2]string {
	m.t.Helper()
	var out [][2]string
	for _, tr := range m.pg().MustElements(sel + " tbody tr") {
		tds := tr.MustElements("td")
		if len(tds) != 2 {
			m.t.Fatalf("a row of %s has %d cells", sel, len(tds))
		}
		out = append(out, [2]string{strings.TrimSpace(tds[0].MustText()), strings.TrimSpace(tds[1].MustText())})
	}
	return out
}

func (m *impWalk) logListed(title string, items [][2]string) {
	var lines []string
	for _, it := range items {
		lines = append(lines, it[0]+" — "+it[1])
	}
	m.t.Logf("%s (%d):\n  %s", title, len(items), strings.Join(lines, "\n  "))
}

// importWithRefusal: the first file. The 人数 of a 已注册为企业 team is
// refused at its row and column, so there is nothing to commit.
func importWithRefusal(m *impWalk) {
	m.importFile()
	added, updated, unchanged := m.counts()
	m.t.Logf("preview 1: %s", strings.Join(strings.Fields(m.text("#import-counts")), " "))
	if added != importTeams-1 || updated != 0 || unchanged != 0 {
		m.t.Errorf("preview 1 counts 新增 %d 更新 %d 无变化 %d, want 新增 %d (the refused row left out) 更新 0 无变化 0",
			added, updated, unchanged, importTeams-1)
	}
	refusals := m.listed("#import-refusals")
	m.logListed("refusals", refusals)
	wantWhere := fmt.Sprintf("第 %d 行 D 列（创业团队人员数量）", m.refused)
	if len(refusals) != 1 || refusals[0][0] != wantWhere {
		m.t.Errorf("the refusals are %q, want one at %s", refusals, wantWhere)
	} else if !strings.Contains(refusals[0][1], "已注册为企业") {
		m.t.Errorf("the refusal says %q, want it to name the state 已注册为企业", refusals[0][1])
	}
	m.expectText("#import-refusals h2", "请修改文件后重新导入")
	m.expectText("#import-refusals", "请在文件中清空这个单元格后重新导入")
	m.expectText("#import-files", "入驻协议")
	problems := m.listed("#import-problems")
	m.logListed("problems", problems)
	m.expectProblems(problems, map[string]string{
		fmt.Sprintf("第 %d 行 B 列（团队负责人）", m.noLeader): "请填写团队负责人",
		fmt.Sprintf("第 %d 行 G 列（入驻时间）", m.late):      "2021-10-31",
	})
	if m.has("#import-commit") {
		m.t.Error("a preview with a refused cell offers 确认导入")
	}
	m.noSideScroll()
	m.shot("preview-refused")
	if m.t.Failed() {
		m.t.FailNow()
	}
}

// expectProblems fails unless the listed problems are exactly want:
// place → part of the message.
func (m *impWalk) expectProblems(got [][2]string, want map[string]string) {
	m.t.Helper()
	seen := map[string]bool{}
	for _, p := range got {
		msg, ok := want[p[0]]
		switch {
		case !ok:
			m.t.Errorf("unexpected problem %s: %s", p[0], p[1])
		case !strings.Contains(p[1], msg):
			m.t.Errorf("problem %s says %q, want it to contain %q", p[0], p[1], msg)
		}
		seen[p[0]] = true
	}
	for where := range want {
		if !seen[where] {
			m.t.Errorf("no problem listed at %s", where)
		}
	}
}

// importFixed clears the refused cell and corrects the date, imports the
// file again from the table page, commits, and finds the rows and the
// draft one among the rows with problems.
func importFixed(m *impWalk) {
	// Back to the table from the preview, as its button offers, with the
	// import card open and ready for the corrected file.
	m.clickText("main .actions-row a", "^修改文件后重新导入$")
	m.expectPath(m.table + "?import=1")
	if !m.pg().MustElement("#import").MustProperty("open").Bool() {
		m.t.Error("back from a refused preview, the import card is closed")
	}
	for i := range m.teams {
		switch m.teams[i].line {
		case m.refused:
			delete(m.teams[i].values, "members")
		case m.late:
			m.teams[i].values["joined_on"] = day("2021-10-08")
		}
	}
	m.writeFile()
	m.importFile()
	added, updated, unchanged := m.counts()
	m.t.Logf("preview 2: %s", strings.Join(strings.Fields(m.text("#import-counts")), " "))
	if added != importTeams || updated != 0 || unchanged != 0 {
		m.t.Fatalf("preview 2 counts 新增 %d 更新 %d 无变化 %d, want 新增 %d 更新 0 无变化 0",
			added, updated, unchanged, importTeams)
	}
	if m.has("#import-refusals") {
		m.t.Fatalf("the fixed file is still refused:\n%s", m.text("#import-refusals"))
	}
	problems := m.listed("#import-problems")
	m.logListed("problems", problems)
	m.expectProblems(problems, map[string]string{
		fmt.Sprintf("第 %d 行 B 列（团队负责人）", m.noLeader): "请填写团队负责人",
	})
	m.expectText("#import-commit", "确认导入")
	m.noSideScroll()
	m.shot("preview-ready")
	if m.t.Failed() {
		m.t.FailNow()
	}

	start := time.Now()
	m.click("#import-commit")
	m.t.Logf("确认导入 and the table page took %s", time.Since(start).Round(10*time.Millisecond))
	m.expectPath(m.table)
	m.expectText("#flash", fmt.Sprintf("已导入“累计创业团队情况汇总表”：新增 %d 行，更新 0 行，删除 0 行。", importTeams))
	total, withProblem := m.tableCounts()
	if total != m.before+importTeams {
		m.t.Fatalf("the table has %d rows after the import, want %d + %d", total, m.before, importTeams)
	}
	// Every imported row still lacks its 入驻协议.
	if withProblem != m.problems+importTeams {
		m.t.Errorf("%d rows have problems after the import, want the %d from before and all %d imported (no 入驻协议 yet)",
			withProblem, m.problems, importTeams)
	}
	filter := filterRe.FindStringSubmatch(m.text("#problems-filter"))
	if filter == nil {
		m.t.Fatalf("the filter link reads %q", m.text("#problems-filter"))
	}
	if n, _ := strconv.Atoi(filter[1]); n != withProblem || n < 1 {
		m.t.Fatalf("只看有问题的行 counts %d, the table says %d rows with problems", n, withProblem)
	}
	m.t.Logf("after the commit: %s; filter %s", strings.TrimSpace(m.text("#table-counts")),
		strings.TrimSpace(m.text("#problems-filter")))
	m.noSideScroll()
	m.shot("table-imported")

	// The draft row is among the rows with problems.
	var draft string
	for _, r := range m.teams {
		if r.line == m.noLeader {
			draft = r.values["name"].(string)
		}
	}
	m.click("#problems-filter")
	m.expectElement(`#problems-filter[aria-current="true"]`)
	m.fill("#q", draft)
	m.click(`form.search-form button[type=submit]`)
	m.expectText("#table-counts", "符合当前条件的有 1 行")
	row := m.pg().MustElementR("#rows tbody tr", regexp.QuoteMeta(draft))
	badge := row.MustElement(".badge-problem")
	title := ""
	if s := badge.MustAttribute("title"); s != nil {
		title = *s
	}
	if !strings.Contains(title, "团队负责人") {
		m.t.Fatalf("the draft row's problems are %q (%s), want 团队负责人 among them", title, badge.MustText())
	}
	m.t.Logf("the draft row %s: %s — %s", draft, badge.MustText(), title)
	m.shot("draft-row")
}

// noSideScroll fails when the page is wider than the window, so that a
// part of it would need scrolling sideways.
func (w *walk) noSideScroll() {
	w.t.Helper()
	r := w.pg().MustEval(`() => ({sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth})`)
	if sw, cw := r.Get("sw").Int(), r.Get("cw").Int(); sw > cw {
		w.t.Errorf("at %s the page is %d px wide in a window of %d px", w.path(), sw, cw)
	}
}

// tableCounts reads 共 N 行，其中 M 行有问题.
func (m *impWalk) tableCounts() (total, withProblem int) {
	m.t.Helper()
	s := m.text("#table-counts")
	sm := tableCountRe.FindStringSubmatch(s)
	if sm == nil {
		m.t.Fatalf("#table-counts reads %q", s)
	}
	total, _ = strconv.Atoi(sm[1])
	withProblem, _ = strconv.Atoi(sm[2])
	return total, withProblem
}

// conditionsAfter: the task list's 备案条件 C6 counts the imported
// conversions and financings.
func conditionsAfter(m *impWalk) {
	m.clickText("main .back-links a", "^返回任务清单$")
	m.expectPath(m.app)
	c5 := strings.TrimSpace(m.text("#cond-C5 .cond-figure"))
	c6 := strings.TrimSpace(m.text("#cond-C6 .cond-figure"))
	m.t.Logf("备案条件 after: C5 %s：%s；C6 %s：%s", strings.TrimSpace(m.text("#cond-C5 .tag")), c5,
		strings.TrimSpace(m.text("#cond-C6 .tag")), c6)
	if c6 == m.c6 {
		m.t.Fatalf("C6 still reads %q after importing %d teams", c6, importTeams)
	}
	// C5 counts teams with an 入驻协议: the imported ones have none yet.
	if c5 != m.c5 {
		m.t.Errorf("C5 reads %q after importing teams without 入驻协议, want it unchanged: %q", c5, m.c5)
	}
	before := c6FigureRe.FindStringSubmatch(m.c6)
	if before == nil {
		m.t.Fatalf("C6 read %q before the import", m.c6)
	}
	conv, fin := atoi(before[1]), atoi(before[2])
	for _, r := range m.teams {
		if r.values["state"] == "已注册为企业" && inWindow(r.values["registered_on"]) {
			conv++
		}
		if r.values["financed"] == "是" && inWindow(r.values["financed_on"]) {
			fin++
		}
	}
	if want := fmt.Sprintf("团队转化为企业 %d 个，获得投融资 %d 家", conv, fin); c6 != want {
		m.t.Errorf("C6 reads %q, want %q", c6, want)
	}
	if tag := strings.TrimSpace(m.text("#cond-C6 .tag")); tag != "符合" {
		m.t.Errorf("C6 is %q with %d conversions, want 符合", tag, conv)
	}
	m.shotElement("conditions-after", "aside.cond-panel")
	m.shot("tasks-after")
}

// inWindow reports whether a generated date falls in the round's window
// of 备案条件, 2020-11-01 to 2021-10-31.
func inWindow(v any) bool {
	d, ok := v.(time.Time)
	return ok && !d.Before(day("2020-11-01")) && !d.After(day("2021-10-31"))
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// columnName is Excel's name of the n-th column (1-based).
func columnName(n int) string {
	s, err := excelize.ColumnNumberToName(n)
	if err != nil {
		panic(err)
	}
	return s
}

// agreementZip is the archive of 入驻协议 the walk uploads: one PDF for
// each imported team, and three files that must not be attached.
type agreementZip struct {
	file    string
	entries map[string]string // team → its PDF's name in the archive
	gbk     []string          // teams whose PDF's name is written in GBK
	unknown string            // a PDF for a team the table does not have
	bare    string            // a PDF named after its team only
	notPDF  string            // text named as a team's 入驻协议
}

// agreementPDF is a small valid PDF, a little different for each team.
func agreementPDF(team string) []byte {
	return []byte(strings.Replace(minimalPDF, "\n", "\n% "+team+" 入驻协议\n", 1))
}

// writeAgreementZip makes the archive as an office would: half the scans
// at the top, half in a folder 扫描件/, a few names written in GBK by a
// Chinese Windows without the UTF-8 flag; and three misfits — a team that
// is not in the table, a file without its 附件类别, and a text file left
// next to a team's real scan under the same name.
func (m *impWalk) writeAgreementZip() {
	m.t.Helper()
	z := &agreementZip{file: filepath.Join(m.dir, "入驻协议扫描件.zip"), entries: map[string]string{}}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, gbk bool, body []byte) {
		m.t.Helper()
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Date(2021, 11, 20, 9, 30, 0, 0, time.Local)}
		if gbk {
			enc, err := simplifiedchinese.GBK.NewEncoder().String(name)
			if err != nil {
				m.t.Fatalf("GBK %q: %v", name, err)
			}
			if enc == name || utf8.ValidString(enc) {
				m.t.Fatalf("the GBK name of %q reads as UTF-8: the archive would not test GBK", name)
			}
			h.Name, h.NonUTF8 = enc, true
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			m.t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			m.t.Fatal(err)
		}
	}
	if _, err := zw.Create("扫描件/"); err != nil {
		m.t.Fatal(err)
	}
	for i, r := range m.teams {
		team := r.values["name"].(string)
		name := team + "-入驻协议.pdf"
		if i%2 == 1 {
			name = "扫描件/" + name
		}
		gbk := i%40 == 5 || i%40 == 20
		if gbk {
			z.gbk = append(z.gbk, team)
		}
		z.entries[team] = name
		add(name, gbk, agreementPDF(team))
	}
	unknownTeam := fmt.Sprintf("星火%03d号创业团队", importTeams+10)
	z.unknown = unknownTeam + "-入驻协议.pdf"
	add(z.unknown, false, agreementPDF(unknownTeam))
	second := m.teams[1].values["name"].(string)
	z.bare = second + ".pdf"
	add(z.bare, false, agreementPDF(second))
	// The tenth team's scan is in the folder; a text version of it lies at
	// the top under the scan's name.
	tenth := m.teams[9].values["name"].(string)
	z.notPDF = tenth + "-入驻协议.pdf"
	if z.entries[tenth] == z.notPDF {
		m.t.Fatalf("the text file would replace %s's scan", tenth)
	}
	add(z.notPDF, false, []byte("入驻协议（文字版）\n甲方：启明星众创空间（亦庄分部）\n乙方："+tenth+"\n"))
	if err := zw.Close(); err != nil {
		m.t.Fatal(err)
	}
	if err := os.WriteFile(z.file, buf.Bytes(), 0o644); err != nil {
		m.t.Fatal(err)
	}
	m.zip = z
	m.t.Logf("zip: %d bytes, %d 入驻协议 (%d in 扫描件/, %d named in GBK: %s), misfits %s, %s, %s",
		buf.Len(), len(z.entries), len(z.entries)/2, len(z.gbk), strings.Join(z.gbk, "、"), z.unknown, z.bare, z.notPDF)
}

// filesCount reads one of #files-counts' figures, 可以上传 N 个 and so on.
func (m *impWalk) filesCount(word string) int {
	m.t.Helper()
	s := m.text("#files-counts")
	sm := regexp.MustCompile(word + `\s*(\d+)\s*个`).FindStringSubmatch(s)
	if sm == nil {
		m.t.Fatalf("#files-counts does not say %s N 个:\n%s", word, s)
	}
	return atoi(sm[1])
}

// problemsFilter reads 只看有问题的行 (N).
func (m *impWalk) problemsFilter() int {
	m.t.Helper()
	sm := filterRe.FindStringSubmatch(m.text("#problems-filter"))
	if sm == nil {
		m.t.Fatalf("the filter link reads %q", m.text("#problems-filter"))
	}
	return atoi(sm[1])
}

// uploadAgreements uploads every team's 入驻协议 in one .zip from the
// table page's import card, checks the preview's matches and misfits,
// attaches the files, and finds the rows' problems gone with them.
func uploadAgreements(m *impWalk) {
	m.writeAgreementZip()
	m.open(m.table)
	total, withProblem := m.tableCounts()
	if filter := m.problemsFilter(); filter != withProblem {
		m.t.Fatalf("只看有问题的行 counts %d, the table says %d rows with problems", filter, withProblem)
	}
	// Rows that keep a problem with their 入驻协议 attached: the financed
	// ones lack 投融资佐证材料, the converted ones their company in 累计入驻
	// 企业情况汇总表 (来源 团队转化), the draft its 团队负责人.
	keep, fixed := 0, 0
	for _, r := range m.teams {
		if r.values["financed"] == "是" || r.values["state"] == "已注册为企业" || r.line == m.noLeader {
			keep++
		} else {
			fixed++
		}
	}
	m.t.Logf("before the zip: %s; filter %d; %d imported rows will keep a problem, %d should have none",
		strings.TrimSpace(m.text("#table-counts")), withProblem, keep, fixed)

	card := m.pg().MustElement("#import")
	if !card.MustProperty("open").Bool() {
		card.MustElement("summary").MustClick()
	}
	m.expectText("#zip-form h3", "批量上传附件")
	m.t.Logf("the zip form's hint: %s", strings.TrimSpace(m.text("#zip-file-hint")))
	m.pg().MustElement("#zip-file").MustSetFiles(m.zip.file)
	start := time.Now()
	m.clickText("#zip-form button[type=submit]", "^上传并预览$")
	m.t.Logf("upload and preview of the zip took %s", time.Since(start).Round(10*time.Millisecond))
	if p := m.path(); !filesPathRe.MatchString(p) {
		flash := ""
		if m.has("#flash") {
			flash = m.text("#flash")
		}
		m.t.Fatalf("上传并预览 led to %s (flash %q); page says:\n%s", p, flash, clip(m.text("main"), 1500))
	}
	m.expectText("main h1", "附件预览")
	m.t.Logf("files preview at %s: %s", m.path(), strings.Join(strings.Fields(m.text("#files-counts")), " "))

	matched, unmatched, ambiguous, refused := m.filesCount("可以上传"), m.filesCount("未能对应"),
		m.filesCount("对应多行"), m.filesCount("不能上传")
	if matched != len(m.zip.entries) || unmatched != 2 || ambiguous != 0 || refused != 1 {
		m.t.Errorf("the preview counts 可以上传 %d 未能对应 %d 对应多行 %d 不能上传 %d, want %d, 2, 0, 1",
			matched, unmatched, ambiguous, refused, len(m.zip.entries))
	}
	m.expectText("#files-problems h2", "3 个文件不会上传")
	problems := m.listed("#files-problems")
	m.logListed("files that will not be attached", problems)
	m.expectProblems(problems, map[string]string{
		m.zip.unknown: "表中没有团队名称为“" + strings.TrimSuffix(m.zip.unknown, "-入驻协议.pdf") + "”的行",
		m.zip.bare:    "文件名中没有附件类别（入驻协议、投融资佐证材料）",
		m.zip.notPDF:  "文件格式不符",
	})

	// Every team's PDF on its own row, under 入驻协议, GBK names decoded.
	rows := m.pg().MustEval(`() => Array.from(document.querySelectorAll("#files-matched tbody tr"),
		tr => Array.from(tr.cells, td => td.innerText.trim()))`).Arr()
	byName := map[string][]string{}
	numbers := map[string]bool{}
	for _, r := range rows {
		var cells []string
		for _, c := range r.Arr() {
			cells = append(cells, c.Str())
		}
		if len(cells) != 5 {
			m.t.Fatalf("a row of #files-matched has %d cells: %q", len(cells), cells)
		}
		byName[cells[0]] = cells
		if numbers[cells[1]] {
			m.t.Errorf("two files go to %s", cells[1])
		}
		numbers[cells[1]] = true
	}
	if len(rows) != len(m.zip.entries) {
		m.t.Errorf("#files-matched lists %d files, want %d", len(rows), len(m.zip.entries))
	}
	for team, name := range m.zip.entries {
		c, ok := byName[name]
		switch {
		case !ok:
			m.t.Errorf("#files-matched does not list %s", name)
		case c[2] != team || c[3] != "入驻协议" || !strings.HasPrefix(c[1], "第 ") || c[4] == "":
			m.t.Errorf("#files-matched lists %s as %q, want it on %s's row under 入驻协议", name, c, team)
		}
	}
	gbkTeam := m.zip.gbk[0] // the sixth team: in 扫描件/
	gbkName := m.zip.entries[gbkTeam]
	m.t.Logf("a GBK-named file in the folder: %q", byName[gbkName])
	m.expectText("#files-commit", fmt.Sprintf("上传 %d 个文件", len(m.zip.entries)))
	m.noSideScroll()
	m.shot("files-preview")
	if m.t.Failed() {
		m.t.FailNow()
	}

	start = time.Now()
	m.click("#files-commit")
	m.t.Logf("上传 %d 个文件 and the table page took %s", len(m.zip.entries), time.Since(start).Round(10*time.Millisecond))
	m.expectPath(m.table)
	m.expectText("#flash", fmt.Sprintf("已上传“累计创业团队情况汇总表”的附件 %d 个。", len(m.zip.entries)))
	afterTotal, afterProblem := m.tableCounts()
	filter := m.problemsFilter()
	m.t.Logf("after the zip: %s; filter %d", strings.TrimSpace(m.text("#table-counts")), filter)
	if afterTotal != total {
		m.t.Errorf("the table has %d rows after the zip, want %d", afterTotal, total)
	}
	if filter != afterProblem {
		m.t.Errorf("只看有问题的行 counts %d, the table says %d rows with problems", filter, afterProblem)
	}
	if want := withProblem - fixed; afterProblem != want || afterProblem != m.problems+keep {
		m.t.Errorf("%d rows have problems after the zip, want %d: %d before less the %d that lacked only their 入驻协议 (= the %d from before the import + %d imported financed, converted or draft rows)",
			afterProblem, want, withProblem, fixed, m.problems, keep)
	}
	m.noSideScroll()
	m.shot("table-agreements")

	// The GBK-named team's row: its 入驻协议 under the name Windows gave it,
	// on the row the preview said.
	m.fill("#q", gbkTeam)
	m.click(`form.search-form button[type=submit]`)
	m.expectText("#table-counts", "符合当前条件的有 1 行")
	row := m.pg().MustElementR("#rows tbody tr", regexp.QuoteMeta(gbkTeam))
	number := strings.TrimSpace(row.MustElement("td.col-num").MustText())
	if want := byName[gbkName][1]; want != "第 "+number+" 行" {
		m.t.Errorf("the preview put %s on %s, the table numbers its row %s", gbkName, want, number)
	}
	if badge := strings.TrimSpace(row.MustElement(".badge").MustText()); badge != "无" {
		m.t.Errorf("%s's row shows problems %q with its 入驻协议 attached", gbkTeam, badge)
	}
	m.navigating(func(p *rod.Page) { row.MustElementR("a", "^修改").MustClick() })
	if p := m.path(); !rowPathRe.MatchString(p) {
		m.t.Fatalf("the row's 修改 led to %s", p)
	}
	file := path.Base(gbkName)
	files := m.text("#files #slot-agreement")
	if !strings.Contains(files, file) {
		m.t.Errorf("%s's 入驻协议 lists:\n%s\nwant %s", gbkTeam, files, file)
	}
	if m.has("#files #slot-agreement .file-list") {
		n := len(m.pg().MustElements("#files #slot-agreement .file-list li"))
		if n != 1 {
			m.t.Errorf("%s has %d 入驻协议, want 1", gbkTeam, n)
		}
	}
	m.t.Logf("%s's row page: %s", gbkTeam, strings.Join(strings.Fields(m.text("#files #slot-agreement")), " "))
	m.shot("row-agreement")
}

// conditionsAfterZip: C5 counts the teams with an 入驻协议 that joined in
// the window, so it rises by the imported teams that did.
func conditionsAfterZip(m *impWalk) {
	m.open(m.app)
	before := c5FigureRe.FindStringSubmatch(m.c5)
	if before == nil {
		m.t.Fatalf("C5 read %q before the zip", m.c5)
	}
	c5 := strings.TrimSpace(m.text("#cond-C5 .cond-figure"))
	m.t.Logf("备案条件 after the zip: C5 %s：%s", strings.TrimSpace(m.text("#cond-C5 .tag")), c5)
	after := c5FigureRe.FindStringSubmatch(c5)
	if after == nil {
		m.t.Fatalf("C5 reads %q after the zip", c5)
	}
	joined := 0
	for _, r := range m.teams {
		if inWindow(r.values["joined_on"]) {
			joined++
		}
	}
	if got, want := atoi(after[1]), atoi(before[1])+joined; got <= atoi(before[1]) || got != want {
		m.t.Errorf("C5 counts %d teams after the zip, want %d: %d before and %d imported teams that joined in the window",
			got, want, atoi(before[1]), joined)
	}
	if after[2] != before[2] {
		m.t.Errorf("C5 counts %s enterprises after the zip, %s before", after[2], before[2])
	}
	if tag := strings.TrimSpace(m.text("#cond-C5 .tag")); tag != "符合" {
		m.t.Errorf("C5 is %q with %s teams, want 符合", tag, after[1])
	}
	m.shotElement("conditions-zip", "aside.cond-panel")
}
