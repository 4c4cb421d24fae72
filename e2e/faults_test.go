package e2e

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"hatch/internal/blob"
	"hatch/internal/blobtest"
)

// TestSavesSurviveRestarts saves rows and uploads files through two
// instances on one PostgreSQL database and one S3 bucket while first the
// database crashes and comes back, then the S3 server stops and starts
// again. Every request is either done or refused with a Chinese message
// that says to try again; every row and file acknowledged is there
// afterwards, whole; the instances serve again without being restarted;
// and once the sweep has run no stored object is left that no row names.
func TestSavesSurviveRestarts(t *testing.T) {
	// Mostly waiting (restarts, a rescued render): alongside the other
	// tests that wait.
	t.Parallel()
	pg := ownPostgres(t)
	s3 := blobtest.NewServer(t)
	bucket := s3.Config()
	env := s3Env(bucket)
	servers := []*server{launchServer(t, pg.URL(), env...), launchServer(t, pg.URL(), env...)}
	var wg sync.WaitGroup
	for _, s := range servers {
		wg.Go(func() { s.waitHealthy(t, 3*time.Minute) })
	}
	wg.Wait()
	clients := []*apiClient{newAPIClient(t, servers[0].base), newAPIClient(t, servers[1].base)}
	app := clients[0].applicationOf(t, demoBranch)
	load := &burst{app: app, clients: clients, png: pngBytes(t)}

	faults := []struct {
		name        string
		stop, start func()
	}{
		{"PostgreSQL crashes", func() { pg.stop(t, "immediate") }, func() { pg.start(t) }},
		{"the S3 server stops", s3.Stop, s3.Start},
	}
	for _, f := range faults {
		refusedBefore := len(load.refused)
		stop := make(chan struct{})
		for w := range 6 {
			wg.Go(func() { load.run(w, stop) })
		}
		time.Sleep(1500 * time.Millisecond)
		f.stop()
		down := time.Now()
		time.Sleep(time.Second)
		f.start()
		t.Logf("%s: down for %s", f.name, time.Since(down).Round(10*time.Millisecond))
		time.Sleep(3 * time.Second)
		close(stop)
		wg.Wait()
		for _, c := range clients {
			c.recovers(t, app)
		}
		t.Logf("%s: %d rows and %d files acknowledged so far, %d requests refused meanwhile",
			f.name, len(load.rows), len(load.files), len(load.refused)-refusedBefore)
	}
	for _, r := range load.refused {
		if r.status < 500 || !strings.Contains(r.body, "稍后") {
			t.Errorf("refused with %d %s; want a server error that says to try again", r.status, r.body)
		}
	}
	if len(load.refused) == 0 {
		t.Error("no request was refused: the faults were never felt")
	}
	checkAcknowledged(t, pg.URL(), clients[1], app, load)
	noOrphans(t, servers[0], bucket, load)
}

// burst is the load: each worker creates a row, then uploads a file to it,
// alternating the instances, and records what was acknowledged and what
// refused.
type burst struct {
	app     int64
	clients []*apiClient
	png     []byte

	mu      sync.Mutex
	rows    []int64
	files   map[int64][32]byte // acknowledged attachment → the SHA-256 sent
	refused []refusal
}

type refusal struct {
	status int
	body   string
}

func (b *burst) run(w int, stop <-chan struct{}) {
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		c := b.clients[(w+i)%2]
		row, status, body := c.addTeam(b.app, fmt.Sprintf("故障团队%d-%d", w, i))
		if !b.record(status, body, http.StatusCreated, func() { b.rows = append(b.rows, row) }) {
			continue
		}
		data := append(bytes.Clone(b.png), byte(w), byte(i)) // each file its own bytes
		id, status, body := b.clients[(w+i+1)%2].upload(b.app, row, "agreement", data)
		b.record(status, body, http.StatusCreated, func() {
			if b.files == nil {
				b.files = map[int64][32]byte{}
			}
			b.files[id] = sha256.Sum256(data)
		})
	}
}

// record keeps an acknowledgement (done runs under the lock) or a refusal.
func (b *burst) record(status int, body string, want int, done func()) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if status == want {
		done()
		return true
	}
	b.refused = append(b.refused, refusal{status, body})
	return false
}

