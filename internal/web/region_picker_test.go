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
				pick := func(province, code string) response {
					t.Helper()
					v := url.Values{}
					for k, vs := range f.typed {
						v[k] = vs
					}
					v.Set("region-province", province)
					v.Set("region", code)
					v.Set("region-pick", "1")
					return b.post(action, v)
				}

				t.Run("选择 lists the province's regions and keeps the input, unsaved", func(t *testing.T) {
					r := pick("350000", "")
					if r.status != http.StatusOK {
						t.Fatalf("选择: %d %q (a save would redirect)\n%s", r.status, r.location, r.body)
					}
					mustContain(t, f.name, r.body, f.kept,
						`<option value="350000" selected>福建省</option>`,
						`<option value="350000" selected>福建省（不细分）</option>`,
						`<option value="350200">厦门市</option>`,
						`>市（地区、自治州、盟）</label>`,
						"已列出福建省的市（地区、自治州、盟），请在“所属区市”中继续选择。本页填写的内容已保留，尚未保存。")
				})

				t.Run("a municipality lists its districts with no city level", func(t *testing.T) {
					r := pick("110000", "")
					mustContain(t, f.name, r.body, `<option value="110108">海淀区</option>`, `>区（县）</label>`,
						`<option value="110000" selected>北京市（不细分）</option>`)
				})

				t.Run("a region of the province chosen before is dropped", func(t *testing.T) {
					r := pick("310000", "350200")
					mustContain(t, f.name, r.body, `<option value="310000" selected>上海市（不细分）</option>`,
						`<option value="310115">浦东新区</option>`)
					if strings.Contains(r.body, `<option value="350200">`) {
						t.Error("the regions of 福建省 are still listed after choosing 上海市")
					}
				})

				t.Run("选择 without a province asks for one", func(t *testing.T) {
					r := pick("", "")
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
		post := func(name, province, code string) response {
			t.Helper()
			b.get("/carriers/new?kind=makerspace")
			return b.post("/carriers", url.Values{"kind": {"makerspace"}, "name": {name},
				"address": {"厦门市思明区1号"}, "started_on": {"2019-01-01"},
				"region-province": {province}, "region": {code}})
		}
		// saved is the 所属区市 that 首页's list of carriers shows for name.
		saved := func(t *testing.T, name string) string {
			t.Helper()
			return regexpFind(t, `<td>`+regexp.QuoteMeta(name)+`</td><td>([^<]*)</td>`, b.get("/home").body)
		}

		cases := []struct {
			name, province, code, shows string
		}{
			{"the region chosen in the second select is saved", "350000", "350200", "福建省 厦门市"},
			{"a municipality's district is saved", "110000", "110108", "北京市 海淀区"},
			{"the province alone is saved when chosen so", "710000", "710000", "台湾省"},
			{"a region of another province saves the province chosen", "310000", "350200", "上海市"},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				name := "区市保存测试" + string(rune('甲'+i))
				if r := post(name, c.province, c.code); r.status != http.StatusSeeOther {
					t.Fatalf("save: %d\n%s", r.status, r.body)
				}
				if got := saved(t, name); got != c.shows {
					t.Errorf("首页 shows %q for %s, want %q", got, name, c.shows)
				}
			})
		}

		t.Run("nothing chosen is refused with the message beside the field", func(t *testing.T) {
			r := post("区市保存测试空", "", "")
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.status)
			}
			mustContain(t, "载体", r.body, `<p class="field-error" id="region-error"><span class="visually-hidden">错误：</span>请选择所属区市。</p>`,
				`<select id="region-province" name="region-province" aria-invalid="true" aria-describedby="region-error">`,
				`<select id="region" name="region" aria-invalid="true" aria-describedby="region-error">`)
		})

		t.Run("the edit page shows the saved region in both selects", func(t *testing.T) {
			r := post("区市保存测试编辑", "110000", "110108")
			if r.status != http.StatusSeeOther {
				t.Fatalf("save: %d", r.status)
			}
			edit := regexpFind(t, `href="(/carriers/\d+/edit)"[^>]*>[^<]*(?:<[^>]+>)*[^<]*区市保存测试编辑`, b.get("/home").body)
			page := b.get(edit)
			mustContain(t, "修改载体", page.body, `<option value="110000" selected>北京市</option>`,
				`<option value="110108" selected>海淀区</option>`)
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
		var list []struct {
			Code, Whole, Label string
			Regions            [][2]string
		}
		if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
			t.Fatal(err)
		}
		byCode := map[string]int{}
		for i, p := range list {
			byCode[p.Code] = i
		}
		for _, c := range []struct{ province, whole, label, region, name string }{
			{"110000", "北京市（不细分）", "区（县）", "110108", "海淀区"},
			{"350000", "福建省（不细分）", "市（地区、自治州、盟）", "350200", "厦门市"},
			{"410000", "河南省（不细分）", "市（地区、自治州、盟）", "419001", "济源市"},
		} {
			i, ok := byCode[c.province]
			if !ok {
				t.Fatalf("%s missing", c.province)
			}
			p := list[i]
			if p.Whole != c.whole || p.Label != c.label || !containsPair(p.Regions, c.region, c.name) {
				t.Errorf("%s = %q %q (%d regions), want %q %q with %s %s", c.province, p.Whole, p.Label,
					len(p.Regions), c.whole, c.label, c.region, c.name)
			}
		}
		if tw := list[byCode["710000"]]; len(tw.Regions) != 0 || tw.Regions == nil {
			t.Errorf("台湾省 regions = %v, want an empty list", tw.Regions)
		}
	})
}

func containsPair(pairs [][2]string, code, name string) bool {
	for _, p := range pairs {
		if p[0] == code && p[1] == name {
			return true
		}
	}
	return false
}
