package domain_test

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"hatch/internal/domain"
)

func TestParseScore(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  float64
		want float64
		msg  string // "" when it parses
	}{
		{"parsed/whole number", "18", 20, 18, ""},
		{"parsed/half point", "18.5", 20, 18.5, ""},
		{"parsed/zero", "0", 20, 0, ""},
		{"parsed/the maximum", "20", 20, 20, ""},
		{"parsed/full-width digits and point", "１７．５", 20, 17.5, ""},
		{"parsed/spaces around", " 7 ", 15, 7, ""},
		{"refused/above the maximum", "20.5", 20, 0, "分数应在0至20之间。"},
		{"refused/quarter point", "18.25", 20, 0, "分数只能精确到0.5，例如 8 或 8.5。"},
		{"refused/negative", "-1", 20, 0, "请填写0至20之间的分数，例如 8 或 8.5。"},
		{"refused/exponent", "1e1", 20, 0, "请填写0至20之间的分数，例如 8 或 8.5。"},
		{"refused/words", "十八", 20, 0, "请填写0至20之间的分数，例如 8 或 8.5。"},
		{"refused/empty", "", 20, 0, "请填写0至20之间的分数，例如 8 或 8.5。"},
		{"refused/two points", "1.2.3", 20, 0, "请填写0至20之间的分数，例如 8 或 8.5。"},
		{"refused/infinity", "Inf", 20, 0, "请填写0至20之间的分数，例如 8 或 8.5。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := domain.ParseScore(tt.in, tt.max)
			if tt.msg != "" {
				if err == nil || domain.Message(err) != tt.msg {
					t.Fatalf("ParseScore(%q) = %v, %v; want %q", tt.in, got, err, tt.msg)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("ParseScore(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

// FuzzParseScore: whatever is typed, a score that parses lies within the
// criterion and on a half point, and an error is an Invalid with a message.
func FuzzParseScore(f *testing.F) {
	for _, s := range []string{"18", "18.5", "１７．５", "", "1e3", "NaN", "-0", "20.0000001", ".5", "5."} {
		f.Add(s, 20.0)
	}
	f.Fuzz(func(t *testing.T, s string, max float64) {
		if !(max > 0 && max <= 100) {
			return
		}
		v, err := domain.ParseScore(s, max)
		if err != nil {
			if domain.KindOf(err) != domain.Invalid || domain.Message(err) == "" {
				t.Fatalf("ParseScore(%q, %v): error %v is not a user message", s, max, err)
			}
			return
		}
		if v < 0 || v > max || v*2 != float64(int(v*2)) {
			t.Fatalf("ParseScore(%q, %v) = %v: outside 0..max or not a half point", s, max, v)
		}
	})
}

func TestDefaultScoreSheetIsValid(t *testing.T) {
	if err := domain.DefaultScoreSheet().Check(); err != nil {
		t.Fatalf("default sheet: %v", err)
	}
}

func TestScoreSheetCheck(t *testing.T) {
	edit := func(fn func(domain.ScoreSheet) domain.ScoreSheet) domain.ScoreSheet {
		return fn(slices.Clone(domain.DefaultScoreSheet()))
	}
	tests := []struct {
		name  string
		sheet domain.ScoreSheet
		field string // "" when valid
		msg   string
	}{
		{"valid/default", domain.DefaultScoreSheet(), "", ""},
		{"valid/one criterion of 100", domain.ScoreSheet{{Key: "all", Name: "综合", Max: 100}}, "", ""},
		{"refused/empty", domain.ScoreSheet{}, "criteria", "评分表至少需要一个评分项。"},
		{"refused/sum not 100", edit(func(s domain.ScoreSheet) domain.ScoreSheet { s[0].Max = 19.5; return s }),
			"criteria", "各评分项满分之和应为100，现为99.5。"},
		{"refused/duplicate key", edit(func(s domain.ScoreSheet) domain.ScoreSheet { s[1].Key = s[0].Key; return s }),
			"criteria.2.key", "第2项的代码“team”与前面的评分项重复。"},
		{"refused/bad key", edit(func(s domain.ScoreSheet) domain.ScoreSheet { s[0].Key = "团队"; return s }),
			"criteria.1.key", "第1项的代码应为1至20位字母、数字或下划线。"},
		{"refused/blank name", edit(func(s domain.ScoreSheet) domain.ScoreSheet { s[2].Name = " "; return s }),
			"criteria.3.name", "第3项请填写名称，不超过30字。"},
		{"refused/zero maximum", edit(func(s domain.ScoreSheet) domain.ScoreSheet { s[4].Max = 0; s[3].Max = 30; return s }),
			"criteria.5.max", "第5项的满分应为正数，可精确到0.5。"},
		{"refused/maximum off the half point", edit(func(s domain.ScoreSheet) domain.ScoreSheet { s[0].Max = 20.3; s[1].Max = 24.7; return s }),
			"criteria.1.max", "第1项的满分应为正数，可精确到0.5。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.sheet.Check()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			fe := domain.FieldsOf(err)
			if !fe.Has(tt.field) || !strings.Contains(fmtFields(fe), tt.msg) {
				t.Fatalf("Check = %+v; want %q on %s", fe, tt.msg, tt.field)
			}
		})
	}
}

func fmtFields(fe domain.FieldErrors) string {
	var b strings.Builder
	for _, f := range fe {
		b.WriteString(f.Message)
	}
	return b.String()
}

func TestSheetScores(t *testing.T) {
	sheet := domain.DefaultScoreSheet()
	full := map[string]string{"team": "18", "service": "20.5", "incubation": "22", "space": "12", "feature": "10"}
	tests := []struct {
		name     string
		scores   map[string]string
		complete bool
		total    float64
		field    string // "" when accepted
	}{
		{"accepted/complete sheet", full, true, 82.5, ""},
		{"accepted/draft with gaps", map[string]string{"team": "18"}, false, 18, ""},
		{"refused/submission with a gap", map[string]string{"team": "18"}, true, 0, "score.service"},
		{"refused/above a criterion's maximum", map[string]string{"space": "16"}, false, 0, "score.space"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			total, err := sheet.SheetScores(tt.scores, tt.complete)
			if tt.field != "" {
				if !domain.FieldsOf(err).Has(tt.field) {
					t.Fatalf("SheetScores = %v, %v; want a message on %s", total, err, tt.field)
				}
				return
			}
			if err != nil || total != tt.total {
				t.Fatalf("SheetScores = %v, %v; want %v", total, err, tt.total)
			}
		})
	}
}

func TestPanelStatistics(t *testing.T) {
	tests := []struct {
		name     string
		p        domain.Panel
		avg      float64
		ok       bool
		spread   float64
		outliers []int
		pending  int
	}{
		{"none/no sheets", domain.Panel{Assigned: 2}, 0, false, 0, nil, 2},
		{"agree/three close sheets", domain.Panel{Assigned: 3, Totals: []float64{80, 84, 86}}, 83.33, true, 6, nil, 0},
		{"outlier/one far from the median", domain.Panel{Assigned: 4, Recused: 1, Totals: []float64{85, 88, 60}}, 77.67, true, 28, []int{2}, 0},
		{"outlier/just over the gap", domain.Panel{Assigned: 3, Totals: []float64{80, 80, 95.5}}, 85.17, true, 15.5, []int{2}, 0},
		{"agree/exactly the gap is not an outlier", domain.Panel{Assigned: 3, Totals: []float64{80, 80, 95}}, 85, true, 15, nil, 0},
		{"none/two sheets never outliers", domain.Panel{Assigned: 2, Totals: []float64{50, 90}}, 70, true, 40, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			avg, ok := tt.p.Average()
			if avg != tt.avg || ok != tt.ok {
				t.Errorf("Average = %v, %v; want %v, %v", avg, ok, tt.avg, tt.ok)
			}
			if s := tt.p.Spread(); s != tt.spread {
				t.Errorf("Spread = %v; want %v", s, tt.spread)
			}
			if o := tt.p.Outliers(); !slices.Equal(o, tt.outliers) {
				t.Errorf("Outliers = %v; want %v", o, tt.outliers)
			}
			if n := tt.p.Pending(); n != tt.pending {
				t.Errorf("Pending = %d; want %d", n, tt.pending)
			}
		})
	}
}

func TestExpertConflicts(t *testing.T) {
	e := domain.Expert{Employer: "长沙市 创新 科技有限公司", RegionCode: "430104"}
	tests := []struct {
		name  string
		app   string
		names []string
		want  []string
	}{
		{"flagged/same city", "430111", []string{"湘潭某公司"}, []string{"与申报单位同在一个地市"}},
		{"flagged/employer is the applicant", "430300", []string{"长沙市创新科技有限公司"}, []string{"工作单位即申报单位或运营主体"}},
		{"flagged/both", "430100", []string{"x", "长沙市创新科技有限公司"}, []string{"与申报单位同在一个地市", "工作单位即申报单位或运营主体"}},
		{"clear/another city, another employer", "430300", []string{"湘潭创客空间"}, nil},
		{"clear/same province is not a conflict", "430200", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := domain.ExpertConflicts(e, tt.app, tt.names...); !slices.Equal(got, tt.want) {
				t.Errorf("ExpertConflicts = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestDrawEven(t *testing.T) {
	pool := []int64{1, 2, 3, 4, 5, 6, 7}
	t.Run("even/loads differ by at most one across twelve applications", func(t *testing.T) {
		var slots []domain.DrawSlot
		for app := int64(1); app <= 12; app++ {
			slots = append(slots, domain.DrawSlot{AppID: app, Need: 3, Eligible: pool})
		}
		load := map[int64]int{}
		got := domain.DrawEven(slots, load, rand.New(rand.NewPCG(1, 2)))
		for app, ids := range got {
			if len(ids) != 3 || len(slices.Compact(slices.Clone(ids))) != 3 {
				t.Fatalf("app %d drew %v; want three different experts", app, ids)
			}
		}
		var loads []int
		for _, id := range pool {
			loads = append(loads, load[id])
		}
		if slices.Max(loads)-slices.Min(loads) > 1 {
			t.Fatalf("loads %v differ by more than one", loads)
		}
	})
	t.Run("even/an existing load is evened out first", func(t *testing.T) {
		load := map[int64]int{1: 2, 2: 2}
		got := domain.DrawEven([]domain.DrawSlot{{AppID: 9, Need: 2, Eligible: []int64{1, 2, 3, 4}}}, load, rand.New(rand.NewPCG(3, 4)))
		if !slices.Equal(got[9], []int64{3, 4}) {
			t.Fatalf("drew %v; want the unloaded 3 and 4", got[9])
		}
	})
	t.Run("even/the most constrained application draws first", func(t *testing.T) {
		// Application 1 may have only 1–3 and needs 3; application 2 may
		// have anyone and needs 1. Drawn in the order given, 2 could take
		// one of 1–3 and leave 4 idle while one of 1–3 works twice.
		load := map[int64]int{}
		slots := []domain.DrawSlot{{AppID: 2, Need: 1, Eligible: []int64{1, 2, 3, 4}}, {AppID: 1, Need: 3, Eligible: []int64{1, 2, 3}}}
		got := domain.DrawEven(slots, load, rand.New(rand.NewPCG(7, 8)))
		if !slices.Equal(got[1], []int64{1, 2, 3}) || !slices.Equal(got[2], []int64{4}) {
			t.Fatalf("drew %v", got)
		}
	})
	t.Run("refused/too few eligible experts draws none", func(t *testing.T) {
		load := map[int64]int{}
		got := domain.DrawEven([]domain.DrawSlot{{AppID: 9, Need: 3, Eligible: []int64{1, 2}}}, load, rand.New(rand.NewPCG(3, 4)))
		if got[9] != nil || len(load) != 0 {
			t.Fatalf("drew %v, load %v; want nothing", got[9], load)
		}
	})
	t.Run("deterministic/the same seed draws the same", func(t *testing.T) {
		slots := []domain.DrawSlot{{AppID: 1, Need: 2, Eligible: pool}, {AppID: 2, Need: 2, Eligible: pool}}
		a := domain.DrawEven(slots, map[int64]int{}, rand.New(rand.NewPCG(5, 6)))
		b := domain.DrawEven(slots, map[int64]int{}, rand.New(rand.NewPCG(5, 6)))
		if !slices.Equal(a[1], b[1]) || !slices.Equal(a[2], b[2]) {
			t.Fatalf("draws %v and %v differ", a, b)
		}
	})
}
