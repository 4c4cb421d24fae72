package web_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"hatch/internal/store"
	"hatch/internal/storetest"
)

// Answers that once broke api/openapi.yaml, each held to what the document
// promises. (contractHandler checks every answer's shape as well.)

// freshAPIApplication creates a new 众创空间 for demo-applicant and an
// application for it in the open round: one with nothing saved and no
// version yet.
func freshAPIApplication(t *testing.T, c *apiClient, name string) string {
	t.Helper()
	carrier := expect(t, "carrier", c.call("POST", "/api/v1/carriers", map[string]any{"kind": "makerspace", "name": name,
		"address": "北京市海淀区中关村大街8号", "region": "110108", "started_on": "2019-03-01"}), http.StatusCreated)
	rounds := expect(t, "rounds", c.call("GET", "/api/v1/rounds", nil), http.StatusOK)
	app := expect(t, "application", c.call("POST", "/api/v1/applications", map[string]any{"carrier_id": carrier.num("id"),
		"round_id": rounds.num("items.0.id")}), http.StatusCreated)
	return fmt.Sprintf("/api/v1/applications/%d", app.num("id"))
}

// manualCertPending takes the migrated organisation through a failed
// certification to a manual request, and returns the administrator and
// the request's id.
func manualCertPending(t *testing.T, s *site) (*apiClient, int64) {
	t.Helper()
	c := s.as(migratedLogin)
	rev := c.call("GET", "/api/v1/org", nil).num("revision")
	fields := map[string]string{}
	for k, v := range demoLegal(rev, "陈海风") {
		fields[k] = fmt.Sprint(v)
	}
	r := expect(t, "legal", c.multipart("PUT", "/api/v1/org/legal", fields, nil), http.StatusOK)
	if r.str("status") != "failed" || !strings.Contains(fmt.Sprint(r.get("mismatches")), "法定代表人姓名") {
		t.Fatalf("certification: %s", r)
	}
	expect(t, "manual", c.multipart("POST", "/api/v1/org/certifications/manual", map[string]string{"note": "以执照为准"},
		map[string][]byte{"license": demoPNG, "idcard": demoPNG}), http.StatusAccepted)
	admin := s.as("admin")
	queue := expect(t, "queue", admin.call("GET", "/api/v1/admin/certifications", nil), http.StatusOK)
	return admin, queue.num("items.0.id")
}

// issuesIn is the list of issues at path, as the client decoded it.
func issuesIn(r apiResponse, path string) []any {
	list, _ := r.get(path).([]any)
	return list
}

