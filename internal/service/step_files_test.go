package service_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"strings"
	"testing"
	"time"

	"hatch/internal/blob"
	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// opinionScan is a one-page scan for a step's slot.
func opinionScan(slot string) []service.StepUpload {
	return []service.StepUpload{stepUpload(slot, "签字扫描件.pdf", pdfBytes())}
}

func stepUpload(slot, name string, b []byte) service.StepUpload {
	return service.StepUpload{Slot: slot, Upload: service.Upload{Name: name, Body: bytes.NewReader(b)}}
}

// incubatorAtProvince is an incubator application the city has passed on
// to 北京市, whose paper copy the province has checked.
func incubatorAtProvince(t *testing.T, st *store.Store) *chain {
	t.Helper()
	c0 := newChain(t, st)
	c := c0.on(submittedOf(t, c0, domain.TypeIncubator, domain.KindIncubator))
	steps, err := st.Steps(ctx, c.appID)
	wantOK(t, err)
	c.act(t, c.city, service.ActInput{Action: domain.ActRecommend, Comment: "同意推荐。"})
	c.act(t, c.province, service.ActInput{Action: domain.ActPaperCheck, Version: steps[0].Version})
	return c
}

// TestStepFilesUpload: the province's 实地核查 and 专家评审 take their scans,
// checked by content and size; a missing, empty, wrong or oversized file
// is named beside its slot and nothing is recorded or left stored.
func TestStepFilesUpload(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := incubatorAtProvince(t, st)
		site := func(files ...service.StepUpload) service.ActInput {
			return service.ActInput{Action: domain.ActSiteCheck, Comment: "场地与申报一致。", Files: files}
		}
		limit := c.svc.Settings().MaxUpload
		oversized := service.StepUpload{Slot: "site_report", Upload: service.Upload{Name: "大报告.pdf",
			Body: io.MultiReader(bytes.NewReader(pdfBytes()), io.LimitReader(zeros{}, limit))}}
		refusals := []struct {
			name    string
			in      service.ActInput
			field   string
			message string
		}{
			{"refused/no report", site(), "file-site_report", "实地核查须上传实地核查报告。"},
			{"refused/an empty file", site(stepUpload("site_report", "空.pdf", nil)), "file-site_report",
				"文件是空的，请重新选择。"},
			{"refused/a Word file named .pdf", site(stepUpload("site_report", "报告.pdf", []byte("PK\x03\x04 word"))),
				"file-site_report", "文件格式不符：只接受 PDF、JPG、PNG 格式，系统按文件内容而非文件名判断。"},
			{"refused/too large", site(oversized), "file-site_report",
				"文件超过大小上限 10 MB，请压缩或拆分后再上传。"},
			{"refused/one bad page among good ones is named", site(stepUpload("site_report", "第1页.png", pngBytes()),
				stepUpload("site_report", "第2页.gif", []byte("GIF89a not allowed"))), "file-site_report",
				"文件格式不符：只接受 PDF、JPG、PNG 格式，系统按文件内容而非文件名判断。（“第2页.gif”）"},
			{"refused/a slot the step lacks", site(stepUpload("site_report", "报告.pdf", pdfBytes()),
				stepUpload("expert_opinion", "意见.pdf", pdfBytes())), "file-expert_opinion", "该操作不接收此项附件。"},
			{"refused/a file name longer than any file system's", site(stepUpload("site_report",
				strings.Repeat("长", 256)+".pdf", pdfBytes())), "file-site_report", "文件名超过 255 个字，请改短后再上传。"},
			{"refused/the 专家评审 without the signed opinion", service.ActInput{Action: domain.ActScore, Score: "88"},
				"file-expert_opinion", "专家评审须上传专家评审意见。"},
		}
		before := blobFiles(t, c.svc.BlobDir)
		for _, tt := range refusals {
			t.Run(tt.name, func(t *testing.T) {
				_, err := c.svc.Act(ctx, c.province, c.appID, tt.in)
				wantField(t, err, tt.field)
				if got := domain.FieldsOf(err).Get(tt.field); got != tt.message {
					t.Errorf("message %q; want %q", got, tt.message)
				}
			})
		}
		t.Run("refused/nothing recorded and no file left behind", func(t *testing.T) {
			steps, err := st.Steps(ctx, c.appID)
			wantOK(t, err)
			if last := steps[len(steps)-1]; last.Action != domain.ActPaperCheck {
				t.Fatalf("a refused step was logged: %+v", last.Step)
			}
			if files, _ := st.StepFiles(ctx, c.appID); len(files) != 0 || blobFiles(t, c.svc.BlobDir) != before {
				t.Fatalf("%d step files, %d blobs (were %d)", len(files), blobFiles(t, c.svc.BlobDir), before)
			}
		})
		t.Run("refused/comment and file are both named", func(t *testing.T) {
			_, err := c.svc.Act(ctx, c.province, c.appID, service.ActInput{Action: domain.ActSiteCheck})
			fe := domain.FieldsOf(err)
			if !fe.Has("comment") || !fe.Has("file-site_report") {
				t.Fatalf("fields %+v", fe)
			}
		})

		name := "实地核查报告（签字版）/ 第1页\t.PDF"
		done, err := c.svc.Act(ctx, c.province, c.appID, site(stepUpload("site_report", name, pdfBytes()),
			stepUpload("site_report", "第2页.jpg", []byte("\xff\xd8\xff\xe0 jpeg page"))))
		wantOK(t, err)
		t.Run("recorded/the files with their step, the name as uploaded", func(t *testing.T) {
			files, err := st.StepFiles(ctx, c.appID)
			wantOK(t, err)
			if len(files) != 2 || files[0].StepID != done.ID || files[0].Name != name || files[0].Slot != "site_report" ||
				files[0].ContentType != "application/pdf" || files[1].ContentType != "image/jpeg" ||
				files[0].Size != int64(len(pdfBytes())) || len(files[0].SHA256) != 64 || files[0].UserName == "" {
				t.Fatalf("files %+v", files)
			}
		})
		t.Run("recorded/the audit names the files", func(t *testing.T) {
			log, err := st.AuditLog(ctx, domain.AuditFilter{Action: "review.files"})
			wantOK(t, err)
			if len(log) != 1 || !strings.Contains(log[0].Detail, "第2页.jpg") {
				t.Fatalf("audit %+v", log)
			}
		})
		t.Run("recorded/the 专家评审 with its opinion", func(t *testing.T) {
			c.act(t, c.province, service.ActInput{Action: domain.ActScore, Score: "88", Files: opinionScan("expert_opinion")})
		})
	})
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestStepFilesAccess: the departments on the application's chain open its
// step files; the applicant, an expert and another province are told there
// is no such file, as for a file that does not exist.
func TestStepFilesAccess(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := incubatorAtProvince(t, st)
		c.act(t, c.province, service.ActInput{Action: domain.ActSiteCheck, Comment: "一致。", Files: opinionScan("site_report")})
		files, err := st.StepFiles(ctx, c.appID)
		wantOK(t, err)
		fileID := files[0].ID
		expert := c.login(t, "demo-expert1")
		open := func(a domain.Actor, appID, id int64) error {
			f, rc, err := c.svc.StepFile(ctx, a, appID, id)
			if err == nil {
				defer rc.Close()
				b, _ := io.ReadAll(rc)
				if !bytes.Equal(b, pdfBytes()) || f.Name != "签字扫描件.pdf" {
					t.Errorf("opened %q, %d bytes", f.Name, len(b))
				}
			}
			return err
		}
		tests := []struct {
			name  string
			who   domain.Actor
			app   int64
			file  int64
			found bool
		}{
			{"opened/by the province", c.province, c.appID, fileID, true},
			{"opened/by the city that passed it on", c.city, c.appID, fileID, true},
			{"not found/by 火炬中心 before it reaches it", c.torch, c.appID, fileID, false},
			{"not found/by the applicant", c.applicant, c.appID, fileID, false},
			{"not found/by an expert", expert, c.appID, fileID, false},
			{"not found/by another province", c.stranger, c.appID, fileID, false},
			{"not found/through another application it sees", c.province, otherAtProvince(t, c), fileID, false},
			{"not found/a file that does not exist", c.province, c.appID, fileID + 100, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := open(tt.who, tt.app, tt.file)
				if tt.found {
					wantOK(t, err)
					return
				}
				if !errors.Is(err, domain.ErrNotFound) {
					t.Fatalf("err %v; want not found", err)
				}
			})
		}
		c.act(t, c.province, service.ActInput{Action: domain.ActScore, Score: "88", Files: opinionScan("expert_opinion")})
		c.act(t, c.province, service.ActInput{Action: domain.ActPublicity, PublicFrom: "2021-11-01", PublicTo: "2021-11-05"})
		c.act(t, c.province, service.ActInput{Action: domain.ActRecommend, Comment: "推荐认定。"})
		t.Run("opened/by 火炬中心 once it reached it", func(t *testing.T) {
			wantOK(t, open(c.torch, c.appID, fileID))
		})
	})
}