// checkAcknowledged finds every acknowledged row in the database and
// downloads every acknowledged file with its bytes; no file row of the
// application points at bytes that are gone.
func checkAcknowledged(t *testing.T, dbURL string, c *apiClient, app int64, load *burst) {
	t.Helper()
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	missing := 0
	for _, id := range load.rows {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM app_rows WHERE id = $1 AND app_id = $2`, id, app).Scan(&n); err != nil || n != 1 {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged rows are not in the database", missing, len(load.rows))
	}
	for id, sum := range load.files {
		if got := sha256.Sum256(c.attachment(t, id)); got != sum {
			t.Errorf("attachment %d comes back with other bytes", id)
		}
	}
	rows, err := db.Query(`SELECT attachment_id FROM app_files WHERE app_id = $1`, app)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		if len(c.attachment(t, id)) == 0 {
			t.Errorf("attachment %d of the application has no bytes", id)
		}
	}
}

// apiClient is one session of demo-applicant on one instance, through the
// JSON API.
type apiClient struct {
	base string
	http *http.Client
	csrf string
}

func newAPIClient(t *testing.T, base string) *apiClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &apiClient{base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	var captcha struct{ ID string }
	c.must(t, "GET", "/api/v1/captcha", nil, &captcha, http.StatusOK)
	var sess struct {
		CSRF string `json:"csrf_token"`
	}
	c.must(t, "POST", "/api/v1/session", map[string]string{"login": "demo-applicant", "password": demoPassword,
		"captcha_id": captcha.ID, "captcha": "424242"}, &sess, http.StatusCreated)
	c.csrf = sess.CSRF
	return c
}

// do sends a JSON request and returns the status and body.
func (c *apiClient) do(method, path string, in any) (int, []byte) {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, body)
	req.Header.Set("Content-Type", "application/json")
	return c.send(req)
}

func (c *apiClient) send(req *http.Request) (int, []byte) {
	req.Header.Set("X-CSRF-Token", c.csrf)
	res, err := c.http.Do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, data
}

func (c *apiClient) must(t *testing.T, method, path string, in, out any, want int) {
	t.Helper()
	status, body := c.do(method, path, in)
	if status != want {
		t.Fatalf("%s %s: %d %s", method, path, status, body)
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// applicationOf returns the id of the application for the carrier named.
func (c *apiClient) applicationOf(t *testing.T, carrier string) int64 {
	t.Helper()
	var list struct {
		Items []struct {
			ID      int64
			Carrier string
		}
	}
	c.must(t, "GET", "/api/v1/applications", nil, &list, http.StatusOK)
	for _, a := range list.Items {
		if a.Carrier == carrier {
			return a.ID
		}
	}
	t.Fatalf("no application for %s in %+v", carrier, list.Items)
	return 0
}

// addTeam creates a 累计创业团队 row named name.
func (c *apiClient) addTeam(app int64, name string) (int64, int, string) {
	status, body := c.do("POST", fmt.Sprintf("/api/v1/applications/%d/tables/teams/rows", app), map[string]any{
		"values": map[string]string{"name": name, "leader": "张三", "state": "在孵", "members": "5",
			"project": "项目" + name, "field": "电子信息", "joined_on": "2021-03-01", "financed": "否"}})
	var saved struct{ ID int64 }
	json.Unmarshal(body, &saved)
	return saved.ID, status, string(body)
}

// upload sends data as a row's file in slot.
func (c *apiClient) upload(app, row int64, slot string, data []byte) (int64, int, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("row_id", fmt.Sprint(row))
	mw.WriteField("slot", slot)
	fw, _ := mw.CreateFormFile("file", "入驻协议.png")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/applications/%d/files", c.base, app), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	status, body := c.send(req)
	var file struct {
		AttachmentID int64 `json:"attachment_id"`
	}
	json.Unmarshal(body, &file)
	return file.AttachmentID, status, string(body)
}

func (c *apiClient) attachment(t *testing.T, id int64) []byte {
	t.Helper()
	status, body := c.do("GET", fmt.Sprintf("/api/v1/attachments/%d", id), nil)
	if status != http.StatusOK {
		t.Errorf("attachment %d: %d %s", id, status, clip(string(body), 200))
		return nil
	}
	return body
}

// recovers waits until the instance saves again, within half a minute.
func (c *apiClient) recovers(t *testing.T, app int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, status, body := c.addTeam(app, "恢复后团队"+fmt.Sprint(time.Now().UnixNano()))
		if status == http.StatusCreated {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s does not save again after the restart: %d %s", c.base, status, body)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	path, _ := testFiles(t)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// s3Env is the environment that puts an instance's files in the bucket of
// cfg.
func s3Env(cfg blob.S3Config) []string {
	q := url.Values{"endpoint": {cfg.Endpoint}, "region": {cfg.Region}, "secure": {"false"}, "create": {"true"}}
	return []string{"HATCH_BLOB_URL=s3://" + cfg.Bucket + "?" + q.Encode(),
		"AWS_ACCESS_KEY_ID=" + cfg.AccessKey, "AWS_SECRET_ACCESS_KEY=" + cfg.SecretKey}
}

// noOrphans runs the sweep with its shortest grace period, then finds every object
// of the bucket named by a row.
func noOrphans(t *testing.T, s *server, cfg blob.S3Config, load *burst) {
	t.Helper()
	time.Sleep(1100 * time.Millisecond) // the shortest grace the sweep takes
	t.Logf("hatch blob sweep: %s", strings.TrimSpace(s.cli(t, "blob", "sweep", "-older", "1s")))
	st, err := blob.NewS3(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	if err := st.List(t.Context(), func(i blob.Info) error { keys = append(keys, i.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dbURLOf(s))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	named := map[string]bool{}
	for _, q := range []string{`SELECT blob_key FROM attachments`, `SELECT blob_key FROM app_versions`} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var k string
			rows.Scan(&k)
			named[k] = true
		}
		rows.Close()
	}
	for _, k := range keys {
		if !named[k] {
			t.Errorf("object %s is in the bucket after the sweep, and no attachment or version names it", k)
		}
	}
	if len(keys) < len(load.files) {
		t.Errorf("%d objects in the bucket for %d acknowledged files", len(keys), len(load.files))
	}
	t.Logf("%d objects in the bucket, each named by a row", len(keys))
}

// dbURLOf is the database a server was started on.
func dbURLOf(s *server) string {
	for _, kv := range s.env {
		if v, ok := strings.CutPrefix(kv, "HATCH_DATABASE_URL="); ok {
			return v
		}
	}
	return ""
}
