package web

import (
	"context"
	"net/http"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// Detail tables through Excel: each table's import template and export,
// the whole application's tables in one workbook, and an import that
// shows what it will do (a preview kept on the server, so a refresh
// re-reads it instead of posting the file again) before it is committed.

// xlsxType is the content type of an .xlsx workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func (s *Server) sendWorkbook(
	w http.ResponseWriter,
	r *http.Request,
	wb service.Workbook,
	err error,
) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendBytes(w, download{Name: wb.Name, Type: xlsxType}, wb.Body)
}

func (s *Server) handleTableTemplate(w http.ResponseWriter, r *http.Request) {
	wb, err := s.svc.TableTemplate(r.Context(), actor(r), pathID(r), r.PathValue("table"))
	s.sendWorkbook(w, r, wb, err)
}

func (s *Server) handleTableExport(w http.ResponseWriter, r *http.Request) {
	wb, err := s.svc.ExportTable(r.Context(), actor(r), pathID(r), r.PathValue("table"))
	s.sendWorkbook(w, r, wb, err)
}

func (s *Server) handleAppExport(w http.ResponseWriter, r *http.Request) {
	wb, err := s.svc.ExportApplication(r.Context(), actor(r), pathID(r))
	s.sendWorkbook(w, r, wb, err)
}

// handleReviewExport is the submitted application's tables for its
// reviewers.
func (s *Server) handleReviewExport(w http.ResponseWriter, r *http.Request) {
	wb, err := s.svc.ReviewExport(r.Context(), actor(r), pathID(r))
	s.sendWorkbook(w, r, wb, err)
}

// handleTableImport reads the posted file into a preview and sends the
// browser to it; a file that cannot be read goes back to the table with
// the reason.
func (s *Server) handleTableImport(w http.ResponseWriter, r *http.Request) {
	s.previewUpload(w, r, "file", func(a domain.Actor, id int64, table string, up *service.Upload) (string, error) {
		p, err := s.svc.PreviewImport(r.Context(), a, id, service.ImportInput{Table: table,
			Mode: r.FormValue("mode"), File: up})
		return importURL(id, p.ID), err
	})
}

// previewUpload is what the table's two uploads (a spreadsheet, a .zip)
// share: the application must be editable before the body is read; the
// posted file goes to preview, which keeps a preview and says where it
// is; a file that cannot be read goes back to the table's card with the
// reason, so no refresh posts it again.
func (s *Server) previewUpload(
	w http.ResponseWriter,
	r *http.Request,
	field string,
	preview func(a domain.Actor, appID int64, table string, up *service.Upload) (string, error),
) {
	a, id, table := actor(r), pathID(r), r.PathValue("table")
	if err := s.svc.CheckEditable(r.Context(), a, id); err != nil {
		s.fail(w, r, err)
		return
	}
	cleanup := parseUploadForm(r)
	defer cleanup()
	up, done := formUpload(r, field)
	defer done()
	next, err := preview(a, id, table, up)
	switch k := domain.KindOf(err); {
	case k == domain.Invalid || k == domain.TooMany: // beside the file input
		setRetryAfter(w, err)
		setFlashKind(w, "error", importRefusal(err))
		http.Redirect(w, r, appURL(id)+"/tables/"+table+"?import=1#import", http.StatusSeeOther)
	case err != nil:
		s.fail(w, r, err)
	default:
		http.Redirect(w, r, next, http.StatusSeeOther)
	}
}

// importRefusal is a refused file's reason in one sentence.
func importRefusal(err error) string {
	if fe := domain.FieldsOf(err); len(fe) > 0 {
		return fe[0].Message
	}
	return domain.Message(err)
}

// previewPage is a kept preview of an import into a table: a
// spreadsheet's (service.ImportPreview) or an archive's
// (service.FilesPreview).
type previewPage[P any] struct {
	Page
	App   appRef
	Prev  P
	Table string // the table page's path
}

func (s *Server) handleImportPage(w http.ResponseWriter, r *http.Request) {
	renderPreview(s, w, r, "app_import", "导入预览：", s.svc.Import,
		func(p service.ImportPreview) *form.Table { return p.Table })
}

// renderPreview shows a kept preview of the application in the path.
func renderPreview[P any](
	s *Server,
	w http.ResponseWriter,
	r *http.Request,
	tpl, title string,
	load func(context.Context, domain.Actor, int64, int64) (P, error),
	table func(P) *form.Table,
) {
	a, id := actor(r), pathID(r)
	v, err := s.svc.Application(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := load(r.Context(), a, id, importIDOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := table(p)
	s.render(w, r, http.StatusOK, tpl, previewPage[P]{Page: s.appPage(w, r, v.Type, title+t.Title), App: refOf(v),
		Prev: p, Table: appURL(id) + "/tables/" + t.Key})
}

func (s *Server) handleImportCommit(w http.ResponseWriter, r *http.Request) {
	a, id := actor(r), pathID(r)
	res, err := s.svc.CommitImport(r.Context(), a, id, importIDOf(r))
	if err != nil {
		if k := domain.KindOf(err); k != domain.Conflict && k != domain.Invalid {
			s.fail(w, r, err)
			return
		}
		setFlashKind(w, "error", domain.Message(err))
		http.Redirect(w, r, importURL(id, importIDOf(r)), http.StatusSeeOther)
		return
	}
	setFlash(w, "已导入“"+res.Table.Title+"”：新增 "+strconv.Itoa(res.New)+" 行，更新 "+
		strconv.Itoa(res.Updated)+" 行，删除 "+strconv.Itoa(res.Removed)+" 行。")
	http.Redirect(w, r, appURL(id)+"/tables/"+res.Table.Key, http.StatusSeeOther)
}

func (s *Server) handleImportCancel(w http.ResponseWriter, r *http.Request) {
	a, id := actor(r), pathID(r)
	p, err := s.svc.Import(r.Context(), a, id, importIDOf(r))
	if err == nil {
		err = s.svc.CancelImport(r.Context(), a, id, p.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	setFlash(w, "已取消导入，表格没有变化。")
	http.Redirect(w, r, appURL(id)+"/tables/"+p.Table.Key, http.StatusSeeOther)
}

func importIDOf(r *http.Request) int64 {
	id, _ := strconv.ParseInt(r.PathValue("import"), 10, 64)
	return id
}

func appURL(id int64) string { return "/applications/" + strconv.FormatInt(id, 10) }

func importURL(appID, importID int64) string {
	return appURL(appID) + "/imports/" + strconv.FormatInt(importID, 10)
}
