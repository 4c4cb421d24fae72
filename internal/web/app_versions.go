package web

import (
	"net/http"
	"strconv"
	"strings"

	"hatch/internal/clock"
	"hatch/internal/docgen"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/service"
)

// The 申报书 pages (manual 四（四）, 五): 核对申报信息, the versions list
// with 下载材料, the download of a version, and the public verification
// of a 版本号.

// appPreviewPage is 核对申报信息: the content the next 下载材料 prints.
type appPreviewPage struct {
	Page
	App      appRef
	View     service.AppView
	Doc      *docgen.Document
	Open     int // task-list items not complete
	Problems int
	Prints   []printPlace // fields with characters the 申报书 cannot print
}

func (s *Server) handleAppPreview(w http.ResponseWriter, r *http.Request) {
	v, doc, err := s.svc.Preview(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := appPreviewPage{
		Page:     s.appPage(w, r, v.Type, "核对申报信息 · "+v.Carrier.Name),
		App:      refOf(v),
		View:     v,
		Doc:      doc,
		Problems: len(v.Issues),
		Prints:   printPlaces(v),
	}
	for _, st := range v.Statuses {
		if st.State != form.Complete {
			p.Open++
		}
	}
	s.render(w, r, http.StatusOK, "app_preview", p)
}

// appVersionsPage lists the generated versions; New is the one just made.
type appVersionsPage struct {
	Page
	App      appRef
	Versions service.VersionsView
	New      int64
	Prints   []printPlace // fields with characters the 申报书 cannot print
}

func (s *Server) handleAppVersions(w http.ResponseWriter, r *http.Request) {
	vv, err := s.svc.Versions(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	newID, _ := strconv.ParseInt(r.URL.Query().Get("new"), 10, 64)
	ref := refOfApp(vv.App)
	p := appVersionsPage{Page: s.appPage(w, r, ref.Type, "申报书版本 · "+ref.Carrier), App: ref, Versions: vv, New: newID}
	if v, err := s.svc.Application(r.Context(), actor(r), vv.App.ID); err == nil {
		p.Prints = printPlaces(v)
	}
	s.render(w, r, http.StatusOK, "app_versions", p)
}

// handleVersionCreate is 下载材料: the render is queued and the answer is
// at once the page that follows it (render_pages.go). The form's press
// token makes a double click or a resent POST the same job.
func (s *Server) handleVersionCreate(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	job, err := s.svc.RequestVersion(r.Context(), actor(r), id, s.baseURL(r), r.PostFormValue("press"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, renderURL(id, job), http.StatusSeeOther)
}

// handleVersionPDF sends a stored version byte for byte.
func (s *Server) handleVersionPDF(w http.ResponseWriter, r *http.Request) {
	vid, _ := strconv.ParseInt(r.PathValue("vid"), 10, 64)
	v, rc, err := s.svc.VersionPDF(r.Context(), actor(r), pathID(r), vid)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	s.send(w, versionDownload(v, false), rc)
}

// versionDownload is a stored 申报书 as a file: named by its 版本号, its
// SHA-256 the ETag.
func versionDownload(v domain.Version, inline bool) download {
	return download{
		Name:   "申报书-" + v.Code + ".pdf",
		Type:   "application/pdf",
		Size:   v.Size,
		Inline: inline,
		SHA256: v.SHA256,
	}
}

// verifyPage is the public check of a 版本号.
type verifyPage struct {
	Page
	Code    string // as typed
	Checked bool
	Found   bool
	Result  verifyResult
}

type verifyResult struct {
	Code, Carrier, Operator, Round, Generated, SHA256 string
	Pages                                             int
	Submitted, NeverSubmitted                         bool
	Status                                            string
}

func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	p := verifyPage{
		Page: s.page(w, r, "申报书版本核验", ""),
		Code: strings.TrimSpace(r.URL.Query().Get("v")),
	}
	code := http.StatusOK
	if p.Code != "" {
		p.Checked = true
		c, err := s.svc.VerifyVersion(r.Context(), p.Code)
		switch {
		case err == nil:
			p.Found = true
			p.Result = verifyResult{
				Code:     c.Version.Code,
				Carrier:  c.Carrier,
				Operator: c.Operator,
				Round:    c.Round,
				Generated: c.Version.CreatedAt.In(clock.Zone).
					Format("2006-01-02 15:04:05"),
				SHA256:         c.Version.SHA256,
				Pages:          c.Version.Pages,
				Submitted:      c.Submitted,
				NeverSubmitted: !c.AnySubmitted,
				Status:         domain.ChainOf(c.AppType).StatusLabel(c.AppStatus),
			}
		case domain.KindOf(err) == domain.NotFound:
			code = http.StatusNotFound
		default:
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, code, "verify", p)
}

// baseURL is the site's address for QR codes: the setting, or the
// request's own scheme and host.
func (s *Server) baseURL(r *http.Request) string {
	if s.opts.PublicURL != "" {
		return s.opts.PublicURL
	}
	scheme := "http"
	if r.TLS != nil ||
		s.opts.TrustProxy && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
