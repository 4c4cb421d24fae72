// Package form declares application types as data — sections, fields,
// detail tables, attachments, rules and filing conditions — and evaluates
// them. It is pure: no I/O, no HTTP, no SQL. Pages, the server's checks,
// section status, the 备案条件 panel, the API and the printed 申报书 all read
// the same declaration, so a second application type is a new declaration,
// not new code.
//
// Its files: types.go and value.go are the vocabulary (types, sections,
// fields, tables, values); app.go, check.go, evaluate.go and condition.go
// evaluate an application (field checks, computed values, section status,
// conditions); params.go, months.go, rowrules.go, shares.go and shown.go
// are the primitives declarations build rules from (the round's
// thresholds, month arithmetic, rows that do not count, shares and sums,
// sections shown by a field's value); makerspace*.go declare 众创空间国家备案,
// incubator*.go 国家级科技企业孵化器认定 and exemption*.go 创业孵化机构免税资格申请.
package form

import (
	"slices"
	"strconv"
	"strings"

	"hatch/internal/domain"
)

// Kind is how a field is typed and checked.
type Kind int

// The field kinds.
const (
	Text      Kind = iota // one line
	LongText              // a paragraph
	Int                   // whole number
	Decimal               // number with two decimals
	Date                  // YYYY-MM-DD
	Enum                  // one of Options
	MultiEnum             // several of Options, joined by "、"
	YesNo                 // 是 / 否
	USCC                  // 统一社会信用代码 (GB 32100)
	IDNumber              // 证件号码: 居民身份证 checked by GB 11643
	Mobile                // 11-digit mobile number
	Phone                 // landline
	Email
	URL
	Region // a GB/T 2260 code
)

// When is a condition on the values of the same row or section: field's
// value is one of In. For a MultiEnum field set Any: the condition holds
// when any chosen option is one of In (毕业条件 includes G2). Not turns the
// condition round (毕业条件 does not include G2).
type When struct {
	Field string
	In    []string
	Any   bool
	Not   bool
}

// DateRule ties a date field to the round's dates.
type DateRule int

// Date rules; the dates themselves come from the round.
const (
	AnyDate       DateRule = iota
	UpToCutoff             // on or before the data cut-off (2021-10-31)
	InWindow               // within the activity window (2020-11-01..2021-10-31)
	UpToOperating          // on or before the operating date of C3 (2020-04-30)
)

// Computed says where a read-only field's value comes from.
type Computed struct {
	Count      string    // number of rows of this table
	Sum        [2]string // table and column to add up
	Rows       RowSet    // which rows Sum adds: the counted ones unless set
	SumAcross  []Col     // columns of several tables added up
	Org        string    // an organisation fact: "name", "uscc", "rep"
	Carrier    string    // a carrier fact: "name"
	MonthsFrom string    // whole months from this field's date to the cut-off
	// Percent is the first of two fields of this section as a share of the
	// second, in per cent (在孵对象使用与公共服务面积 ÷ 可自主支配面积); a part
	// larger than its whole shows 100.
	Percent [2]string
}

// Field is one input of a section or one column of a table.
type Field struct {
	Key      string
	Label    string
	Unit     string // shown in labels and table headers: 面积（m²）
	Kind     Kind
	Options  []string
	Hint     string
	Required bool
	MaxLen   int      // characters; 0 means the kind's default
	Min, Max *float64 // numeric bounds
	// MinParam and MaxParam are bounds the round sets, by the name of its
	// Params (申请年度 ≤ the policy's last year).
	MinParam, MaxParam string
	// LessEq names a field of the same row this one may not exceed
	// (工位面积 ≤ 场地面积).
	LessEq string
	// Share says that this field and others of the same row together may
	// not exceed a whole (工位面积 + 公共服务场地面积 ≤ 场地面积).
	Share    *Share
	NotAfter string // a date field of the same row this date may not precede
	Dates    DateRule
	// Future allows dates after today (a lease's end); other dates record
	// what has happened and may not lie ahead.
	Future bool
	// RequiredWhen makes the field required only in some states;
	// NotFillableWhen removes it entirely in others: it is not shown, not
	// stored, not printed, and a value sent anyway is refused.
	RequiredWhen    *When
	NotFillableWhen *When
	Computed        *Computed
	Summary         bool // shown as a column in the table's list view
	// Contact marks the applicant's contact details (联系人, phones,
	// e-mail): the department calls on them, 评审专家 never see them.
	Contact bool
}

