package web

import (
	"strconv"

	"hatch/internal/docgen"
	"hatch/internal/form"
	"hatch/internal/service"
)

// remarkSpot is where a remark can be added: a part, a field or a row.
type remarkSpot struct {
	Key     string // the form's id prefix: rm-basic-address, rm-teams-12
	Anchor  string // the element to come back to
	Section string
	Table   string
	RowID   int64
	Field   string
	Label   string         // what it is, for screen readers
	Columns []columnOption // a row's columns, to aim at one
}

type columnOption struct{ Key, Label string }

// docPart is a part of the submitted 申报书 with its remarks.
type docPart struct {
	Key, Heading string
	Spot         *remarkSpot // nil when remarks cannot be placed here
	Remarks      []remarkView
	Texts        []docText
	Fields       []docField
	Notes        []string
	Tables       []docTable
}

type docText struct {
	docgen.Text
	Spot    *remarkSpot
	Remarks []remarkView
}

type docField struct {
	Label, Value string
	Spot         *remarkSpot
	Remarks      []remarkView
}

type docTable struct {
	Key, Title, Intro string
	Columns           []docgen.Column
	Rows              []docRow
}

type docRow struct {
	ID      int64
	Anchor  string
	Cells   []docCell
	Spot    *remarkSpot
	Remarks []remarkView
}

type docCell struct {
	Text, Href string
	NewTab     bool
}

// spotKey names a remark control the way docParts does, so that a failed
// form can be found again.
func spotKey(in service.RemarkInput) string {
	switch {
	case in.Table != "":
		return "rm-" + in.Table + "-" + strconv.FormatInt(in.RowID, 10)
	case in.Field != "":
		return "rm-" + in.Section + "-" + in.Field
	}
	return "rm-" + in.Section
}

// spotAnchor is the element a remark's place is shown at.
func spotAnchor(in service.RemarkInput) string {
	switch {
	case in.Table != "":
		return "row-" + in.Table + "-" + strconv.FormatInt(in.RowID, 10)
	case in.Field != "":
		return "field-" + in.Section + "-" + in.Field
	}
	return "part-" + in.Section
}

// docParts lays out the submitted document like 核对申报信息, with a place
// for remarks on every field, text and table row: each line, text and row
// of the document names the field or row it shows.
func docParts(v service.ReviewView, remarks []remarkView) ([]docPart, []remarkView) {
	t := form.TypeOf(v.App.TypeCode)
	pl := &remarkPlacer{remarks: remarks, placed: make([]bool, len(remarks))}
	var parts []docPart
	for _, part := range v.Doc.Parts {
		var sec *form.Section
		if t != nil {
			sec = t.Section(part.Key)
		}
		parts = append(parts, docPartOf(v, part, sec, pl))
	}
	return parts, pl.rest()
}

// docPartOf is one part of the document; sec is nil for the attachment
// index, which takes no remarks.
func docPartOf(
	v service.ReviewView,
	part docgen.Part,
	sec *form.Section,
	pl *remarkPlacer,
) docPart {
	dp := docPart{Key: part.Key, Heading: part.Heading, Notes: part.Notes}
	for _, l := range part.Fields {
		df := docField{Label: l.Label, Value: l.Value}
		df.Spot, df.Remarks = pl.field(sec, l.Field)
		dp.Fields = append(dp.Fields, df)
	}
	for _, tx := range part.Texts {
		dt := docText{Text: tx}
		dt.Spot, dt.Remarks = pl.field(sec, tx.Field)
		dp.Texts = append(dp.Texts, dt)
	}
	for _, tb := range part.Tables {
		dp.Tables = append(dp.Tables, docTableOf(v, tb, sec != nil, pl))
	}
	if sec != nil {
		in := service.RemarkInput{Section: sec.Key}
		dp.Spot = &remarkSpot{
			Key:     spotKey(in),
			Anchor:  spotAnchor(in),
			Section: sec.Key,
			Label:   sec.Title + "（整体）",
		}
		dp.Remarks = pl.take(
			func(r remarkView) bool { return r.Table == "" && r.Section == sec.Key },
		)
	}
	return dp
}

