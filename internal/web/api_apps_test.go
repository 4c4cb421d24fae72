package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

// newAPIApplication creates an application for demo-applicant's first
// 众创空间 in the 2021 round through the API and returns its id.
func newAPIApplication(t *testing.T, s *site, c *apiClient) int64 {
	t.Helper()
	ctx := context.Background()
	u, _, _ := s.st.UserByLogin(ctx, "demo-applicant")
	carriers, _ := s.st.Carriers(ctx, u.OrgID)
	var carrierID int64
	for _, x := range carriers {
		if x.Kind == "makerspace" && !strings.Contains(x.Name, "（") {
			carrierID = x.ID
		}
	}
	rounds := expect(t, "rounds", c.call("GET", "/api/v1/rounds", nil), http.StatusOK)
	body := map[string]any{"carrier_id": carrierID, "round_id": rounds.num("items.0.id")}
	r := c.call("POST", "/api/v1/applications", body)
	if r.status == http.StatusConflict { // the demo data may already hold one: use it
		list := expect(t, "list", c.call("GET", "/api/v1/applications", nil), http.StatusOK)
		for i := 0; list.get(fmt.Sprintf("items.%d", i)) != nil; i++ {
			if list.num(fmt.Sprintf("items.%d.carrier_id", i)) == carrierID {
				return list.num(fmt.Sprintf("items.%d.id", i))
			}
		}
	}
	return expect(t, "create application", r, http.StatusCreated).num("id")
}

func TestAPIApplications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		s := newSite(t, st)
		c := s.as("demo-applicant")
		id := newAPIApplication(t, s, c)
		base := fmt.Sprintf("/api/v1/applications/%d", id)

		app := expect(t, "application", c.call("GET", base, nil), http.StatusOK)
		if app.str("sections.0.title") != "基础信息" || app.str("conditions.0.code") != "C1" {
			t.Fatalf("task list or conditions missing: %s", app)
		}

		t.Run("a draft with a bad mobile is saved and its problem listed", func(t *testing.T) {
			expect(t, "section", c.call("GET", base+"/sections/basic", nil), http.StatusOK)
			r := c.call("PUT", base+"/sections/basic", map[string]any{"values": map[string]string{
				"contact_mobile": "1390000", "address": "北京市海淀区"}, "revision": 0})
			if r.status == http.StatusConflict { // demo data saved it before
				r = c.call("PUT", base+"/sections/basic", map[string]any{"values": map[string]string{
					"contact_mobile": "1390000", "address": "北京市海淀区"}, "revision": r.num("revision")})
			}
			expect(t, "save", r, http.StatusOK)
			found := false
			for i := 0; r.get(fmt.Sprintf("issues.%d", i)) != nil; i++ {
				if r.str(fmt.Sprintf("issues.%d.path", i)) == "basic.contact_mobile" {
					found = strings.Contains(r.str(fmt.Sprintf("issues.%d.message", i)), "手机")
				}
			}
			if !found {
				t.Fatalf("the bad mobile is not among the issues: %s", r)
			}
			if got := expect(t, "reread", c.call("GET", base+"/sections/basic", nil), http.StatusOK); got.str("values.contact_mobile") != "1390000" {
				t.Fatal("the draft value was not kept exactly as typed")
			}
		})
		t.Run("a computed field sent is refused and nothing is stored", func(t *testing.T) {
			r := c.call("PUT", base+"/sections/venues", map[string]any{"values": map[string]string{"total_area": "9999"}})
			expect(t, "save computed", r, http.StatusUnprocessableEntity)
			if !strings.Contains(r.str("fields.total_area"), "自动生成") {
				t.Fatalf("fields %s", r)
			}
		})
		t.Run("a not-fillable cell is refused and the row not stored", func(t *testing.T) {
			r := c.call("POST", base+"/tables/teams/rows", map[string]any{"values": map[string]string{
				"name": "越界团队", "state": "在孵", "registered_on": "2021-01-01"}})
			expect(t, "crafted row", r, http.StatusUnprocessableEntity)
			page := expect(t, "table", c.call("GET", base+"/tables/teams?q=越界", nil), http.StatusOK)
			if page.num("matching") != 0 {
				t.Fatal("the refused row was stored")
			}
		})
		t.Run("a row saves, then a stale save gets both versions", func(t *testing.T) {
			r := expect(t, "row", c.call("POST", base+"/tables/teams/rows", map[string]any{"values": map[string]string{
				"name": "接口团队", "state": "在孵", "members": "3"}}), http.StatusCreated)
			row := fmt.Sprintf("%s/rows/%d", base, r.num("id"))
			expect(t, "update", c.call("PUT", row, map[string]any{"values": map[string]string{
				"name": "接口团队", "state": "在孵", "members": "4"}, "revision": 1}), http.StatusOK)
			stale := c.call("PUT", row, map[string]any{"values": map[string]string{
				"name": "接口团队", "state": "在孵", "members": "9"}, "revision": 1})
			expect(t, "stale", stale, http.StatusConflict)
			if stale.str("current.members") != "4" || stale.num("revision") != 2 {
				t.Fatalf("conflict body %s", stale)
			}
			up := c.multipart("POST", base+"/files", map[string]string{"row_id": fmt.Sprint(r.num("id")), "slot": "agreement"},
				map[string][]byte{"file": []byte("%PDF-1.4\n%%EOF\n")})
			expect(t, "upload", up, http.StatusCreated)
			bad := c.multipart("POST", base+"/files", map[string]string{"row_id": fmt.Sprint(r.num("id")), "slot": "agreement"},
				map[string][]byte{"file": []byte("MZ not a pdf")})
			expect(t, "upload exe", bad, http.StatusUnprocessableEntity)
			got := expect(t, "row", c.call("GET", row, nil), http.StatusOK)
			if got.str("files.0.slot") != "agreement" {
				t.Fatalf("files %s", got)
			}
			expect(t, "delete stale", c.call("DELETE", row+"?revision=1", nil), http.StatusConflict)
			expect(t, "delete", c.call("DELETE", row+"?revision=2", nil), http.StatusNoContent)
		})
		t.Run("the pledge template is a PDF", func(t *testing.T) {
			r := c.call("GET", base+"/pledge-template", nil)
			if r.status != 200 || !strings.HasPrefix(string(r.raw), "%PDF") {
				t.Fatalf("pledge: %d", r.status)
			}
		})
		t.Run("another organisation sees nothing", func(t *testing.T) {
			s.orgB()
			other := s.as("orgb-legal")
			for _, path := range []string{base, base + "/sections/basic", base + "/tables/teams", base + "/pledge-template"} {
				expect(t, path, other.call("GET", path, nil), http.StatusNotFound)
			}
		})
	})
}
