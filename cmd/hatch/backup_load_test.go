package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestBackupUnderWriteLoad takes `hatch backup` of a running server while
// several sessions save table rows and upload files to them, restores it
// into a new data directory, starts a server there, and finds every save
// acknowledged before the backup began — each row with its values, each
// file with its bytes — and none acknowledged after it ended; the
// restored server logs in and saves.
func TestBackupUnderWriteLoad(t *testing.T) {
	env := map[string]string{"HATCH_DATA": t.TempDir(), "HATCH_TEST_CAPTCHA": "424242", "HATCH_ADDR": "127.0.0.1:0"}
	served := start(t, []string{"serve"}, env)
	base := serving(t, served)
	app := login(t, base).completeDraft(t)
	load := &writeLoad{app: app, png: pngOf(t)}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		c := login(t, base)
		wg.Go(func() { load.run(c, w, stop) })
	}
	time.Sleep(1500 * time.Millisecond)

	dir := filepath.Join(t.TempDir(), "backup")
	began := time.Now()
	out, err := runHatch(t, env, "backup", dir)
	ended := time.Now()
	time.Sleep(500 * time.Millisecond)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("hatch backup under load: %v\n%s", err, out)
	}
	t.Logf("hatch backup took %s under load: %s", ended.Sub(began).Round(time.Millisecond), strings.TrimSpace(out))
	if err := served.end(t); err != nil {
		t.Fatalf("hatch serve: %v", err)
	}

	restored := map[string]string{"HATCH_DATA": t.TempDir(), "HATCH_TEST_CAPTCHA": "424242", "HATCH_ADDR": "127.0.0.1:0"}
	if out, err := runHatch(t, restored, "restore", dir); err != nil {
		t.Fatalf("hatch restore: %v\n%s", err, out)
	}
	c := login(t, serving(t, start(t, []string{"serve"}, restored)))
	load.check(t, c, began, ended)
	t.Run("the restored server saves a row and a file", func(t *testing.T) {
		id, status, body := c.addTeam(app, "恢复后新增团队")
		if status != http.StatusCreated {
			t.Fatalf("add a row: %d %s", status, body)
		}
		file, status, body := c.upload(app, id, load.png)
		if status != http.StatusCreated {
			t.Fatalf("upload: %d %s", status, body)
		}
		if got, status := c.download(file); status != http.StatusOK || !bytes.Equal(got, load.png) {
			t.Fatalf("download of the new file: %d, %d bytes", status, len(got))
		}
	})
}

// serving waits for a started server's address.
func serving(t *testing.T, p *process) string {
	t.Helper()
	return "http://" + p.await(t, regexp.MustCompile(`Hatch 已启动（数据库：sqlite）：http://([^/]+)/`), 3*time.Minute)[1]
}

// writeLoad is the load: each worker adds a 累计创业团队 row, then uploads
// a file of its own bytes to it, and records what was acknowledged when.
type writeLoad struct {
	app int64
	png []byte

	mu    sync.Mutex
	rows  []ackedRow
	files []ackedFile
	other int // answers other than 201
}

type ackedRow struct {
	id   int64
	name string
	at   time.Time
}

type ackedFile struct {
	id  int64
	sum [32]byte
	at  time.Time
}

func (l *writeLoad) run(c *session, w int, stop <-chan struct{}) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		name := fmt.Sprintf("备份负载团队%d-%d", w, i)
		row, status, _ := c.addTeam(l.app, name)
		if !l.record(status, func(at time.Time) { l.rows = append(l.rows, ackedRow{row, name, at}) }) {
			continue
		}
		data := append(bytes.Clone(l.png), byte(w), byte(i), byte(i>>8))
		file, status, _ := c.upload(l.app, row, data)
		l.record(status, func(at time.Time) { l.files = append(l.files, ackedFile{file, sha256.Sum256(data), at}) })
	}
}

