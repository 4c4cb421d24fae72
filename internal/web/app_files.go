package web

import (
	"net/http"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/form"
)

// Files of an application: the uploads of a row's slots (入驻协议, 营业执照…)
// and of a section's (承诺书). Each slot lists its files with a preview
// link and a 删除 button, and has its own upload form, so a file is
// uploaded the moment it is chosen and submitted, without JavaScript.

// slotView is one file slot with its files and upload form.
type slotView struct {
	Slot   form.FileSlot
	ID     string // the file input's id: "file-" + slot
	Need   string // 必须上传, 条件必传 or 可选
	Files  []domain.AppFile
	Error  string
	Action string // where the upload form posts
	Back   string // where deleting a file returns to
	CSRF   string
	Limits string
	Max    int64 // bytes per file, for the script's early check
	Locked bool  // the application takes no change: files are listed only
}

// DeleteURL is where a file of the slot is deleted: the application's
// path is the first part of the slot's upload address.
func (v slotView) DeleteURL(fileID int64) string {
	parts := strings.SplitN(v.Action, "/", 4) // "", "applications", id, rest
	if len(parts) < 3 {
		return ""
	}
	return "/applications/" + parts[2] + "/files/" + strconv.FormatInt(fileID, 10) + "/delete"
}

// Required reports whether the slot is required in the values shown.
func (v slotView) Required() bool { return v.Need == "必须上传" }

func (s *Server) slotViewOf(
	p Page,
	slot form.FileSlot,
	files []domain.AppFile,
	values domain.Values,
	action, back string,
) slotView {
	v := slotView{
		Slot:   slot,
		ID:     "file-" + slot.Key,
		Files:  files,
		Action: action,
		Back:   back,
		CSRF:   p.CSRF,
		Limits: s.uploadLimits(),
		Max:    s.svc.Settings().MaxUpload,
	}
	switch {
	case slot.IsRequired(values):
		v.Need = "必须上传"
	case slot.RequiredWhen != nil:
		v.Need = "“" + slot.RequiredWhen.Field + "”为" + quoteAll(slot.RequiredWhen.In) + "时必须上传"
	default:
		v.Need = "可选"
	}
	return v
}

// slotsOf builds a row's slots, naming the controlling column by its label.
func (s *Server) slotsOf(
	p Page,
	t *form.Table,
	files []domain.AppFile,
	values domain.Values,
	action, back string,
) []slotView {
	by := map[string][]domain.AppFile{}
	for _, f := range files {
		by[f.Slot] = append(by[f.Slot], f)
	}
	out := make([]slotView, 0, len(t.Files))
	for _, slot := range t.Files {
		v := s.slotViewOf(p, slot, by[slot.Key], values, action, back)
		if w := slot.RequiredWhen; w != nil && v.Need != "必须上传" {
			v.Need = "“" + labelOf(t.Columns, w.Field) + "”为" + quoteAll(w.In) + "时必须上传"
		}
		out = append(out, v)
	}
	return out
}

// fileErrors puts an upload's refusal beside the slot's file input.
func fileErrors(err error, slot string) domain.FieldErrors {
	fe := domain.FieldsOf(err)
	if len(fe) == 0 {
		return domain.FieldErrors{{Field: "file-" + slot, Message: domain.Message(err)}}
	}
	out := make(domain.FieldErrors, 0, len(fe))
	for _, e := range fe {
		if e.Field == slot {
			e.Field = "file-" + slot
		}
		out = append(out, e)
	}
	return out
}

// parseUploadForm reads a multipart body the CSRF check has not already
// read (requests that sent the token as a header). The returned func
// removes the temporary files.
func parseUploadForm(r *http.Request) func() {
	if r.MultipartForm != nil || !isMultipart(r) {
		return func() {}
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return func() {}
	}
	return func() { r.MultipartForm.RemoveAll() }
}

func (s *Server) handleAppRowUpload(w http.ResponseWriter, r *http.Request) {
	a, id, rid := actor(r), pathID(r), rowIDOf(r)
	page := appURL(id) + "/rows/" + strconv.FormatInt(rid, 10)
	if err := s.svc.CheckEditable(r.Context(), a, id); err != nil {
		if !lockedBack(w, r, err, page) {
			s.fail(w, r, err)
		}
		return
	}
	cleanup := parseUploadForm(r)
	defer cleanup()
	slot := r.FormValue("slot")
	s.uploaded(w, r, s.attachAll(r, a, id, rid, slot, "file"), slot, page)
}

