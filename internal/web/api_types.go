package web

import (
	"hatch/internal/domain"
	"hatch/internal/ident"
)

// The API's response bodies. Each is built field by field from a domain
// value, never by marshalling the domain type itself, so a field added to
// the domain later (a hash, an internal note) cannot appear in the API
// without someone choosing to put it here.

// apiUserRef is the short form of an account, as in the login answer.
type apiUserRef struct {
	ID    int64  `json:"id"`
	Login string `json:"login"`
	Name  string `json:"name"`
	Role  string `json:"role"`
}

func userRefOf(u domain.User) apiUserRef {
	return apiUserRef{ID: u.ID, Login: u.Login, Name: u.Name, Role: string(u.Role)}
}

// apiUser is an account as its organisation's legal account or an
// administrator sees it.
type apiUser struct {
	apiUserRef
	RoleLabel          string `json:"role_label"`
	OrgID              int64  `json:"org_id,omitempty"`
	DeptID             int64  `json:"dept_id,omitempty"`
	Mobile             string `json:"mobile,omitempty"`
	Email              string `json:"email,omitempty"`
	Disabled           bool   `json:"disabled"`
	MustChangePassword bool   `json:"must_change_password"`
	CreatedAt          string `json:"created_at,omitempty"`
}

func userOf(u domain.User) apiUser {
	return apiUser{
		apiUserRef:         userRefOf(u),
		RoleLabel:          u.Role.Label(),
		OrgID:              u.OrgID,
		DeptID:             u.DeptID,
		Mobile:             u.Mobile,
		Email:              u.Email,
		Disabled:           u.Disabled,
		MustChangePassword: u.MustChangePassword,
		CreatedAt:          apiTime(u.CreatedAt),
	}
}

func usersOf(list []domain.User) []apiUser {
	out := make([]apiUser, 0, len(list))
	for _, u := range list {
		out = append(out, userOf(u))
	}
	return out
}

// apiTempPassword is an account with the temporary password just set,
// shown this once.
type apiTempPassword struct {
	User              apiUser `json:"user"`
	TemporaryPassword string  `json:"temporary_password"`
}

// apiOrg is an organisation's 法人信息 with its certification state.
type apiOrg struct {
	ID           int64  `json:"id"`
	Name         string `json:"name"`
	USCC         string `json:"uscc"`
	OrgType      string `json:"org_type"`
	RegAddress   string `json:"reg_address"`
	Region       string `json:"region"`
	RegionName   string `json:"region_name"`
	AuthName     string `json:"auth_name"`
	AuthIDType   string `json:"auth_id_type"`
	AuthIDNumber string `json:"auth_id_number"`
	AuthMobile   string `json:"auth_mobile"`
	AuthLetterID int64  `json:"auth_letter_id,omitempty"`
	RepName      string `json:"rep_name"`
	RepIDType    string `json:"rep_id_type"`
	RepIDNumber  string `json:"rep_id_number"`
	CertStatus   string `json:"cert_status"`
	CertLabel    string `json:"cert_label"`
	CertNote     string `json:"cert_note"`
	CertifiedAt  string `json:"certified_at,omitempty"`
	Migrated     bool   `json:"migrated"`
	Revision     int64  `json:"revision"`
}

// orgOf converts o; identity numbers are masked unless full is set, which
// only the administrators' certification review does.
func orgOf(o domain.Org, full bool) apiOrg {
	mask := ident.MaskIDNumber
	if full {
		mask = func(s string) string { return s }
	}
	return apiOrg{
		ID:           o.ID,
		Name:         o.Name,
		USCC:         o.USCC,
		OrgType:      o.OrgType,
		RegAddress:   o.RegAddress,
		Region:       o.RegionCode,
		RegionName:   o.RegionName,
		AuthName:     o.AuthName,
		AuthIDType:   o.AuthIDType,
		AuthIDNumber: mask(o.AuthIDNumber),
		AuthMobile:   o.AuthMobile,
		AuthLetterID: o.AuthLetterID,
		RepName:      o.RepName,
		RepIDType:    o.RepIDType,
		RepIDNumber:  mask(o.RepIDNumber),
		CertStatus:   string(o.CertStatus),
		CertLabel:    o.CertStatus.Label(),
		CertNote:     o.CertNote,
		CertifiedAt:  apiTime(o.CertifiedAt),
		Migrated:     o.Migrated,
		Revision:     o.Revision,
	}
}

// apiCertification is one attempt at 实名认证.
type apiCertification struct {
	ID          int64  `json:"id"`
	OrgID       int64  `json:"org_id"`
	OrgName     string `json:"org_name,omitempty"`
	OrgUSCC     string `json:"org_uscc,omitempty"`
	Kind        string `json:"kind"`
	Status      string `json:"status"`
	StatusLabel string `json:"status_label"`
	Detail      string `json:"detail"`
	LicenseID   int64  `json:"license_id,omitempty"`
	IDCardID    int64  `json:"idcard_id,omitempty"`
	SubmittedAt string `json:"submitted_at,omitempty"`
	DecidedAt   string `json:"decided_at,omitempty"`
	Reason      string `json:"reason,omitempty"`
}

