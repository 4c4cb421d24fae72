package domain

import "time"

// User is an account that can log in. Applicant accounts belong to an Org;
// reviewers belong to a Department; admins belong to neither.
type User struct {
	ID       int64
	Login    string // as shown; matching ignores case
	Name     string // display name
	Role     Role
	OrgID    int64 // 0 unless the role is Legal or Staff
	DeptID   int64 // 0 unless the role is Reviewer
	Mobile   string
	Email    string
	Disabled bool
	// MustChangePassword is set after an administrator or the legal-person
	// account resets the password, so the temporary one is used only once.
	MustChangePassword bool
	Revision           int64
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// Actor is who is asking: the logged-in user with the facts every
// authorisation check needs, loaded once per request.
type Actor struct {
	User
	OrgCertified bool   // the org passed 实名认证 (automatic or manual)
	OrgMigrated  bool   // the org came from the 火炬统计 import
	DeptLevel    Level  // for reviewers
	DeptRegion   string // for reviewers: the department's region code
	IP           string
}

// System is the operator at the command line, and the seeding of demo data:
// an administrator without an account (ID 0), recorded in the audit log as
// "system". No one who logs in can be it, since every account has an ID.
func System() Actor {
	return Actor{User: User{Login: "system", Role: RoleAdmin}, IP: "cli"}
}

// IsSystem reports whether a is the System actor.
func (a Actor) IsSystem() bool {
	return a.ID == 0 && a.Role == RoleAdmin && a.Login == "system"
}

// CertStatus is where an organisation stands in 实名认证.
type CertStatus string

// Certification states. Passed and ManualApproved both count as certified.
const (
	CertNone           CertStatus = "none"            // never tried
	CertFailed         CertStatus = "failed"          // automatic check did not match
	CertPassed         CertStatus = "passed"          // automatic check matched
	CertManualPending  CertStatus = "manual_pending"  // photos uploaded, waiting for an admin
	CertManualApproved CertStatus = "manual_approved" // an admin approved
	CertManualRejected CertStatus = "manual_rejected" // an admin rejected, with a reason
	// CertManualVoid is a manual request's only: the organisation saved new
	// information to be checked before an admin decided, so the request no
	// longer describes it. An organisation never stands there.
	CertManualVoid CertStatus = "manual_void"
)

// Certified reports whether s lets the organisation file applications.
func (s CertStatus) Certified() bool { return s == CertPassed || s == CertManualApproved }

// Label is the status as the user sees it at the top right of 我的信息.
func (s CertStatus) Label() string {
	switch s {
	case CertPassed:
		return "国家平台实名认证通过"
	case CertManualApproved:
		return "国家平台实名认证通过（人工认证）"
	case CertFailed:
		return "实名认证未通过"
	case CertManualPending:
		return "人工认证审核中"
	case CertManualRejected:
		return "人工认证未通过"
	case CertManualVoid:
		return "已作废"
	}
	return "未实名认证"
}

// Org is an applicant organisation (法人单位), the operator of carriers.
type Org struct {
	ID         int64
	Name       string
	USCC       string
	OrgType    string // 企业法人 / 事业单位法人 / 社会团体法人 / 民办非企业单位 / 其他
	RegAddress string
	RegionCode string
	RegionName string
	// 法人授权信息: the person authorised to act for the organisation online.
	AuthName     string
	AuthIDType   string
	AuthIDNumber string
	AuthMobile   string
	AuthLetterID int64 // attachment: the signed authorisation letter
	// 法定代表人信息
	RepName     string
	RepIDType   string
	RepIDNumber string

	CertStatus  CertStatus
	CertNote    string // why it failed, or the admin's reason
	CertifiedAt time.Time
	Migrated    bool // imported from 火炬统计; must certify before filing
	Revision    int64
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// OrgTypes are the kinds of legal person offered on the certification form.
var OrgTypes = []string{"企业法人", "事业单位法人", "社会团体法人", "民办非企业单位", "机关法人", "其他"}

// Department is a reviewing body at one level of the chain.
type Department struct {
	ID         int64
	Name       string
	Level      Level
	RegionCode string
	RegionName string
	CreatedAt  time.Time
}