// Share is a part of a whole made of several parts.
type Share struct {
	Whole  string   // the field the parts may not exceed
	Others []string // the other parts
}

// FileSlot is an attachment a row or section must (or may) carry.
type FileSlot struct {
	Key          string
	Label        string
	Required     bool
	RequiredWhen *When
	// Unless the file is not needed even when RequiredWhen holds (房产原值资料
	// for an owned row, but not for land).
	Unless *When
	// Printed files appear inside the 申报书 itself, after the cover (the
	// signed 承诺书), not only in the attachment index.
	Printed bool
}

// Table is a detail table: rows of the same columns, each with its files.
type Table struct {
	Key     string
	Title   string
	Section string // the section whose page shows it
	Intro   string // what goes in the table, e.g. the cut-off
	Columns []Field
	Files   []FileSlot
	// UniqueBy names a column whose values may not repeat in the table.
	UniqueBy string
	// MatchBy are the columns that say which row a spreadsheet row is, so
	// that an import updates that row instead of adding another.
	MatchBy []string
	// RowRules decide which rows count (rowrules.go).
	RowRules []RowRule
	// ShownWhen shows the table only when a section field has a value.
	ShownWhen *On
}

// SectionKind is the shape of a section's page.
type SectionKind int

// Section kinds.
const (
	FieldsSection SectionKind = iota // fields, then tables
	TextSection                      // one long text (autosaved)
	UploadSection                    // files only (承诺书)
)

// Section is one item of the task list.
type Section struct {
	Key    string
	Title  string
	Kind   SectionKind
	Intro  string
	Fields []Field
	Tables []string // keys of the tables shown on this section's page
	Files  []FileSlot
	// ShownWhen shows the section only when a field has a value (公共服务平台
	// only for a 专业孵化器): hidden, it is not listed, checked or printed.
	ShownWhen *On
}

// Type is an application type: 国家备案众创空间申报书 and, later, others.
type Type struct {
	Code string
	Name string
	Abbr string // two capitals that start its 版本号, e.g. ZC for 众创空间
	// Service is the 服务事项 as menus, lists and breadcrumbs name it
	// (众创空间国家备案), and Menu the group of the menu it is listed under
	// (认定备案管理).
	Service string
	Menu    string
	// DateNotes say what each of the round's dates means to this type, by
	// "cutoff", "window" and "operating"; the 填报说明 lists only those
	// the type uses.
	DateNotes map[string]string
	// KeyFigures are the figures a department's lists (the 推荐表) show
	// for each application, and ListName what that list is called.
	KeyFigures []KeyFigure
	ListName   string
	// ResultName is what 火炬中心's list of the round's passed
	// applications is called: 国家备案众创空间名单, 免税名单.
	ResultName string
	// Letter is the wording of the department's letter that sends the list
	// on (推荐函), with {year}, {round}, {place} and {n} written in.
	Letter LetterText
	// Qualification is what passing earns, as the 申报声明 names what
	// fraud loses: 备案资格, 认定资格, 免税资格.
	Qualification string
	// DocName is what the applicant makes and prints, as “+新建…” names
	// it: 众创空间国家备案申报书, 创业孵化机构免税资格申请表.
	DocName string
	// Carriers are the kinds of 载体 an application may be made for, and
	// CarrierNoun what the pages call the one chosen: 众创空间, or 载体
	// when several kinds may apply.
	Carriers    []domain.CarrierKind
	CarrierNoun string
	// ConditionsTitle names the conditions panel: 备案条件, 认定条件.
	ConditionsTitle string
	// Designates is what an application of this type that passes makes of
	// its carrier, as other types name it (国家备案众创空间); "" for a type
	// that designates nothing.
	Designates string
	// Designation names the fields of the first section that a carrier's
	// designation made in Hatch fills in, so that nobody types it again;
	// nil for a type that asks for none.
	Designation *DesignationFields
	Sections    []Section
	Tables      []Table
	Checks      []Check     // rules across rows and tables
	Conditions  []Condition // the filing conditions, shown live
	// Defaults are the thresholds of the round the type was declared for;
	// a round supplies its own through App.Params. ParamDocs name those
	// a round may change, in the order the round page lists them.
	Defaults  Params
	ParamDocs []ParamDoc
}

