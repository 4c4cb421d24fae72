package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

// regionForm is a form with the 所属区市 picker, as a user without script
// uses it.
type regionForm struct {
	name  string
	login string
	// open shows the form and returns where it posts.
	open   func(t *testing.T, b *browser) string
	typed  url.Values // what the user typed besides the region
	kept   string     // how the page shows it again
	saveOK string     // a field value only a save would store, to see it was not
}

func regionForms() []regionForm {
	return []regionForm{
		{name: "载体", login: "demo-applicant",
			open: func(t *testing.T, b *browser) string { b.get("/carriers/new?kind=makerspace"); return "/carriers" },
			typed: url.Values{"kind": {"makerspace"}, "name": {"鹭岛选择测试空间"}, "address": {"厦门市思明区1号"},
				"started_on": {"2019-01-01"}},
			kept: `value="鹭岛选择测试空间"`},
		{name: "法人信息", login: "91350200MA2Y0DEM69",
			open: func(t *testing.T, b *browser) string { b.get("/my/legal"); return "/my/legal" },
			typed: func() url.Values {
				f := legalForm("陈海峰", "350203197506082018")
				f.Del("region")
				f.Set("reg_address", "福建省厦门市思明区选择路8号")
				return f
			}(),
			kept: `value="福建省厦门市思明区选择路8号"`},
		{name: "管理部门", login: "admin",
			open:  func(t *testing.T, b *browser) string { b.get("/admin/departments"); return "/admin/departments" },
			typed: url.Values{"name": {"选择测试科技局"}, "level": {"city"}},
			kept:  `value="选择测试科技局"`},
		{name: "基础信息", login: "demo-applicant",
			open: func(t *testing.T, b *browser) string {
				app := newApplication(t, b, "选择测试空间")
				b.get(app + "/sections/basic")
				return app + "/sections/basic"
			},
			typed: url.Values{"contact": {"张选择"}, "revision": {"0"}},
			kept:  `value="张选择"`},
	}
}

