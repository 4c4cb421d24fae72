package service_test

import (
	"archive/zip"
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/store"
	"hatch/internal/storetest"
)

// zipUpload is a .zip of files by name; names in gbk are written in GBK
// without the UTF-8 flag, as Chinese Windows does.
func zipUpload(t *testing.T, files map[string][]byte, gbk ...string) *service.Upload {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		for _, g := range gbk {
			if g == name {
				h.Name, _ = simplifiedchinese.GBK.NewEncoder().String(name)
				h.NonUTF8 = true
			}
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return &service.Upload{Name: "附件.zip", Body: bytes.NewReader(buf.Bytes())}
}

func names(list []service.FileMatch) string {
	var out []string
	for _, m := range list {
		out = append(out, m.Name)
	}
	return strings.Join(out, "|")
}

func TestTableAttachmentsFromAZip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		e := newAppEnv(t, st, nil)
		app := e.newApp(t)
		e.saveRow(t, app, "teams", appTeam("在孵"))
		e.saveRow(t, app, "teams", appTeam("在孵", "name", "燎原团队"))
		e.saveRow(t, app, "teams", appTeam("在孵", "name", "重名团队"))
		e.saveRow(t, app, "teams", appTeam("在孵", "name", "重名团队", "leader", "李四"))
		pdf := pdfBytes()
		p, err := e.svc.PreviewFiles(ctx, e.a, app, "teams", zipUpload(t, map[string][]byte{
			"材料/星火团队-入驻协议.pdf":   pdf,
			"材料/星火团队-入驻协议-2.pdf": pdf,
			"燎原团队-入驻协议.pdf":      pdf,
			"入驻协议_燎原团队（2）.png":   pngBytes(),
			"重名团队-入驻协议.pdf":      pdf,
			"无名团队-入驻协议.pdf":      pdf,
			"星火团队.pdf":           pdf,
			"星火团队-入驻协议.exe":      []byte("MZ\x90\x00 not a scan"),
			"../逃逸-入驻协议.pdf":     pdf,
		}, "燎原团队-入驻协议.pdf"))
		wantOK(t, err)
		t.Run("files are matched by row name and slot, in UTF-8 or GBK, with copy numbers", func(t *testing.T) {
			want := "入驻协议_燎原团队（2）.png|材料/星火团队-入驻协议-2.pdf|材料/星火团队-入驻协议.pdf|燎原团队-入驻协议.pdf"
			if got := names(p.Matched); got != want {
				t.Fatalf("matched %s\nwant    %s", got, want)
			}
			for _, m := range p.Matched {
				if m.Slot != "agreement" || m.Row == 0 {
					t.Errorf("%s: slot %q row %d", m.Name, m.Slot, m.Row)
				}
			}
		})
		t.Run("what cannot be placed is said, and nothing is stored yet", func(t *testing.T) {
			if got := names(p.Ambiguous); got != "重名团队-入驻协议.pdf" {
				t.Errorf("ambiguous %s", got)
			}
			if got := names(p.Unmatched); got != "无名团队-入驻协议.pdf|星火团队.pdf" {
				t.Errorf("unmatched %s", got)
			}
			if got := names(p.Refused); got != "../逃逸-入驻协议.pdf|星火团队-入驻协议.exe" {
				t.Errorf("refused %s", got)
			}
			if n := len(e.view(t, app).Files); n != 0 {
				t.Fatalf("%d files stored before commit", n)
			}
		})
		t.Run("the commit attaches each matched file to its row once", func(t *testing.T) {
			res, err := e.svc.CommitFiles(ctx, e.a, app, p.ID)
			wantOK(t, err)
			if res.Attached != 4 || len(res.Failed) != 0 || len(e.view(t, app).Files) != 4 {
				t.Fatalf("result %+v, files %d", res, len(e.view(t, app).Files))
			}
			_, err = e.svc.CommitFiles(ctx, e.a, app, p.ID)
			wantKind(t, err, domain.Conflict)
		})
		t.Run("the same archive again brings nothing twice", func(t *testing.T) {
			again, err := e.svc.PreviewFiles(ctx, e.a, app, "teams", zipUpload(t, map[string][]byte{
				"燎原团队-入驻协议.pdf": pdf}))
			wantOK(t, err)
			if len(again.Matched) != 0 || len(again.Refused) != 1 || !strings.Contains(again.Refused[0].Problem, "不再重复上传") {
				t.Fatalf("second upload: %+v", again)
			}
		})
		t.Run("another organisation cannot see or commit it", func(t *testing.T) {
			q, err := e.svc.PreviewFiles(ctx, e.a, app, "teams", zipUpload(t, map[string][]byte{"燎原团队-入驻协议.pdf": pdf}))
			wantOK(t, err)
			_, err = e.svc.Files(ctx, e.b, app, q.ID)
			wantKind(t, err, domain.NotFound)
			_, err = e.svc.CommitFiles(ctx, e.b, app, q.ID)
			wantKind(t, err, domain.NotFound)
			wantOK(t, e.svc.CancelFiles(ctx, e.a, app, q.ID))
		})
		t.Run("a file that is no zip says so", func(t *testing.T) {
			_, err := e.svc.PreviewFiles(ctx, e.a, app, "teams", &service.Upload{Name: "附件.zip",
				Body: bytes.NewReader(pdf)})
			wantKind(t, err, domain.Invalid)
		})
	})
}