var contractCases = []struct {
	name string
	run  func(t *testing.T, s *site)
}{
	{"every section reads as an object with its revision, and a save with that revision succeeds", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		base := freshAPIApplication(t, c, "契约众创空间")
		app := expect(t, "application", c.call("GET", base, nil), http.StatusOK)
		saved := 0
		for _, sec := range app.get("sections").([]any) {
			key := sec.(map[string]any)["key"].(string)
			got := expect(t, key, c.call("GET", base+"/sections/"+key, nil), http.StatusOK)
			values, isObject := got.get("values").(map[string]any)
			rev, hasRev := got.get("revision").(float64)
			if !isObject || !hasRev {
				t.Fatalf("%s: values %T and revision %T, want an object and a number: %s", key, got.get("values"), got.get("revision"), got)
			}
			put := c.call("PUT", base+"/sections/"+key, map[string]any{"values": values, "revision": rev})
			if put.status == http.StatusNotFound { // a section of tables only: nothing of its own to save
				continue
			}
			if expect(t, "save "+key, put, http.StatusOK).num("revision") != int64(rev)+1 {
				t.Fatalf("%s: saved with revision %v, answer %s", key, rev, put)
			}
			if again := c.call("GET", base+"/sections/"+key, nil); again.num("revision") != int64(rev)+1 {
				t.Fatalf("%s: reread gives revision %d, want %d", key, again.num("revision"), int64(rev)+1)
			}
			saved++
		}
		if saved < 3 {
			t.Fatalf("only %d sections saved; the walk missed the sections with fields", saved)
		}
	}},
	{"a section never saved reads as {} with revision 0 and its first save with revision 0 succeeds", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		base := freshAPIApplication(t, c, "首存众创空间")
		got := expect(t, "plan", c.call("GET", base+"/sections/plan", nil), http.StatusOK)
		if !strings.Contains(string(got.raw), `"values":{}`) || !strings.Contains(string(got.raw), `"revision":0`) {
			t.Fatalf("never-saved section: %s", got.raw)
		}
		put := expect(t, "first save", c.call("PUT", base+"/sections/plan", map[string]any{"values": map[string]string{},
			"revision": 0}), http.StatusOK)
		if put.num("revision") != 1 {
			t.Fatalf("first save: %s", put)
		}
	}},
	{"a save without values is 422 on values and stores nothing", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		base := freshAPIApplication(t, c, "无值众创空间")
		for _, call := range []struct{ what, method, path string }{
			{"section", "PUT", base + "/sections/plan"},
			{"new row", "POST", base + "/tables/teams/rows"},
		} {
			for _, body := range []map[string]any{{"revision": 0}, {"values": nil}} {
				r := expect(t, call.what, c.call(call.method, call.path, body), http.StatusUnprocessableEntity)
				if r.str("error") != "请求格式不正确" || !strings.Contains(r.str("fields.values"), "values") {
					t.Fatalf("%s %v: %s", call.what, body, r)
				}
			}
		}
		if page := expect(t, "table", c.call("GET", base+"/tables/teams", nil), http.StatusOK); page.num("total") != 0 {
			t.Fatalf("a row was created: %s", page)
		}
		if sec := c.call("GET", base+"/sections/plan", nil); sec.num("revision") != 0 {
			t.Fatalf("the section was saved: %s", sec)
		}
		row := expect(t, "row", c.call("POST", base+"/tables/teams/rows", map[string]any{"values": map[string]string{
			"name": "有值团队", "state": "在孵"}}), http.StatusCreated)
		path := fmt.Sprintf("%s/rows/%d", base, row.num("id"))
		r := expect(t, "row update", c.call("PUT", path, map[string]any{"revision": row.num("revision")}), http.StatusUnprocessableEntity)
		if r.str("fields.values") == "" {
			t.Fatalf("row update: %s", r)
		}
	}},
	{"a row reads with the problems its table lists for it", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		base := freshAPIApplication(t, c, "问题众创空间")
		row := expect(t, "row", c.call("POST", base+"/tables/teams/rows", map[string]any{"values": map[string]string{
			"name": "缺项团队", "state": "在孵"}}), http.StatusCreated)
		page := expect(t, "table", c.call("GET", base+"/tables/teams", nil), http.StatusOK)
		listed := issuesIn(page, "rows.0.issues")
		if len(listed) == 0 {
			t.Fatalf("the table lists no problem for an incomplete row: %s", page)
		}
		got := expect(t, "row", c.call("GET", fmt.Sprintf("%s/rows/%d", base, row.num("id")), nil), http.StatusOK)
		if !reflect.DeepEqual(issuesIn(got, "issues"), listed) || got.num("number") != 1 {
			t.Fatalf("row issues %v (number %d), table issues %v", got.get("issues"), got.num("number"), listed)
		}
	}},
	{"an upload answers the file's name, type, size and SHA-256", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		base := freshAPIApplication(t, c, "上传众创空间")
		row := expect(t, "row", c.call("POST", base+"/tables/teams/rows", map[string]any{"values": map[string]string{
			"name": "附件团队", "state": "在孵"}}), http.StatusCreated)
		pdf := []byte("%PDF-1.4\n%%EOF\n")
		up := expect(t, "upload", c.multipart("POST", base+"/files", map[string]string{"row_id": itoa(row.num("id")),
			"slot": "agreement"}, map[string][]byte{"file": pdf}), http.StatusCreated)
		sum := sha256.Sum256(pdf)
		if up.str("name") != "file.pdf" || up.str("content_type") != "application/pdf" || up.num("size") != int64(len(pdf)) ||
			up.str("sha256") != hex.EncodeToString(sum[:]) {
			t.Fatalf("upload answer: %s", up)
		}
		got := expect(t, "row", c.call("GET", fmt.Sprintf("%s/rows/%d", base, row.num("id")), nil), http.StatusOK)
		if !reflect.DeepEqual(got.get("files.0"), up.json) {
			t.Fatalf("the row lists %v, the upload answered %v", got.get("files.0"), up.json)
		}
	}},
	{"a second carrier of the same name is 409 beside the name", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		body := map[string]any{"kind": "makerspace", "name": "同名众创空间", "address": "北京市海淀区中关村大街9号",
			"region": "110108", "started_on": "2020-05-01"}
		expect(t, "first", c.call("POST", "/api/v1/carriers", body), http.StatusCreated)
		r := expect(t, "second", c.call("POST", "/api/v1/carriers", body), http.StatusConflict)
		if r.str("fields.name") != "本单位已有名为“同名众创空间”的载体。" {
			t.Fatalf("duplicate: %s", r)
		}
	}},
	{"a certification reason over 500 characters is 422 and one of 500 is taken", func(t *testing.T, s *site) {
		admin, id := manualCertPending(t, s)
		path := fmt.Sprintf("/api/v1/admin/certifications/%d/decision", id)
		long := expect(t, "501", admin.call("POST", path, map[string]any{"approve": false, "reason": strings.Repeat("字", 501)}),
			http.StatusUnprocessableEntity)
		if long.str("fields.reason") != "理由不能超过500个字符，当前501个。" {
			t.Fatalf("501 characters: %s", long)
		}
		d := expect(t, "500", admin.call("POST", path, map[string]any{"approve": false, "reason": strings.Repeat("字", 500)}),
			http.StatusOK)
		if d.str("status") != "manual_rejected" {
			t.Fatalf("500 characters: %s", d)
		}
	}},
	{"an unknown filter value is 422 with a message, a known one lists", func(t *testing.T, s *site) {
		admin := s.as("admin")
		for _, tc := range []struct{ path, field string }{
			{"/api/v1/admin/users?role=superuser", "role"},
			{"/api/v1/admin/certifications?status=bogus", "status"},
		} {
			r := expect(t, tc.path, admin.call("GET", tc.path, nil), http.StatusUnprocessableEntity)
			if r.str("error") != "提交的信息有误，请按提示修改。" || !strings.HasPrefix(r.str("fields."+tc.field), "没有该") {
				t.Fatalf("%s: %s", tc.path, r)
			}
		}
		for _, path := range []string{"/api/v1/admin/users?role=admin", "/api/v1/admin/certifications?status=all"} {
			expect(t, path, admin.call("GET", path, nil), http.StatusOK)
		}
	}},
	{"a submission without a version leaves version out instead of null", func(t *testing.T, s *site) {
		c := s.as("demo-applicant")
		base := freshAPIApplication(t, c, "无版本众创空间")
		r := expect(t, "submission", c.call("GET", base+"/submission", nil), http.StatusOK)
		if _, present := r.json["version"]; present || r.get("ready") != false {
			t.Fatalf("submission: %s", r)
		}
	}},
	{"a review action answers its time and remark count as the progress shows them", func(t *testing.T, s *site) {
		appID := s.rvDemoApp()
		s.rvSubmit(appID)
		city := s.as("demo-city")
		review := fmt.Sprintf("/api/v1/review/%d", appID)
		var drafts []any
		for _, text := range []string{"请核实人数。", "请补充协议。"} {
			rm := expect(t, "remark", city.call("POST", review+"/remarks", map[string]any{"table": "teams", "row_id": s.rvTeamRow(appID),
				"field": "members", "text": text}), http.StatusCreated)
			drafts = append(drafts, rm.get("id"))
		}
		expect(t, "act without a choice about the drafts", city.call("POST", review+"/actions",
			map[string]any{"action": "recommend", "comment": "同意推荐。"}), http.StatusUnprocessableEntity)
		expect(t, "act naming one draft of two", city.call("POST", review+"/actions",
			map[string]any{"action": "recommend", "comment": "同意推荐。", "drafts": "send", "draft_ids": drafts[:1]}), http.StatusConflict)
		step := expect(t, "act", city.call("POST", review+"/actions", map[string]any{"action": "recommend", "comment": "同意推荐。",
			"drafts": "send", "draft_ids": drafts}), http.StatusCreated)
		progress := expect(t, "progress", s.as("demo-applicant").call("GET", fmt.Sprintf("/api/v1/applications/%d/progress", appID), nil),
			http.StatusOK)
		var shown map[string]any
		for _, st := range progress.get("steps").([]any) {
			if m := st.(map[string]any); m["id"] == step.get("id") {
				shown = m
			}
		}
		if shown == nil || step.str("at") == "" || step.get("at") != shown["at"] || step.num("remark_count") != 2 ||
			step.get("remark_count") != shown["remark_count"] {
			t.Fatalf("act answered %s; progress shows %v", step, shown)
		}
	}},
}

func TestAPIKeepsItsContract(t *testing.T) {
	for _, tc := range contractCases {
		t.Run(tc.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, st *store.Store) { tc.run(t, newSite(t, st)) })
		})
	}
}
