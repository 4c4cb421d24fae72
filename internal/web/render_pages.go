package web

import (
	"net/http"
	"strconv"

	"hatch/internal/service"
)

// The page that follows a 下载材料 until its 申报书 is made: waiting (with
// its place in the queue), rendering, done (the 版本号 and the download)
// or failed. Without script it reloads itself every few seconds; hatch.js
// updates it in place and, once done, goes on to the versions page, which
// starts the download.

// renderURL is the address of a render job's page.
func renderURL(appID, job int64) string {
	return "/applications/" + strconv.FormatInt(appID, 10) + "/renders/" + strconv.FormatInt(job, 10)
}

// renderRefresh is how often the page reloads without script, in seconds:
// a render takes a few, and each reload is one cheap read.
const renderRefresh = 2

type appRenderPage struct {
	Page
	App    appRef
	Render service.RenderView
	// Versions is the versions page that marks the new version, which
	// starts its download; set once done.
	Versions string
}

// Waiting, Rendering, Done and Failed name the render's state for the template.
func (p appRenderPage) Waiting() bool   { return p.Render.State == service.RenderWaiting }
func (p appRenderPage) Rendering() bool { return p.Render.State == service.RenderRendering }
func (p appRenderPage) Done() bool      { return p.Render.State == service.RenderDone }
func (p appRenderPage) Failed() bool    { return p.Render.State == service.RenderFailed }

func (s *Server) handleRenderStatus(w http.ResponseWriter, r *http.Request) {
	job, _ := strconv.ParseInt(r.PathValue("job"), 10, 64)
	v, err := s.svc.RenderStatus(r.Context(), actor(r), pathID(r), job)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ref := refOfApp(v.App)
	p := appRenderPage{Page: s.appPage(w, r, ref.Type, "生成申报书 · "+ref.Carrier), App: ref, Render: v}
	switch v.State {
	case service.RenderDone:
		p.Versions = ref.URL() + "/versions?new=" + strconv.FormatInt(v.Version.ID, 10)
	case service.RenderWaiting, service.RenderRendering:
		p.Refresh = renderRefresh
	}
	w.Header().Set("Cache-Control", "no-store") // each look is the state now
	s.render(w, r, http.StatusOK, "app_render", p)
}
