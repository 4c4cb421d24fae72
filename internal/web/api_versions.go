package web

import (
	"net/http"
	"strconv"

	"hatch/internal/domain"
)

// apiVersion is a generated 申报书 version.
type apiVersion struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"`
	Seq       int    `json:"seq"`
	CreatedAt string `json:"created_at"`
	CreatedBy string `json:"created_by"`
	Pages     int    `json:"pages"`
	Size      int64  `json:"size"`
	SHA256    string `json:"sha256"`
	Newest    bool   `json:"newest"`
	Stale     bool   `json:"stale"` // 数据已修改
	PDF       string `json:"pdf"`   // the download address
}

func versionOf(v domain.Version, newest, stale bool) apiVersion {
	return apiVersion{
		ID:        v.ID,
		Code:      v.Code,
		Seq:       v.Seq,
		CreatedAt: apiTime(v.CreatedAt),
		CreatedBy: v.CreatedByName,
		Pages:     v.Pages,
		Size:      v.Size,
		SHA256:    v.SHA256,
		Newest:    newest,
		Stale:     stale,
		PDF: "/api/v1/applications/" + strconv.FormatInt(
			v.AppID,
			10,
		) + "/versions/" + strconv.FormatInt(
			v.ID,
			10,
		) + "/pdf",
	}
}

func (s *Server) apiVersions(w http.ResponseWriter, r *http.Request) {
	vv, err := s.svc.Versions(r.Context(), actor(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := struct {
		Items []apiVersion `json:"items"`
	}{Items: []apiVersion{}}
	for _, v := range vv.Versions {
		out.Items = append(out.Items, versionOf(v.Version, v.Newest, v.Stale))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiVersionCreate is 下载材料: it generates a version and returns it; the
// PDF is fetched from its pdf address.
func (s *Server) apiVersionCreate(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.GenerateVersion(r.Context(), actor(r), pathID(r), s.baseURL(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, versionOf(v, true, false))
}

// apiVerify is the public check of a 版本号, as on the verification page.
func (s *Server) apiVerify(w http.ResponseWriter, r *http.Request) {
	c, err := s.svc.VerifyVersion(r.Context(), r.URL.Query().Get("v"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Code      string `json:"code"`
		Carrier   string `json:"carrier"`
		Operator  string `json:"operator"`
		Round     string `json:"round"`
		CreatedAt string `json:"created_at"`
		Pages     int    `json:"pages"`
		SHA256    string `json:"sha256"`
		Submitted bool   `json:"submitted"`
	}{c.Version.Code, c.Carrier, c.Operator, c.Round, apiTime(c.Version.CreatedAt), c.Version.Pages, c.Version.SHA256, c.Submitted})
}
