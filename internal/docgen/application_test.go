package docgen_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"hatch/internal/demo"
	"hatch/internal/docgen"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/testkit"
)

var round2021 = domain.Round{TypeCode: "makerspace", Year: 2021, Name: "2021年度众创空间国家备案",
	CutoffOn: "2021-10-31", WindowFrom: "2020-11-01", WindowTo: "2021-10-31", OperatingFrom: "2020-04-30"}

var generatedAt = testkit.Day

const demoOrg = "北京启明星众创科技有限公司"

// buildApp turns a demo application into a form.App and the attachment
// list, as the service would load them: rows numbered in entry order,
// one file per slot.
func buildApp(d demo.App) (*form.App, []domain.AppFile) {
	t := form.Makerspace
	rows := map[string][]domain.Row{}
	var files []domain.AppFile
	var fileID int64
	addFile := func(rowID int64, slot, owner string) {
		fileID++
		body := fmt.Sprintf("demo file %d %s %s", fileID, slot, owner)
		sum := sha256.Sum256([]byte(body))
		files = append(files, domain.AppFile{ID: fileID, AppID: 1, RowID: rowID, Slot: slot, AttachmentID: fileID,
			Name: slot + "-" + owner + ".pdf", ContentType: "application/pdf", Size: 20000 + fileID*733,
			SHA256: hex.EncodeToString(sum[:])})
	}
	for _, slot := range d.SectionFiles {
		addFile(0, slot, d.Carrier)
	}
	for i, r := range d.Rows {
		id := int64(100 + i)
		rows[r.Table] = append(rows[r.Table], domain.Row{ID: id, AppID: 1, Table: r.Table, Data: r.Values})
		owner := r.Values["name"]
		if owner == "" {
			owner = r.Values["title"]
		}
		for _, slot := range r.Files {
			addFile(id, slot, owner)
		}
	}
	sections := map[string]domain.Values{}
	for k, v := range d.Sections {
		sections[k] = v
	}
	a := form.NewApp(t, form.DatesOf(round2021, time.Date(2021, 11, 15, 0, 0, 0, 0, time.UTC)),
		form.Org{Name: demoOrg, USCC: "91110108MA01QMXC0X", Rep: "王启明"}, d.Carrier, sections, rows, files)
	return a, files
}

func demoMeta(files []domain.AppFile) docgen.Meta {
	return docgen.Meta{Version: "MS2021-0001-V3", VerifyURL: "https://hatch.example.org/verify",
		Carrier: "启明星众创空间", Operator: demoOrg, Round: round2021.Name, GeneratedAt: generatedAt, Files: files}
}

func demoPDF(t testing.TB) ([]byte, *form.App) {
	t.Helper()
	a, files := buildApp(demo.CompleteApp())
	pdf, err := docgen.Application(a, demoMeta(files))
	if err != nil {
		t.Fatal(err)
	}
	return pdf, a
}

// tool returns the path of a poppler tool (see testkit.Tool).
func tool(t testing.TB, name string) string {
	t.Helper()
	return testkit.Tool(t, name, "poppler-utils")
}

// text runs pdftotext; -nodiag leaves out the diagonal watermark.
func text(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	return testkit.PDFText(t, pdf, append([]string{"-nodiag"}, args...)...)
}

func squashed(s string) string { return strings.Join(strings.Fields(s), "") }

func normalize(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\f", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n") + "\n"
}

