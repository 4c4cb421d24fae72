package domain

import "time"

// Attachment is an uploaded file's metadata; the bytes live in the blob store
// under BlobKey. Type is sniffed from the content, never from the name.
type Attachment struct {
	ID          int64
	OrgID       int64 // owner organisation; 0 for platform files
	Purpose     string
	BlobKey     string
	Name        string // the original file name, Chinese kept
	ContentType string
	Size        int64
	SHA256      string
	CreatedBy   int64
	CreatedAt   time.Time
}

// Certification is one attempt at 实名认证: an automatic check or a manual
// request with photos, and its outcome.
type Certification struct {
	ID          int64
	OrgID       int64
	OrgName     string // filled by queue queries
	OrgUSCC     string
	Kind        string // "auto" or "manual"
	Status      CertStatus
	Detail      string // the mismatches, one per line, or the applicant's note
	LicenseID   int64  // attachment: photo of the 营业执照
	IDCardID    int64  // attachment: photo of the ID card
	SubmittedBy int64
	SubmittedAt time.Time
	DecidedBy   int64
	DecidedAt   time.Time
	Reason      string // the admin's reason
}

// RegistryEntry is one legal person in the registry that certification
// matches against.
type RegistryEntry struct {
	USCC        string
	Name        string
	RepName     string
	RepIDNumber string
}

// APIToken is a personal access token; only its hash is stored.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string // the first characters, so the owner can tell tokens apart
	CreatedAt  time.Time
	LastUsedAt time.Time
}

// AuditEntry is one line of the append-only audit log.
type AuditEntry struct {
	ID         int64
	At         time.Time
	ActorID    int64
	ActorLogin string
	Action     string
	TargetType string
	TargetID   int64
	Detail     string
	IP         string
}

// OutboxMessage is a notification as it was sent (or written to the log).
type OutboxMessage struct {
	ID        int64
	Channel   string // "sms" or "email"
	Recipient string
	Subject   string
	Body      string
	CreatedAt time.Time
}

// UserFilter narrows the admin's account list.
type UserFilter struct {
	Search string // part of the login or name
	Role   Role
	Limit  int
	Offset int
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	Action string
	Actor  string
	Limit  int
	Offset int
}
