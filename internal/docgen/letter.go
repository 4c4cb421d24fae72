package docgen

import (
	"time"

	"hatch/internal/clock"
)

// LetterInput is an official letter (函) from a department: its letterhead,
// optional 文号, title, addressee, body, an optional list, and the sender
// and date over the place for its seal.
type LetterInput struct {
	Sender    string   // the department: letterhead and signature
	DocNo     string   // 文号, e.g. 京科函〔2021〕12号; "" prints no line
	Title     string   // 关于推荐2021年度国家备案众创空间的函
	Addressee string   // 科技部火炬中心：
	Body      []string // paragraphs before the list
	List      *Table   // nil for none
	Closing   []string // paragraphs after the list, e.g. 特此函告。
	Date      time.Time
}

// Letter sets a letter as a PDF on plain A4 pages, numbered when it runs
// over one.
func Letter(in LetterInput) ([]byte, error) {
	w, err := NewWriter(Info{Title: in.Title, Subject: in.Sender, Created: in.Date})
	if err != nil {
		return nil, err
	}
	w.setMargins(plainA4)
	w.Letterhead(in.Sender)
	if in.DocNo != "" {
		w.Text(in.DocNo, Style{Align: Right, After: 2})
	}
	w.Gap(4)
	w.Title(in.Title)
	w.Text(in.Addressee, Style{Align: Left})
	for _, p := range in.Body {
		w.Paragraph(p)
	}
	if in.List != nil {
		w.Gap(2)
		w.tableGrid(in.List, SizeSmall).table(in.List)
		w.Gap(2)
	}
	for _, p := range in.Closing {
		w.Paragraph(p)
	}
	w.Gap(8)
	w.SealBox("（印章处）", 42, 42, in.Sender, in.Date.In(clock.Zone).Format("2006年1月2日"))
	w.unnumbered = w.Pages() == 1
	return w.Bytes()
}