// LetterText is a 推荐函's title and opening paragraph.
type LetterText struct {
	Title, Body string
}

// Fill writes the round's year and name, the department's place and the
// number listed where the text names them.
func (l LetterText) Fill(year int, round, place string, n int) (title, body string) {
	r := strings.NewReplacer("{year}", strconv.Itoa(year), "{round}", round, "{place}", place, "{n}", strconv.Itoa(n))
	return r.Replace(l.Title), r.Replace(l.Body)
}

// DesignationFields are the keys of the fields that hold a designation:
// its kind (an Enum whose options include the Designates of the types
// that make one), its 文号 and its date.
type DesignationFields struct {
	Kind, No, On string
}

// Check is a rule over the whole application that reports problems on
// rows or fields (duplicate enterprises, a converted team missing from
// the enterprise table).
type Check func(a *App) []Issue

// Section returns the section with key, or nil.
func (t *Type) Section(key string) *Section {
	for i := range t.Sections {
		if t.Sections[i].Key == key {
			return &t.Sections[i]
		}
	}
	return nil
}

// Table returns the table with key, or nil.
func (t *Type) Table(key string) *Table {
	for i := range t.Tables {
		if t.Tables[i].Key == key {
			return &t.Tables[i]
		}
	}
	return nil
}

// Column returns the column with key, or nil.
func (tb *Table) Column(key string) *Field { return findField(tb.Columns, key) }

// Field returns the section's field with key, or nil.
func (s *Section) Field(key string) *Field { return findField(s.Fields, key) }

func findField(fs []Field, key string) *Field {
	for i := range fs {
		if fs[i].Key == key {
			return &fs[i]
		}
	}
	return nil
}

// Header is a column's label with its unit: 场地面积（m²）.
func (f *Field) Header() string {
	if f.Unit == "" {
		return f.Label
	}
	return f.Label + "（" + f.Unit + "）"
}

// Input reports whether users type this field (it is not computed).
func (f *Field) Input() bool { return f.Computed == nil }

func num(v float64) *float64 { return &v }

// types are the declared application types, in the order they are listed.
var types = []*Type{Makerspace, Incubator, Exemption}

// TypeOf returns the declared application type of code, or nil.
func TypeOf(code string) *Type {
	for _, t := range types {
		if t.Code == code {
			return t
		}
	}
	return nil
}

// Types lists the declared application types in the order menus show
// them.
func Types() []*Type { return slices.Clone(types) }

// Accepts reports whether an application of t may be made for a carrier
// of kind k.
func (t *Type) Accepts(k domain.CarrierKind) bool { return slices.Contains(t.Carriers, k) }

// TypeCodes lists the codes of the declared application types.
func TypeCodes() []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = t.Code
	}
	return out
}

// PrintedSlots are the keys of the section file slots printed inside the
// 申报书 (FileSlot.Printed).
func (t *Type) PrintedSlots() map[string]bool {
	out := map[string]bool{}
	for _, s := range t.Sections {
		for _, f := range s.Files {
			if f.Printed {
				out[f.Key] = true
			}
		}
	}
	return out
}

// ContactFields are the fields marked Contact, by section key and by
// table key: what is hidden from 评审专家.
func (t *Type) ContactFields() (sections, tables map[string][]string) {
	sections, tables = map[string][]string{}, map[string][]string{}
	for _, s := range t.Sections {
		for _, f := range s.Fields {
			if f.Contact {
				sections[s.Key] = append(sections[s.Key], f.Key)
			}
		}
	}
	for _, tb := range t.Tables {
		for _, f := range tb.Columns {
			if f.Contact {
				tables[tb.Key] = append(tables[tb.Key], f.Key)
			}
		}
	}
	return sections, tables
}

// IntroOn is the table's instruction with the round's data cut-off date
// (YYYY-MM-DD) written where it says {cutoff}, as the manual prints it:
// "至 2021-10-31 累计…".
func (t *Table) IntroOn(cutoff string) string {
	if cutoff == "" {
		cutoff = "数据截止日"
	}
	return strings.ReplaceAll(t.Intro, "{cutoff}", cutoff)
}
