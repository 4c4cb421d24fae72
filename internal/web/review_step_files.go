package web

import (
	"net/http"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// 审核附件 on the review page: a 办理 form whose step the chain declares
// with file slots (a province's 实地核查报告, 专家评审意见) is a multipart
// form with a file input per slot, which works without JavaScript; the
// review log lists each step's files as download links.

// stepSlot is a file slot of a 办理 form.
type stepSlot struct {
	domain.StepFile
	ID string // the input's id, which its messages go by: act-site_check-file-site_report
	// Limits says what files the input takes.
	Limits string
	// Again: the form failed after files were chosen here; a browser
	// never keeps a chosen file, so the page asks for it again.
	Again bool
}

// Slots are the form's file slots.
func (f actionForm) Slots() []stepSlot {
	out := make([]stepSlot, len(f.Files))
	for i, sf := range f.Files {
		out[i] = stepSlot{StepFile: sf, ID: f.ID + "-" + domain.StepFileField(sf.Key), Limits: f.Limits,
			Again: f.Failed && f.chosen[sf.Key] > 0}
	}
	return out
}

// stepFileView is a file in the review log.
type stepFileView struct {
	domain.StepFileRecord
	Label string // the slot's label: 实地核查报告
	Href  string
}

// stepFilesOf groups the log's files by step, each named by its slot.
func stepFilesOf(v service.ReviewView) map[int64][]stepFileView {
	out := map[int64][]stepFileView{}
	byID := map[int64]domain.ReviewStep{}
	for _, st := range v.Steps {
		byID[st.ID] = st
	}
	c := v.App.Chain()
	for _, f := range v.StepFiles {
		st := byID[f.StepID]
		fv := stepFileView{StepFileRecord: f, Label: "附件",
			Href: "/review/" + strconv.FormatInt(f.AppID, 10) + "/step-files/" + strconv.FormatInt(f.ID, 10)}
		for _, sf := range c.FilesOf(st.Action, st.Level) {
			if sf.Key == f.Slot {
				fv.Label = sf.Label
			}
		}
		out[f.StepID] = append(out[f.StepID], fv)
	}
	return out
}

// stepUploads reads the files of a 办理 form: every file input named
// file-<slot>. Which slots the step has is the service's to check, so a
// file for another slot is refused beside it rather than dropped. The
// returned func closes the files.
func stepUploads(r *http.Request) ([]service.StepUpload, func()) {
	if r.MultipartForm == nil {
		return nil, func() {}
	}
	var out []service.StepUpload
	var closers []func()
	for field := range r.MultipartForm.File {
		slot, ok := strings.CutPrefix(field, "file-")
		if !ok {
			continue
		}
		ups, done := formUploads(r, field)
		closers = append(closers, done)
		for _, u := range ups {
			out = append(out, service.StepUpload{Slot: slot, Upload: *u})
		}
	}
	return out, func() {
		for _, c := range closers {
			c()
		}
	}
}

// stepFileLimits is the hint under a step's file input.
func (s *Server) stepFileLimits() string {
	return "接受 PDF、JPG、PNG 格式，按文件内容判断；每个文件不超过 " + form.FileSize(s.svc.Settings().MaxUpload) +
		"；可一次选择多个文件。"
}

// handleStepFile sends a file of the review log. The route admits every
// logged-in account so that the service alone answers: 404 to everyone
// but the departments that see the application, the applicant and the
// experts included, as for a file that does not exist.
func (s *Server) handleStepFile(w http.ResponseWriter, r *http.Request) {
	fid, _ := strconv.ParseInt(r.PathValue("file"), 10, 64)
	f, rc, err := s.svc.StepFile(r.Context(), actor(r), pathID(r), fid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	s.send(w, download{Name: f.Name, Type: f.ContentType, Size: f.Size, Inline: inlineType(f.ContentType),
		SHA256: f.SHA256}, rc)
}
