package service

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"hatch/internal/docgen"
	"hatch/internal/domain"
)

// maxDocNo is the longest 文号 a 推荐函 takes, in characters.
const maxDocNo = 40

// RecommendLetter writes the 推荐函 of the actor's department: its letter
// to 科技部火炬中心 on its letterhead, naming the round and how many it
// recommends, listing them in its 推荐排序 (see RecommendList), with the
// place for its seal; a letter is about one round, the filter's or else the
// newest the list holds. docNo is the letter's 文号, "" for none. With nothing
// recommended there is no letter to write: Conflict.
func (s *Service) RecommendLetter(
	ctx context.Context,
	a domain.Actor,
	f QueueFilter,
	docNo string,
) (data []byte, name string, err error) {
	docNo = strings.TrimSpace(docNo)
	if utf8.RuneCountInString(docNo) > maxDocNo {
		return nil, "", fieldErr("doc_no", "文号", fmt.Sprintf("文号不能超过 %d 个字。", maxDocNo))
	}
	if err := s.countListExport(ctx, a); err != nil {
		return nil, "", err
	}
	l, err := s.RecommendList(ctx, a, f)
	if err != nil {
		return nil, "", err
	}
	// A letter is about one round: the filter's, else the newest listed.
	l.Rows = slices.DeleteFunc(l.Rows, func(r RecommendRow) bool { return r.RoundID != l.Round.ID })
	if len(l.Rows) == 0 {
		return nil, "", domain.Errorf(domain.Conflict, "本部门在所选范围内尚未推荐任何申报，没有可以列入推荐函的载体。")
	}
	in := letterOf(l, docNo)
	in.Date = s.now()
	data, err = docgen.Letter(in)
	return data, l.Dept.Name + "-" + in.Title + ".pdf", err
}

// letterOf is the 推荐函's wording for a list.
func letterOf(l RecommendList, docNo string) docgen.LetterInput {
	t := l.Type()
	list := &docgen.Table{Columns: []docgen.Column{{Header: "序号", Kind: docgen.ColSeq},
		{Header: t.CarrierNoun + "名称"}, {Header: "运营主体"}, {Header: "所在市/区"}}}
	for i, r := range l.Rows {
		list.Rows = append(list.Rows, docgen.TableRow{ID: r.ID,
			Cells: []string{strconv.Itoa(i + 1), r.Carrier, r.Operator, r.Area}})
	}
	title, body := t.Letter.Fill(l.Round.Year, l.Round.Name, l.Place, len(l.Rows))
	return docgen.LetterInput{
		Sender:    l.Dept.Name,
		DocNo:     docNo,
		Title:     title,
		Addressee: "科技部火炬中心：",
		Body:      []string{body},
		List:      list,
		Closing:   []string{"请予审核。", "特此函告。"},
	}
}
