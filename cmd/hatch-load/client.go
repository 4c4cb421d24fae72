package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"time"
)

// refused is an answer 429 from a per-account limit, with the wait the
// server asked for (Retry-After, at least a second).
type refused struct {
	err  error
	wait time.Duration
}

func (r *refused) Error() string { return r.err.Error() }
func (r *refused) Unwrap() error { return r.err }

// waitIfRefused sleeps for the wait a refusal asked for, so that a client
// does not hammer the limit it just met; other errors return at once.
func waitIfRefused(ctx context.Context, err error) {
	var r *refused
	if !errors.As(err, &r) {
		return
	}
	select {
	case <-ctx.Done():
	case <-time.After(r.wait):
	}
}

// client is one logged-in session.
type client struct {
	base string
	http *http.Client
	csrf string
}

func newClient(base, login, password, captcha string) (*client, error) {
	jar, _ := cookiejar.New(nil)
	c := &client{base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	var cap struct{ ID string }
	if err := c.do("GET", "/api/v1/captcha", nil, &cap, 200); err != nil {
		return nil, err
	}
	var sess struct {
		CSRF string `json:"csrf_token"`
	}
	body := map[string]string{
		"login":      login,
		"password":   password,
		"captcha_id": cap.ID,
		"captcha":    captcha,
	}
	if err := c.do("POST", "/api/v1/session", body, &sess, 201); err != nil {
		return nil, fmt.Errorf("登录 %s：%w", login, err)
	}
	c.csrf = sess.CSRF
	return c, nil
}

// do sends a JSON request and decodes the answer into out when it has the
// wanted status; any other status is an error with the body.
func (c *client) do(method, path string, in, out any, want int) error {
	var body io.Reader
	if in != nil {
		b, _ := json.Marshal(in)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.csrf)
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		err := fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, bytes.TrimSpace(data))
		if resp.StatusCode == http.StatusTooManyRequests {
			secs, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			err = &refused{err: err, wait: max(time.Duration(secs)*time.Second, time.Second)}
		}
		return err
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// application returns the id of the caller's first application, creating
// one for its first 众创空间 if there is none.
func (c *client) application() (int64, error) {
	var list struct{ Items []struct{ ID int64 } }
	if err := c.do("GET", "/api/v1/applications", nil, &list, 200); err != nil {
		return 0, err
	}
	if len(list.Items) > 0 {
		return list.Items[0].ID, nil
	}
	var carriers struct {
		Items []struct {
			ID   int64
			Kind string
		}
	}
	var rounds struct{ Items []struct{ ID int64 } }
	if err := c.do("GET", "/api/v1/carriers", nil, &carriers, 200); err != nil {
		return 0, err
	}
	if err := c.do("GET", "/api/v1/rounds", nil, &rounds, 200); err != nil {
		return 0, err
	}
	for _, k := range carriers.Items {
		if k.Kind == "makerspace" && len(rounds.Items) > 0 {
			var app struct{ ID int64 }
			err := c.do(
				"POST",
				"/api/v1/applications",
				map[string]int64{"carrier_id": k.ID, "round_id": rounds.Items[0].ID},
				&app,
				201,
			)
			return app.ID, err
		}
	}
	return 0, fmt.Errorf("没有可申报的众创空间或开放的批次")
}

// addRow inserts a row and returns its id and revision.
func (c *client) addRow(app int64, table string, values map[string]string) (int64, int64, error) {
	var saved struct{ ID, Revision int64 }
	err := c.do("POST", fmt.Sprintf("/api/v1/applications/%d/tables/%s/rows", app, table),
		map[string]any{"values": values}, &saved, 201)
	return saved.ID, saved.Revision, err
}

// saveRow updates a row at rev and returns the new revision.
func (c *client) saveRow(app, row, rev int64, values map[string]string) (int64, error) {
	var saved struct{ Revision int64 }
	err := c.do("PUT", fmt.Sprintf("/api/v1/applications/%d/rows/%d", app, row),
		map[string]any{"values": values, "revision": rev}, &saved, 200)
	return saved.Revision, err
}