func TestApplicationDeterministic(t *testing.T) {
	a, files := buildApp(demo.CompleteApp())
	m := demoMeta(files)
	one, err := docgen.Application(a, m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(one, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", one[:min(16, len(one))])
	}
	two, err := docgen.Application(a, m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one, two) {
		t.Error("the same version gave different bytes")
	}
	m.Version = "MS2021-0001-V4"
	three, err := docgen.Application(a, m)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(one, three) {
		t.Error("two versions gave the same bytes")
	}
}

func TestApplicationText(t *testing.T) {
	pdf, a := demoPDF(t)
	raw := text(t, pdf)
	all := squashed(raw)
	for _, want := range []string{
		"国家备案众创空间申报书", "载体：启明星众创空间", "运营主体：" + demoOrg, "申报批次：2021年度众创空间国家备案",
		"生成日期：2021年11月15日", "版本号：MS2021-0001-V3", "运营主体（公章）",
		"一、基础信息", "众创空间名称启明星众创空间", "运营时长（月）43", "主流媒体报道次数（次）3",
		"服务技术领域电子信息、生物与新医药、新材料、先进制造与自动化",
		"二、服务场地", "总面积（m²）700.00", "三、人员情况", "运营人员（人）8",
		"四、孵化和服务情况", "累计创业团队情况汇总表", "累计入驻企业情况汇总表", "开展创新创业活动情况汇总表",
		"五、服务能力", "一、服务体系",
		"九、承诺书", "签字盖章的承诺书：已上传《pledge-启明星众创空间.pdf》",
		"十、附件目录", "所属表格与行", "累计创业团队情况汇总表第1行",
	} {
		if !strings.Contains(all, squashed(want)) {
			t.Errorf("text lacks %q", want)
		}
	}
	// Every page carries the version, and its page number.
	pageTexts := strings.Split(strings.TrimRight(raw, "\f"), "\f")
	n := testkit.PDFPages(t, pdf)
	if len(pageTexts) != n {
		t.Errorf("%d pages of text, pdfinfo says %d", len(pageTexts), n)
	}
	for i, p := range pageTexts {
		if !strings.Contains(p, "MS2021-0001-V3") {
			t.Errorf("page %d lacks the version", i+1)
		}
		if want := fmt.Sprintf("第%d页共%d页", i+1, n); !strings.Contains(squashed(p), want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
	// ID numbers are masked.
	for _, r := range a.Rows["staff"] {
		id := r.Data["id_number"]
		if strings.Contains(all, id) {
			t.Errorf("unmasked ID number %s printed", id)
		}
		if masked := id[:4] + "**********" + id[14:]; !strings.Contains(all, masked) {
			t.Errorf("masked ID number %s missing", masked)
		}
	}
	// Every attachment is in the index.
	for _, f := range demoMeta(buildFiles()).Files {
		if !strings.Contains(all, f.SHA256[:32]) {
			t.Errorf("attachment %s (%s) not in the index", f.Name, f.SHA256)
		}
	}
}

func buildFiles() []domain.AppFile {
	_, files := buildApp(demo.CompleteApp())
	return files
}

// TestApplicationNotFillable prints — where a cell does not exist in its
// row's state: an 在孵 team has no 迁出时间, a team without financing no
// 投融资金额.
func TestApplicationNotFillable(t *testing.T) {
	d := demo.App{Carrier: "甲众创空间", Sections: map[string]domain.Values{}}
	d.Rows = []demo.Row{{Table: "teams", Values: domain.Values{"name": "甲团队", "leader": "张三", "state": "在孵",
		"members": "4", "project": "项目甲", "field": "电子信息", "joined_on": "2021-03-08", "financed": "否",
		"moved_out_on": "2021-05-01"}}} // a stale value of a cell that does not exist: not printed
	a, files := buildApp(d)
	pdf, err := docgen.Application(a, demoMeta(files))
	if err != nil {
		t.Fatal(err)
	}
	layout := text(t, pdf, "-layout")
	var row string
	for _, l := range strings.Split(layout, "\n") {
		if strings.Contains(l, "甲团队") {
			row = l
		}
	}
	if row == "" {
		t.Fatalf("team row not found:\n%s", layout)
	}
	// 注册企业名称, 统一社会信用代码, 注册时间, 迁出时间, 获得时间, 金额, 类型.
	if got := strings.Count(row, "—"); got != 7 {
		t.Errorf("row %q has %d dashes, want 7", row, got)
	}
	if strings.Contains(layout, "2021-05-01") {
		t.Error("the value of a cell that is not fillable was printed")
	}
}

func TestApplicationGolden(t *testing.T) {
	pdf, _ := demoPDF(t)
	got := normalize(text(t, pdf, "-layout"))
	testkit.Golden(t, filepath.Join("testdata", "application.golden.txt"), got)
}

// TestApplicationGoldenOnAnotherDay generates the same 申报书 at another
// instant: only its dates may differ from the golden file, and the later
// date must show where the golden file shows its own.
func TestApplicationGoldenOnAnotherDay(t *testing.T) {
	a, files := buildApp(demo.CompleteApp())
	m := demoMeta(files)
	m.GeneratedAt = testkit.Later
	pdf, err := docgen.Application(a, m)
	if err != nil {
		t.Fatal(err)
	}
	want := testkit.ReadGolden(t, filepath.Join("testdata", "application.golden.txt"))
	testkit.SameButDates(t, "application", want, normalize(text(t, pdf, "-layout")), testkit.Later)
}

func TestApplicationHostile(t *testing.T) {
	long := strings.Repeat("超长内容科技", 333) + "有限公司" // 2,002 characters
	hostile := []string{
		long,
		`<script>alert("x")</script><b>公司</b>&amp;`,
		"𠀀科技公司", "〇〇七科技", "笑脸😀科技👨‍👩‍👧公司👍🏽", "شركة التقنية\u200f 公司",
		strings.Repeat("W", 400),
	}
	d := demo.CompleteApp()
	d.Carrier = long
	for i, h := range hostile {
		d.Rows = append(d.Rows, demo.Row{Table: "teams", Values: domain.Values{"name": h, "leader": h,
			"state": "在孵", "members": "3", "project": h, "field": "其他", "joined_on": "2021-01-01", "financed": "否"}})
		d.Rows = append(d.Rows, demo.Row{Table: "staff", Values: domain.Values{"name": h, "gender": "男",
			"id_number": h, "education": "大学本科", "title": h, "category": "专职服务人员", "trained": "否",
			"experience": h + strconv.Itoa(i)}})
	}
	d.Sections["basic"]["intro"] = long
	d.Sections["basic"]["address"] = hostile[1]
	d.Sections["plan"]["text"] = long + "\n" + hostile[5]
	a, files := buildApp(d)
	m := demoMeta(files)
	m.Operator = hostile[4]
	m.Carrier = long
	pdf, err := docgen.Application(a, m)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("HATCH_DOCGEN_OUT"); dir != "" { // for a look at the pages
		if err := os.WriteFile(filepath.Join(dir, "hostile.pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base, _ := demoPDF(t)
	n, n0 := testkit.PDFPages(t, pdf), testkit.PDFPages(t, base)
	t.Logf("%d pages (the demo alone: %d)", n, n0)
	if n > n0+40 {
		t.Errorf("%d pages for 14 hostile rows, the demo has %d", n, n0)
	}
	all := squashed(text(t, pdf))
	all = regexp.MustCompile(`第\d+页共\d+页|版本号：MS2021-0001-V3`).ReplaceAllString(all, "")
	for _, want := range []string{`<script>alert("x")</script><b>公司</b>&amp;`, "𠀀科技公司", "〇〇七科技",
		"笑脸😀科技👨\u200d👩\u200d👧公司👍🏽", "〔U+0634〕〔U+0631〕〔U+0643〕〔U+0629〕"} {
		if !strings.Contains(all, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	// The cover cuts the long name short, so it stays one page.
	first := strings.Split(text(t, pdf, "-f", "1", "-l", "1"), "\f")[0]
	if !strings.Contains(first, "…") || !strings.Contains(first, "运营主体（公章）") {
		t.Errorf("cover:\n%s", first)
	}
}

// TestApplicationRender draws the cover, the 目录, a form page and the
// teams' table page: the cover is portrait A4, the detail table's page
// landscape, and each has ink on it. The PNGs stay in the test's artifact
// directory (go test -artifacts) to be looked at.
func TestApplicationRender(t *testing.T) {
	pdf, _ := demoPDF(t)
	entries, _ := readContents(t, pdf)
	pages := drawPages(t, pdf, "application", 1, 2, 3, entryPage(t, entries, "累计创业团队情况汇总表"))
	tests := []struct {
		name      string
		page      image.Image
		landscape bool
	}{{"the cover is portrait", pages[0], false}, {"the 目录 is portrait", pages[1], false},
		{"a form page is portrait", pages[2], false}, {"a table page is landscape", pages[3], true}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.page.Bounds()
			if landscape := b.Dx() > b.Dy(); landscape != tt.landscape {
				t.Errorf("page is %dx%d", b.Dx(), b.Dy())
			}
			if ink := inkShare(tt.page); ink < 0.005 || ink > 0.5 {
				t.Errorf("%.1f%% of the page is ink: blank or smeared", ink*100)
			}
		})
	}
}

// inkShare is the share of an image's pixels that are darker than light
// grey.
func inkShare(img image.Image) float64 {
	b := img.Bounds()
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (r+g+bl)/3 < 0xC000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(b.Dx()*b.Dy())
}

// rareNames are characters of each fallback font: 花園明朝A, both parts of
// 花園明朝B, BabelStone Han, Symbola; so the large 申报书 loads them all.
var rareNames = []string{"\uF900", "𠀀", "\U00020001", "𪜀", "𰀀", "😀"}

func largeDemo() demo.App {
	base := demo.CompleteApp()
	byTable := map[string][]demo.Row{}
	for _, r := range base.Rows {
		byTable[r.Table] = append(byTable[r.Table], r)
	}
	d := demo.App{Carrier: base.Carrier, Sections: base.Sections, SectionFiles: base.SectionFiles}
	for _, tn := range []struct {
		table string
		n     int
	}{{"venues", 20}, {"staff", 60}, {"teams", 800}, {"enterprises", 400}, {"activities", 150}} {
		src := byTable[tn.table]
		for i := range tn.n {
			r := src[i%len(src)]
			v := domain.Values{}
			for k, x := range r.Values {
				v[k] = x
			}
			if v["name"] != "" {
				v["name"] = fmt.Sprintf("%s%d", v["name"], i+1)
				if i%10 == 0 { // every tenth name has a character only a fallback font has
					v["name"] += rareNames[i/10%len(rareNames)]
				}
			}
			d.Rows = append(d.Rows, demo.Row{Table: tn.table, Values: v, Files: r.Files})
		}
	}
	return d
}

func BenchmarkApplicationLarge(b *testing.B) {
	a, files := buildApp(largeDemo())
	m := demoMeta(files)
	var pdf []byte
	var err error
	for b.Loop() {
		if pdf, err = docgen.Application(a, m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(pdf)), "bytes/pdf")
	if _, err := exec.LookPath("pdfinfo"); err == nil {
		b.ReportMetric(float64(testkit.PDFPages(b, pdf)), "pages")
	}
}

// TestDocumentNamesWhatItShows: every line and text of a section names the
// declared field it prints, every table row its stored row, and every line
// of the attachment index its file, so pages place remarks and links by
// identity, never by matching printed labels or positions.
func TestDocumentNamesWhatItShows(t *testing.T) {
	a, files := buildApp(demo.CompleteApp())
	doc, err := docgen.Build(a, demoMeta(files))
	if err != nil {
		t.Fatal(err)
	}
	fileIDs := map[int64]bool{}
	for _, f := range files {
		fileIDs[f.ID] = true
	}
	for _, p := range doc.Parts {
		sec := a.Type.Section(p.Key)
		if p.Key == "files" {
			for _, r := range p.Tables[0].Rows {
				if !fileIDs[r.FileID] {
					t.Errorf("index line %q names file %d, which is not one of the application's", r.Cells[1], r.FileID)
				}
				delete(fileIDs, r.FileID)
			}
			continue
		}
		for _, l := range p.Fields {
			if sec == nil || sec.Field(l.Field) == nil || sec.Field(l.Field).Header() != l.Label {
				t.Errorf("%s: line %q names field %q", p.Heading, l.Label, l.Field)
			}
		}
		for _, tx := range p.Texts {
			if sec == nil || sec.Field(tx.Field) == nil {
				t.Errorf("%s: text %q names field %q", p.Heading, tx.Title, tx.Field)
			}
		}
		for _, tb := range p.Tables {
			for _, r := range tb.Rows {
				if r.ID == 0 {
					t.Errorf("%s: a row of %s names no stored row", p.Heading, tb.Title)
				}
			}
		}
	}
	if len(fileIDs) > 0 {
		t.Errorf("files %v are not in the index", fileIDs)
	}
}
