package web

import (
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"sync"

	"hatch/internal/region"
)

// The 所属区市 picker (the regionSelect partial): a select of provinces and
// a select of the chosen province's regions, instead of one list of every
// region. The second select submits the region code as before, under the
// field's name "region", so the services validate it unchanged.
//
// With the script (static/region.js), choosing a province fills the second
// select in place from /regions.json. Without it, the 选择 button beside the
// province posts the whole form; the page comes back unsaved, with
// everything typed kept and the province's regions listed.

// The form keys the picker adds besides "region".
const (
	regionProvinceKey = "region-province"
	regionPickKey     = "region-pick"
)

// Province is the province the picker shows chosen: the chosen region's.
func (c RegionChoice) Province() region.Region {
	if !region.Valid(c.V) {
		return region.Region{}
	}
	p, _ := region.ProvinceOf(c.V)
	return p
}

// Provinces are the first select's options.
func (c RegionChoice) Provinces() []region.Region { return region.Provinces() }

// Regions are the second select's options after the province alone.
func (c RegionChoice) Regions() []region.Region { return region.Children(c.Province().Code) }

// RegionLabel names the second select's level.
func (c RegionChoice) RegionLabel() string { return regionLevel(c.Province().Code) }

// Whole is the option for the province alone.
func (c RegionChoice) Whole() string { return wholeProvince(c.Province()) }

// regionLevel names the level below a province: a 直辖市 has districts and
// counties directly, with no city level between.
func regionLevel(province string) string {
	switch {
	case province == "":
		return "区市"
	case region.IsMunicipality(province):
		return "区（县）"
	}
	return "市（地区、自治州、盟）"
}

// wholeProvince is the text of the option that chooses a province without
// a region below it (a 台港澳 province has none).
func wholeProvince(p region.Region) string { return p.Name + "（不细分）" }

// postedRegion is the region code the request's form posted.
func postedRegion(r *http.Request) string {
	_ = r.PostFormValue("region") // parses the form, if not yet done
	return regionOf(r.PostForm)
}

// regionOf is the region code of posted values: the picker's two selects
// taken together, or "region" alone from a client without the picker.
func regionOf(v url.Values) string {
	if _, ok := v[regionProvinceKey]; !ok {
		return v.Get("region")
	}
	return region.Pick(v.Get(regionProvinceKey), v.Get("region"))
}

// regionPicked reports whether the form was posted by the picker's 选择
// button, to list a province's regions rather than to save.
func regionPicked(r *http.Request) bool {
	return r.Method == http.MethodPost && r.PostFormValue(regionPickKey) != ""
}

// regionPickNote is the page's notice after a 选择: what happened, and that
// nothing was saved yet.
func regionPickNote(r *http.Request) string {
	if !regionPicked(r) {
		return ""
	}
	p, ok := region.Lookup(postedRegion(r))
	if !ok {
		return "请先选择省（自治区、直辖市），再点“选择”。本页填写的内容尚未保存。"
	}
	note := "已列出" + p.Name + "的" + regionLevel(p.Code) + "，请在“所属区市”中继续选择。本页填写的内容已保留，尚未保存。"
	if r.MultipartForm != nil && anyFile(r.MultipartForm) {
		note += "所选文件需重新选择。"
	}
	return note
}

// anyFile reports whether a multipart form carried a chosen file.
func anyFile(f *multipart.Form) bool {
	for _, fhs := range f.File {
		for _, fh := range fhs {
			if fh.Filename != "" {
				return true
			}
		}
	}
	return false
}

// regionsProvince is one province in /regions.json, with the texts the
// picker shows so that the script and the server say the same.
type regionsProvince struct {
	Code    string      `json:"code"`
	Whole   string      `json:"whole"`
	Label   string      `json:"label"`
	Regions [][2]string `json:"regions"` // code, name
}

// regionsJSON is built once: the divisions are fixed in the binary.
var regionsJSON = sync.OnceValue(func() []byte {
	var out []regionsProvince
	for _, p := range region.Provinces() {
		rp := regionsProvince{Code: p.Code, Whole: wholeProvince(p), Label: regionLevel(p.Code),
			Regions: [][2]string{}}
		for _, c := range region.Children(p.Code) {
			rp.Regions = append(rp.Regions, [2]string{c.Code, c.Name})
		}
		out = append(out, rp)
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic("regions.json: " + err.Error()) // plain strings always marshal
	}
	return b
})

// handleRegions serves the picker's data: public reference data (GB/T
// 2260), the same for everyone, so any cache may keep it for a day.
func (s *Server) handleRegions(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(regionsJSON())
}
