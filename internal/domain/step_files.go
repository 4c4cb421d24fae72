package domain

import (
	"slices"
	"strconv"
	"time"
)

// Files a department uploads with a step of the review chain: the signed
// scans it sends on with its decision, such as a province's 专家评审意见 and
// 实地核查报告 (types.md §A7 step 4: "Expert-review and site-check opinions
// must be uploaded to the system"). Which step takes which files is
// declared on the chain's transitions, like its comment; the engine checks
// them the same way for every chain.

// StepFile is a file slot of a chain's transition.
type StepFile struct {
	// Key names the slot in the store and in forms; it never changes once
	// files were uploaded into it.
	Key   string
	Label string // what the file is: 实地核查报告
	// Hint says what to scan, beside the slot: 核查组签字的报告.
	Hint     string
	Required bool // the step may not be recorded without at least one file
}

// MaxStepFiles is the most files one slot takes with one step: a scan of
// a few pages may come as one image per page, but more than this is a
// document that belongs in one PDF.
const MaxStepFiles = 20

// StepFileField is the form field a slot's files and messages go by.
func StepFileField(key string) string { return "file-" + key }

// FilesOf returns the file slots of action a taken at level l in this
// chain: what its form offers and its log entry lists.
func (c *Chain) FilesOf(a Action, l Level) []StepFile {
	for _, t := range c.rows {
		if t.Action == a && t.Level == l && len(t.Files) > 0 {
			return slices.Clone(t.Files)
		}
	}
	return nil
}

// CheckInput checks what by typed and chose for action a without the
// application's state: the comment and the files. It lets a caller name
// every problem of a form at once, before it stores any file; Next checks
// the same again with the facts.
func (c *Chain) CheckInput(act Action, by By, in Input) FieldErrors {
	for _, t := range c.rows {
		if t.Action == act && t.admits(by) {
			return t.checkInput(in)
		}
	}
	return nil
}

// checkInput gathers the comment's and the files' problems, so the page
// shows both beside their fields.
func (t Transition) checkInput(in Input) FieldErrors {
	fe := FieldsOf(checkComment(t, in.Comment))
	return append(fe, t.checkFiles(in.Files)...)
}

// checkFiles requires a file in each required slot and caps how many one
// slot takes. Files for slots the transition lacks are ignored here, as
// other input the action does not record is; the caller stores only the
// declared slots' files.
func (t Transition) checkFiles(given map[string]int) FieldErrors {
	var fe FieldErrors
	for _, f := range t.Files {
		n := given[f.Key]
		switch {
		case n == 0 && f.Required:
			fe.Add(StepFileField(f.Key), f.Label, t.Name()+"须上传"+f.Label+"。")
		case n > MaxStepFiles:
			fe.Add(StepFileField(f.Key), f.Label, f.Label+"最多上传 "+strconv.Itoa(MaxStepFiles)+
				" 个文件，多页的扫描件请合并为一个 PDF。")
		}
	}
	return fe
}

// inputErr is the error of a form's problems: one problem's own message
// when there is one, so a message names it, else the general one.
func inputErr(fe FieldErrors) error {
	if len(fe) == 1 {
		return &Error{Kind: Invalid, Message: fe[0].Message, Fields: fe}
	}
	return fe.Err()
}

// RequiredFiles lists the labels of the transition's required slots, for
// a message that says what the step needs.
func (t Transition) RequiredFiles() []string {
	var out []string
	for _, f := range t.Files {
		if f.Required {
			out = append(out, f.Label)
		}
	}
	return out
}

// StepFileRecord is a file uploaded with a step of an application's review
// log. Name is the file's name as the uploader's computer called it, every
// character kept; pages and downloads escape it where they show it.
type StepFileRecord struct {
	ID          int64
	AppID       int64
	StepID      int64
	Slot        string
	BlobKey     string
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	UserID      int64
	UserName    string
	At          time.Time
}
