package service

import (
	"testing"
	"time"

	"hatch/internal/domain"
)

// TestCoversCountiesByTheirCity: an application's 所属区市 may be a county
// since the cascade has three levels; a 市科技局 covers its counties, a
// 区科技局 only its own district, whatever level the application chose.
func TestCoversCountiesByTheirCity(t *testing.T) {
	fuzhou := domain.Department{Level: domain.LevelCity, RegionCode: "350100"}
	gulou := domain.Department{Level: domain.LevelCity, RegionCode: "350102"}
	haidian := domain.Department{Level: domain.LevelCity, RegionCode: "110108"}
	for _, tt := range []struct {
		name string
		dept domain.Department
		app  string
		want bool
	}{
		{"a city covers its county", fuzhou, "350102", true},
		{"a city covers an application that chose the city alone", fuzhou, "350100", true},
		{"a city does not cover another city's county", fuzhou, "350203", false},
		{"a city does not cover the province alone", fuzhou, "350000", false},
		{"a district covers itself", gulou, "350102", true},
		{"a district does not cover its neighbour", gulou, "350103", false},
		{"a district does not cover its city chosen alone", gulou, "350100", false},
		{"a municipality's district covers itself", haidian, "110108", true},
		{"a municipality's district does not cover another", haidian, "110105", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			app := domain.Application{RegionCode: tt.app, CityLevel: true,
				SubmittedAt: time.Date(2021, 11, 15, 9, 0, 0, 0, time.UTC)}
			if got := sees(tt.dept, app); got != tt.want {
				t.Errorf("sees(%s, %s) = %v, want %v", tt.dept.RegionCode, tt.app, got, tt.want)
			}
		})
	}
}
