// Package workday counts working days (工作日) as the State Council's
// holiday arrangements define them: Monday to Friday, except the public
// holidays, plus the weekend days worked in exchange (调休上班). A 公示
// lasts at least five of them.
//
// The arrangements are data, one file per year (data/YYYY.tsv, from each
// year's 国务院办公厅关于部分节假日安排的通知), and a year can be given
// again to correct it (Calendar.With). A date in a year the calendar does
// not know is an error, never a guess from weekdays alone: the rule is
// about holidays, and a guess would pass a 公示 that falls on one.
package workday

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed data/*.tsv
var files embed.FS

// Year is one year's arrangement: the days off (holidays, with the weekend
// days inside them) and the weekend days worked, each with the holiday's
// name.
type Year struct {
	Off, On map[string]string // YYYY-MM-DD → 节日
}

// Calendar is the arrangements of the years it knows. It is not changed
// after it is made, so it may be shared.
type Calendar struct {
	years map[int]Year
}

// Default is the calendar of the embedded files.
func Default() *Calendar { return defaultCalendar }

var defaultCalendar = func() *Calendar {
	c := &Calendar{years: map[int]Year{}}
	names, _ := fs.Glob(files, "data/*.tsv")
	for _, name := range names {
		body, _ := files.ReadFile(name)
		year, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "data/"), ".tsv"))
		y, err := Parse(year, string(body))
		if err != nil {
			panic("workday: " + name + ": " + err.Error()) // the tests read every file
		}
		c.years[year] = y
	}
	return c
}()

// Years lists the years the calendar knows, in order.
func (c *Calendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// With returns a calendar with year's arrangement replaced by y (a
// correction by 火炬中心), c itself unchanged.
func (c *Calendar) With(year int, y Year) *Calendar {
	out := &Calendar{years: make(map[int]Year, len(c.years)+1)}
	for k, v := range c.years {
		out.years[k] = v
	}
	out.years[year] = y
	return out
}

// Parse reads a year's file: one day per line, date<TAB>休|班<TAB>name,
// '#' starting a comment. Every date must lie in year; a 班 day must be a
// weekend day and a 休 day may not be listed twice.
func Parse(year int, text string) (Year, error) {
	y := Year{Off: map[string]string{}, On: map[string]string{}}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		col := strings.Split(line, "\t")
		if len(col) != 3 {
			return y, fmt.Errorf("第%d行应为“日期<TAB>休或班<TAB>节日”三列", i+1)
		}
		d, err := time.Parse(time.DateOnly, col[0])
		if err != nil || d.Year() != year {
			return y, fmt.Errorf("第%d行的日期“%s”不是%d年的日期（应按YYYY-MM-DD填写）", i+1, col[0], year)
		}
		if _, dup := y.Off[col[0]]; dup {
			return y, fmt.Errorf("第%d行的日期%s重复", i+1, col[0])
		}
		if _, dup := y.On[col[0]]; dup {
			return y, fmt.Errorf("第%d行的日期%s重复", i+1, col[0])
		}
		switch col[1] {
		case "休":
			y.Off[col[0]] = col[2]
		case "班":
			if !weekend(d) {
				return y, fmt.Errorf("第%d行：%s是工作日，不需要写作调休上班", i+1, col[0])
			}
			y.On[col[0]] = col[2]
		default:
			return y, fmt.Errorf("第%d行第二列应为“休”或“班”", i+1)
		}
	}
	return y, nil
}

func weekend(d time.Time) bool { return d.Weekday() == time.Saturday || d.Weekday() == time.Sunday }

// UnknownYearError says which year's arrangement is missing.
type UnknownYearError struct{ Year int }

func (e UnknownYearError) Error() string {
	return fmt.Sprintf("%d年的节假日安排尚未录入，无法计算工作日；请火炬中心先录入该年的安排", e.Year)
}

// IsWorkday reports whether d (a date; its clock is ignored) is a working
// day.
func (c *Calendar) IsWorkday(d time.Time) (bool, error) {
	y, ok := c.years[d.Year()]
	if !ok {
		return false, UnknownYearError{d.Year()}
	}
	key := d.Format(time.DateOnly)
	if _, off := y.Off[key]; off {
		return false, nil
	}
	if _, on := y.On[key]; on {
		return true, nil
	}
	return !weekend(d), nil
}

// Count is the number of working days from from to to, both included.
func (c *Calendar) Count(from, to time.Time) (int, error) {
	n := 0
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		ok, err := c.IsWorkday(d)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// End is the date of the nth working day of a period starting on start:
// start itself counts when it is a working day. n must be at least 1.
func (c *Calendar) End(start time.Time, n int) (time.Time, error) {
	if n < 1 {
		return start, fmt.Errorf("workday: End(%d)", n)
	}
	for d := start; ; d = d.AddDate(0, 0, 1) {
		ok, err := c.IsWorkday(d)
		if err != nil {
			return d, err
		}
		if ok {
			if n--; n == 0 {
				return d, nil
			}
		}
	}
}

// File is the text of year's built-in arrangement, and whether there is
// one: the starting point of a correction.
func File(year int) (string, bool) {
	b, err := files.ReadFile("data/" + strconv.Itoa(year) + ".tsv")
	return string(b), err == nil
}
