package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestShutdownFinishesRequestsInFlight: when the context of `hatch serve`
// ends, as SIGTERM ends it, a row save whose body is still arriving
// completes with 200, new connections are refused at once, and run
// returns without error once the render workers have stopped.
func TestShutdownFinishesRequestsInFlight(t *testing.T) {
	env := map[string]string{
		"HATCH_DATA":           t.TempDir(),
		"HATCH_TEST_CAPTCHA":   "424242",
		"HATCH_ADDR":           "127.0.0.1:0",
		"HATCH_RENDER_WORKERS": "1",
	}
	p := start(t, []string{"serve"}, env)
	base := "http://" + p.await(t, regexp.MustCompile(`Hatch 已启动（数据库：sqlite）：http://([^/]+)/`), 3*time.Minute)[1]
	c := login(t, base)
	app := c.completeDraft(t)
	var row struct{ ID int64 }
	c.json(t, "POST", fmt.Sprintf("/api/v1/applications/%d/tables/teams/rows", app),
		`{"values":{"name":"停机前团队","state":"在孵","members":"3"}}`, &row)

	body := `{"values":{"name":"停机前团队","state":"在孵","members":"4"},"revision":1}`
	conn := c.startSlowSave(t, fmt.Sprintf("/api/v1/applications/%d/rows/%d", app, row.ID), body, len(body)/2)
	time.Sleep(300 * time.Millisecond) // the handler is reading the body
	p.stop()

	t.Run("new connections are refused", func(t *testing.T) {
		addr := strings.TrimPrefix(base, "http://")
		deadline := time.Now().Add(5 * time.Second)
		for {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if errors.Is(err, syscall.ECONNREFUSED) {
				return
			}
			if err == nil {
				c.Close()
			}
			if time.Now().After(deadline) {
				t.Fatalf("still accepting connections 5 s after the stop (%v)", err)
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
	t.Run("the save in flight completes with 200", func(t *testing.T) {
		if _, err := conn.Write([]byte(body[len(body)/2:])); err != nil {
			t.Fatalf("send the rest of the body: %v", err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("read the response: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want 200", resp.StatusCode)
		}
	})
	t.Run("the process ends without error", func(t *testing.T) {
		if err := p.end(t); err != nil {
			t.Fatal(err)
		}
	})
}

// startSlowSave sends a PUT of body's first `first` bytes with the
// session's cookie and token, and leaves the rest to the caller.
func (s *session) startSlowSave(t *testing.T, path, body string, first int) net.Conn {
	t.Helper()
	u, _ := url.Parse(s.base)
	var cookies []string
	for _, ck := range s.http.Jar.Cookies(u) {
		cookies = append(cookies, ck.String())
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	head := fmt.Sprintf("PUT %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nX-CSRF-Token: %s\r\n"+
		"Cookie: %s\r\nContent-Length: %d\r\n\r\n", path, u.Host, s.csrf, strings.Join(cookies, "; "), len(body))
	if _, err := conn.Write([]byte(head + body[:first])); err != nil {
		t.Fatal(err)
	}
	return conn
}