// otherAtProvince is another submitted application the chain's province
// sees: one of the demo's.
func otherAtProvince(t *testing.T, c *chain) int64 {
	t.Helper()
	for id := int64(1); id < c.appID; id++ {
		if _, err := c.svc.Review(ctx, c.province, id); err == nil {
			return id
		}
	}
	t.Fatal("the province sees no other application")
	return 0
}

// TestStepFilesAPI: the JSON API carries no files, so it refuses a step
// that requires some and says where to take it; a step without files goes
// through as before.
func TestStepFilesAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := incubatorAtProvince(t, st)
		_, err := c.svc.Act(ctx, c.province, c.appID, service.ActInput{Action: domain.ActSiteCheck, Comment: "一致。", NoFiles: true})
		wantKind(t, err, domain.Invalid)
		if want := "“实地核查”须上传实地核查报告，接口不接收文件，请在审核页面办理。"; domain.Message(err) != want {
			t.Fatalf("message %q; want %q", domain.Message(err), want)
		}
		_, err = c.svc.Act(ctx, c.stranger, c.appID, service.ActInput{Action: domain.ActSiteCheck, Comment: "一致。", NoFiles: true})
		wantKind(t, err, domain.NotFound) // who may see it comes first
		_, err = c.svc.Act(ctx, c.province, c.appID, service.ActInput{Action: domain.ActPublicity, NoFiles: true,
			PublicFrom: "2021-11-01", PublicTo: "2021-11-05"})
		wantKind(t, err, domain.Conflict) // no score yet: the workflow's reason, not the files'
	})
}

// TestStepFilesSurviveTheSweep: the blob sweep counts the step files'
// keys, so a sweep after the upload keeps them.
func TestStepFilesSurviveTheSweep(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		c := incubatorAtProvince(t, st)
		c.act(t, c.province, service.ActInput{Action: domain.ActSiteCheck, Comment: "一致。", Files: opinionScan("site_report")})
		files, err := st.StepFiles(ctx, c.appID)
		wantOK(t, err)
		_, err = c.svc.SweepBlobs(ctx, time.Now().Add(time.Hour))
		wantOK(t, err)
		dir, err := blob.NewDir(c.svc.BlobDir)
		wantOK(t, err)
		rc, err := dir.Open(ctx, files[0].BlobKey)
		if errors.Is(err, fs.ErrNotExist) {
			t.Fatal("the sweep deleted the 实地核查报告")
		}
		wantOK(t, err)
		rc.Close()
		_, rc, err = c.svc.StepFile(ctx, c.province, c.appID, files[0].ID)
		wantOK(t, err)
		rc.Close()
	})
}
