package domain

import (
	"fmt"
	"strings"
	"time"
)

// Round is a 申报批次: one application type in one year, with its dates.
// Every date the rules use comes from here, never from constants in code.
type Round struct {
	ID            int64
	TypeCode      string // the application type, e.g. "makerspace"
	Year          int
	Name          string // 2021年度众创空间国家备案
	OpensOn       string // YYYY-MM-DD: filing opens
	ClosesOn      string // YYYY-MM-DD: filing closes
	CutoffOn      string // data cut-off of the cumulative tables (2021-10-31)
	WindowFrom    string // activity window start (2020-11-01)
	WindowTo      string // activity window end (2021-10-31)
	OperatingFrom string // C3: founded and operating on or before this day (2020-04-30)
	AppendFiles   bool   // the 申报书 appends the uploaded attachments, each page stamped
	Guidance      Guidance
	// Params are the round's thresholds by name (form.Params); a name it
	// leaves out takes the value the application type was declared with.
	Params map[string]float64
	// ResultNo and ResultOn (YYYY-MM-DD) are the 文号 and date of the
	// document that published the round's result; "" until 火炬中心
	// enters them.
	ResultNo  string
	ResultOn  string
	Revision  int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ClosedOn reports whether filing has closed by the calendar day today
// (YYYY-MM-DD): the round accepts work through its closing day.
func (r Round) ClosedOn(today string) bool { return r.ClosesOn < today }

// Guidance is the 填报说明 of a round: editable by 火炬中心 administrators.
type Guidance struct {
	Requirements []string       `json:"requirements"` // 规范性要求, one item each
	Definitions  []GuidanceTerm `json:"definitions"`  // 主要指标解释
}

// GuidanceTerm is one defined term of 主要指标解释.
type GuidanceTerm struct {
	Term string `json:"term"`
	Text string `json:"text"`
}

// Acceptor is a 受理机构 of a round: a provincial-level body that receives
// submissions, with its own deadline and paper-copy count.
type Acceptor struct {
	RoundID   int64
	Code      string // the region code it covers: a province (xx0000) or a 计划单列市
	Name      string // 福建省科学技术厅
	Unit      string // the delegated receiving unit, if any
	Address   string
	Contact   string
	Copies    int    // paper copies required
	Deadline  string // YYYY-MM-DD HH:MM, China time
	CityLevel bool   // whether a 市/区科技局 reviews first
}

// AppStatus is where an application stands.
type AppStatus string

// Application states, in the order of the review chain (chains.go holds
// each type's transitions and names the states where a type's words
// differ). The strings are stored, so they never change.
const (
	AppDraft            AppStatus = "draft"             // 填报中
	AppReturned         AppStatus = "returned"          // 退回修改: editable again
	AppCityReview       AppStatus = "city_review"       // 待市级初审
	AppCityRejected     AppStatus = "city_rejected"     // 市级不推荐 (final)
	AppProvinceReview   AppStatus = "province_review"   // 待省级审核
	AppProvinceRejected AppStatus = "province_rejected" // 省级不推荐 (final)
	AppFormalReview     AppStatus = "formal_review"     // 待形式审查 at 火炬中心
	AppFormalFailed     AppStatus = "formal_failed"     // 形式审查未通过 (final)
	AppExpertReview     AppStatus = "expert_review"     // 专家评审中 at 火炬中心
	AppPublicity        AppStatus = "publicity"         // 公示中 at 火炬中心
	AppFiled            AppStatus = "filed"             // 已备案 (final)
	AppNotFiled         AppStatus = "not_filed"         // 未通过 (final)
)

// Label is the status in the generic (makerspace) words, for where no one
// application's type is in view; Chain.StatusLabel (or
// Application.StatusLabel) names it in its type's words.
func (s AppStatus) Label() string {
	switch s {
	case AppDraft:
		return "填报中"
	case AppReturned:
		return "退回修改"
	case AppCityReview:
		return "待市级初审"
	case AppCityRejected:
		return "市级不推荐"
	case AppProvinceReview:
		return "待省级审核"
	case AppProvinceRejected:
		return "省级不推荐"
	case AppFormalReview:
		return "待形式审查"
	case AppFormalFailed:
		return "形式审查未通过"
	case AppExpertReview:
		return "专家评审中"
	case AppPublicity:
		return "公示中"
	case AppFiled:
		return "已备案"
	case AppNotFiled:
		return "未通过"
	}
	return string(s)
}

// Application is one organisation's application for one carrier in one
// round. Its contents live in Sections and Rows, stored separately.
type Application struct {
	ID        int64
	OrgID     int64
	CarrierID int64
	RoundID   int64
	TypeCode  string
	Status    AppStatus
	Revision  int64
	CreatedBy int64
	CreatedAt time.Time
	UpdatedBy int64
	UpdatedAt time.Time
	DataRev   int64 // counts changes to the data; a version records the count it was made at
	Versions  int   // 申报书 generated so far
	// Set by 提交申报材料 (see Submission); zero before.
	AcceptorCode     string
	RegionCode       string
	CityLevel        bool
	RefNo            string
	HostType         string
	SubmittedAt      time.Time
	SubmittedVersion int64
	// Filled by list queries.
	CarrierName   string
	RoundName     string
	UpdatedByName string
	Version       string // the newest 版本号, once 申报书 are generated
	// VersionDataRev is the newest version's DataRev.
	VersionDataRev int64
}

// VersionStale reports whether the data changed after the newest 申报书
// was generated (数据已修改); false when there is none.
func (a Application) VersionStale() bool { return a.Version != "" && a.VersionDataRev != a.DataRev }

// Values are a section's or a row's inputs exactly as typed, by field key.
// They are kept as strings so that nothing a user typed is ever lost, even
// when it breaks a rule: rules read them, they never rewrite them.
type Values map[string]string

// Section is one section's values with its revision.
type Section struct {
	AppID     int64
	Key       string
	Data      Values
	Revision  int64 // 0: never saved
	UpdatedBy int64
	UpdatedAt time.Time
}

// Row is one row of a detail table with its revision.
type Row struct {
	ID        int64
	AppID     int64
	Table     string
	Data      Values
	Revision  int64
	CreatedAt time.Time
	UpdatedBy int64
	UpdatedAt time.Time
	Files     []AppFile // attachments of this row, filled by some queries
}

// AppFile links an uploaded attachment to an application, a row (0 for
// section-level files) and a slot such as "agreement" (入驻协议).
type AppFile struct {
	ID           int64
	AppID        int64
	RowID        int64
	Slot         string
	AttachmentID int64
	Name         string
	ContentType  string
	Size         int64
	SHA256       string
	CreatedAt    time.Time
}

// Version is one generated 申报书: the PDF (in the blob store) and the
// frozen data it was made from. Versions are never changed or deleted.
type Version struct {
	ID            int64
	AppID         int64
	Seq           int    // 1, 2, …: the application's n-th version
	Code          string // the 版本号 printed on every page
	DataRev       int64  // the application's DataRev when it was made
	BlobKey       string
	Size          int64
	Pages         int
	SHA256        string // of the PDF, hex
	CreatedBy     int64
	CreatedByName string
	CreatedAt     time.Time
	// Problems and Unmet are what was still wrong when it was generated:
	// problems to fix, and 备案条件 not met. Such a version is a draft.
	Problems, Unmet int
}

// Unsubmittable says, on the versions page and on the cover, that a
// version generated with problems cannot be submitted; "" when it can.
func (v Version) Unsubmittable() string {
	var what []string
	if v.Problems > 0 {
		what = append(what, fmt.Sprintf("%d 处问题未修正", v.Problems))
	}
	if v.Unmet > 0 {
		what = append(what, fmt.Sprintf("%d 项备案条件不符合", v.Unmet))
	}
	if len(what) == 0 {
		return ""
	}
	return "此版本生成时仍有 " + strings.Join(what, "、") + "，只能用于核对，不能提交，也不要盖章报送。修正后请重新下载材料。"
}

// Stale reports whether the application's data changed after v was made
// (数据已修改).
func (v Version) Stale(app Application) bool { return app.DataRev != v.DataRev }

// VersionCheck is what the public verification page may say about a
// 版本号: the version, whose it is, and whether it is the one submitted.
type VersionCheck struct {
	Version    Version
	Carrier    string
	Operator   string
	Round      string
	AppStatus  AppStatus
	AppType    string // the application's type code, whose chain names AppStatus
	AppDataRev int64
	Submitted  bool // this version is the one bound by the latest 提交
	// AnySubmitted: some version of the application was submitted.
	AnySubmitted bool
}

// Submission is where a submitted application goes: what 提交申报材料
// records on it.
type Submission struct {
	AcceptorCode string // the 受理机构's code
	RegionCode   string // the carrier's 所属区市, for the 市/区科技局
	CityLevel    bool   // whether a city level reviews first, as the 受理机构 said at submission
	RefNo        string // the reference number shown to the applicant
	HostType     string // 依托单位类型, for the reviewers' filter
	VersionID    int64  // the bound version
	At           time.Time
}

// ReviewStep is one entry of an application's review log: a workflow
// Step with who took it and when.
type ReviewStep struct {
	Step
	ID        int64
	AppID     int64
	UserID    int64
	UserName  string
	DeptID    int64
	DeptName  string
	VersionID int64 // 提交: the version bound
	Withdraws int64 // 撤回: the step it undoes
	At        time.Time
}

// Note is a department's internal note on an application (内部备注): for
// its own reviewers only, never the applicant nor another department.
type Note struct {
	ID       int64
	AppID    int64
	DeptID   int64
	Section  string // "" for the whole application
	Text     string
	UserID   int64
	UserName string
	At       time.Time
}

// Remark is a reviewer's remark on part of an application. Target says
// where, for people: 创业团队 第 3 行（智感科技团队）· 团队人数.
type Remark struct {
	ID       int64
	AppID    int64
	StepID   int64 // 0 while a draft of its department
	DeptID   int64
	Section  string
	Table    string
	RowID    int64
	Field    string
	Target   string
	Text     string
	UserID   int64
	UserName string
	DeptName string // the department's name, as it reads today
	At       time.Time
}

// Notification is an in-app message to one user.
type Notification struct {
	ID     int64
	UserID int64
	AppID  int64
	Text   string
	Link   string
	At     time.Time
	Read   bool
}

// TableImport is a spreadsheet import of one detail table, previewed and
// waiting to be committed or cancelled. Plan is the service's own record of
// what the commit will do.
type TableImport struct {
	ID        int64
	AppID     int64
	Table     string
	Mode      string // "append" or "replace"
	FileName  string
	Plan      []byte
	CreatedBy int64
	CreatedAt time.Time
}
