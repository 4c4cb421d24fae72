package domain

// Role is what an account is for. It decides which pages and actions exist.
type Role string

// The roles. An applicant organisation has one Legal account (法人账号) and
// any number of Staff (经办人); departments have Reviewers; the platform has
// Admins (系统管理员). Experts (评审专家) belong to a department's pool and
// see only the applications assigned to them.
const (
	RoleLegal    Role = "legal"
	RoleStaff    Role = "staff"
	RoleReviewer Role = "reviewer"
	RoleAdmin    Role = "admin"
	RoleExpert   Role = "expert"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool {
	switch r {
	case RoleLegal, RoleStaff, RoleReviewer, RoleAdmin, RoleExpert:
		return true
	}
	return false
}

// Label is the role's Chinese name.
func (r Role) Label() string {
	switch r {
	case RoleLegal:
		return "法人账号"
	case RoleStaff:
		return "经办人"
	case RoleReviewer:
		return "审核人员"
	case RoleAdmin:
		return "系统管理员"
	case RoleExpert:
		return "评审专家"
	}
	return string(r)
}

// Applicant reports whether r acts for an applicant organisation.
func (r Role) Applicant() bool { return r == RoleLegal || r == RoleStaff }

// Level is a department's place in the review chain.
type Level string

// The department levels of the review chain.
const (
	LevelCity     Level = "city"     // 市/区科技局
	LevelProvince Level = "province" // 省级科技管理部门
	LevelTorch    Level = "torch"    // 科技部火炬中心
)

// Valid reports whether l is a known level.
func (l Level) Valid() bool {
	return l == LevelCity || l == LevelProvince || l == LevelTorch
}

// Label is the level's Chinese name.
func (l Level) Label() string {
	switch l {
	case LevelCity:
		return "市/区科技局"
	case LevelProvince:
		return "省级科技管理部门"
	case LevelTorch:
		return "科技部火炬中心"
	}
	return string(l)
}
