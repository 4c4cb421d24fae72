package archive_test

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"hatch/internal/archive"
	"hatch/internal/domain"
)

var lim = archive.Limits{MaxEntries: 5, MaxEntry: 1 << 10, MaxTotal: 4 << 10}

// entry is a file to put in a test archive; gbk writes its name in GBK
// without the UTF-8 flag, as Chinese Windows does.
type entry struct {
	name string
	body []byte
	gbk  bool
}

func zipOf(t *testing.T, entries ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		if e.gbk {
			n, err := simplifiedchinese.GBK.NewEncoder().String(e.name)
			if err != nil {
				t.Fatal(err)
			}
			h.Name, h.NonUTF8 = n, true
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(t *testing.T, data []byte) ([]archive.Entry, []archive.Refused, error) {
	t.Helper()
	return archive.Read(bytes.NewReader(data), int64(len(data)), "附件.zip", lim)
}

func TestRead(t *testing.T) {
	pdf := []byte("%PDF-1.4 scan")
	t.Run("names are read in UTF-8 and in GBK, folders and system files skipped", func(t *testing.T) {
		entries, refused, err := read(t, zipOf(t,
			entry{name: "材料/"},
			entry{name: "材料/星火团队-入驻协议.pdf", body: pdf},
			entry{name: "燎原团队-入驻协议.pdf", body: pdf, gbk: true},
			entry{name: "__MACOSX/._星火团队-入驻协议.pdf", body: []byte("x")},
			entry{name: "Thumbs.db", body: []byte("x")}))
		if err != nil || len(refused) != 0 {
			t.Fatalf("err %v, refused %v", err, refused)
		}
		var bases []string
		for _, e := range entries {
			bases = append(bases, e.Base)
		}
		if strings.Join(bases, "|") != "星火团队-入驻协议.pdf|燎原团队-入驻协议.pdf" {
			t.Fatalf("entries = %q", bases)
		}
		rc, err := entries[1].Open()
		if err != nil {
			t.Fatal(err)
		}
		defer rc.Close()
		var got bytes.Buffer
		if _, err := got.ReadFrom(rc); err != nil || got.String() != string(pdf) {
			t.Fatalf("read %q, %v", got.String(), err)
		}
	})
	refusals := []struct {
		name   string
		entry  entry
		reason string
	}{
		{"a name that climbs out is refused", entry{name: "../../etc/passwd", body: pdf}, "“..”"},
		{"an absolute name is refused", entry{name: "/etc/passwd", body: pdf}, "绝对路径"},
		{"a Windows drive name is refused", entry{name: `C:\Windows\a.pdf`, body: pdf}, "绝对路径"},
		{"an entry over the limit is refused", entry{name: "大文件.pdf", body: bytes.Repeat([]byte("%PDF"), 300)}, "上限"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			entries, refused, err := read(t, zipOf(t, tt.entry, entry{name: "好的.pdf", body: pdf}))
			if err != nil || len(entries) != 1 || len(refused) != 1 || !strings.Contains(refused[0].Reason, tt.reason) {
				t.Fatalf("entries %d, refused %+v, err %v", len(entries), refused, err)
			}
		})
	}
	t.Run("a bomb's compression ratio is refused", func(t *testing.T) {
		big := archive.Limits{MaxEntries: 5, MaxEntry: 100 << 20, MaxTotal: 100 << 20}
		data := zipOf(t, entry{name: "炸弹.pdf", body: make([]byte, 50<<20)})
		_, refused, err := archive.Read(bytes.NewReader(data), int64(len(data)), "附件.zip", big)
		if err != nil || len(refused) != 1 || !strings.Contains(refused[0].Reason, "压缩比") {
			t.Fatalf("refused %+v, err %v", refused, err)
		}
	})
	whole := []struct {
		name string
		data []byte
		want string
	}{
		{"a file that is no zip says so", []byte("%PDF-1.4 not a zip"), "不是有效的 ZIP"},
		{"too many files says how many", zipOf(t, entry{name: "1.pdf"}, entry{name: "2.pdf"}, entry{name: "3.pdf"},
			entry{name: "4.pdf"}, entry{name: "5.pdf"}, entry{name: "6.pdf"}), "有 6 个文件，一次最多 5 个"},
		{"too much in all says the limit", zipOf(t, entry{name: "1.pdf", body: make([]byte, 1000)},
			entry{name: "2.pdf", body: make([]byte, 1000)}, entry{name: "3.pdf", body: make([]byte, 1000)},
			entry{name: "4.pdf", body: make([]byte, 1000)}, entry{name: "5.pdf", body: make([]byte, 1000)}), "解压后超过"},
	}
	for _, tt := range whole {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := read(t, tt.data)
			if domain.KindOf(err) != domain.Invalid || !strings.Contains(domain.Message(err), tt.want) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("星火团队-入驻协议.pdf")
	w.Write([]byte("%PDF-1.4"))
	zw.Close()
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, _, err := archive.Read(bytes.NewReader(data), int64(len(data)), "fuzz.zip", lim)
		if err != nil {
			if domain.KindOf(err) != domain.Invalid {
				t.Fatalf("error of kind %v", domain.KindOf(err))
			}
			return
		}
		for _, e := range entries {
			if strings.Contains("/"+e.Name+"/", "/../") || e.Size > lim.MaxEntry {
				t.Fatalf("entry %q (%d bytes) should have been refused", e.Name, e.Size)
			}
			rc, err := e.Open()
			if err != nil {
				continue
			}
			var n int64
			buf := make([]byte, 512)
			for {
				k, err := rc.Read(buf)
				n += int64(k)
				if err != nil {
					break
				}
			}
			rc.Close()
			if n > lim.MaxEntry+1 {
				t.Fatalf("read %d bytes of %q past the limit", n, e.Name)
			}
		}
	})
}
