package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"hatch/internal/testkit"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// server is a running hatch subprocess.
type server struct {
	base string   // http://127.0.0.1:port
	env  []string // the environment it runs with, for the CLI too
	cmd  *exec.Cmd
	out  *syncBuffer
	done chan struct{} // closed when the process has exited
}

// startServer runs the hatch binary on a fresh data directory (and on the
// PostgreSQL database dbURL, unless empty) and waits until it is healthy.
// It is stopped when the test ends; its output is logged if the test fails.
// extraEnv are more settings, NAME=value.
func startServer(t *testing.T, dbURL string, extraEnv ...string) *server {
	t.Helper()
	s := launchServer(t, dbURL, extraEnv...)
	s.waitHealthy(t, 2*time.Minute) // the demo seed hashes every password at full strength
	return s
}

// launchServer starts the hatch binary as startServer does and returns at
// once, before it is healthy.
func launchServer(t *testing.T, dbURL string, extraEnv ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	env := append(hatchEnv(t.TempDir(), addr, dbURL), extraEnv...)
	s := &server{base: "http://" + addr, env: env, out: &syncBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(hatchBin)
	s.cmd.Env, s.cmd.Stdout, s.cmd.Stderr = env, s.out, s.out
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start hatch: %v", err)
	}
	go func() { s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("hatch server output:\n%s", s.out.String())
		}
	})
	return s
}

// hatchEnv is this process's environment without any HATCH_ setting, plus
// the test's own.
func hatchEnv(dataDir, addr, dbURL string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HATCH_") {
			env = append(env, kv)
		}
	}
	// The server's clock starts at the tests' instant, so a walk sees the
	// same day whatever day it runs on.
	env = append(env, "HATCH_DATA="+dataDir, "HATCH_ADDR="+addr, "HATCH_TEST_CAPTCHA=424242", "HATCH_DEMO=true",
		"HATCH_TEST_NOW="+testkit.Now().Format(time.RFC3339))
	if dbURL != "" {
		env = append(env, "HATCH_DATABASE_URL="+dbURL)
	}
	return env
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("find a free port: %v", err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func (s *server) waitHealthy(t *testing.T, limit time.Duration) {
	t.Helper()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			t.Fatalf("hatch exited before it was healthy:\n%s", s.out.String())
		default:
		}
		if resp, err := client.Get(s.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("GET /healthz was not 200 within %s:\n%s", limit, s.out.String())
}

// stop interrupts the server, so it closes its database cleanly, and kills
// it if it has not exited after ten seconds.
func (s *server) stop() {
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// cli runs a hatch subcommand against the server's database, while the
// server runs, and returns its output.
func (s *server) cli(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, hatchBin, args...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("hatch %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// postgresDB creates a fresh database on the server HATCH_TEST_POSTGRES_URL
// names, drops it when the test ends, and returns its URL.
func postgresDB(t *testing.T) string {
	t.Helper()
	admin := os.Getenv("HATCH_TEST_POSTGRES_URL")
	if admin == "" {
		testkit.Missing(t, "PostgreSQL: HATCH_TEST_POSTGRES_URL is not set (start a server with: eval \"$(scripts/pg-up.sh)\")")
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("HATCH_TEST_POSTGRES_URL: %v", err)
	}
	name := "e2e_" + randomHex(6)
	pgExec(t, admin, "CREATE DATABASE "+name)
	t.Cleanup(func() { dropDB(t, admin, name) })
	u.Path = "/" + name
	return u.String()
}

// dropDB removes a test's database. The server is thrown away after the
// run, so a drop that does not finish (the server busy with the other
// tests' work) is reported, with how long it waited, and does not fail the
// test whose checks have all passed.
func dropDB(t *testing.T, admin, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	start := time.Now()
	db, err := sql.Open("pgx", admin)
	if err == nil {
		defer db.Close()
		_, err = db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	if took := time.Since(start); err != nil || took > 10*time.Second {
		t.Logf("DROP DATABASE %s took %s: %v", name, took.Round(time.Millisecond), err)
	}
}

func pgExec(t *testing.T, dsn, stmt string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// syncBuffer collects a subprocess's output safely.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
