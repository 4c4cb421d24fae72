package e2e

import (
	"hatch/internal/testkit"
	"strings"
	"testing"
	"time"
)

const demoPassword = "Demo@2021"

// The organisation the e2e-fail account is created for: in the demo
// registry with legal representative 黄志远, ID 440524188001010014.
const (
	failLogin    = "e2e-fail"
	failPassword = "Demo@2021x"
	failUSCC     = "91440300MA5DEM0A63"
	failOrgName  = "深圳前海创客空间运营有限公司"
)

// TestBrowserWalk goes through the site in a real browser, once on each
// database engine.
func TestBrowserWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	// Each engine has its own server, browser and screenshots, so the two
	// walks run side by side.
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		browserWalk(t, bin, "sqlite", "")
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		browserWalk(t, bin, "postgres", postgresDB(t))
	})
}

func browserWalk(t *testing.T, bin, engine, dbURL string) {
	srv := startServer(t, dbURL)
	out := srv.cli(t, "user", "create", "-login", failLogin, "-role", "legal",
		"-org-uscc", failUSCC, "-org-name", failOrgName, "-password", failPassword)
	if !strings.Contains(out, failLogin) {
		t.Fatalf("hatch user create said: %s", out)
	}
	cleanScreenshots(t, engine)
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: engine}
	steps := []struct {
		name string
		run  func(*walk)
	}{
		{"applicant home", applicantHome},
		{"add carrier", addCarrier},
		{"migrated org certifies", migratedCertifies},
		{"manual certification", manualCertification},
		{"reviewer workbench", reviewerWorkbench},
	}
	for _, s := range steps {
		start := time.Now()
		s.run(w)
		t.Logf("step %q took %s", s.name, time.Since(start).Round(10*time.Millisecond))
	}
}

// applicantHome: a certified applicant logs in and opens 众创空间 → 首页.
func applicantHome(w *walk) {
	w.open("/login")
	w.shot("login")
	w.login("demo-applicant", demoPassword)
	w.expectPath("/services")
	w.shot("services")
	w.clickText("main a", "^众创空间$")
	w.expectPath("/home")
	w.expectText("#org-uscc", "91110108MA01DEMA94")
	w.expectText("#org-rep", "王启明")
	w.expectText("#list-makerspace", "启明星众创空间")
	w.expectText("#list-incubator", "启明星科技企业孵化器")
	w.shot("home")
}

// addCarrier: 新增众创空间, first with an empty name, then complete.
func addCarrier(w *walk) {
	w.clickText("main a.button", "^新增众创空间$")
	w.expectPath("/carriers/new?kind=makerspace")
	w.click("#save-carrier")
	w.expectText("#error-summary", "提交的信息有")
	w.expectElement(`#error-summary a[href="#name"]`)
	if msg := w.text("#name-error"); strings.TrimSpace(strings.TrimPrefix(msg, "错误：")) == "" {
		w.t.Fatal("no field error text under 载体名称")
	}
	w.shot("carrier-errors")
	w.fill("#name", "启明星第二众创空间")
	w.chooseRegion("110108")
	w.fill("#address", "北京市海淀区中关村南大街5号创新中心2层")
	w.setValue("#started_on", "2021-06-01")
	w.click("#save-carrier")
	w.expectPath("/home")
	w.expectText("#list-makerspace", "启明星第二众创空间")
	w.shot("home-carrier-added")
}

// migratedCertifies: an organisation known only from 火炬统计 is held at
// 我的信息 until it passes 实名认证, first failing on a bad ID checksum.
func migratedCertifies(w *walk) {
	w.logout()
	w.login("91350200MA2Y0DEM69", demoPassword)
	w.expectPath("/my?gate=1")
	w.expectText("#cert-gate", "法人认证")
	w.shot("cert-gate")
	w.open("/home")
	w.expectPath("/my?gate=1")
	w.click("#edit-legal")
	w.expectPath("/my/legal")
	w.shot("legal-form")
	fillLegal(w, xiamen("350203197506082019"))
	w.click("#save-legal")
	w.expectPath("/my/legal")
	w.expectElement("#rep_id_number-error")
	w.expectElement(`#error-summary a[href="#rep_id_number"]`)
	w.expectElement(`#rep_id_number[aria-invalid="true"]`)
	w.shot("legal-bad-id")
	fillLegal(w, xiamen("350203197506082018"))
	w.click("#save-legal")
	w.expectPath("/my")
	expectCertStatus(w, "国家平台实名认证通过")
	w.shot("my-certified")
	w.open("/home")
	w.expectPath("/home")
	w.expectText("#org-uscc", "91350200MA2Y0DEM69")
	if w.has("#list-makerspace") || w.has("#list-incubator") {
		w.t.Fatal("a new organisation's 首页 lists carriers")
	}
	w.shot("home-empty")
}

// manualCertification: e2e-fail types the wrong legal representative, asks
// for 人工认证 with two uploads, and the administrator approves it.
func manualCertification(w *walk) {
	w.logout()
	w.login(failLogin, failPassword)
	w.expectPath("/my?gate=1")
	w.open("/my/legal")
	fillLegal(w, shenzhen("黄志强"))
	w.click("#save-legal")
	w.expectPath("/my")
	w.expectText("#cert-failed", "法定代表人")
	w.shot("cert-failed")
	requestManual(w)
	w.logout()
	approveAsAdmin(w)
	w.logout()
	w.login(failLogin, failPassword)
	w.open("/my")
	expectCertStatus(w, "国家平台实名认证通过（人工认证）")
	w.shot("my-manual-approved")
}

