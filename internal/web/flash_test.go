package web_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

// TestAFlashCookieFromAnywhereIsHarmless: the one-time message travels in
// a cookie, which anyone able to set a cookie for the site could forge. The
// page shows only our own kinds, escapes the text, and names only an input
// of ours; a cookie it cannot read shows nothing and is cleared.
func TestAFlashCookieFromAnywhereIsHarmless(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		u, _ := url.Parse(s.srv.URL)
		encode := func(v any) string {
			j, _ := json.Marshal(v)
			return base64.RawURLEncoding.EncodeToString(j)
		}
		for _, tt := range []struct {
			name   string
			cookie string
			shows  []string // on the page, in this form
			never  []string // never on the page
		}{
			{"our own message is shown once", encode(map[string]string{"k": "success", "m": "已保存。"}),
				[]string{`<div class="notice notice-success" role="status" id="flash">已保存。</div>`}, nil},
			{"markup in the text is shown as text",
				encode(map[string]string{"k": "error", "m": `<script>alert(1)</script><a href="https://evil.example">点此</a>`}),
				[]string{`&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href=&#34;https://evil.example&#34;&gt;点此&lt;/a&gt;`},
				[]string{`<script>alert(1)`, `<a href="https://evil.example"`}},
			{"a kind of its own is not shown", encode(map[string]string{"k": "x\" onclick=\"alert(1)", "m": "伪造"}),
				nil, []string{"伪造", `id="flash"`}},
			{"an anchor that is no input of ours is dropped",
				encode(map[string]string{"k": "error", "m": "上传失败", "f": `x" onmouseover="alert(1)`, "d": "旁注"}),
				[]string{`<div class="notice notice-error" role="status" id="flash">上传失败</div>`},
				[]string{"onmouseover", "旁注"}},
			{"an anchor to a site elsewhere is dropped",
				encode(map[string]string{"k": "error", "m": "上传失败", "f": "https://evil.example/"}),
				[]string{">上传失败</div>"}, []string{"evil.example"}},
			{"a cookie that is not base64 shows nothing", "%%%not-base64%%%", nil, []string{`id="flash"`}},
			{"a cookie that is not JSON shows nothing", base64.RawURLEncoding.EncodeToString([]byte("{\"k\":")), nil, []string{`id="flash"`}},
			{"an oversized cookie shows nothing", encode(map[string]string{"k": "error", "m": strings.Repeat("长", 1500)}),
				nil, []string{`id="flash"`}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "hatch_flash", Value: tt.cookie, Path: "/"}})
				r := b.get("/home")
				if r.status != http.StatusOK {
					t.Fatalf("GET /home with the cookie: %d", r.status)
				}
				mustContain(t, tt.name, r.body, tt.shows...)
				for _, bad := range tt.never {
					if strings.Contains(r.body, bad) {
						t.Errorf("the page shows %q", bad)
					}
				}
				if again := b.get("/home"); strings.Contains(again.body, `id="flash"`) {
					t.Error("the message is shown again on the next page: the cookie was not cleared")
				}
			})
		}
	})
}
