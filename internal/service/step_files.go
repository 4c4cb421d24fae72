package service

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"hatch/internal/blob"
	"hatch/internal/domain"
	"hatch/internal/store"
)

// Files uploaded with a review step (审核附件): the signed scans a
// department sends on with its work, such as a province's 专家评审意见 and
// 实地核查报告. The chain declares which step takes which slot
// (domain.StepFile); here the files are checked by content and size,
// stored with the step in one transaction, and opened for the departments
// that see the application.

// StepUpload is a file chosen for a slot of a step's form.
type StepUpload struct {
	Slot string // domain.StepFile.Key
	Upload
}

// maxStepFileName is the longest file name kept, in characters: no file
// system gives longer ones, so a longer name is not a file's.
const maxStepFileName = 255

// savedStepFile is an upload stored in the blob store, waiting for its step.
type savedStepFile struct {
	slot string
	name string
	blob.Saved
}

// FileCounts counts the chosen files per slot, for the chain's check and
// for a page that asks for them again.
func (in ActInput) FileCounts() map[string]int {
	out := map[string]int{}
	for _, f := range in.Files {
		out[f.Slot]++
	}
	return out
}

// checkStepInput names every problem of a step's form before anything is
// recorded: the comment and the required files as the chain declares them,
// and each chosen file that is not a PDF or image, is empty or too large,
// or belongs to no slot. The files that passed are stored; the caller
// records them with the step, or discards them when the step fails.
//
// A step that takes no files and was given none is left to the workflow
// alone, as before there were files.
func (s *Service) checkStepInput(ctx context.Context, app domain.Application, by domain.By, in ActInput,
	input domain.Input) ([]savedStepFile, error) {
	c := app.Chain()
	slots := c.FilesOf(in.Action, by.Level)
	if len(slots) == 0 && len(in.Files) == 0 {
		return nil, nil
	}
	if err := s.stepAllowed(ctx, app, by, in.Action); err != nil {
		return nil, err // who may act and when comes before what was typed
	}
	if in.NoFiles {
		if err := noFilesHere(c, in.Action, by); err != nil {
			return nil, err
		}
	}
	fe := c.CheckInput(in.Action, by, input)
	saved, bad, err := s.saveStepUploads(ctx, slots, in.Files)
	if err != nil {
		s.discardStepBlobs(ctx, saved)
		return nil, err
	}
	fe = append(fe, bad...)
	if len(fe) > 0 {
		s.discardStepBlobs(ctx, saved)
		return nil, inputError(fe)
	}
	return saved, nil
}

// stepAllowed is the workflow's verdict on the action now, from the log
// as it stands: the transaction checks it again.
func (s *Service) stepAllowed(ctx context.Context, app domain.Application, by domain.By, act domain.Action) error {
	steps, err := s.store.Steps(ctx, app.ID)
	if err != nil {
		return err
	}
	f := s.facts(app, steps)
	if f.Experts, err = expertPanels(ctx, s.store, app); err != nil {
		return err
	}
	return app.Chain().Allowed(app.Status, act, by, f)
}

// noFilesHere refuses, for a caller that cannot send files (the JSON API),
// a step that requires some: it says where the step can be taken instead
// of asking for something the caller cannot give.
func noFilesHere(c *domain.Chain, act domain.Action, by domain.By) error {
	for _, t := range c.Transitions() {
		if t.Action != act || t.Level != by.Level || !slices.Contains(t.Roles, by.Role) {
			continue
		}
		if need := t.RequiredFiles(); len(need) > 0 {
			return domain.Errorf(domain.Invalid, "“%s”须上传%s，接口不接收文件，请在审核页面办理。",
				t.Name(), strings.Join(need, "和"))
		}
	}
	return nil
}

// inputError is one problem's own message, or the general one for several.
func inputError(fe domain.FieldErrors) error {
	if len(fe) == 1 {
		return &domain.Error{Kind: domain.Invalid, Message: fe[0].Message, Fields: fe}
	}
	return fe.Err()
}

