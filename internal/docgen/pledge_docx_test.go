package docgen

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"
	"testing"
)

// docxFile is a .docx read back: its parts by name, in zip order.
type docxFile struct {
	names []string
	parts map[string][]byte
}

func readDocx(t *testing.T, b []byte) docxFile {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	f := docxFile{parts: map[string][]byte{}}
	for _, e := range z.File {
		r, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		f.names = append(f.names, e.Name)
		f.parts[e.Name] = body
	}
	return f
}

// wellFormed decodes every token of an XML part.
func wellFormed(t *testing.T, name string, body []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

// paragraphs is the text of each w:p of document.xml, a tab of a run as
// "\t".
func paragraphs(t *testing.T, doc []byte) []string {
	t.Helper()
	var out []string
	var cur strings.Builder
	inText, inRun := false, false
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch {
			case e.Name.Space == nsW && e.Name.Local == "p":
				cur.Reset()
			case e.Name.Space == nsW && e.Name.Local == "r":
				inRun = true
			case e.Name.Space == nsW && e.Name.Local == "t":
				inText = true
			case e.Name.Space == nsW && e.Name.Local == "tab" && inRun:
				cur.WriteString("\t")
			}
		case xml.EndElement:
			switch {
			case e.Name.Space == nsW && e.Name.Local == "p":
				out = append(out, cur.String())
			case e.Name.Space == nsW && e.Name.Local == "r":
				inRun = false
			case e.Name.Space == nsW && e.Name.Local == "t":
				inText = false
			}
		case xml.CharData:
			if inText {
				cur.Write(e)
			}
		}
	}
}

func TestPledgeDocxPackage(t *testing.T) {
	b, err := PledgeDocx(fixedPledge)
	if err != nil {
		t.Fatal(err)
	}
	f := readDocx(t, b)
	if f.names[0] != "[Content_Types].xml" {
		t.Errorf("first part is %q, want [Content_Types].xml", f.names[0])
	}
	for name, body := range f.parts {
		wellFormed(t, name, body)
	}

	t.Run("every part has its content type", func(t *testing.T) {
		var types struct {
			Defaults []struct {
				Extension   string `xml:"Extension,attr"`
				ContentType string `xml:"ContentType,attr"`
			} `xml:"Default"`
			Overrides []struct {
				PartName    string `xml:"PartName,attr"`
				ContentType string `xml:"ContentType,attr"`
			} `xml:"Override"`
		}
		if err := xml.Unmarshal(f.parts["[Content_Types].xml"], &types); err != nil {
			t.Fatal(err)
		}
		byName := map[string]string{}
		for _, o := range types.Overrides {
			byName[o.PartName] = o.ContentType
		}
		byExt := map[string]string{}
		for _, d := range types.Defaults {
			byExt[d.Extension] = d.ContentType
		}
		want := map[string]string{
			"/word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
			"/word/styles.xml":   "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
			"/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
		}
		for part, ct := range want {
			if byName[part] != ct {
				t.Errorf("%s: content type %q, want %q", part, byName[part], ct)
			}
		}
		for _, name := range f.names {
			if name == "[Content_Types].xml" {
				continue
			}
			if byName["/"+name] == "" && byExt[strings.TrimPrefix(path.Ext(name), ".")] == "" {
				t.Errorf("%s has no content type", name)
			}
		}
	})

	t.Run("every relationship leads to a part", func(t *testing.T) {
		for relsName, base := range map[string]string{"_rels/.rels": "", "word/_rels/document.xml.rels": "word"} {
			var rels struct {
				Rel []struct {
					Target string `xml:"Target,attr"`
				} `xml:"Relationship"`
			}
			if err := xml.Unmarshal(f.parts[relsName], &rels); err != nil {
				t.Fatalf("%s: %v", relsName, err)
			}
			if len(rels.Rel) == 0 {
				t.Errorf("%s has no relationships", relsName)
			}
			for _, r := range rels.Rel {
				if _, ok := f.parts[path.Join(base, r.Target)]; !ok {
					t.Errorf("%s leads to %s, which is not in the file", relsName, r.Target)
				}
			}
		}
	})

	t.Run("the font is 宋体 for Chinese text", func(t *testing.T) {
		if !bytes.Contains(f.parts["word/styles.xml"], []byte(`w:eastAsia="宋体"`)) {
			t.Errorf("styles.xml sets no eastAsia font 宋体:\n%s", f.parts["word/styles.xml"])
		}
	})

	t.Run("the page is A4", func(t *testing.T) {
		if !bytes.Contains(f.parts["word/document.xml"], []byte(`<w:pgSz w:w="11906" w:h="16838"/>`)) {
			t.Error("document.xml has no A4 page size")
		}
	})

	t.Run("the wording is the PDF's", func(t *testing.T) {
		got := paragraphs(t, f.parts["word/document.xml"])
		want := []string{"承诺书", "科学技术部火炬高技术产业开发中心：",
			fixedPledge.OrgName + "作为" + fixedPledge.CarrierName + "的运营主体，申报" +
				fixedPledge.RoundName + "，现就申报事宜郑重承诺如下："}
		for i, p := range pledgePromises {
			want = append(want, chineseNumerals[i]+"、"+p)
		}
		want = append(want, "特此承诺。", "法定代表人（签字）：\t", "运营主体（公章）：", "日期：　　　　年　　月　　日",
			"本承诺书由系统生成，请打印后由法定代表人签字并加盖公章，扫描后上传。")
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("paragraphs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("the properties name the document and the round", func(t *testing.T) {
		core := string(f.parts["docProps/core.xml"])
		for _, want := range []string{"<dc:title>承诺书</dc:title>", "<dc:subject>" + fixedPledge.RoundName + "</dc:subject>",
			"2025-03-01T01:30:00Z"} {
			if !strings.Contains(core, want) {
				t.Errorf("core.xml lacks %q:\n%s", want, core)
			}
		}
	})

	t.Run("the same input gives the same file", func(t *testing.T) {
		again, err := PledgeDocx(fixedPledge)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b, again) {
			t.Error("two different files")
		}
	})
}

