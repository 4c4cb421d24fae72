package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

var (
	versionRe = regexp.MustCompile(`2021ZC-[0-9A-Z]{4}-[0-9A-Z]{4}`)
	sha256Re  = regexp.MustCompile(`\b[0-9a-f]{64}\b`)
	sizeRe    = regexp.MustCompile(`\d+(\.\d)? (KB|MB|B)\b`)
)

// normaliseVersions hides what changes from run to run on the 申报书
// pages: 版本号, hashes, sizes and ids.
func normaliseVersions(body string) string {
	body = normaliseApp(normalise(body))
	body = versionRe.ReplaceAllString(body, "VERSION")
	body = regexp.MustCompile(`2021zc[0-9a-z]{8}`).ReplaceAllString(body, "VERSION")
	body = sha256Re.ReplaceAllString(body, "SHA256")
	body = regexp.MustCompile(`/versions/\d+/pdf`).ReplaceAllString(body, "/versions/N/pdf")
	body = regexp.MustCompile(`id="version-\d+"`).ReplaceAllString(body, `id="version-N"`)
	return sizeRe.ReplaceAllString(body, "SIZE")
}

func bodySHA(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestVersionPagesThroughTheServer walks 核对申报信息 → 下载材料 → the
// versions list → the download → a change (数据已修改) → the public
// verification, through the full server.
func TestVersionPagesThroughTheServer(t *testing.T) { testVersionPages(t, goldenFiles) }

func testVersionPages(t *testing.T, g golden) {
	g.each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, b, "测试众创空间")
		b.get(app + "/guidance") // takes the flash of the creation
		ctx, a, id := context.Background(), s.applicant(), appIDOf(t, app)
		if _, err := s.svc.SaveRow(ctx, a, id, "teams", 0, domain.Values{"name": "智感科技团队", "leader": "陈晨",
			"state": "在孵", "members": "5", "joined_on": "2021-03-01", "financed": "否"}, 0); err != nil {
			t.Fatal(err)
		}

		preview := b.get(app + "/preview")
		t.Run("核对申报信息 shows the document's content", func(t *testing.T) {
			if preview.status != http.StatusOK {
				t.Fatalf("preview: %d", preview.status)
			}
			mustContain(t, "preview", preview.body, "国家备案众创空间申报书", "测试众创空间", "一、基础信息",
				"智感科技团队", "北京市 海淀区", "附件目录", "下载时生成")
			g.check(t, "app_preview", normaliseVersions(preview.body))
		})

		list := b.get(b.generate(app))
		code := versionRe.FindString(list.body)
		t.Run("the versions page names the new version, newest, with a download", func(t *testing.T) {
			if code == "" || !strings.Contains(list.body, "已生成申报书，版本号 "+code) {
				t.Fatalf("no 版本号 or flash on the versions page:\n%s", list.body)
			}
			mustContain(t, "versions", list.body, "最新", "data-download=", "/pdf")
			if sha256Re.MatchString(list.body) { // the hash is for reviewers and the verification page
				t.Error("the applicant's versions page shows a SHA-256")
			}
			g.check(t, "app_versions", normaliseVersions(list.body))
		})
		pdfPath := regexp.MustCompile(`href="(/applications/\d+/versions/\d+/pdf)"`).FindStringSubmatch(list.body)
		if pdfPath == nil {
			t.Fatal("no download link")
		}
		t.Run("the download is the PDF whose SHA-256 the verification page shows", func(t *testing.T) {
			pdf := b.get(pdfPath[1])
			if pdf.status != http.StatusOK || !strings.HasPrefix(pdf.body, "%PDF-") {
				t.Fatalf("download: %d", pdf.status)
			}
			if verify := s.browser().get("/verify?v=" + url.QueryEscape(code)); !strings.Contains(verify.body, bodySHA(pdf.body)) {
				t.Errorf("the download's SHA-256 %s is not on the verification page", bodySHA(pdf.body))
			}
			if again := b.get(pdfPath[1]); again.body != pdf.body {
				t.Errorf("a second download differs from the first")
			}
		})
		t.Run("a change after the download marks the version 数据已修改", func(t *testing.T) {
			if _, err := s.svc.SaveRow(ctx, a, id, "teams", 0, domain.Values{"name": "第二个团队"}, 0); err != nil {
				t.Fatal(err)
			}
			mustContain(t, "versions", b.get(app+"/versions").body, "数据已修改", `id="versions-stale"`)
			mustContain(t, "tasks", b.get(app).body, code, "数据已修改")
		})
		t.Run("anyone can verify the 版本号, typed loosely", func(t *testing.T) {
			anon := s.browser()
			typed := strings.ToLower(strings.ReplaceAll(code, "-", ""))
			ok := anon.get("/verify?v=" + url.QueryEscape(typed))
			if ok.status != http.StatusOK {
				t.Fatalf("verify: %d", ok.status)
			}
			mustContain(t, "verify", ok.body, `id="verify-result"`, code, "测试众创空间", "2021年度", "申报书尚未提交")
			if strings.Contains(ok.body, "智感科技团队") {
				t.Errorf("the verification page shows the application's contents")
			}
			g.check(t, "verify", normaliseVersions(ok.body))
			missing := anon.get("/verify?v=2021ZC-ZZZZ-ZZZZ")
			if missing.status != http.StatusNotFound {
				t.Fatalf("unknown 版本号: %d", missing.status)
			}
			mustContain(t, "verify", missing.body, "未找到版本号", `class="field-error"`, `value="2021ZC-ZZZZ-ZZZZ"`)
		})
	})
}

// TestVersionAPI: generate, list, download and verify through the API.
func TestVersionAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		app := newApplication(t, b, "接口众创空间")
		api := "/api/v1" + app + "/versions"
		h := map[string]string{"X-CSRF-Token": b.csrf, "Content-Type": "application/json"}
		created := b.do("POST", api, nil, h, strings.NewReader("{}"))
		if created.status != http.StatusCreated {
			t.Fatalf("create: %d %s", created.status, created.body)
		}
		var v struct {
			Code, SHA256, PDF string
			Newest            bool
		}
		if err := json.Unmarshal([]byte(created.body), &v); err != nil || !versionRe.MatchString(v.Code) || !v.Newest {
			t.Fatalf("created version: %v %s", err, created.body)
		}
		pdf := b.get(v.PDF)
		if pdf.status != http.StatusOK || bodySHA(pdf.body) != v.SHA256 {
			t.Errorf("API download: %d, sha matches %v", pdf.status, bodySHA(pdf.body) == v.SHA256)
		}
		mustContain(t, "list", b.get(api).body, v.Code, `"newest":true`, `"stale":false`)
		check := s.browser().get("/api/v1/verify?v=" + v.Code)
		if check.status != http.StatusOK {
			t.Fatalf("verify: %d", check.status)
		}
		mustContain(t, "verify", check.body, `"carrier":"接口众创空间"`, `"submitted":false`, v.SHA256)
		if r := s.browser().get("/api/v1/verify?v=nonsense"); r.status != http.StatusNotFound {
			t.Errorf("verify nonsense: %d", r.status)
		}
	})
}
