package e2e

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"hatch/internal/testkit"
)

// pgServer is a PostgreSQL server of the test's own, which it may stop and
// start: the shared one of scripts/pg-up.sh serves the other tests.
type pgServer struct {
	bin, dir string
	port     int
	asRoot   bool // run the server's programs as the postgres user
}

// ownPostgres initialises and starts a server in a temporary directory; it
// is stopped when the test ends. Unlike the shared one it commits
// synchronously, so that a crash loses nothing it acknowledged.
func ownPostgres(t *testing.T) *pgServer {
	t.Helper()
	bin := os.Getenv("HATCH_PGBIN")
	if bin == "" {
		found, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
		sort.Strings(found)
		if len(found) > 0 {
			bin = found[len(found)-1]
		}
	}
	if _, err := os.Stat(filepath.Join(bin, "postgres")); err != nil {
		testkit.Missing(t, "PostgreSQL server programs (Debian package postgresql; scripts/pg-up.sh installs it)")
	}
	// In /tmp, as scripts/pg-up.sh does: the postgres user must reach it,
	// and the test's own temporary directories are private to root.
	dir, err := os.MkdirTemp("/tmp", "hatch-pg-test.")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	p := &pgServer{bin: bin, dir: dir, asRoot: os.Geteuid() == 0}
	if p.asRoot {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("the postgres user (scripts/pg-up.sh makes it): %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		if err := os.Chown(p.dir, uid, -1); err != nil {
			t.Fatal(err)
		}
	}
	_, port, err := net.SplitHostPort(freeAddr(t))
	if err != nil {
		t.Fatal(err)
	}
	p.port, _ = strconv.Atoi(port)
	p.run(t, "initdb", "-D", p.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
	p.start(t)
	t.Cleanup(func() { p.stop(t, "immediate") })
	return p
}

func (p *pgServer) data() string { return filepath.Join(p.dir, "data") }

// URL is the address of its postgres database.
func (p *pgServer) URL() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", p.port)
}

func (p *pgServer) start(t *testing.T) {
	t.Helper()
	opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c max_connections=200", p.port, p.dir)
	p.run(t, "pg_ctl", "-D", p.data(), "-l", filepath.Join(p.dir, "server.log"), "-w", "-t", "30", "-o", opts, "start")
}

// stop stops the server: "immediate" is a crash, "fast" an operator's stop.
func (p *pgServer) stop(t *testing.T, mode string) {
	t.Helper()
	cmd := p.command("pg_ctl", "-D", p.data(), "-m", mode, "-w", "stop")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Logf("pg_ctl stop: %v\n%s", err, out)
	}
}

func (p *pgServer) run(t *testing.T, prog string, args ...string) {
	t.Helper()
	if out, err := p.command(prog, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", prog, err, out)
	}
}

func (p *pgServer) command(prog string, args ...string) *exec.Cmd {
	path := filepath.Join(p.bin, prog)
	if p.asRoot {
		return exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	}
	return exec.Command(path, args...)
}
