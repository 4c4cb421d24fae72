package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
	"hatch/internal/testkit"
)

// hardString is one entry of the corpus: what is typed, and what the
// 申报书's text layer must give back (the same, unless a character is one
// the system cannot print, which the save names and prints as its code).
type hardString struct {
	name, typed string
	prints      string // "" for typed itself
	names       string // what the save's message names; "" when nothing is refused
}

var hardStrings = []hardString{
	{name: "extension B", typed: "𠀀𪚥氏"},
	{name: "extensions C to F", typed: "𪜀𫝀𫠠𬺰𮯠"},
	{name: "extensions G and H", typed: "𰀀𱍐"},
	{name: "compatibility ideographs", typed: "\uF900\U0002F800"},
	{name: "ling", typed: "〇〇七"},
	{name: "emoji with joiners and skin tones", typed: "笑脸😀👨\u200d👩\u200d👧👍🏽"},
	{name: "combining marks", typed: "Cafe\u0301 Ñandu\u0303"},
	{name: "zero-width characters", typed: "甲\u200b乙\u200c丙\u2060丁"},
	{name: "markup", typed: "<b>x</b>&amp;"},
	{name: "right-to-left text is named and printed as its code", typed: "شركة",
		prints: "〔U+0634〕〔U+0631〕〔U+0643〕〔U+0629〕", names: "“ش”（U+0634）"},
}

// TestEveryCharacterTypedPrintsAsItself: each hard string, saved in a table
// row and in a text section, comes back out of the generated 申报书's text
// layer exactly; a character the system cannot print is named when it is
// saved, marked on 核对申报信息, listed on the versions page and printed as
// its code point. A 2,000-character name fits the text section and prints
// whole; in a row it is refused by length, with the message beside it.
func TestEveryCharacterTypedPrintsAsItself(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, b, "生僻字众创空间")
		long := strings.Repeat("長", 1000) + strings.Repeat("𠀀", 1000)
		for _, h := range hardStrings {
			r := b.post(app+"/tables/activities", url.Values{"name": {h.typed}, "type": {"创业沙龙"},
				"start_on": {"2021-03-01"}, "end_on": {"2021-03-01"}, "place": {"本空间"}, "mode": {"主办"},
				"participants": {"20"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("%s: row save %d\n%s", h.name, r.status, r.body)
			}
			row := b.get(r.location)
			if h.names != "" {
				mustContain(t, h.name, strings.ReplaceAll(row.body, "&#43;", "+"), `id="name-error"`, h.names, "在申报书中无法印出")
			} else if strings.Contains(row.body, "无法印出") {
				t.Errorf("%s: the row page warns of characters that print", h.name)
			}
		}
		r := b.post(app+"/tables/activities", url.Values{"name": {long}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("a 2,000-character row name: %d", r.status)
		}
		mustContain(t, "long row name", b.get(r.location).body, "活动名称不能超过100个字符，当前2000个")
		if r := b.post(r.location+"/delete", url.Values{"revision": {"1"}}); r.status != http.StatusSeeOther {
			t.Fatalf("delete the long row: %d", r.status)
		}

		var text []string
		for _, h := range hardStrings {
			text = append(text, h.typed)
		}
		text = append(text, long)
		r = b.post(app+"/sections/capability", url.Values{"revision": {"0"}, "text": {strings.Join(text, "\n")}})
		if r.status != http.StatusSeeOther {
			t.Fatalf("text section save: %d\n%s", r.status, r.body)
		}
		if page := b.get(app + "/sections/capability"); !strings.Contains(page.body, "在申报书中无法印出") {
			t.Error("the text section does not say which characters will not print")
		}

		preview := b.get(app + "/preview")
		mustContain(t, "核对申报信息", preview.body, `id="print-places"`,
			`<mark class="unprintable" title="申报书中无法印出，将印作〔U+0634〕〔U+0631〕〔U+0643〕〔U+0629〕">شركة`)
		for _, h := range hardStrings {
			if n := strings.Count(preview.body, html.EscapeString(h.typed)); h.names == "" && n < 2 {
				t.Errorf("%s: 核对申报信息 shows %q %d times, want the row and the text", h.name, h.typed, n)
			}
		}

		gen := b.generate(app)
		versions := b.get(gen)
		mustContain(t, "版本", versions.body, `id="print-places"`, "开展创新创业活动情况汇总表 第10行 · 活动名称", "服务能力")
		id := regexp.MustCompile(`new=(\d+)`).FindStringSubmatch(gen)[1]
		pdf := b.get(app + "/versions/" + id + "/pdf")
		if pdf.status != 200 {
			t.Fatalf("download: %d", pdf.status)
		}
		layer := printedText(testkit.PDFText(t, []byte(pdf.body), "-raw"))
		for _, h := range append(hardStrings, hardString{name: "2,000 characters", typed: long}) {
			want := h.prints
			if want == "" {
				want = h.typed
			}
			if n := strings.Count(layer, squash(want)); n < 2 && h.typed != long || n < 1 {
				t.Errorf("%s: the 申报书's text gives %.40q back %d times", h.name, want, n)

			}
		}
	})
}

// printedText is a 申报书's text as one run: without the page footers (with
// a draft's note) and
// the 版本号 drawn across each page,
// the line breaks and spaces of the layout, and the embedding marks
// pdftotext adds around right-to-left characters.
func printedText(s string) string {
	s = squash(strings.NewReplacer("\u202b", "", "\u202c", "").Replace(s))
	return regexp.MustCompile(`第\d+页共\d+页|版本号：|（核对用草稿，不能提交）|\d{4}ZC-[0-9A-Z]{4}-[0-9A-Z]{4}`).
		ReplaceAllString(s, "")
}

// squash drops the whitespace that layout adds; the strings compared have
// none of their own but the spaces, which layout may move.
func squash(s string) string { return strings.Join(strings.Fields(s), "") }
