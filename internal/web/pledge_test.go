package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

func TestPledgeTemplateWord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		carrier := "堃喆赟镕𠀀创客空间" // rare ideographs, one outside the BMP
		app := newApplication(t, b, carrier)
		org, err := s.svc.Org(t.Context(), s.applicant())
		if err != nil {
			t.Fatal(err)
		}

		t.Run("the section offers it beside the PDF", func(t *testing.T) {
			page := b.get(app + "/sections/pledge")
			mustContain(t, "承诺书", page.body, `href="`+app+`/pledge-template"`,
				`href="`+app+`/pledge-template.docx"`, "下载承诺书模板（Word）")
		})

		t.Run("it is a Word file filled with the names", func(t *testing.T) {
			req, _ := http.NewRequest("GET", s.srv.URL+app+"/pledge-template.docx", nil)
			resp, err := b.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 ||
				resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
				!strings.Contains(resp.Header.Get("Content-Disposition"), "filename*=UTF-8''"+url.QueryEscape("承诺书.docx")) {
				t.Fatalf("word template: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"),
					resp.Header.Get("Content-Disposition"))
			}
			text := docxText(t, body)
			if want := org.Name + "作为" + carrier + "的运营主体，申报"; !strings.Contains(text, want) {
				t.Errorf("the document does not say %q:\n%s", want, text)
			}
		})
	})
}

// docxText is the character data of a .docx's word/document.xml, as Word
// would show it (entities decoded).
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	f, err := z.Open("word/document.xml")
	if err != nil {
		t.Fatalf("no word/document.xml: %v", err)
	}
	defer f.Close()
	var out strings.Builder
	d := xml.NewDecoder(f)
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out.String()
		}
		if err != nil {
			t.Fatalf("word/document.xml: %v", err)
		}
		if c, ok := tok.(xml.CharData); ok {
			out.Write(c)
		}
	}
}
