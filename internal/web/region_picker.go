package web

import (
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/url"
	"sync"

	"hatch/internal/region"
)

// The 所属区市 picker (the regionSelect partial): a cascade of three
// selects, province, city and county, instead of one list of every region.
// The last select carries the field's name "region"; regionOf folds the
// three into the one code the services validate, the deepest choice that
// lies within the one above it.
//
// With the script (static/region.js), choosing a province or a city fills
// the select below in place from /regions.json. Without it, the 选择
// button beside each level posts the whole form; the page comes back
// unsaved, with everything typed kept and the level below listed.

// The form keys the picker adds besides "region".
const (
	regionProvinceKey = "region-province"
	regionCityKey     = "region-city"
	regionPickKey     = "region-pick"
)

// path is the chosen region's chain from its province down.
func (c RegionChoice) path() []region.Region { return region.Path(c.V) }

// Province is the province the picker shows chosen.
func (c RegionChoice) Province() region.Region { return c.level(0) }

// City is the second-level region shown chosen: a prefecture, a
// municipality's district or a county the province governs directly.
func (c RegionChoice) City() region.Region { return c.level(1) }

// level is the chosen region's ancestor at depth i (0: province), or the
// zero Region when the choice does not go that deep.
func (c RegionChoice) level(i int) region.Region {
	if p := c.path(); len(p) > i {
		return p[i]
	}
	return region.Region{}
}

// Provinces are the first select's options.
func (c RegionChoice) Provinces() []region.Region { return region.Provinces() }

// Cities are the second select's options after the province alone.
func (c RegionChoice) Cities() []region.Region { return region.Children(c.Province().Code) }

// Counties are the third select's options after the city alone; none when
// the city has nothing below it.
func (c RegionChoice) Counties() []region.Region {
	if c.City().Code == "" {
		return nil
	}
	return region.Children(c.City().Code)
}

// CityLabel and CountyLabel name the second and third levels; before
// anything is chosen, as they are named for most provinces.
func (c RegionChoice) CityLabel() string { return levelBelow(c.Province().Code, cityLevel) }
func (c RegionChoice) CountyLabel() string {
	return levelBelow(c.City().Code, countyLevel)
}

// The usual names of the second and third levels.
const (
	cityLevel   = "市（地区、自治州、盟）"
	countyLevel = "区（县、县级市、旗）"
)

// levelBelow is regionLevel(code), or usual when nothing is chosen yet.
func levelBelow(code, usual string) string {
	if code == "" {
		return usual
	}
	return regionLevel(code)
}

// WholeProvince and WholeCity are the options that stop at a level.
func (c RegionChoice) WholeProvince() string { return wholeRegion(c.Province()) }
func (c RegionChoice) WholeCity() string     { return wholeRegion(c.City()) }

// CountyNote is the third select's only option when it offers nothing: what
// to do first, or that there is nothing below.
func (c RegionChoice) CountyNote() string {
	if c.City().Code == "" {
		return "请先选择" + c.CityLabel()
	}
	return "（其下不再细分）"
}

// regionLevel names the level below code: a 直辖市 has districts and
// counties directly, with no city level between; a prefecture has
// county-level units.
func regionLevel(code string) string {
	r, ok := region.Lookup(code)
	switch {
	case !ok:
		return "区市"
	case region.IsMunicipality(code):
		return "区（县）"
	case r.IsProvince():
		return cityLevel
	}
	return countyLevel
}

// wholeRegion is the text of the option that chooses a region without one
// below it (a 台港澳 province or a municipality's district has none).
func wholeRegion(r region.Region) string { return r.Name + "（不细分）" }

// postedRegion is the region code the request's form posted.
func postedRegion(r *http.Request) string {
	_ = r.PostFormValue("region") // parses the form, if not yet done
	return regionOf(r.PostForm)
}

// regionOf is the region code of posted values: the picker's selects taken
// together, or "region" alone from a client without the picker.
func regionOf(v url.Values) string {
	if _, ok := v[regionProvinceKey]; !ok {
		return v.Get("region")
	}
	var below []string
	if _, ok := v[regionCityKey]; ok {
		below = append(below, v.Get(regionCityKey))
	}
	return region.Pick(v.Get(regionProvinceKey), append(below, v.Get("region"))...)
}

// regionPicked reports whether the form was posted by one of the picker's
// 选择 buttons, to list a level's regions rather than to save.
func regionPicked(r *http.Request) bool {
	return r.Method == http.MethodPost && r.PostFormValue(regionPickKey) != ""
}

// regionPickNote is the page's notice after a 选择: what it listed, and
// that nothing was saved yet. The province's button lists the province's
// level below even when a city of it stays chosen.
func regionPickNote(r *http.Request) string {
	if !regionPicked(r) {
		return ""
	}
	code := postedRegion(r)
	if r.PostFormValue(regionPickKey) == "province" {
		code = region.Pick(r.PostFormValue(regionProvinceKey))
	}
	p, ok := region.Lookup(code)
	if !ok {
		return "请先选择省（自治区、直辖市），再点“选择”。本页填写的内容尚未保存。"
	}
	note := "已列出" + p.Name + "的" + regionLevel(p.Code) + "，请在“所属区市”中继续选择。"
	if len(region.Children(p.Code)) == 0 {
		note = "已选择" + p.FullName() + "，其下不再细分。"
	}
	note += "本页填写的内容已保留，尚未保存。"
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

// regionNode is one region in /regions.json with the regions below it, and
// the texts the picker shows so that the script and the server say the
// same: the option that stops at this region and the label of the level
// below.
type regionNode struct {
	Code    string       `json:"code"`
	Name    string       `json:"name"`
	Whole   string       `json:"whole,omitempty"`
	Label   string       `json:"label,omitempty"`
	Regions []regionNode `json:"regions,omitempty"`
}

// regionTree is code's node with everything below it.
func regionTree(r region.Region) regionNode {
	n := regionNode{Code: r.Code, Name: r.Name}
	for _, c := range region.Children(r.Code) {
		n.Regions = append(n.Regions, regionTree(c))
	}
	if len(n.Regions) > 0 || r.IsProvince() {
		n.Whole, n.Label = wholeRegion(r), regionLevel(r.Code)
	}
	return n
}

// regionsJSON is built once: the divisions are fixed in the binary.
var regionsJSON = sync.OnceValue(func() []byte {
	var out []regionNode
	for _, p := range region.Provinces() {
		out = append(out, regionTree(p))
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
