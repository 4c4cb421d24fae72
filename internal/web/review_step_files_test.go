package web_test

import (
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// stepFile is a file a 办理 form sends in one of its slots.
type stepFile struct {
	field, name string
	data        []byte
}

// postStepForm sends a 办理 form as the browser does: multipart, with the
// CSRF token, the fields and every chosen file.
func (b *browser) postStepForm(path string, fields map[string]string, files ...stepFile) response {
	b.s.t.Helper()
	var buf strings.Builder
	mw := multipart.NewWriter(&buf)
	mw.WriteField("_csrf", b.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, f := range files {
		h := textproto.MIMEHeader{}
		// Quoted as a browser does, so a name with quotes or a slash is kept.
		h.Set("Content-Disposition", `form-data; name="`+f.field+`"; filename="`+
			strings.NewReplacer(`"`, "%22", "\n", "%0A").Replace(f.name)+`"`)
		h.Set("Content-Type", "application/octet-stream")
		fw, _ := mw.CreatePart(h)
		fw.Write(f.data)
	}
	mw.Close()
	return b.do("POST", path, nil, map[string]string{"Content-Type": mw.FormDataContentType()}, strings.NewReader(buf.String()))
}

// fetch GETs path and keeps the headers, for a download.
func (b *browser) fetch(path string) (*http.Response, string) {
	b.s.t.Helper()
	resp, err := b.c.Get(b.s.srv.URL + path)
	if err != nil {
		b.s.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, string(data)
}

// scanPNG is a PNG signature and some bytes: enough for sniffing.
var scanPNG = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)

var scanPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// TestStepFilesThroughThePages: the province's 实地核查 form takes the
// 实地核查报告 as a multipart form; what is missing or wrong is said beside
// the slot with the 核查意见 kept; the log links the stored file, which the
// departments on the chain download and everyone else is told does not
// exist; the API says to use the page.
func TestStepFilesThroughThePages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		ctx := context.Background()
		app := s.rvOrgApp("启明星科技企业孵化器", domain.TypeIncubator)
		id := itoa(app.ID)
		review := "/review/" + id
		steps, err := st.Steps(ctx, app.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range []struct {
			who string
			in  service.ActInput
		}{
			{"demo-city", service.ActInput{Action: domain.ActRecommend, Comment: "同意推荐。"}},
			{"demo-province", service.ActInput{Action: domain.ActPaperCheck, Version: steps[len(steps)-1].Version}},
		} {
			if _, err := s.svc.Act(ctx, s.rvActor(in.who), app.ID, in.in); err != nil {
				t.Fatal(err)
			}
		}
		province := s.browser().mustLogin("demo-province")
		comment := "孵化场地、在孵企业与申报材料一致。"
		site := map[string]string{"action": "site_check", "status": "province_review", "comment": comment}

		t.Run("the form has the slot, as multipart", func(t *testing.T) {
			page := province.get(review)
			mustContain(t, "review page", page.body,
				`id="act-site_check" enctype="multipart/form-data"`, `name="file-site_report" multiple`,
				`<label for="act-site_check-file-site_report">实地核查报告 <span class="req">*</span></label>`,
				`<label for="act-score-file-expert_opinion">专家评审意见 <span class="req">*</span></label>`,
				"核查组签字的实地核查报告扫描件")
			if strings.Contains(page.body, `id="act-paper_check" enctype`) {
				t.Error("the paper check's form, which takes no files, is multipart")
			}
		})
		refusals := []struct {
			name    string
			files   []stepFile
			message string
		}{
			{"refused/no report", nil, "实地核查须上传实地核查报告。"},
			{"refused/an empty file", []stepFile{{"file-site_report", "空.pdf", nil}}, "文件是空的，请重新选择。"},
			{"refused/a Word file", []stepFile{{"file-site_report", "报告.docx", []byte("PK\x03\x04 word")}},
				"文件格式不符：只接受 PDF、JPG、PNG 格式，系统按文件内容而非文件名判断。"},
			{"refused/too large", []stepFile{{"file-site_report", "大.pdf", append(scanPDF, make([]byte, 10<<20)...)}},
				"文件超过大小上限 10 MB，请压缩或拆分后再上传。"},
		}
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				r := province.postStepForm(review+"/actions", site, tt.files...)
				if r.status != http.StatusUnprocessableEntity {
					t.Fatalf("status %d", r.status)
				}
				mustContain(t, "refusal", r.body, `<p class="field-error" id="act-site_check-file-site_report-error"><span class="visually-hidden">错误：</span>`+tt.message,
					`>`+comment+`</textarea>`)
				if (tt.files != nil) != strings.Contains(r.body, "上次选择的文件未保存，请重新选择。") {
					t.Error("the page asks for the files again only when some were chosen")
				}
			})
		}

		name := `实地核查报告（签字版） <第1页> & 附图.pdf`
		r := province.postStepForm(review+"/actions", site, stepFile{"file-site_report", name, scanPDF},
			stepFile{"file-site_report", "第2页.png", scanPNG})
		if r.status != http.StatusSeeOther {
			t.Fatalf("实地核查: %d\n%s", r.status, r.body)
		}
		files, err := st.StepFiles(ctx, app.ID)
		if err != nil || len(files) != 2 || files[0].Name != name {
			t.Fatalf("stored %+v, %v", files, err)
		}
		link := review + "/step-files/" + itoa(files[0].ID)
		t.Run("the log lists the files as links", func(t *testing.T) {
			page := province.get(review)
			mustContain(t, "log", page.body, "已记录“实地核查”",
				`实地核查报告：<a href="`+link+`" download>实地核查报告（签字版） &lt;第1页&gt; &amp; 附图.pdf</a>`,
				`第2页.png</a>`)
		})

		city, torch, expert := s.browser().mustLogin("demo-city"), s.browser().mustLogin("demo-torch"), s.browser().mustLogin("demo-expert1")
		applicant := s.browser().mustLogin("demo-applicant")
		access := []struct {
			name string
			b    *browser
			path string
			ok   bool
		}{
			{"opened/by the province", province, link, true},
			{"opened/by the city", city, link, true},
			{"not found/by 火炬中心, not yet reached", torch, link, false},
			{"not found/by the applicant", applicant, link, false},
			{"not found/by an expert", expert, link, false},
			{"not found/by another province", s.rvStranger(), link, false},
			{"not found/a file that does not exist", province, review + "/step-files/999999", false},
			{"not found/through another application", province, "/review/" + itoa(s.rvDemoApp()) + "/step-files/" + itoa(files[0].ID), false},
		}
		for _, tt := range access {
			t.Run(tt.name, func(t *testing.T) {
				resp, body := tt.b.fetch(tt.path)
				if !tt.ok {
					if resp.StatusCode != http.StatusNotFound {
						t.Fatalf("status %d; want 404", resp.StatusCode)
					}
					return
				}
				if resp.StatusCode != http.StatusOK || body != string(scanPDF) {
					t.Fatalf("status %d, %d bytes", resp.StatusCode, len(body))
				}
				if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''"+
					strings.ReplaceAll(url.QueryEscape(name), "+", "%20")) || resp.Header.Get("Content-Type") != "application/pdf" {
					t.Errorf("headers %q", resp.Header)
				}
			})
		}
		t.Run("the applicant's 办件进度 names the step and links no file", func(t *testing.T) {
			p := applicant.get("/applications/" + id + "/progress")
			if p.status != http.StatusOK || strings.Contains(p.body, "/step-files/") {
				t.Fatalf("progress %d links a step file", p.status)
			}
		})
		t.Run("the API's review lists the files with the step, the applicant's progress does not", func(t *testing.T) {
			r := province.get("/api/v1/review/" + id)
			mustContain(t, "API review", r.body, `"files":[{"id":`+itoa(files[0].ID)+`,"slot":"site_report","label":"实地核查报告"`,
				`"url":"`+link+`"`)
			p := applicant.get("/api/v1/applications/" + id + "/progress")
			if p.status != http.StatusOK || strings.Contains(p.body, `"files"`) || strings.Contains(p.body, "/step-files/") {
				t.Fatalf("progress API %d lists step files:\n%s", p.status, p.body)
			}
		})
		t.Run("refused/the API says to use the page", func(t *testing.T) {
			r := province.do("POST", "/api/v1/review/"+id+"/actions", nil, map[string]string{"Content-Type": "application/json",
				"X-CSRF-Token": province.csrf}, strings.NewReader(`{"action":"score","score":88}`))
			if r.status != http.StatusUnprocessableEntity ||
				!regexp.MustCompile(`“专家评审”须上传专家评审意见，接口不接收文件，请在审核页面办理。`).MatchString(r.body) {
				t.Fatalf("API: %d %s", r.status, r.body)
			}
		})
	})
}
