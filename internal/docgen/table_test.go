package docgen

import (
	"math"
	"strings"
	"testing"
)

// TestLayoutColumns: the widths of a table's columns come from their
// content; each case is named by what the layout guarantees.
func TestLayoutColumns(t *testing.T) {
	const pad = 2 * cellPadX
	tests := []struct {
		name  string
		cols  []column
		avail float64 // text widths plus padding
		want  []float64
	}{
		{
			name:  "every value fits on one line: each column its most, the rest in proportion",
			cols:  []column{{least: 10, most: 20}, {least: 10, most: 60}},
			avail: 100 + 2*pad,
			want:  []float64{25 + pad, 75 + pad},
		},
		{
			name:  "a short column is set on one line before a long one wraps",
			cols:  []column{{least: 17, most: 25}, {least: 17, most: 200}},
			avail: 150 + 2*pad,
			want:  []float64{25 + pad, 125 + pad},
		},
		{
			name: "long columns wrap in as few lines as fit, evenly",
			cols: []column{{least: 10, most: 100}, {least: 10, most: 200}},
			// k = 2: 50 and 100; the spare 30 goes in proportion.
			avail: 180 + 2*pad,
			want:  []float64{60 + pad, 120 + pad},
		},
		{
			name:  "no column is narrower than its widest unbreakable piece",
			cols:  []column{{least: 60, most: 80}, {least: 10, most: 200}},
			avail: 100 + 2*pad,
			want:  []float64{60 + pad, 40 + pad},
		},
		{
			name: "squeezed, whole columns keep their width and the others their headers'",
			cols: []column{{least: 50, most: 50, whole: true}, {least: 100, most: 200, floor: 20},
				{least: 40, most: 200, floor: 20}},
			// whole 55, floors 25 + 25, the 30 left shared as 80 : 20.
			avail: 135,
			want:  []float64{55, 25 + 24, 25 + 6},
		},
		{
			name:  "whole columns too wide together are scaled, their values set smaller",
			cols:  []column{{least: 100, whole: true}, {least: 100, whole: true}},
			avail: 105,
			want:  []float64{52.5, 52.5},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := layoutColumns(tt.cols, tt.avail, 10)
			total := 0.0
			for i := range got {
				total += got[i]
				if math.Abs(got[i]-tt.want[i]) > 0.01 {
					t.Errorf("widths %v, want %v", got, tt.want)
					break
				}
			}
			if math.Abs(total-tt.avail) > 0.01 {
				t.Errorf("the widths add up to %v, not %v", total, tt.avail)
			}
		})
	}
}

// TestWholeCell: a value of a whole column is never broken: set smaller
// when wider than its column; only what cannot be such a value breaks.
func TestWholeCell(t *testing.T) {
	w, err := NewWriter(Info{})
	if err != nil {
		t.Fatal(err)
	}
	const uscc = "91110108MA0QM1010X"
	w.setFont(false, sizeTable)
	width := w.lineWidth(uscc)
	tests := []struct {
		name   string
		text   string
		inner  float64
		lines  int
		size   float64 // 0: smaller than the table's
		breaks bool
	}{
		{"a code that fits is one line at the table's size", uscc, width + 1, 1, sizeTable, false},
		{"a code wider than its column is one line, smaller", uscc, width * 0.8, 1, 0, false},
		{"an empty cell stays empty", "", 10, 0, sizeTable, false},
		{"a stray long text breaks like text", strings.Repeat("智能", 40), width, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := &grid{w: w, cols: []column{{whole: true}}, widths: []float64{tt.inner + 2*cellPadX},
				st: gridStyle{size: sizeTable}}
			c := g.cell(0, tt.text, false)
			if tt.breaks {
				if len(c.lines) < 2 || c.size != sizeTable {
					t.Errorf("%d lines at %v pt, want it broken at %v pt", len(c.lines), c.size, float64(sizeTable))
				}
				return
			}
			if len(c.lines) != tt.lines || (tt.lines == 1 && c.lines[0] != tt.text) {
				t.Errorf("lines %q, want %q whole", c.lines, tt.text)
			}
			if tt.size > 0 && c.size != tt.size {
				t.Errorf("size %v, want %v", c.size, tt.size)
			}
			if tt.size == 0 && (c.size >= sizeTable || width*c.size/sizeTable > tt.inner) {
				t.Errorf("size %v: %v pt wide in %v", c.size, width*c.size/sizeTable, tt.inner)
			}
		})
	}
}

func TestExtent(t *testing.T) {
	tests := []struct {
		text          string
		total, widest float64
	}{
		{"", 0, 0},
		{"一二三", 6, 2},
		{"ab cd", 5, 2},
		{"申报2025年度", 12, 6},   // 2025年
		{"2021年3月8日", 12, 12}, // one piece
		{"共1,000.5万元", 13, 9}, // 1,000.5万
		{"第 3 行", 7, 7},
	}
	for _, tt := range tests {
		total, widest := extent(tt.text, unitWidth)
		if total != tt.total || widest != tt.widest {
			t.Errorf("extent(%q) = %v, %v; want %v, %v", tt.text, total, widest, tt.total, tt.widest)
		}
	}
}
