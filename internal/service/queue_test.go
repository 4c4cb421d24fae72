package service_test

import (
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/region"
	"hatch/internal/service"
)

func TestQueueOptionsParse(t *testing.T) {
	o := service.QueueOptions{
		Statuses:  []domain.AppStatus{domain.AppCityReview, domain.AppProvinceReview},
		Rounds:    []domain.Round{{ID: 7}},
		Areas:     []region.Region{{Code: "110108"}},
		HostTypes: []string{"高校"},
	}
	tests := []struct {
		name    string
		in      service.QueueInput
		want    service.QueueFilter
		refused []string
	}{
		{"nothing typed is the first page of everything", service.QueueInput{}, service.QueueFilter{Page: 1}, nil},
		{"the department's own choices are kept",
			service.QueueInput{Status: "city_review", Round: "7", Area: "110108", HostType: "高校", Search: "  启明  ", Page: "3"},
			service.QueueFilter{Status: domain.AppCityReview, RoundID: 7, Area: "110108", HostType: "高校", Search: "启明", Page: 3}, nil},
		{"choices the department does not have are dropped and named",
			service.QueueInput{Status: "filed", Round: "8", Area: "350200", HostType: "外星", Page: "0"},
			service.QueueFilter{Page: 1}, []string{"status", "round", "area", "host_type", "page"}},
		{"garbage is dropped and named", service.QueueInput{Round: "七", Page: "二"}, service.QueueFilter{Page: 1},
			[]string{"round", "page"}},
		{"a long search is cut to 100 characters", service.QueueInput{Search: strings.Repeat("众", 150)},
			service.QueueFilter{Search: strings.Repeat("众", 100), Page: 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, fe := o.Parse(tt.in)
			if got != tt.want {
				t.Errorf("filter = %+v, want %+v", got, tt.want)
			}
			if len(fe) != len(tt.refused) {
				t.Fatalf("refused %+v, want %v", fe, tt.refused)
			}
			for _, f := range tt.refused {
				if !fe.Has(f) {
					t.Errorf("%s not refused: %+v", f, fe)
				}
			}
		})
	}
}