// saveStepUploads stores each chosen file of a declared slot and names the
// refused ones beside their slot; err is for a failure of the storage
// itself, after which nothing more is tried.
func (s *Service) saveStepUploads(ctx context.Context, slots []domain.StepFile,
	files []StepUpload) ([]savedStepFile, domain.FieldErrors, error) {
	var saved []savedStepFile
	var bad domain.FieldErrors
	for _, f := range files {
		i := slices.IndexFunc(slots, func(sf domain.StepFile) bool { return sf.Key == f.Slot })
		field := domain.StepFileField(f.Slot)
		if i < 0 {
			bad.Add(field, "附件", "该操作不接收此项附件。")
			continue
		}
		sv, msg, err := s.saveStepUpload(ctx, slots[i], f)
		if err != nil {
			return saved, bad, err
		}
		if msg != "" {
			bad.Add(field, slots[i].Label, msg+namedIf(f.Name, countIn(files, f.Slot) > 1))
			continue
		}
		saved = append(saved, sv)
	}
	return saved, bad, nil
}

// saveStepUpload stores one file; msg says why it was refused.
func (s *Service) saveStepUpload(ctx context.Context, slot domain.StepFile,
	f StepUpload) (sv savedStepFile, msg string, err error) {
	if utf8.RuneCountInString(f.Name) > maxStepFileName {
		return sv, "文件名超过 " + strconv.Itoa(maxStepFileName) + " 个字，请改短后再上传。", nil
	}
	saved, err := blob.Save(ctx, s.blobs, f.Body, imageOrPDF, s.cfg.MaxUpload)
	if domain.KindOf(err) == domain.Invalid {
		return sv, domain.Message(err), nil
	}
	if err != nil {
		return sv, "", err
	}
	name := f.Name
	if strings.TrimSpace(name) == "" {
		name = slot.Label + saved.Kind.Ext // a client that sent no name
	}
	return savedStepFile{slot: slot.Key, name: name, Saved: saved}, "", nil
}

// namedIf names the file a message is about when several were chosen for
// the slot, so the user knows which one to replace.
func namedIf(name string, several bool) string {
	if !several {
		return ""
	}
	return "（“" + name + "”）"
}

func countIn(files []StepUpload, slot string) int {
	n := 0
	for _, f := range files {
		if f.Slot == slot {
			n++
		}
	}
	return n
}

// discardStepBlobs removes stored files whose step was not recorded.
// Failures are only logged: the blob sweep removes what is left.
func (s *Service) discardStepBlobs(ctx context.Context, saved []savedStepFile) {
	for _, f := range saved {
		if err := s.blobs.Delete(ctx, f.Key); err != nil {
			s.log.Error("discard step file", "key", f.Key, "err", err)
		}
	}
}

// addStepFiles records the stored files with their step, inside the
// step's transaction, and audits them with it.
func addStepFiles(ctx context.Context, tx *store.Tx, a domain.Actor, rs domain.ReviewStep,
	saved []savedStepFile) error {
	if len(saved) == 0 {
		return nil
	}
	names := make([]string, len(saved))
	for i, f := range saved {
		_, err := tx.AddStepFile(ctx, domain.StepFileRecord{AppID: rs.AppID, StepID: rs.ID, Slot: f.slot,
			BlobKey: f.Key, Name: f.name, ContentType: f.Kind.ContentType, Size: f.Size, SHA256: f.SHA256,
			UserID: a.ID, UserName: a.Name})
		if err != nil {
			return err
		}
		names[i] = f.name
	}
	return audit(ctx, tx, a, "review.files", "application", rs.AppID, "上传审核附件："+strings.Join(names, "、"))
}

// StepFile opens a file of an application's review log for a department
// that sees the application (the city that passed it on, its province,
// 火炬中心 once it is there). Anyone else, the applicant and the experts
// included, is told it does not exist, as for a file that does not.
func (s *Service) StepFile(ctx context.Context, a domain.Actor, appID, fileID int64) (domain.StepFileRecord,
	io.ReadCloser, error) {
	if a.Role != domain.RoleReviewer {
		return domain.StepFileRecord{}, nil, domain.ErrNotFound
	}
	if _, _, err := s.reviewable(ctx, a, appID); err != nil {
		return domain.StepFileRecord{}, nil, err
	}
	f, err := s.store.StepFile(ctx, appID, fileID)
	if err != nil {
		return f, nil, err
	}
	rc, err := s.blobs.Open(ctx, f.BlobKey)
	return f, rc, domain.Wrap(err, "open step file")
}