// docTableOf is a table of the document, its rows open to remarks when
// remarkable, the attachment index's lines linked to their files.
func docTableOf(v service.ReviewView, tb docgen.Table, remarkable bool, pl *remarkPlacer) docTable {
	dt := docTable{Key: tb.Key, Title: tb.Title, Intro: tb.Intro, Columns: tb.Columns}
	var cols []columnOption
	for _, c := range tb.Columns {
		if c.Field != nil {
			cols = append(cols, columnOption{Key: c.Field.Key, Label: c.Header})
		}
	}
	for n, row := range tb.Rows {
		dr := docRow{ID: row.ID}
		for ci, c := range row.Cells {
			cell := docCell{Text: c}
			if row.FileID != 0 && ci == 1 {
				cell.Href, cell.NewTab = fileLink(v, row.FileID)
			}
			dr.Cells = append(dr.Cells, cell)
		}
		if row.ID != 0 && remarkable {
			in := service.RemarkInput{Table: tb.Key, RowID: row.ID}
			dr.Anchor = spotAnchor(in)
			dr.Spot = &remarkSpot{Key: spotKey(in), Anchor: dr.Anchor, Table: tb.Key, RowID: row.ID,
				Label: tb.Title + " 第 " + strconv.Itoa(n+1) + " 行", Columns: cols}
			dr.Remarks = pl.take(
				func(r remarkView) bool { return r.Table == tb.Key && r.RowID == row.ID },
			)
		}
		dt.Rows = append(dt.Rows, dr)
	}
	return dt
}

// remarkPlacer hands each remark to the first place that claims it; the
// rest are listed after the document.
type remarkPlacer struct {
	remarks []remarkView
	placed  []bool
}

func (pl *remarkPlacer) take(match func(r remarkView) bool) []remarkView {
	var out []remarkView
	for i, r := range pl.remarks {
		if !pl.placed[i] && match(r) {
			pl.placed[i] = true
			out = append(out, r)
		}
	}
	return out
}

// field is the place for remarks on a section's field, and the remarks
// on it; none when the section or the field is unknown.
func (pl *remarkPlacer) field(sec *form.Section, key string) (*remarkSpot, []remarkView) {
	if sec == nil || key == "" {
		return nil, nil
	}
	f := sec.Field(key)
	if f == nil {
		return nil, nil
	}
	in := service.RemarkInput{Section: sec.Key, Field: f.Key}
	spot := &remarkSpot{Key: spotKey(in), Anchor: spotAnchor(in), Section: sec.Key, Field: f.Key,
		Label: sec.Title + " · " + f.Label}
	return spot, pl.take(
		func(r remarkView) bool { return r.Table == "" && r.Section == sec.Key && r.Field == f.Key },
	)
}

func (pl *remarkPlacer) rest() []remarkView {
	var out []remarkView
	for i, r := range pl.remarks {
		if !pl.placed[i] {
			out = append(out, r)
		}
	}
	return out
}

// fileLink is the address of a submitted file, and whether browsers show
// it themselves (PDF and images) rather than download it.
func fileLink(v service.ReviewView, fileID int64) (string, bool) {
	for _, f := range v.Files {
		if f.ID == fileID {
			href := "/review/" + strconv.FormatInt(
				v.App.ID,
				10,
			) + "/files/" + strconv.FormatInt(
				f.ID,
				10,
			)
			return href, inlineType(f.ContentType)
		}
	}
	return "", false
}

// inlineType reports whether browsers show a file of this type themselves.
func inlineType(ct string) bool {
	return ct == "application/pdf" || ct == "image/png" || ct == "image/jpeg"
}
