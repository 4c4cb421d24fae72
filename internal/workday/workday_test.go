package workday_test

import (
	"errors"
	"testing"
	"time"

	"hatch/internal/workday"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestEveryYearFrom2021IsKnown(t *testing.T) {
	got := workday.Default().Years()
	for y := 2021; y <= 2026; y++ {
		found := false
		for _, g := range got {
			found = found || g == y
		}
		if !found {
			t.Errorf("%d is not in the calendar (%v)", y, got)
		}
	}
}

func TestIsWorkday(t *testing.T) {
	c := workday.Default()
	for _, tt := range []struct {
		name, date string
		want       bool
	}{
		{"an ordinary Monday works", "2021-11-22", true},
		{"an ordinary Saturday rests", "2021-11-20", false},
		{"National Day, a Friday, rests", "2021-10-01", false},
		{"a weekday of the National Day holiday rests", "2021-10-06", false},
		{"the Saturday worked after National Day works", "2021-10-09", true},
		{"the Sunday worked before National Day works", "2021-09-26", true},
		{"the Saturday worked before Mid-Autumn works", "2021-09-18", true},
		{"Spring Festival's eve 2025 rests", "2025-01-28", false},
		{"the Sunday worked before Spring Festival 2025 works", "2025-01-26", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := c.IsWorkday(day(tt.date))
			if err != nil || got != tt.want {
				t.Errorf("IsWorkday(%s) = %v, %v; want %v", tt.date, got, err, tt.want)
			}
		})
	}
}

func TestFiveWorkingDays(t *testing.T) {
	c := workday.Default()
	for _, tt := range []struct {
		name, start, end string
	}{
		{"a week without holidays ends on Friday", "2021-11-22", "2021-11-26"},
		{"starting on a Saturday, the period begins on Monday", "2021-11-20", "2021-11-26"},
		{"across National Day 2021: 9-28, 9-29, 9-30, 10-8 and the worked Saturday 10-9", "2021-09-28", "2021-10-09"},
		{"the worked Sunday before National Day counts", "2021-09-26", "2021-09-30"},
		{"across the year's end into January", "2021-12-27", "2021-12-31"},
		{"across the 2023 New Year holiday", "2022-12-29", "2023-01-05"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			end, err := c.End(day(tt.start), 5)
			if err != nil || !end.Equal(day(tt.end)) {
				t.Errorf("End(%s, 5) = %s, %v; want %s", tt.start, end.Format(time.DateOnly), err, tt.end)
			}
			if n, err := c.Count(day(tt.start), end); err != nil || n != 5 {
				t.Errorf("Count(%s, %s) = %d, %v; want 5", tt.start, tt.end, n, err)
			}
		})
	}
}

func TestAYearNotEnteredIsAnError(t *testing.T) {
	_, err := workday.Default().End(day("2030-03-02"), 5)
	var unknown workday.UnknownYearError
	if !errors.As(err, &unknown) || unknown.Year != 2030 {
		t.Fatalf("End in 2030: %v; want the year named as unknown", err)
	}
}

func TestACorrectionReplacesItsYearOnly(t *testing.T) {
	y, err := workday.Parse(2030, "# 测试\n2030-10-01\t休\t国庆节\n2030-10-05\t班\t国庆节调休上班\n")
	if err != nil {
		t.Fatal(err)
	}
	base := workday.Default()
	c := base.With(2030, y)
	if ok, err := c.IsWorkday(day("2030-10-01")); err != nil || ok {
		t.Errorf("2030-10-01 in the corrected calendar: %v, %v; want a holiday", ok, err)
	}
	if ok, err := c.IsWorkday(day("2030-10-05")); err != nil || !ok {
		t.Errorf("2030-10-05 (a worked Saturday): %v, %v", ok, err)
	}
	if _, err := base.IsWorkday(day("2030-10-01")); err == nil {
		t.Error("the correction changed the calendar it was made from")
	}
}

func TestParseRefusesWhatIsNoArrangement(t *testing.T) {
	for _, tt := range []struct{ name, text string }{
		{"a date of another year", "2031-01-01\t休\t元旦\n"},
		{"a worked day that is a weekday", "2030-01-02\t班\t元旦调休上班\n"},
		{"a day listed twice", "2030-01-01\t休\t元旦\n2030-01-01\t休\t元旦\n"},
		{"a kind neither 休 nor 班", "2030-01-01\t放\t元旦\n"},
		{"two columns", "2030-01-01\t休\n"},
		{"a date not in YYYY-MM-DD", "2030/1/1\t休\t元旦\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := workday.Parse(2030, tt.text); err == nil {
				t.Error("accepted")
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	f.Add("2030-10-01\t休\t国庆节\n")
	f.Add("# x\n\n2030-10-05\t班\t调休\n")
	f.Fuzz(func(t *testing.T, text string) {
		y, err := workday.Parse(2030, text)
		if err != nil {
			return
		}
		for d := range y.On {
			if _, off := y.Off[d]; off {
				t.Fatalf("%s is both 休 and 班", d)
			}
		}
	})
}
