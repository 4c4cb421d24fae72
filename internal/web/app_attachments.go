package web

import (
	"net/http"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// A table's attachments in one .zip: the archive is matched to rows and
// slots by file name, shown on its own page (kept on the server, so a
// refresh re-reads it), and attached on confirmation.

func (s *Server) handleTableAttachments(w http.ResponseWriter, r *http.Request) {
	s.previewUpload(w, r, "zip", func(a domain.Actor, id int64, table string, up *service.Upload) (string, error) {
		p, err := s.svc.PreviewFiles(r.Context(), a, id, table, up)
		return filesURL(id, p.ID), err
	})
}

func (s *Server) handleFilesPage(w http.ResponseWriter, r *http.Request) {
	renderPreview(s, w, r, "app_files_import", "附件预览：", s.svc.Files,
		func(p service.FilesPreview) *form.Table { return p.Table })
}

func (s *Server) handleFilesCommit(w http.ResponseWriter, r *http.Request) {
	a, id := actor(r), pathID(r)
	res, err := s.svc.CommitFiles(r.Context(), a, id, importIDOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "已上传“" + res.Table.Title + "”的附件 " + strconv.Itoa(res.Attached) + " 个。"
	if len(res.Failed) == 0 {
		setFlash(w, msg)
	} else {
		for _, f := range res.Failed {
			msg += "“" + f.Name + "”未上传：" + f.Problem
		}
		setFlashKind(w, "warning", msg)
	}
	http.Redirect(w, r, appURL(id)+"/tables/"+res.Table.Key, http.StatusSeeOther)
}

func (s *Server) handleFilesCancel(w http.ResponseWriter, r *http.Request) {
	a, id := actor(r), pathID(r)
	p, err := s.svc.Files(r.Context(), a, id, importIDOf(r))
	if err == nil {
		err = s.svc.CancelFiles(r.Context(), a, id, p.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	setFlash(w, "已取消，没有上传任何附件。")
	http.Redirect(w, r, appURL(id)+"/tables/"+p.Table.Key, http.StatusSeeOther)
}

func filesURL(appID, importID int64) string {
	return appURL(appID) + "/attachment-imports/" + strconv.FormatInt(importID, 10)
}