func certOf(c domain.Certification) apiCertification {
	return apiCertification{
		ID:      c.ID,
		OrgID:   c.OrgID,
		OrgName: c.OrgName,
		OrgUSCC: c.OrgUSCC,
		Kind:    c.Kind,
		Status: string(
			c.Status,
		),
		StatusLabel: c.Status.Label(),
		Detail:      c.Detail,
		LicenseID:   c.LicenseID,
		IDCardID:    c.IDCardID,
		SubmittedAt: apiTime(c.SubmittedAt),
		DecidedAt:   apiTime(c.DecidedAt),
		Reason:      c.Reason,
	}
}

func certsOf(list []domain.Certification) []apiCertification {
	out := make([]apiCertification, 0, len(list))
	for _, c := range list {
		out = append(out, certOf(c))
	}
	return out
}

// apiCarrier is one 载体.
type apiCarrier struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`
	KindLabel  string `json:"kind_label"`
	Name       string `json:"name"`
	Address    string `json:"address"`
	Region     string `json:"region"`
	RegionName string `json:"region_name"`
	StartedOn  string `json:"started_on"`
	Revision   int64  `json:"revision"`
	CreatedAt  string `json:"created_at,omitempty"`
	UpdatedAt  string `json:"updated_at,omitempty"`
}

func carrierOf(c domain.Carrier) apiCarrier {
	return apiCarrier{
		ID:         c.ID,
		Kind:       string(c.Kind),
		KindLabel:  c.Kind.Label(),
		Name:       c.Name,
		Address:    c.Address,
		Region:     c.RegionCode,
		RegionName: c.RegionName,
		StartedOn:  c.StartedOn,
		Revision:   c.Revision,
		CreatedAt:  apiTime(c.CreatedAt),
		UpdatedAt:  apiTime(c.UpdatedAt),
	}
}

func carriersOf(list []domain.Carrier) []apiCarrier {
	out := make([]apiCarrier, 0, len(list))
	for _, c := range list {
		out = append(out, carrierOf(c))
	}
	return out
}

// apiDepartment is a reviewing department.
type apiDepartment struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Level      string `json:"level"`
	LevelLabel string `json:"level_label"`
	Region     string `json:"region,omitempty"`
	RegionName string `json:"region_name,omitempty"`
}

func deptOf(d domain.Department) apiDepartment {
	return apiDepartment{
		ID:         d.ID,
		Name:       d.Name,
		Level:      string(d.Level),
		LevelLabel: d.Level.Label(),
		Region:     d.RegionCode,
		RegionName: d.RegionName,
	}
}

// apiToken is a personal access token as its owner sees it: never the secret.
type apiToken struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Prefix     string `json:"prefix"`
	CreatedAt  string `json:"created_at"`
	LastUsedAt string `json:"last_used_at,omitempty"`
}

func tokensOf(list []domain.APIToken) []apiToken {
	out := make([]apiToken, 0, len(list))
	for _, t := range list {
		out = append(out, apiToken{ID: t.ID, Name: t.Name, Prefix: t.Prefix,
			CreatedAt: apiTime(t.CreatedAt), LastUsedAt: apiTime(t.LastUsedAt)})
	}
	return out
}

// apiOutboxMessage is a notification as sent.
type apiOutboxMessage struct {
	ID        int64  `json:"id"`
	Channel   string `json:"channel"`
	Recipient string `json:"recipient"`
	Subject   string `json:"subject"`
	Body      string `json:"body"`
	CreatedAt string `json:"created_at"`
}

func outboxOf(list []domain.OutboxMessage) []apiOutboxMessage {
	out := make([]apiOutboxMessage, 0, len(list))
	for _, m := range list {
		out = append(out, apiOutboxMessage{ID: m.ID, Channel: m.Channel, Recipient: m.Recipient,
			Subject: m.Subject, Body: m.Body, CreatedAt: apiTime(m.CreatedAt)})
	}
	return out
}

// apiAuditEntry is one line of the audit log.
type apiAuditEntry struct {
	ID         int64  `json:"id"`
	At         string `json:"at"`
	ActorID    int64  `json:"actor_id,omitempty"`
	ActorLogin string `json:"actor_login"`
	Action     string `json:"action"`
	TargetType string `json:"target_type,omitempty"`
	TargetID   int64  `json:"target_id,omitempty"`
	Detail     string `json:"detail,omitempty"`
	IP         string `json:"ip,omitempty"`
}

func auditOf(list []domain.AuditEntry) []apiAuditEntry {
	out := make([]apiAuditEntry, 0, len(list))
	for _, e := range list {
		out = append(
			out,
			apiAuditEntry{ID: e.ID, At: apiTime(e.At), ActorID: e.ActorID, ActorLogin: e.ActorLogin,
				Action: e.Action, TargetType: e.TargetType, TargetID: e.TargetID, Detail: e.Detail, IP: e.IP},
		)
	}
	return out
}

// apiList wraps a list so that the body is always an object: clients can
// later get paging fields without a breaking change.
type apiList[T any] struct {
	Items []T `json:"items"`
}

func listOf[T any](items []T) apiList[T] { return apiList[T]{Items: items} }
