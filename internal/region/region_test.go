package region_test

import (
	"testing"

	"hatch/internal/region"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name       string
		code       string
		wantOK     bool
		wantName   string
		wantParent string
	}{
		{"prefecture found with province parent", "350200", true, "厦门市", "350000"},
		{"municipality district found with municipality parent", "110105", true, "朝阳区", "110000"},
		{"directly governed county-level unit found", "419001", true, "济源市", "410000"},
		{"province found without parent", "350000", true, "福建省", ""},
		{"municipality placeholder 市辖区 not found", "110100", false, "", ""},
		{"county of a prefecture found with prefecture parent", "350203", true, "思明区", "350200"},
		{"prefecture without counties found with province parent", "441900", true, "东莞市", "440000"},
		{"unknown code not found", "999999", false, "", ""},
		{"short code not found", "3502", false, "", ""},
		{"empty code not found", "", false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := region.Lookup(tt.code)
			if ok != tt.wantOK || r.Name != tt.wantName || r.Parent != tt.wantParent {
				t.Fatalf("Lookup(%q) = %+v, %v; want name %q parent %q, %v",
					tt.code, r, ok, tt.wantName, tt.wantParent, tt.wantOK)
			}
			if got := region.Valid(tt.code); got != tt.wantOK {
				t.Errorf("Valid(%q) = %v, want %v", tt.code, got, tt.wantOK)
			}
			if ok && r.Code != tt.code {
				t.Errorf("Lookup(%q).Code = %q", tt.code, r.Code)
			}
		})
	}
}

