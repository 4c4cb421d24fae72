package web

import "hatch/internal/form"

// The typed arguments of the partials (templates/partials.html and the
// pages' own), so a misspelt argument fails when the templates are parsed,
// not silently at render time as a map's missing key would.

// RegionChoice is the argument of regionSelect: the page whose errors
// mark the select, and the chosen code.
type RegionChoice struct {
	P Page
	V string
}

// RegionChoice is the 所属区市 select with value chosen.
func (p Page) RegionChoice(value string) RegionChoice { return RegionChoice{P: p, V: value} }

// IDTypeChoice is the argument of idTypeSelect: the field and its value.
type IDTypeChoice struct{ F, V string }

// Crumbs is the argument of appCrumbs: the application, and the section
// and table the page is in (nil above them).
type Crumbs struct {
	App   appRef
	Sec   *form.Section
	Table *form.Table
}

// Summary is the argument of appSummary: the problems listed at the top of
// a form. Quiet lists what still needs work, not errors of the last post.
type Summary struct {
	Items []problem
	Title string
	Intro string
	Quiet bool
}

// ConflictBox is the argument of appConflict: how the latest save differs
// from the user's, and where to reload from.
type ConflictBox struct {
	Diffs  []fieldDiff
	Reload string
}

// LockBox is the argument of appLocked: the application, and whether the
// page shows input that was typed but refused because of the lock.
type LockBox struct {
	App  appRef
	Kept bool
}

// The partials' constructors, for the templates.
var partialFuncs = map[string]any{
	"idTypeChoice": func(field, value string) IDTypeChoice { return IDTypeChoice{F: field, V: value} },
	"crumbs": func(app appRef, sec *form.Section, table *form.Table) Crumbs {
		return Crumbs{App: app, Sec: sec, Table: table}
	},
	"summary": func(items []problem, title string, quiet bool) Summary {
		return Summary{Items: items, Title: title, Quiet: quiet}
	},
	// draftSummary lists what a saved draft still needs, with a sentence
	// before the list.
	"draftSummary": func(items []problem, title, intro string) Summary {
		return Summary{Items: items, Title: title, Intro: intro, Quiet: true}
	},
	"conflictBox": func(diffs []fieldDiff, reload string) ConflictBox {
		return ConflictBox{Diffs: diffs, Reload: reload}
	},
	"lockBox": func(app appRef, kept bool) LockBox { return LockBox{App: app, Kept: kept} },
}

// RemarksBox is the argument of rvRemarks: the review page, the remarks
// to list, and whether each names what it is on.
type RemarksBox struct {
	P      reviewPage
	R      []remarkView
	Target bool
}

// RemarksBox lists remarks on the review page.
func (p reviewPage) RemarksBox(r []remarkView, target bool) RemarksBox {
	return RemarksBox{P: p, R: r, Target: target}
}

// AddBox is the argument of rvAdd: the review page, the place a remark
// would be on, and the link's text ("" for 添加意见).
type AddBox struct {
	P    reviewPage
	S    *remarkSpot
	Text string
}

// AddBox offers a remark on spot.
func (p reviewPage) AddBox(spot *remarkSpot, text string) AddBox {
	return AddBox{P: p, S: spot, Text: text}
}

// RoundDate is the argument of roundDate: one date of a 申报批次 with its
// label, value and hint.
type RoundDate struct {
	P          Page
	F, L, V, H string
}

// Date is one date input of the round's form.
func (p roundPage) Date(field, label, value, hint string) RoundDate {
	return RoundDate{P: p.Page, F: field, L: label, V: value, H: hint}
}