func TestRegionPickerWithoutScript(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		for _, f := range regionForms() {
			t.Run(f.name, func(t *testing.T) {
				b := s.browser().mustLogin(f.login)
				action := f.open(t, b)
				// pick posts the form through the 选择 button beside level
				// ("province" or "city") with the three selects' values.
				pick := func(level, province, city, county string) response {
					t.Helper()
					v := url.Values{}
					for k, vs := range f.typed {
						v[k] = vs
					}
					v.Set("region-province", province)
					v.Set("region-city", city)
					v.Set("region", county)
					v.Set("region-pick", level)
					return b.post(action, v)
				}

				t.Run("选择 beside the province lists its cities and keeps the input, unsaved", func(t *testing.T) {
					r := pick("province", "350000", "", "")
					if r.status != http.StatusOK {
						t.Fatalf("选择: %d %q (a save would redirect)\n%s", r.status, r.location, r.body)
					}
					mustContain(t, f.name, r.body, f.kept,
						`<option value="350000" selected>福建省</option>`,
						`<option value="350000" selected>福建省（不细分）</option>`,
						`<option value="350200">厦门市</option>`,
						`>市（地区、自治州、盟）</label>`,
						`<select id="region" name="region" disabled`, `<option value="">请先选择市（地区、自治州、盟）</option>`,
						"已列出福建省的市（地区、自治州、盟），请在“所属区市”中继续选择。本页填写的内容已保留，尚未保存。")
				})

				t.Run("选择 beside the city lists its counties", func(t *testing.T) {
					r := pick("city", "350000", "350200", "")
					mustContain(t, f.name, r.body, f.kept,
						`<option value="350200" selected>厦门市</option>`,
						`<option value="350200" selected>厦门市（不细分）</option>`,
						`<option value="350203">思明区</option>`,
						`>区（县、县级市、旗）</label>`,
						"已列出厦门市的区（县、县级市、旗），请在“所属区市”中继续选择。")
				})

				t.Run("a county chosen before stays chosen", func(t *testing.T) {
					r := pick("city", "350000", "350200", "350206")
					mustContain(t, f.name, r.body, `<option value="350206" selected>湖里区</option>`)
				})

				t.Run("a municipality lists its districts, which have nothing below", func(t *testing.T) {
					r := pick("province", "110000", "", "")
					mustContain(t, f.name, r.body, `<option value="110108">海淀区</option>`, `>区（县）</label>`,
						`<option value="110000" selected>北京市（不细分）</option>`)
					r = pick("city", "110000", "110108", "")
					mustContain(t, f.name, r.body, `<option value="110108" selected>海淀区</option>`,
						`<option value="">（其下不再细分）</option>`, "已选择北京市 海淀区，其下不再细分。")
				})

				t.Run("a city of the province chosen before is dropped", func(t *testing.T) {
					r := pick("province", "310000", "350200", "350203")
					mustContain(t, f.name, r.body, `<option value="310000" selected>上海市（不细分）</option>`,
						`<option value="310115">浦东新区</option>`)
					for _, stale := range []string{`<option value="350200">`, `<option value="350203">`} {
						if strings.Contains(r.body, stale) {
							t.Errorf("%s is still listed after choosing 上海市", stale)
						}
					}
				})

				t.Run("a county of the city chosen before is dropped", func(t *testing.T) {
					r := pick("city", "350000", "350100", "350203")
					mustContain(t, f.name, r.body, `<option value="350100" selected>福州市（不细分）</option>`,
						`<option value="350102">鼓楼区</option>`)
					if strings.Contains(r.body, `<option value="350203"`) {
						t.Error("厦门市's 思明区 is still listed after choosing 福州市")
					}
				})

				t.Run("选择 without a province asks for one", func(t *testing.T) {
					r := pick("province", "", "", "")
					mustContain(t, f.name, r.body, "请先选择省（自治区、直辖市），再点“选择”。",
						`<option value="">请先选择省（自治区、直辖市）</option>`)
				})
			})
		}
	})
}

func TestRegionPickerSaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		post := func(name string, region ...string) response {
			t.Helper()
			b.get("/carriers/new?kind=makerspace")
			v := url.Values{"kind": {"makerspace"}, "name": {name},
				"address": {"厦门市思明区1号"}, "started_on": {"2019-01-01"}}
			for i, key := range []string{"region-province", "region-city", "region"} {
				if i < len(region) {
					v.Set(key, region[i])
				}
			}
			return b.post("/carriers", v)
		}
		// saved is the 所属区市 that 首页's list of carriers shows for name.
		saved := func(t *testing.T, name string) string {
			t.Helper()
			return regexpFind(t, `<td>`+regexp.QuoteMeta(name)+`</td><td>([^<]*)</td>`, b.get("/home").body)
		}

		cases := []struct {
			name   string
			region []string // province, city, county as posted
			shows  string
		}{
			{"the county chosen in the third select is saved", []string{"350000", "350200", "350203"}, "福建省 厦门市 思明区"},
			{"the city alone is saved when chosen so", []string{"350000", "350200", "350200"}, "福建省 厦门市"},
			{"a municipality's district is saved, its third select disabled", []string{"110000", "110108"}, "北京市 海淀区"},
			{"the province alone is saved when chosen so", []string{"710000", "710000"}, "台湾省"},
			{"a county of another city saves the city chosen", []string{"350000", "350100", "350203"}, "福建省 福州市"},
			{"a city of another province saves the province chosen", []string{"310000", "350200", "350203"}, "上海市"},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				name := "区市保存测试" + string(rune('甲'+i))
				if r := post(name, c.region...); r.status != http.StatusSeeOther {
					t.Fatalf("save: %d\n%s", r.status, r.body)
				}
				if got := saved(t, name); got != c.shows {
					t.Errorf("首页 shows %q for %s, want %q", got, name, c.shows)
				}
			})
		}

		t.Run("a client without the picker still posts the region alone", func(t *testing.T) {
			b.get("/carriers/new?kind=makerspace")
			r := b.post("/carriers", url.Values{"kind": {"makerspace"}, "name": {"区市保存测试单值"},
				"address": {"厦门市思明区1号"}, "started_on": {"2019-01-01"}, "region": {"350206"}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("save: %d\n%s", r.status, r.body)
			}
			if got := saved(t, "区市保存测试单值"); got != "福建省 厦门市 湖里区" {
				t.Errorf("首页 shows %q", got)
			}
		})

		t.Run("nothing chosen is refused with the message beside the field", func(t *testing.T) {
			r := post("区市保存测试空", "", "", "")
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.status)
			}
			mustContain(t, "载体", r.body, `<p class="field-error" id="region-error"><span class="visually-hidden">错误：</span>请选择所属区市。</p>`,
				`<select id="region-province" name="region-province" aria-invalid="true" aria-describedby="region-error">`,
				`<select id="region-city" name="region-city" aria-invalid="true" aria-describedby="region-error">`,
				`<select id="region" name="region" disabled aria-invalid="true" aria-describedby="region-error">`)
		})

		t.Run("the edit page shows the saved region in all three selects", func(t *testing.T) {
			r := post("区市保存测试编辑", "350000", "350200", "350211")
			if r.status != http.StatusSeeOther {
				t.Fatalf("save: %d", r.status)
			}
			edit := regexpFind(t, `href="(/carriers/\d+/edit)"[^>]*>[^<]*(?:<[^>]+>)*[^<]*区市保存测试编辑`, b.get("/home").body)
			page := b.get(edit)
			mustContain(t, "修改载体", page.body, `<option value="350000" selected>福建省</option>`,
				`<option value="350200" selected>厦门市</option>`, `<option value="350211" selected>集美区</option>`)
		})
	})
}

func TestRegionsJSON(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		resp, err := http.Get(s.srv.URL + "/regions.json")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("GET /regions.json: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		var list []regionNode
		if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			path         []string // codes from the province down
			name         string
			whole, label string // of the node; empty when nothing lies below it
			below        int    // how many regions lie directly below
		}{
			{[]string{"110000"}, "北京市", "北京市（不细分）", "区（县）", 16},
			{[]string{"110000", "110108"}, "海淀区", "", "", 0},
			{[]string{"350000"}, "福建省", "福建省（不细分）", "市（地区、自治州、盟）", 9},
			{[]string{"350000", "350200"}, "厦门市", "厦门市（不细分）", "区（县、县级市、旗）", 6},
			{[]string{"350000", "350200", "350203"}, "思明区", "", "", 0},
			{[]string{"410000", "419001"}, "济源市", "", "", 0},
			{[]string{"440000", "441900"}, "东莞市", "", "", 0},
			{[]string{"710000"}, "台湾省", "台湾省（不细分）", "市（地区、自治州、盟）", 0},
		} {
			t.Run(c.name, func(t *testing.T) {
				n := regionNode{Regions: list}
				for _, code := range c.path {
					var ok bool
					if n, ok = n.child(code); !ok {
						t.Fatalf("%s missing below %s", code, n.Code)
					}
				}
				if n.Name != c.name || n.Whole != c.whole || n.Label != c.label || len(n.Regions) != c.below {
					t.Errorf("%s = %q %q %q with %d below, want %q %q %q with %d", n.Code, n.Name, n.Whole, n.Label,
						len(n.Regions), c.name, c.whole, c.label, c.below)
				}
			})
		}
	})
}

// regionNode is one region of /regions.json.
type regionNode struct {
	Code, Name, Whole, Label string
	Regions                  []regionNode
}

func (n regionNode) child(code string) (regionNode, bool) {
	for _, c := range n.Regions {
		if c.Code == code {
			return c, true
		}
	}
	return regionNode{}, false
}
