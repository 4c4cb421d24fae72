package domain_test

import (
	"testing"

	"hatch/internal/domain"
)

// The incubator chain's province uploads the signed 专家评审意见 with its
// 专家评审 and the 实地核查报告 with its 实地核查; no other step of any chain
// takes files, and a makerspace's 专家评审 takes none.
func TestStepFileSlots(t *testing.T) {
	tests := []struct {
		name string
		c    *domain.Chain
		act  domain.Action
		l    domain.Level
		want []string
	}{
		{"incubator province score takes the expert opinion", inc, domain.ActScore, domain.LevelProvince, []string{"expert_opinion"}},
		{"incubator site check takes the report", inc, domain.ActSiteCheck, domain.LevelProvince, []string{"site_report"}},
		{"incubator torch score takes none", inc, domain.ActScore, domain.LevelTorch, nil},
		{"incubator recommend takes none", inc, domain.ActRecommend, domain.LevelProvince, nil},
		{"makerspace province score takes none", mk, domain.ActScore, domain.LevelProvince, nil},
		{"exemption 核定 takes none", exm, domain.ActRecommend, domain.LevelProvince, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range tt.c.FilesOf(tt.act, tt.l) {
				got = append(got, f.Key)
				if f.Label == "" || !f.Required {
					t.Errorf("slot %q: label %q, required %v", f.Key, f.Label, f.Required)
				}
			}
			if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
				t.Errorf("FilesOf = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestStepFilesChecked(t *testing.T) {
	site := func(comment string, files map[string]int) domain.Input {
		return domain.Input{Comment: comment, Files: files}
	}
	tests := []struct {
		name    string
		in      domain.Input
		fields  []string // the fields with a message, in order; none when recorded
		message string
	}{
		{"recorded/one report", site("一致。", map[string]int{"site_report": 1}), nil, ""},
		{"recorded/a scan of several pages", site("一致。", map[string]int{"site_report": domain.MaxStepFiles}), nil, ""},
		{"recorded/a file for a slot the step lacks is ignored", site("一致。", map[string]int{"site_report": 1, "other": 2}), nil, ""},
		{"refused/no report", site("一致。", nil), []string{"file-site_report"}, "实地核查须上传实地核查报告。"},
		{"refused/zero files counted", site("一致。", map[string]int{"site_report": 0}), []string{"file-site_report"}, "实地核查须上传实地核查报告。"},
		{"refused/too many files", site("一致。", map[string]int{"site_report": domain.MaxStepFiles + 1}), []string{"file-site_report"},
			"实地核查报告最多上传 20 个文件，多页的扫描件请合并为一个 PDF。"},
		{"refused/no comment and no report: both named", site(" ", nil), []string{"comment", "file-site_report"},
			"提交的信息有误，请按提示修改。"},
	}
	f := goodFacts(true)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := inc.Next(domain.AppProvinceReview, domain.ActSiteCheck, provinceBy, f, tt.in)
			if tt.fields == nil {
				if err != nil || st.Action != domain.ActSiteCheck {
					t.Fatalf("Next = %+v, %v", st, err)
				}
				return
			}
			if domain.KindOf(err) != domain.Invalid || domain.Message(err) != tt.message {
				t.Fatalf("Next: %v; want %q", err, tt.message)
			}
			fe := domain.FieldsOf(err)
			if len(fe) != len(tt.fields) {
				t.Fatalf("fields %+v; want %v", fe, tt.fields)
			}
			for i, name := range tt.fields {
				if fe[i].Field != name {
					t.Errorf("field %d = %q; want %q", i, fe[i].Field, name)
				}
			}
			// CheckInput names the same problems without the facts.
			if got := inc.CheckInput(domain.ActSiteCheck, provinceBy, tt.in); len(got) != len(fe) {
				t.Errorf("CheckInput = %+v; want %+v", got, fe)
			}
		})
	}
}

// A 专家评审 without the signed opinion is refused before the score is
// looked at, and the transitions a help page reads keep their slots.
func TestExpertOpinionRequired(t *testing.T) {
	_, err := inc.Next(domain.AppProvinceReview, domain.ActScore, provinceBy, goodFacts(true), domain.Input{Score: ptr(88)})
	if domain.Message(err) != "专家评审须上传专家评审意见。" || !domain.FieldsOf(err).Has("file-expert_opinion") {
		t.Fatalf("score without the opinion: %v", err)
	}
	if _, err := mk.Next(domain.AppProvinceReview, domain.ActScore, provinceBy, goodFacts(true), domain.Input{Score: ptr(88)}); err != nil {
		t.Fatalf("a makerspace score needs no file: %v", err)
	}
	for _, tr := range inc.Transitions() {
		if tr.Action == domain.ActSiteCheck && (len(tr.Files) != 1 || tr.RequiredFiles()[0] != "实地核查报告") {
			t.Errorf("Transitions lost the slots: %+v", tr.Files)
		}
	}
}
