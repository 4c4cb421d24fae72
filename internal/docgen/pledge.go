package docgen

import (
	"fmt"
	"strings"
	"time"
)

// PledgeInput is what the 承诺书 names.
type PledgeInput struct {
	OrgName     string    // the applicant, the carrier's 运营主体
	CarrierName string    // the 众创空间 (or other carrier) applied for
	RoundName   string    // the filing round, e.g. "2025年度众创空间国家备案"
	Date        time.Time // when the document is generated; stored in the file's properties only
}

// blank stands in for a name that is not known yet, to be filled in by hand.
const blank = "________________"

// pledgePromises are the applicant's undertakings, in the system's own
// words.
var pledgePromises = []string{
	"本单位通过系统在线填报的各项数据及上传的全部附件材料真实、完整、有效，不存在虚报、瞒报等情况。",
	"本单位报送的纸质申报书由系统直接打印生成，内容与在线提交的版本完全一致，各页所印版本号均相同。",
	"本单位同意并积极配合各级管理部门对申报材料的审核、核实及实地核查。",
	"如有弄虚作假，本单位自愿承担相应后果：取消当年备案资格，且两年内不再申报。",
	"备案后，本单位将按时、如实报送火炬统计数据。",
	"本单位无严重失信记录，未被列入严重失信主体名单。",
}

var chineseNumerals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// pledgeText is the 承诺书's wording with the names filled in. The PDF and
// the Word file are both set from it, so that they say the same.
type pledgeText struct {
	Title     string
	Addressee string
	Paras     []string // the opening, the numbered promises, the closing
	Sign      []SignLine
	Note      string
}

// pledgeWording fills the wording with in's names, each prepared by name
// (which differs by format: a PDF can show fewer characters than Word).
func pledgeWording(in PledgeInput, name func(string) string) pledgeText {
	org, carrier, round := name(in.OrgName), name(in.CarrierName), name(in.RoundName)
	paras := []string{fmt.Sprintf("%s作为%s的运营主体，申报%s，现就申报事宜郑重承诺如下：", org, carrier, round)}
	for i, p := range pledgePromises {
		paras = append(paras, chineseNumerals[i]+"、"+p)
	}
	return pledgeText{
		Title:     "承诺书",
		Addressee: "科学技术部火炬高技术产业开发中心：",
		Paras:     append(paras, "特此承诺。"),
		Sign: []SignLine{
			{Label: "法定代表人（签字）：", Blank: 45},
			{Label: "运营主体（公章）：", Below: 16},
			{Label: "日期：　　　　年　　月　　日"},
		},
		Note: "本承诺书由系统生成，请打印后由法定代表人签字并加盖公章，扫描后上传。",
	}
}

// Pledge generates the 承诺书 template (manual 四.三.4) as a PDF: the
// applicant downloads it, has the legal representative sign it, seals it
// and uploads the scan. The signature, seal and date are left blank for
// hand filling.
func Pledge(in PledgeInput) ([]byte, error) {
	t := pledgeWording(in, nameOrBlank)
	w, err := NewWriter(Info{Title: t.Title, Subject: in.RoundName, Created: in.Date})
	if err != nil {
		return nil, err
	}
	w.setMargins(plainA4)
	w.Gap(8)
	w.Title(t.Title)
	w.Text(t.Addressee, Style{Align: Left, After: 1})
	for _, p := range t.Paras {
		w.Paragraph(p)
	}
	w.Gap(14)
	w.SignatureBlock(t.Sign...)
	w.BottomNote(t.Note)
	// The signed scan becomes a page of the 申报书, which numbers it; only
	// a 承诺书 whose names run it over a page numbers its pages.
	w.unnumbered = w.Pages() == 1
	return w.Bytes()
}

// nameOrBlank prepares a name for the PDF: cleaned for printing, or the
// blank to fill by hand.
func nameOrBlank(s string) string {
	return orBlank(clean(s))
}

// orBlank is s without surrounding space, or the blank when nothing is left.
func orBlank(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return blank
	}
	return s
}