func requestManual(w *walk) {
	w.clickText("#cert-failed a", "^申请人工认证$")
	w.expectPath("/my/manual")
	pngFile, pdfFile := testFiles(w.t)
	w.pg().MustElement("#license").MustSetFiles(pngFile)
	w.pg().MustElement("#idcard").MustSetFiles(pdfFile)
	w.fill("#note", "法定代表人已于2023年变更，登记信息尚未更新。")
	w.shot("manual-form")
	w.click("#submit-manual")
	w.expectPath("/my")
	expectCertStatus(w, "人工认证审核中")
	w.shot("my-manual-pending")
}

func approveAsAdmin(w *walk) {
	w.login("admin", demoPassword)
	w.expectPath("/admin")
	w.open("/admin/certifications")
	w.expectText("#cert-queue", failOrgName)
	w.shot("admin-cert-queue")
	w.clickText("#cert-queue a", "^审核")
	w.expectText("main h1", failOrgName)
	w.shot("admin-cert-review")
	w.click("#approve")
	w.expectPath("/admin/certifications")
	w.expectText(".notice-success", "已通过该单位的人工认证")
	w.shot("admin-cert-approved")
}

// reviewerWorkbench: a city reviewer lands on the 工作台 of 海淀区, which
// lists the demo applications at their stages, three waiting for it: the
// 2021 round's 中关村创客工场, the 孵化器认定 of 启明星科技企业孵化器 and the
// 免税资格申请 of the filed 中关村分部.
func reviewerWorkbench(w *walk) {
	w.logout()
	w.login("demo-city", demoPassword)
	w.expectPath("/workbench")
	if w.has("#empty-queue") {
		w.t.Fatalf("the demo 工作台 is empty: %s", w.text("#empty-queue"))
	}
	w.expectText("#dept-title", "海淀区")
	w.expectText("#count-all", "7 份")
	w.expectText("#queue-summary", "共 7 份")
	for tab, want := range map[string]string{"all": "7", "city_review": "3", "province_review": "1",
		"returned": "1", "expert_review": "1", "filed": "1"} {
		if got := strings.TrimSpace(w.text("#tab-" + tab + " .tab-count")); got != want {
			w.t.Errorf("the 工作台's %s tab counts %q, want %s", tab, got, want)
		}
	}
	w.expectElement("#tab-all[aria-current=page]")
	w.expectText("#tab-city_review .tab-count-todo", "3") // the city's own 待办
	if n := len(w.pg().MustElements("#queue tbody tr")); n != 7 {
		w.t.Errorf("the queue lists %d applications, want 7", n)
	}
	todo := w.pg().MustElements("#queue tbody tr.row-todo")
	if len(todo) != 3 {
		w.t.Fatalf("%d rows are marked 待办, want 3", len(todo))
	}
	// Each row names its stage in its chain's own words: the 免税 chain's
	// city stage is 待市级审核.
	waiting := map[string]string{"中关村创客工场": "待市级初审", "启明星科技企业孵化器": "待市级初审",
		"启明星众创空间（中关村分部）": "待市级审核"}
	seen := map[string]bool{}
	for _, row := range todo {
		got := row.MustText()
		if !strings.Contains(got, "待办") {
			w.t.Errorf("the 待办 row reads %q, want 待办 in it", got)
		}
		for name, stage := range waiting {
			if strings.Contains(got, name) {
				seen[name] = true
				if !strings.Contains(got, stage) {
					w.t.Errorf("the 待办 row of %s reads %q, want %s in it", name, got, stage)
				}
			}
		}
	}
	for name := range waiting {
		if !seen[name] {
			w.t.Errorf("no 待办 row names %s", name)
		}
	}
	w.shot("workbench")
	if w.t.Failed() {
		w.t.FailNow()
	}
}

// legalForm is what fillLegal types into 修改法人信息.
type legalForm struct {
	name, orgType, regAddress, region  string
	authName, authIDNumber, authMobile string
	repName, repIDNumber               string
}

func xiamen(repID string) legalForm {
	return legalForm{name: "厦门鹭创孵化器管理有限公司", orgType: "企业法人",
		regAddress: "福建省厦门市思明区软件园二期观日路1号", region: "350200",
		authName: "陈海峰", authIDNumber: "350203197506082018", authMobile: "13900000002",
		repName: "陈海峰", repIDNumber: repID}
}

func shenzhen(repName string) legalForm {
	return legalForm{name: failOrgName, orgType: "企业法人",
		regAddress: "广东省深圳市南山区前海深港合作区前湾一路1号", region: "440300",
		authName: repName, authIDNumber: "440524188001010014", authMobile: "13700000003",
		repName: repName, repIDNumber: "440524188001010014"}
}

func fillLegal(w *walk, f legalForm) {
	w.t.Helper()
	w.fill("#name", f.name)
	w.choose("#org_type", f.orgType)
	w.fill("#reg_address", f.regAddress)
	w.chooseRegion(f.region)
	w.fill("#auth_name", f.authName)
	w.choose("#auth_id_type", "idcard")
	w.fill("#auth_id_number", f.authIDNumber)
	w.fill("#auth_mobile", f.authMobile)
	w.fill("#rep_name", f.repName)
	w.choose("#rep_id_type", "idcard")
	w.fill("#rep_id_number", f.repIDNumber)
}

// expectCertStatus checks the badge at the top of 我的信息 (after its
// visually hidden label).
func expectCertStatus(w *walk, want string) {
	w.t.Helper()
	if got := strings.TrimSpace(w.text("#cert-status")); !strings.HasSuffix(got, want) {
		w.t.Fatalf("#cert-status shows %q, want %q", got, want)
	}
}
