package blobtest

import (
	"net"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"hatch/internal/blob"
	"hatch/internal/testkit"
)

// Server is an S3 server of the test's own (the versitygw that
// scripts/s3-up.sh installs, HATCH_TEST_S3_BIN), which the test may stop
// and start again on the same port and files, as an operator restarts one.
type Server struct {
	t              testing.TB
	bin, dir, addr string
	access, secret string
	cmd            *exec.Cmd
}

// NewServer starts a server over a temporary directory; it stops when
// the test ends.
func NewServer(t testing.TB) *Server {
	t.Helper()
	bin := os.Getenv("HATCH_TEST_S3_BIN")
	if bin == "" {
		testkit.Missing(t, "the versitygw binary (HATCH_TEST_S3_BIN; scripts/s3-up.sh installs it)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &Server{t: t, bin: bin, dir: t.TempDir(), addr: addr, access: "hatch-own", secret: randomHex(t)}
	s.Start()
	t.Cleanup(s.Stop)
	return s
}

// Config is the server's configuration for a new bucket, made on first use.
func (s *Server) Config() blob.S3Config {
	return blob.S3Config{Bucket: "t-" + randomHex(s.t), Endpoint: s.addr, Region: "us-east-1",
		Create: true, AccessKey: s.access, SecretKey: s.secret}
}

// Start starts the server and waits until it accepts connections.
func (s *Server) Start() {
	s.t.Helper()
	s.cmd = exec.Command(s.bin, "--port", s.addr, "posix", s.dir)
	s.cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+s.access, "ROOT_SECRET_KEY="+s.secret)
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start versitygw: %v", err)
	}
	for range 100 {
		if c, err := net.Dial("tcp", s.addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("versitygw did not listen on %s", s.addr)
}

// Stop stops the server (SIGTERM) and waits for it to exit.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	s.cmd.Wait()
	s.cmd = nil
}
