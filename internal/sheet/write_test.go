package sheet_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"hatch/internal/sheet"
)

func TestReportXLSX(t *testing.T) {
	r := sheet.Report{Sheet: "推荐表", Title: "申报国家备案众创空间推荐表", Note: "推荐单位（盖章）：北京市科学技术委员会",
		Columns: []sheet.Column{sheet.Col("序号", 6), sheet.Col("众创空间名称", 26), sheet.Col("评审分数", 10)},
		Rows:    [][]any{{1, "启明星众创空间", 88.5}, {2, "𠀀号创客空间\n第二行", ""}}, Wrap: true}
	data, err := r.XLSX()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("reads back through the importer's reader", func(t *testing.T) {
		got, err := sheet.ReadFrom(bytes.NewReader(data), "r.xlsx")
		if err != nil {
			t.Fatal(err)
		}
		want := []sheet.Row{
			{Line: 1, Cells: []string{"申报国家备案众创空间推荐表"}},
			{Line: 2, Cells: []string{"推荐单位（盖章）：北京市科学技术委员会"}},
			{Line: 3, Cells: []string{"序号", "众创空间名称", "评审分数"}},
			{Line: 4, Cells: []string{"1", "启明星众创空间", "88.5"}},
			{Line: 5, Cells: []string{"2", "𠀀号创客空间\n第二行"}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("rows (-want +got):\n%s", diff)
		}
	})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t.Run("the header stays in view and pages print landscape", func(t *testing.T) {
		panes, err := f.GetPanes("推荐表")
		if err != nil || !panes.Freeze || panes.YSplit != 3 {
			t.Fatalf("panes = %+v, %v", panes, err)
		}
		layout, err := f.GetPageLayout("推荐表")
		if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" {
			t.Fatalf("layout = %+v, %v", layout, err)
		}
	})
	t.Run("pages fit the width and repeat the title and header rows", func(t *testing.T) {
		layout, err := f.GetPageLayout("推荐表")
		if err != nil || layout.FitToWidth == nil || *layout.FitToWidth != 1 || layout.FitToHeight == nil || *layout.FitToHeight != 0 {
			t.Fatalf("layout = %+v, %v", layout, err)
		}
		props, err := f.GetSheetProps("推荐表")
		if err != nil || props.FitToPage == nil || !*props.FitToPage {
			t.Fatalf("props = %+v, %v", props, err)
		}
		var titles []string
		for _, n := range f.GetDefinedName() {
			if n.Name == "_xlnm.Print_Titles" && n.Scope == "推荐表" {
				titles = append(titles, n.RefersTo)
			}
		}
		if len(titles) != 1 || titles[0] != "'推荐表'!$1:$3" {
			t.Fatalf("print titles = %q", titles)
		}
	})
	t.Run("columns take their widths and the title spans them", func(t *testing.T) {
		if w, _ := f.GetColWidth("推荐表", "B"); w != 26 {
			t.Errorf("column B is %v wide, want 26", w)
		}
		merged, _ := f.GetMergeCells("推荐表")
		if len(merged) < 2 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "C1" {
			t.Errorf("merged cells = %v", merged)
		}
	})
	t.Run("an empty report says so under the header", func(t *testing.T) {
		r.Rows, r.Empty = nil, "（没有审核中或已推荐的申报）"
		data, err := r.XLSX()
		if err != nil {
			t.Fatal(err)
		}
		got, _ := sheet.ReadFrom(bytes.NewReader(data), "r.xlsx")
		if len(got) != 4 || got[3].Cell(0) != r.Empty {
			t.Fatalf("rows = %+v", got)
		}
	})
}