// record keeps an acknowledgement with the time its answer arrived.
func (l *writeLoad) record(status int, keep func(at time.Time)) bool {
	at := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if status != http.StatusCreated {
		l.other++
		return false
	}
	keep(at)
	return true
}

// check finds on the restored server every save acknowledged before the
// backup began, and none acknowledged after it ended.
func (l *writeLoad) check(t *testing.T, c *session, began, ended time.Time) {
	t.Helper()
	var before, during, after int
	for _, r := range l.rows {
		name, found := c.rowName(t, l.app, r.id)
		switch {
		case r.at.Before(began):
			before++
			if !found || name != r.name {
				t.Errorf("row %d (%s), acknowledged before the backup began, is restored as %q (found %v)", r.id, r.name, name, found)
			}
		case r.at.After(ended):
			after++
			if found {
				t.Errorf("row %d, acknowledged after the backup ended, is in the backup", r.id)
			}
		default:
			during++
		}
	}
	for _, f := range l.files {
		got, status := c.download(f.id)
		switch {
		case status == http.StatusOK && sha256.Sum256(got) != f.sum:
			t.Errorf("file %d comes back with other bytes", f.id)
		case f.at.Before(began) && status != http.StatusOK:
			t.Errorf("file %d, acknowledged before the backup began, downloads with %d", f.id, status)
		case f.at.After(ended) && status != http.StatusNotFound:
			t.Errorf("file %d, acknowledged after the backup ended, downloads with %d", f.id, status)
		}
	}
	t.Logf("rows acknowledged before the backup %d, during it %d, after it %d; files %d; other answers %d",
		before, during, after, len(l.files), l.other)
	if before == 0 || after == 0 {
		t.Errorf("the load did not run on both sides of the backup")
	}
}

// addTeam creates a 累计创业团队 row named name.
func (s *session) addTeam(app int64, name string) (int64, int, string) {
	body, _ := json.Marshal(map[string]any{"values": map[string]string{"name": name, "leader": "张三", "state": "在孵",
		"members": "5", "project": "项目" + name, "field": "电子信息", "joined_on": "2021-03-01", "financed": "否"}})
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/applications/%d/tables/teams/rows", s.base, app), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	status, data := s.send(req)
	var saved struct{ ID int64 }
	json.Unmarshal(data, &saved)
	return saved.ID, status, string(data)
}

// upload sends data as the 入驻协议 of a row and returns the attachment.
func (s *session) upload(app, row int64, data []byte) (int64, int, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("row_id", fmt.Sprint(row))
	mw.WriteField("slot", "agreement")
	fw, _ := mw.CreateFormFile("file", "入驻协议.png")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/applications/%d/files", s.base, app), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	status, body := s.send(req)
	var file struct {
		AttachmentID int64 `json:"attachment_id"`
	}
	json.Unmarshal(body, &file)
	return file.AttachmentID, status, string(body)
}

// download gets an attachment's bytes and the answer's status.
func (s *session) download(id int64) ([]byte, int) {
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/attachments/%d", s.base, id), nil)
	status, body := s.send(req)
	return body, status
}

// rowName reads a row's 团队名称; found is false when the row is not there.
func (s *session) rowName(t *testing.T, app, id int64) (string, bool) {
	t.Helper()
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/applications/%d/rows/%d", s.base, app, id), nil)
	status, body := s.send(req)
	if status == http.StatusNotFound {
		return "", false
	}
	var row struct{ Values map[string]any }
	if status != http.StatusOK || json.Unmarshal(body, &row) != nil {
		t.Fatalf("row %d: %d %s", id, status, body)
	}
	name, _ := row.Values["name"].(string)
	return name, true
}

func (s *session) send(req *http.Request) (int, []byte) {
	req.Header.Set("X-CSRF-Token", s.csrf)
	resp, err := s.http.Do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

// pngOf is a small image that passes the upload's check of its content.
func pngOf(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8))); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