func TestPledgeDocxHostileNames(t *testing.T) {
	long := strings.Repeat("超长名称科技", 333) + "有限公司"
	cases := []struct {
		name       string
		in         PledgeInput
		org, space string // as the document must say them
	}{
		{name: "markup is text", in: PledgeInput{OrgName: `<w:p>A&B "公司" 'x'</w:p>`, CarrierName: `]]><!-- 空间 &amp;`},
			org: `<w:p>A&B "公司" 'x'</w:p>`, space: `]]><!-- 空间 &amp;`},
		{name: "rare ideographs and emoji are kept", in: PledgeInput{OrgName: "堃喆赟镕𠀀科技", CarrierName: "🚀空间👨‍👩‍👧"},
			org: "堃喆赟镕𠀀科技", space: "🚀空间👨‍👩‍👧"},
		{name: "right-to-left text is kept", in: PledgeInput{OrgName: "شركة\u200f 公司", CarrierName: "\u202eabc"},
			org: "شركة\u200f 公司", space: "\u202eabc"},
		{name: "control characters become spaces", in: PledgeInput{OrgName: "甲\x00乙\r\n丙\t丁\x7f戊", CarrierName: "\x0b空间\x1f"},
			org: "甲 乙  丙 丁 戊", space: "空间"},
		{name: "bytes that are not UTF-8 become one U+FFFD", in: PledgeInput{OrgName: "甲\xff\xfe乙", CarrierName: "空间\uFFFF"},
			org: "甲\uFFFD乙", space: "空间"},
		{name: "no names leave blanks to fill", in: PledgeInput{CarrierName: " \n "},
			org: blank, space: blank},
		{name: "2000 characters", in: PledgeInput{OrgName: long, CarrierName: "空间"},
			org: long, space: "空间"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := PledgeDocx(c.in)
			if err != nil {
				t.Fatal(err)
			}
			f := readDocx(t, b)
			for name, body := range f.parts {
				wellFormed(t, name, body)
			}
			paras := paragraphs(t, f.parts["word/document.xml"])
			want := c.org + "作为" + c.space + "的运营主体，申报"
			if len(paras) < 3 || !strings.HasPrefix(paras[2], want) {
				t.Errorf("opening paragraph %.200q, want it to start %.200q", paras[min(2, len(paras)-1)], want)
			}
		})
	}
}
