package form

import (
	"time"

	"hatch/internal/domain"
)

// Dates are the round's dates the rules use, parsed once.
type Dates struct {
	Cutoff        time.Time // cumulative tables run to this day
	WindowFrom    time.Time // the activity window
	WindowTo      time.Time
	OperatingFrom time.Time // C3: founded and operating on or before this day
	Today         time.Time // the calendar date in China, at midnight UTC (clock.Today)
}

// DatesOf parses a round's dates. Bad or empty dates in a round are a
// configuration error that Round validation prevents; here they parse to
// the zero time, which rules treat as "no limit".
func DatesOf(r domain.Round, today time.Time) Dates {
	return Dates{Cutoff: day(r.CutoffOn), WindowFrom: day(r.WindowFrom), WindowTo: day(r.WindowTo),
		OperatingFrom: day(r.OperatingFrom), Today: today}
}

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

// Org holds the organisation facts that some fields show read-only.
type Org struct {
	Name, USCC, Rep string
}

// App is everything the rules look at: one application's values, rows
// and files, with the round's dates. Build it with NewApp.
type App struct {
	Type     *Type
	Dates    Dates
	Org      Org
	Carrier  string
	Sections map[string]domain.Values
	Rows     map[string][]domain.Row
	// Files counts attachments: per row id and slot, and for sections
	// (row id 0) per slot.
	Files map[int64]map[string]int
	// Defaulted marks sections whose values were filled in for the
	// applicant (from the 载体) and that nobody has saved yet: they count
	// towards the rules, but the section has not been started.
	Defaulted map[string]bool
	// Params are the round's thresholds (Param falls back to the type's
	// Defaults).
	Params Params
	memo   map[string][][]string // see memoised
}

// NewApp assembles an App from stored parts.
func NewApp(t *Type, d Dates, org Org, carrier string, sections map[string]domain.Values,
	rows map[string][]domain.Row, files []domain.AppFile) *App {
	a := &App{Type: t, Dates: d, Org: org, Carrier: carrier, Sections: sections, Rows: rows,
		Files: map[int64]map[string]int{}}
	if a.Sections == nil {
		a.Sections = map[string]domain.Values{}
	}
	if a.Rows == nil {
		a.Rows = map[string][]domain.Row{}
	}
	for _, f := range files {
		a.addFile(f.RowID, f.Slot)
	}
	return a
}

func (a *App) addFile(rowID int64, slot string) {
	if a.Files[rowID] == nil {
		a.Files[rowID] = map[string]int{}
	}
	a.Files[rowID][slot]++
}

// FileCount is the number of files in a slot of a row (0 for a section).
func (a *App) FileCount(rowID int64, slot string) int { return a.Files[rowID][slot] }

// Value returns a section value, computed ones included.
func (a *App) Value(section, key string) string {
	s := a.Type.Section(section)
	if s == nil {
		return ""
	}
	if f := s.Field(key); f != nil && f.Computed != nil {
		return a.computed(section, f)
	}
	return a.Sections[section][key]
}