func TestFullName(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"prefecture prefixed with province", "350200", "福建省 厦门市"},
		{"district prefixed with municipality", "110105", "北京市 朝阳区"},
		{"county prefixed with province and prefecture", "350203", "福建省 厦门市 思明区"},
		{"banner of a league prefixed likewise", "152921", "内蒙古自治区 阿拉善盟 阿拉善左旗"},
		{"province is just its name", "350000", "福建省"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := region.Lookup(tt.code)
			if !ok {
				t.Fatalf("Lookup(%q) not found", tt.code)
			}
			if got := r.FullName(); got != tt.want {
				t.Errorf("FullName() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProvinces(t *testing.T) {
	ps := region.Provinces()
	// 31 mainland provincial-level divisions, plus 台港澳 if the data has them.
	want := 31
	if _, ok := region.Lookup("710000"); ok {
		want = 34
	}
	if len(ps) != want || len(ps) < 31 {
		t.Fatalf("len(Provinces()) = %d, want %d", len(ps), want)
	}
	seen := map[string]bool{}
	for i, p := range ps {
		seen[p.Code] = true
		if p.Parent != "" || p.Code[2:] != "0000" {
			t.Errorf("province %+v: want code xx0000 and no parent", p)
		}
		if i > 0 && ps[i-1].Code >= p.Code {
			t.Errorf("provinces not ordered by code at %s", p.Code)
		}
	}
	for _, code := range []string{"110000", "650000"} {
		if !seen[code] {
			t.Errorf("province %s missing", code)
		}
	}
}

func TestProvincesReturnsCopy(t *testing.T) {
	region.Provinces()[0].Name = "changed"
	if got := region.Provinces()[0].Name; got == "changed" {
		t.Fatal("Provinces() exposes the shared table")
	}
}

func TestChildren(t *testing.T) {
	tests := []struct {
		name      string
		code      string
		wantCount int // 0: expect none
		contains  string
	}{
		{"province lists its prefectures", "350000", 9, "350200"},
		{"municipality lists its districts", "110000", 16, "110105"},
		{"prefecture lists its counties", "350200", 6, "350203"},
		{"prefecture without counties has no children", "441900", 0, ""},
		{"county has no children", "350203", 0, ""},
		{"municipality district has no children", "110105", 0, ""},
		{"unknown code has no children", "999999", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs := region.Children(tt.code)
			if len(cs) != tt.wantCount {
				t.Fatalf("len(Children(%q)) = %d, want %d", tt.code, len(cs), tt.wantCount)
			}
			found := tt.contains == ""
			for i, c := range cs {
				if c.Parent != tt.code {
					t.Errorf("child %+v: parent not %s", c, tt.code)
				}
				if i > 0 && cs[i-1].Code >= c.Code {
					t.Errorf("children not ordered by code at %s", c.Code)
				}
				found = found || c.Code == tt.contains
			}
			if !found {
				t.Errorf("Children(%q) lacks %s", tt.code, tt.contains)
			}
		})
	}
}

func TestProvinceOf(t *testing.T) {
	tests := []struct {
		name   string
		code   string
		wantOK bool
		want   string
	}{
		{"county-level code maps to its province", "350203", true, "福建省"},
		{"prefecture maps to its province", "350200", true, "福建省"},
		{"province maps to itself", "350000", true, "福建省"},
		{"municipality district maps to municipality", "110105", true, "北京市"},
		{"unknown province prefix not found", "990101", false, ""},
		{"non-digit code not found", "35020a", false, ""},
		{"short code not found", "35", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := region.ProvinceOf(tt.code)
			if ok != tt.wantOK || p.Name != tt.want {
				t.Fatalf("ProvinceOf(%q) = %+v, %v; want %q, %v", tt.code, p, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestSeparatePlanCity(t *testing.T) {
	tests := []struct {
		name   string
		code   string
		wantOK bool
		want   string
	}{
		{"district within Xiamen found", "350203", true, "厦门市"},
		{"Xiamen itself found", "350200", true, "厦门市"},
		{"Dalian found", "210200", true, "大连市"},
		{"Qingdao found", "370200", true, "青岛市"},
		{"Ningbo found", "330200", true, "宁波市"},
		{"Shenzhen district found", "440305", true, "深圳市"},
		{"Fuzhou not found", "350100", false, ""},
		{"province not found", "350000", false, ""},
		{"short prefix not found", "3502", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := region.SeparatePlanCity(tt.code)
			if ok != tt.wantOK || r.Name != tt.want {
				t.Fatalf("SeparatePlanCity(%q) = %+v, %v; want %q, %v", tt.code, r, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestDataIntegrity(t *testing.T) {
	seen := map[string]bool{}
	var walk func(r region.Region, depth int)
	walk = func(r region.Region, depth int) {
		if r.Name == "" {
			t.Errorf("%s: empty name", r.Code)
		}
		if r.Name == "市辖区" || r.Name == "县" {
			t.Errorf("%s: placeholder %q listed", r.Code, r.Name)
		}
		if depth > 3 {
			t.Errorf("%s: below the county level", r.Code)
		}
		if lr, ok := region.Lookup(r.Code); !ok || lr != r {
			t.Errorf("%s: Lookup disagrees: %+v, %v", r.Code, lr, ok)
		}
		if path := region.Path(r.Code); len(path) != depth || path[len(path)-1] != r {
			t.Errorf("%s: Path = %+v, want %d levels ending in itself", r.Code, path, depth)
		}
		if seen[r.Code] {
			t.Errorf("%s: duplicate code", r.Code)
		}
		seen[r.Code] = true
		for _, c := range region.Children(r.Code) {
			if c.Parent != r.Code || c.Code[:2*depth] != r.Code[:2*depth] {
				t.Errorf("%s: listed below %s but coded or parented elsewhere", c.Code, r.Code)
			}
			walk(c, depth+1)
		}
	}
	for _, p := range region.Provinces() {
		walk(p, 1)
	}
	// GB/T 2260 has about 2,850 county-level units besides 34 provinces and
	// about 330 prefectures.
	if len(seen) < 3000 {
		t.Errorf("only %d regions; data looks truncated", len(seen))
	}
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"", "350200", "350203", "110105", "3502", "35020a", "\xff\xfe\x00\x00\x00\x00", "中华人民"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		r, ok := region.Lookup(code)
		if ok != region.Valid(code) {
			t.Errorf("Lookup and Valid disagree on %q", code)
		}
		if ok && r.Code != code {
			t.Errorf("Lookup(%q).Code = %q", code, r.Code)
		}
		if p, ok := region.ProvinceOf(code); ok && p.Parent != "" {
			t.Errorf("ProvinceOf(%q) = %+v, not a province", code, p)
		}
		region.SeparatePlanCity(code)
		_ = r.FullName()
	})
}

func TestNamesAndPrefixes(t *testing.T) {
	tests := []struct {
		code, full, prefix string
	}{
		{"350000", "福建省", "35"},
		{"350200", "福建省 厦门市", "3502"},
		{"110108", "北京市 海淀区", "110108"},
		{"350203", "福建省 厦门市 思明区", "350203"},
		{"660000", "新疆生产建设兵团", "66"},
		{"999999", "999999", "999999"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := region.FullNameOf(tt.code); got != tt.full {
				t.Errorf("FullNameOf = %q, want %q", got, tt.full)
			}
			if got := region.Prefix(tt.code); got != tt.prefix {
				t.Errorf("Prefix = %q, want %q", got, tt.prefix)
			}
		})
	}
	t.Run("the corps is named but never a 所属区市", func(t *testing.T) {
		if _, ok := region.Named("660000"); !ok {
			t.Error("Named does not know 660000")
		}
		if region.Valid("660000") {
			t.Error("660000 is offered as a 所属区市")
		}
	})
}

func TestPick(t *testing.T) {
	tests := []struct {
		name, province string
		below          []string
		want           string
	}{
		{"a prefecture of the province is kept", "350000", []string{"350200"}, "350200"},
		{"a county of the prefecture is kept", "350000", []string{"350200", "350203"}, "350203"},
		{"a prefecture alone is kept when its county is left empty", "350000", []string{"350200", ""}, "350200"},
		{"the prefecture itself as county keeps the prefecture", "350000", []string{"350200", "350200"}, "350200"},
		{"a county of another prefecture keeps the prefecture", "350000", []string{"350100", "350203"}, "350100"},
		{"a county without its prefecture gives the province", "350000", []string{"350203"}, "350000"},
		{"a county left over under the province alone gives the province", "350000", []string{"350000", "350203"}, "350000"},
		{"a district of a municipality is kept", "110000", []string{"110108", ""}, "110108"},
		{"a county-level unit the province governs is kept", "410000", []string{"419001"}, "419001"},
		{"the province itself is kept", "350000", []string{"350000"}, "350000"},
		{"nothing below gives the province", "110000", []string{""}, "110000"},
		{"no selects below give the province", "110000", nil, "110000"},
		{"a region of another province gives the province", "310000", []string{"110108"}, "310000"},
		{"another province gives the province", "310000", []string{"110000"}, "310000"},
		{"a province without regions gives itself", "710000", []string{""}, "710000"},
		{"no province gives nothing", "", []string{"110108"}, ""},
		{"a prefecture as province gives nothing", "350200", []string{"350200"}, ""},
		{"an unknown province gives nothing", "990000", []string{""}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := region.Pick(tt.province, tt.below...); got != tt.want {
				t.Errorf("Pick(%q, %q) = %q, want %q", tt.province, tt.below, got, tt.want)
			}
		})
	}
}

func TestIsMunicipality(t *testing.T) {
	for code, want := range map[string]bool{
		"110000": true, "120000": true, "310000": true, "500000": true,
		"350000": false, "110108": false, "440300": false, "": false,
	} {
		if got := region.IsMunicipality(code); got != want {
			t.Errorf("IsMunicipality(%q) = %v, want %v", code, got, want)
		}
	}
}
