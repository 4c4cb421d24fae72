package web_test

import (
	"net/url"
	"strings"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

// TestADatabaseThatDoesNotAnswerKeepsTheSession: while the database is
// unreachable a signed-in user is asked to try again, on a page and on the
// API, and keeps the session cookie; being sent to the login page (or
// told 请先登录) would lose the work of everyone signed in at the time.
func TestADatabaseThatDoesNotAnswerKeepsTheSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		b := s.browser().mustLogin("demo-applicant")
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/services", "/api/v1/me"} {
			r := b.get(path)
			if r.status != 500 || !strings.Contains(r.body, "系统繁忙，请稍后重试") {
				t.Errorf("GET %s → %d %q; want 500 asking to try again", path, r.status, r.body[:min(len(r.body), 200)])
			}
		}
		u, _ := url.Parse(s.srv.URL)
		kept := false
		for _, c := range b.c.Jar.Cookies(u) {
			kept = kept || (c.Name == "hatch_session" && c.Value != "")
		}
		if !kept {
			t.Error("the session cookie was dropped while the database did not answer")
		}
	})
}