// uploaded answers an upload to a slot of page, always with a redirect to
// the page, so a refresh never posts the files again: what was stored in
// the flash, and what was refused beside the slot's input.
func (s *Server) uploaded(w http.ResponseWriter, r *http.Request, res uploads, slot, page string) {
	switch {
	case res.err == nil:
		setFlash(w, res.done())
	case lockedBack(w, r, res.err, page):
		return
	case domain.KindOf(res.err) != domain.Invalid:
		s.fail(w, r, res.err)
		return
	default:
		id := "file-" + slot
		setFlashAt(w, flash{Kind: "error", Msg: res.refused(), For: id,
			Detail: fileErrors(res.err, slot).Get(id)})
	}
	http.Redirect(w, r, page+"#file-"+slot, http.StatusSeeOther)
}

// flashBeside puts a redirected upload's refusal beside its slot.
func flashBeside(p Page, slots []slotView) {
	for i := range slots {
		if p.FlashFor == slots[i].ID && p.FlashDetail != "" {
			slots[i].Error = p.FlashDetail
		}
	}
}

// uploads is what became of the files chosen for one slot at once: each is
// checked and stored on its own, so one bad file does not drop the good
// ones chosen with it.
type uploads struct {
	saved  []string
	failed []string // "name：reason"
	err    error    // the first refusal, or what stopped the rest
}

// attachAll attaches every file posted in field to a slot.
func (s *Server) attachAll(
	r *http.Request,
	a domain.Actor,
	appID, rowID int64,
	slot, field string,
) uploads {
	var res uploads
	files, done := formUploads(r, field)
	defer done()
	if len(files) == 0 {
		_, res.err = s.svc.AttachFile(r.Context(), a, appID, rowID, slot, nil)
		return res
	}
	for _, up := range files {
		_, err := s.svc.AttachFile(r.Context(), a, appID, rowID, slot, up)
		switch {
		case err == nil:
			res.saved = append(res.saved, up.Name)
		case domain.KindOf(err) == domain.Invalid:
			res.failed = append(res.failed, "“"+up.Name+"”："+importRefusal(err))
			if res.err == nil {
				res.err = err
			}
		default:
			res.err = err
			return res
		}
	}
	if len(files) > 1 && len(res.failed) > 0 { // name each refused file among the chosen
		res.err = fieldErr(slot, strings.Join(res.failed, "；"))
	}
	return res
}

// done is the message for files all stored.
func (u uploads) done() string {
	return "已上传“" + strings.Join(u.saved, "”、“") + "”。"
}

// refused is the page's message when some files were refused.
func (u uploads) refused() string {
	if len(u.saved) == 0 {
		return "文件未上传。"
	}
	return "已上传 " + strconv.Itoa(len(u.saved)) + " 个文件；" + strconv.Itoa(len(u.failed)) + " 个文件未上传，原因见下方。"
}

func fieldErr(slot, msg string) error {
	var fe domain.FieldErrors
	fe.Add(slot, "", msg)
	return &domain.Error{Kind: domain.Invalid, Message: msg, Fields: fe}
}

func (s *Server) handleAppFileDelete(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	fid, _ := strconv.ParseInt(r.PathValue("fileID"), 10, 64)
	if err := s.svc.DetachFile(r.Context(), actor(r), id, fid); err != nil {
		if !lockedBack(w, r, err, backTo(r.PostFormValue("back"), id)) {
			s.fail(w, r, err)
		}
		return
	}
	setFlash(w, "附件已删除。")
	http.Redirect(w, r, backTo(r.PostFormValue("back"), id), http.StatusSeeOther)
}

// backTo is a page of the same application to return to, or its task
// list: never another site, nor another application.
func backTo(back string, appID int64) string {
	base := "/applications/" + strconv.FormatInt(appID, 10)
	if strings.HasPrefix(back, base+"/") && !strings.ContainsAny(back, "\\\r\n") &&
		!strings.Contains(back, "//") {
		return back
	}
	return base
}

func rowIDOf(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("rowID"), 10, 64)
	return id
}
