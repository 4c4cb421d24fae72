package domain_test

import (
	"strconv"
	"strings"
	"testing"

	"hatch/internal/domain"
)

// logOf builds a review log from "from>to" moves and "at:action" records.
func logOf(moves ...string) []domain.ReviewStep {
	var out []domain.ReviewStep
	for i, m := range moves {
		st := domain.ReviewStep{ID: int64(i + 1)}
		if from, to, ok := strings.Cut(m, ">"); ok {
			st.From, st.To = domain.AppStatus(from), domain.AppStatus(to)
		} else {
			at, _, _ := strings.Cut(m, ":")
			st.From, st.To = domain.AppStatus(at), domain.AppStatus(at)
		}
		out = append(out, st)
	}
	return out
}

// passCode writes a stage's passes as the ids of the steps that ended
// them, "." for a pass still open: "1,4." is ended by step 1, ended by
// step 4, open.
func passCode(st domain.Stage) string {
	var sb strings.Builder
	for i, p := range st.Passes {
		if i > 0 && p.End != nil {
			sb.WriteString(",")
		}
		if p.End == nil {
			sb.WriteString(".")
		} else {
			sb.WriteString(strconv.FormatInt(p.End.ID, 10))
		}
	}
	return sb.String()
}

func TestProgressOfKeepsEveryPass(t *testing.T) {
	// Marks: D done, C current, S stopped, A reached before and due again,
	// - never reached. Passes: per stage, as passCode writes them.
	tests := []struct {
		name   string
		s      domain.AppStatus
		city   bool
		log    []domain.ReviewStep
		marks  string
		passes string
	}{
		{"with no log it is Progress, the draft's pass open", domain.AppDraft, true, nil,
			"C------", ".||||||"},
		{"a return at the province keeps the city's recommendation and the return", domain.AppReturned, true,
			logOf("draft>city_review", "city_review>province_review", "province_review>returned"),
			"CAA----", "1.|2|3||||"},
		{"after resubmission the city's second pass is current and the province is due again", domain.AppCityReview, true,
			logOf("draft>city_review", "city_review>province_review", "province_review>returned", "returned>city_review"),
			"DCA----", "1,4|2.|3||||"},
		{"a second return by the city leaves the province as it was", domain.AppReturned, true,
			logOf("draft>city_review", "city_review>province_review", "province_review>returned",
				"returned>city_review", "city_review>returned"),
			"CAA----", "1,4.|2,5|3||||"},
		{"steps that only record stay in the open pass", domain.AppProvinceReview, false,
			logOf("draft>province_review", "province_review:paper_check", "province_review:score"),
			"DC----", "1|.||||"},
		{"a chain once at the city level keeps that stage and its pass when the setting is off", domain.AppProvinceReview, false,
			logOf("draft>city_review", "city_review>returned", "returned>province_review"),
			"DDC----", "1,3|2|.||||"},
		{"未通过 after a 公示 stops at 公示", domain.AppNotFiled, false,
			logOf("draft>province_review", "province_review>formal_review", "formal_review>expert_review",
				"expert_review>publicity", "publicity>not_filed"),
			"DDDDS-", "1|2|3|4|5|"},
		{"未通过 without a 公示 stops at 专家评审", domain.AppNotFiled, false,
			logOf("draft>province_review", "province_review>formal_review", "formal_review>expert_review",
				"expert_review>not_filed"),
			"DDDS--", "1|2|3|4||"},
		{"a city's 不推荐 stops there", domain.AppCityRejected, true,
			logOf("draft>city_review", "city_review>city_rejected"),
			"DS-----", "1|2|||||"},
		{"备案 completes every stage", domain.AppFiled, false,
			logOf("draft>province_review", "province_review>formal_review", "formal_review>expert_review",
				"expert_review>publicity", "publicity>filed"),
			"DDDDDD", "1|2|3|4|5|"},
	}
	letters := map[domain.Mark]string{domain.MarkDone: "D", domain.MarkCurrent: "C", domain.MarkStopped: "S",
		domain.MarkAgain: "A", domain.MarkPending: "-"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var marks strings.Builder
			var passes []string
			for _, st := range mk.ProgressOf(tt.s, tt.city, tt.log) {
				marks.WriteString(letters[st.Mark])
				passes = append(passes, passCode(st))
			}
			if marks.String() != tt.marks {
				t.Errorf("marks = %s; want %s", marks.String(), tt.marks)
			}
			if got := strings.Join(passes, "|"); got != tt.passes {
				t.Errorf("passes = %s; want %s", got, tt.passes)
			}
		})
	}
}
