package form_test

import (
	"testing"

	"hatch/internal/form"
)

func TestFigures(t *testing.T) {
	tests := []struct {
		name string
		edit func(f *fixture)
		want form.Figures
	}{
		// The fixture: one venue of 600 m² and 40 stations; 20 teams moved in
		// during the window, 10 of them registered as enterprises in it (the
		// enterprises they became did not move in again); 3 enterprises moved
		// in directly, each financed; 12 activities.
		{"the fixture's figures", func(*fixture) {}, form.Figures{Area: 600, Stations: 40, Settled: 23, Converted: 10, Financed: 3, Activities: 12}},
		{"an activity before the window is not counted", func(f *fixture) {
			f.add("activities", activity(0, "2020-01-01").Data, "proof")
		}, form.Figures{Area: 600, Stations: 40, Settled: 23, Converted: 10, Financed: 3, Activities: 12}},
		{"a second venue adds its area and stations", func(f *fixture) {
			f.add("venues", venue(0).Data, "proof")
		}, form.Figures{Area: 1200, Stations: 80, Settled: 23, Converted: 10, Financed: 3, Activities: 12}},
		{"a team without its agreement has not settled", func(f *fixture) {
			f.add("teams", completeTeam(0, "在孵").Data)
		}, form.Figures{Area: 600, Stations: 40, Settled: 23, Converted: 10, Financed: 3, Activities: 12}},
		{"a team with its agreement has", func(f *fixture) {
			f.add("teams", completeTeam(0, "在孵").Data, "agreement")
		}, form.Figures{Area: 600, Stations: 40, Settled: 24, Converted: 10, Financed: 3, Activities: 12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture()
			tt.edit(f)
			if got := f.app().Figures(); got != tt.want {
				t.Errorf("figures %+v, want %+v", got, tt.want)
			}
		})
	}
}
