package e2e

import (
	"hatch/internal/testkit"
	"strings"
	"testing"
	"time"
)

// The new 众创空间 the walk registers and files for: demo-applicant's
// organisation already has applications for its other two.
const (
	newSpace        = "启明星众创空间（中关村东区）"
	newSpaceAddress = "北京市海淀区中关村东路66号世纪科贸大厦B座8层"
)

// TestApplicationWalk fills a whole 众创空间国家备案申报书 in a real browser,
// once on each database engine: a new carrier, a new application, every
// section until the task list shows 已完成, and the 备案条件 panel.
func TestApplicationWalk(t *testing.T) {
	bin := testkit.Chromium(t)
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		applicationWalk(t, bin, "sqlite", "")
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		applicationWalk(t, bin, "postgres", postgresDB(t))
	})
}

func applicationWalk(t *testing.T, bin, engine, dbURL string) {
	begin := time.Now()
	srv := startServer(t, dbURL)
	cleanScreenshots(t, engine+"-app")
	w := &walk{t: t, page: newBrowser(t, bin), base: srv.base, engine: engine + "-app"}
	a := &appWalk{walk: w, dir: t.TempDir(), added: map[string]bool{}}
	steps := []struct {
		name string
		run  func(*appWalk)
	}{
		{"new carrier and application", newApplication},
		{"基础信息 with a bad mobile, fixed", basicSection},
		{"宣传报道 and 荣誉", basicTables},
		{"服务场地", venuesSection},
		{"人员情况", staffSection},
		{"孵化和服务情况", incubationSection},
		{"text sections", textSections},
		{"承诺书", pledgeSection},
		{"task list complete", tasksComplete},
	}
	for _, s := range steps {
		start := time.Now()
		s.run(a)
		t.Logf("step %q took %s", s.name, time.Since(start).Round(10*time.Millisecond))
	}
	t.Logf("%s: the whole application walk took %s", engine, time.Since(begin).Round(10*time.Millisecond))
}

// newApplication: 首页 → 新增众创空间, then 认定备案管理 → 众创空间国家备案 →
// 新建 → 填报说明 → 开始填报.
func newApplication(a *appWalk) {
	a.login("demo-applicant", demoPassword)
	a.expectPath("/services")
	a.clickText("main a", "^众创空间$")
	a.expectPath("/home")
	a.clickText("main a.button", "^新增众创空间$")
	a.expectPath("/carriers/new?kind=makerspace")
	a.fill("#name", newSpace)
	a.chooseRegion("110108")
	a.fill("#address", newSpaceAddress)
	a.setValue("#started_on", "2018-06-01")
	a.shot("carrier-form")
	a.click("#save-carrier")
	a.expectPath("/home")
	a.expectText("#list-makerspace", newSpace)

	a.clickText("nav.sidenav a", "^众创空间国家备案$")
	a.expectPath("/applications?type=makerspace")
	a.expectText("#applications", "启明星众创空间（亦庄分部）")
	a.click("#new-application")
	a.expectPath("/applications/new?type=makerspace")
	a.pg().MustElementR(`label.choice-block:has(input[name="carrier"])`, "中关村东区").MustClick()
	a.pg().MustElementR(`label.choice-block:has(input[name="round"])`, "2021年度众创空间国家备案").MustClick()
	if got := a.pg().MustElement(`input[name="carrier"]:checked`).MustParent().MustText(); !strings.Contains(got, newSpace) {
		a.t.Fatalf("the chosen carrier is %q, want %s", got, newSpace)
	}
	a.shot("app-new")
	a.click("#create-application")
	m := appPathRe.FindStringSubmatch(a.path())
	if m == nil {
		a.t.Fatalf("creating the application led to %s; page says:\n%s", a.path(), clip(a.text("main"), 1500))
	}
	a.app = "/applications/" + m[1]
	a.expectText("#flash", "申报书已创建")
	a.expectText("#round-dates", "2021-10-31")
	a.expectText("main h1", "填报说明")
	a.shot("guidance")
	a.click("#start")
	a.expectPath(a.app)
	a.expectText("main h1", newSpace)
	// 基础信息 starts with the carrier's 所属区市, 地址 and 开始运营时间, but
	// nobody has saved it yet: like every other section it is 未开始.
	for _, k := range sectionKeys {
		if got := a.state(k); got != "未开始" {
			a.t.Fatalf("a new application's %s is %q, want 未开始", k, got)
		}
	}
	a.expectText("#task-progress", "已完成 0 / 9 项")
	a.shot("tasks-new")
}

// basicSection fills 基础信息 with a 10-digit mobile first: saved as a draft,
// with the message beside the field and in the summary; then fixed.
func basicSection(a *appWalk) {
	a.section("basic")
	a.expectText("#name", newSpace) // computed from the carrier
	// Never saved: what it needs, without a list of problems or red marks.
	if a.has("#issue-summary") || a.has(`[aria-invalid="true"]`) || a.has(".field-error") {
		a.t.Fatalf("the untouched 基础信息 opens with problems:\n%s", clip(a.text("main"), 800))
	}
	a.shot("basic-untouched")
	a.chooseRegion("110108")
	a.fill("#address", newSpaceAddress)
	a.setValue("#founded_on", "2017-11-20")
	a.setValue("#operating_since", "2018-03-15")
	a.fill("#contact", "周雨桐")
	a.fill("#contact_title", "运营经理")
	a.fill("#contact_mobile", "1381234567")
	a.fill("#contact_phone", "010-62781234")
	a.fill("#contact_email", "zgc-east@qimingxing.example.com")
	a.choose("#direction", "科技创业孵化能力强，带动高质量毕业生创业")
	a.choose("#host_type", "其他")
	for _, f := range []string{"电子信息", "高技术服务", "先进制造与自动化"} {
		a.check("tech_fields", f)
	}
	for _, r := range []string{"2020年半年报", "2020年年报", "2021年半年报"} {
		a.check("stat_reports", r)
	}
	a.fill("#intro", "启明星众创空间（中关村东区）是启明星众创空间在中关村东路设立的孵化场地，"+
		"2018年3月开始运营，面向高校毕业生和青年科技人才，提供工位、导师辅导和投融资对接服务。")
	a.click("#save-section")
	a.expectPath(a.app + "/sections/basic")
	a.expectText("#flash", "仍有 1 处问题")
	a.expectText("#contact_mobile-error", "11位手机号码")
	a.expectElement(`#contact_mobile[aria-invalid="true"]`)
	a.expectElement(`#issue-summary a[href="#contact_mobile"]`)
	a.expectText(`#issue-summary a[href="#contact_mobile"]`, "联系人手机")
	if n := len(a.pg().MustElements("#issue-summary li")); n != 1 {
		a.t.Fatalf("the summary lists %d problems, want 1:\n%s", n, a.text("#issue-summary"))
	}
	a.shot("basic-bad-mobile")
	a.fill("#contact_mobile", "13812345678")
	a.click("#save-section")
	a.expectPath(a.app + "/sections/basic")
	a.expectText("#flash", "已保存。")
	a.expectClean()
	if a.has("#contact_mobile-error") {
		a.t.Fatal("the mobile's message is still shown after fixing it")
	}
	a.expectText("#months", "43") // 2018-03-15 to the cut-off 2021-10-31
	a.shot("basic-saved")
}

// basicTables adds one 宣传报道 and one 荣誉, each with its file.
func basicTables(a *appWalk) {
	a.addRow("basic", "media", func() {
		a.fill("#title", "中关村东区再添“硬科技”孵化阵地：启明星众创空间新场地服务首批创业团队")
		a.fill("#outlet", "中关村科技园区管委会官网")
		a.choose("#level", "省级")
		a.setValue("#date", "2021-06-18")
		a.fill("#url", "https://zgc.example.gov.cn/news/2021/0618.html")
	}, upload{"proof", a.pngFile("报道截图")})
	a.expectClean()
	a.shot("media-row")
	a.addRow("basic", "honors", func() {
		a.fill("#name", "海淀区优秀创新创业服务机构")
		a.fill("#grantor", "北京市海淀区科学技术和信息化局")
		a.choose("#level", "区县级")
		a.setValue("#date", "2020-12-28")
	}, upload{"certificate", a.pdfFile("荣誉证书")})
	a.expectClean()
	a.open(a.app + "/sections/basic")
	a.expectText("#media_count", "1")
	a.expectText("#honor_count", "1")
	a.expectText("#table-media .table-counts", "均无问题")
	a.expectText("#table-honors .table-counts", "均无问题")
}

// venuesSection adds one own 600 m² venue: the lease dates are not fillable.
func venuesSection(a *appWalk) {
	a.addRow("venues", "venues", func() {
		a.fill("#name", "世纪科贸大厦B座8层")
		a.fill("#address", newSpaceAddress)
		a.fill("#area", "600")
		a.fill("#station_area", "300")
		a.fill("#public_area", "200")
		a.fill("#stations", "40")
		a.choose("#tenure", "自有产权")
		a.expectDisabled(true, "#lease_from", "#lease_to")
	}, upload{"proof", a.pdfFile("不动产权证书")})
	a.expectClean()
	a.shot("venue-row")
	a.open(a.app + "/sections/venues")
	a.expectText("#total_area", "600.00")
	a.expectText("#stations", "40")
}

// person is a row of 运营人员.
type person struct {
	name, gender, id, education, title, category, trained, experience string
}

// staffSection adds 3 专职服务人员 and 3 创业导师, each with proof.
func staffSection(a *appWalk) {
	t := a.t
	people := []person{
		{"周雨桐", "女", fictionalID(t, "110108", "19900612", "242"), "硕士研究生", "运营经理", "专职服务人员", "是",
			"2015年起从事科技园区运营，负责入驻评审、企业服务和活动组织，持有创业孵化从业人员培训证书。"},
		{"孙浩", "男", fictionalID(t, "110105", "19920305", "131"), "大学本科", "项目经理", "专职服务人员", "否",
			"曾任互联网公司产品经理三年，负责入驻团队的项目辅导和政策申报。"},
		{"吴佳怡", "女", fictionalID(t, "110102", "19950918", "268"), "大学本科", "企业服务专员", "专职服务人员", "否",
			"负责工商注册、财税代办和知识产权申请等基础服务。"},
		{"郑文斌", "男", fictionalID(t, "110108", "19790423", "315"), "博士研究生", "总经理", "专职创业导师", "否",
			"连续创业者，曾创办两家智能硬件企业，重点辅导硬科技团队的产品化和融资。"},
		{"钱立群", "女", "11010519491231002X", "博士研究生", "研究员（外聘）", "兼职创业导师", "否",
			"科研院所退休研究员，长期从事新材料研究，指导科研人员创业团队的成果转化。"},
		{"冯志远", "男", fictionalID(t, "310104", "19810716", "053"), "硕士研究生", "投资合伙人（外聘）", "兼职创业导师", "否",
			"早期创投基金合伙人，专注人工智能和先进制造领域投资。"},
	}
	for i, p := range people {
		files := []upload{{"proof", a.pdfFile("聘用合同-" + p.name)}}
		if p.trained == "是" {
			files = append(files, upload{"training", a.pdfFile("培训证书-" + p.name)})
		}
		a.addRow("staff", "staff", func() {
			a.fill("#name", p.name)
			a.choose("#gender", p.gender)
			a.fill("#id_number", p.id)
			a.choose("#education", p.education)
			a.fill("#title", p.title)
			a.choose("#category", p.category)
			a.choose("#trained", p.trained)
			a.fill("#experience", p.experience)
		}, files...)
		a.expectClean()
		if i == 0 {
			a.shot("staff-row")
		}
	}
	a.open(a.app + "/tables/staff")
	a.expectText("#table-counts", "共 6 行，其中 0 行有问题")
	a.shot("staff-table")
	a.open(a.app + "/sections/staff")
	a.expectText("#headcount", "6")
}

// incubationSection adds a team in 在孵, a converted team with its
// enterprise row, a team that moved out, a financed enterprise that
// settled directly, and one activity; the state decides which inputs are
// enabled, live.
func incubationSection(a *appWalk) {
	t := a.t
	companyCode := fictionalUSCC(t, "110108", "MA0QE301")
	firmCode := fictionalUSCC(t, "110108", "MA0QE302")
	agreement := func(name string) upload { return upload{"agreement", a.pdfFile("入驻协议-" + name)} }

	// 在孵.
	a.addRow("incubation", "teams", func() {
		a.fill("#name", "量子视觉团队")
		a.fill("#leader", "林子涵")
		a.choose("#state", "在孵")
		a.expectDisabled(true, "#company", "#company_uscc", "#registered_on", "#moved_out_on")
		a.expectDisabled(false, "#members")
		a.fill("#members", "4")
		a.fill("#project", "工业零件表面缺陷检测相机")
		a.choose("#field", "电子信息")
		a.setValue("#joined_on", "2021-04-06")
		a.choose("#financed", "否")
		a.expectDisabled(true, "#financed_on", "#amount", "#finance_type")
	}, agreement("量子视觉团队"))
	a.expectClean()

	// 已注册为企业: the members cell goes away the moment the state is chosen.
	a.addRow("incubation", "teams", func() {
		a.fill("#name", "云脑科技团队")
		a.fill("#leader", "程一帆")
		a.fill("#members", "5") // typed first, as users do, then the state is changed
		a.choose("#state", "已注册为企业")
		a.expectDisabled(true, "#members", "#moved_out_on")
		a.expectDisabled(false, "#company", "#company_uscc", "#registered_on")
		if v := a.pg().MustElement("#members").MustProperty("value").String(); v != "" {
			a.t.Fatalf("the disabled members input still holds %q", v)
		}
		a.expectText(`.field:has(#members) [data-nf-note]`, "此状态下不可填")
		a.fill("#project", "面向中小制造企业的设备预测性维护平台")
		a.choose("#field", "先进制造与自动化")
		a.setValue("#joined_on", "2020-12-01")
		a.fill("#company", "北京云脑智维科技有限公司")
		a.fill("#company_uscc", companyCode)
		a.setValue("#registered_on", "2021-03-10")
		a.choose("#financed", "否")
		a.shot("team-converted-form")
	}, agreement("云脑科技团队"))
	// Its enterprise row is not there yet: the conversion rule says so.
	a.expectText("#issue-summary", "累计入驻企业情况汇总表")

	// 已迁出.
	a.addRow("incubation", "teams", func() {
		a.fill("#name", "绿洲农业团队")
		a.fill("#leader", "白晓东")
		a.choose("#state", "已迁出")
		a.expectDisabled(true, "#members", "#company", "#company_uscc", "#registered_on")
		a.expectDisabled(false, "#moved_out_on")
		a.fill("#project", "温室环境智能调控系统")
		a.choose("#field", "高技术服务")
		a.setValue("#joined_on", "2019-06-10")
		a.setValue("#moved_out_on", "2021-01-29")
		a.choose("#financed", "否")
	}, agreement("绿洲农业团队"))
	a.expectClean()

	// The converted team's company: 团队转化, so no 入驻时间.
	a.addRow("incubation", "enterprises", func() {
		a.fill("#name", "北京云脑智维科技有限公司")
		a.fill("#uscc", companyCode)
		a.setValue("#registered_on", "2021-03-10")
		a.fill("#capital", "100")
		a.choose("#source", "团队转化")
		a.expectDisabled(true, "#joined_on")
		a.choose("#state", "在孵")
		a.fill("#employees", "6")
		a.choose("#field", "先进制造与自动化")
		a.choose("#financed", "否")
	}, upload{"license", a.pdfFile("营业执照-北京云脑智维科技有限公司")}, agreement("北京云脑智维科技有限公司"))
	a.expectClean()

	// A financed enterprise that settled directly.
	a.addRow("incubation", "enterprises", func() {
		a.fill("#name", "北京星辰微电子有限公司")
		a.fill("#uscc", firmCode)
		a.setValue("#registered_on", "2020-05-20")
		a.fill("#capital", "300")
		a.choose("#source", "直接入驻")
		a.expectDisabled(false, "#joined_on")
		a.setValue("#joined_on", "2020-12-15")
		a.choose("#state", "在孵")
		a.fill("#employees", "15")
		a.choose("#field", "电子信息")
		a.choose("#financed", "是")
		a.expectDisabled(false, "#financed_on", "#amount", "#finance_type")
		a.setValue("#financed_on", "2021-07-08")
		a.fill("#amount", "500")
		a.choose("#finance_type", "天使投资")
	}, upload{"license", a.pdfFile("营业执照-北京星辰微电子有限公司")}, agreement("北京星辰微电子有限公司"),
		upload{"finance_proof", a.pdfFile("投资协议-北京星辰微电子有限公司")})
	a.expectClean()
	a.shot("enterprise-financed-row")

	a.addRow("incubation", "activities", func() {
		a.fill("#name", "中关村东区创业沙龙第1期：硬科技项目的早期融资")
		a.choose("#type", "创业沙龙")
		a.setValue("#start_on", "2021-05-20")
		a.setValue("#end_on", "2021-05-20")
		a.fill("#place", "世纪科贸大厦B座8层路演厅")
		a.choose("#mode", "主办")
		a.fill("#participants", "45")
		a.fill("#summary", "邀请两位早期投资人分享硬科技项目估值方法，6个入驻团队现场交流。")
	}, upload{"proof", a.pngFile("活动照片")})
	a.expectClean()

	a.open(a.app + "/sections/incubation")
	for _, tb := range []string{"teams", "enterprises", "activities"} {
		a.expectText("#table-"+tb+" .table-counts", "均无问题")
	}
	a.shot("incubation-section")
	a.open(a.app + "/tables/teams")
	a.expectText("#table-counts", "共 3 行，其中 0 行有问题")
	a.shot("teams-table")
}

// textSections types the four long texts; 服务能力 is left to save itself.
func textSections(a *appWalk) {
	a.section("capability")
	a.expectElement("form[data-autosave] [data-autosave-status]")
	capability := "一、服务体系：建立入驻评审、创业辅导、融资对接、加速毕业四个阶段的服务体系，每个团队配备一名项目经理。" +
		"二、创业导师：专兼职导师3名常驻，导师库30人。三、投资基金：与4家早期投资机构签订合作协议。" +
		"四、专业服务平台：共享打样实验室和测试设备。五、线上服务平台：小程序提供工位预约和服务需求提交。"
	a.fill("#text", capability)
	a.pg().MustWait(`() => {
		const s = document.querySelector("[data-autosave-status]");
		return !!s && s.textContent.includes("已保存");
	}`)
	status := a.text("[data-autosave-status]")
	if strings.Contains(status, "问题") {
		a.t.Fatalf("autosave says %q", status)
	}
	a.shot("capability-autosaved")
	a.open(a.app + "/sections/capability") // not saved by hand: the text is stored
	if got := a.pg().MustElement("#text").MustProperty("value").String(); got != capability {
		a.t.Fatalf("after autosave the text reads %q", clip(got, 200))
	}

	texts := []struct{ key, text, cases string }{
		{"performance", "截至2021年10月31日累计入驻团队3个、企业2家；1个团队注册成立企业，1家企业获得天使投资500万元。" +
			"典型案例一：云脑科技团队在导师辅导下完成样机并注册成立企业。典型案例二：星辰微电子对接投资机构获得融资。" +
			"典型案例三：量子视觉团队在共享实验室完成检测相机验证。", "3"},
		{"brand", "以“硬科技创业第一站”为品牌定位，举办中关村东区创业沙龙，运营创业者社群和微信公众号。", ""},
		{"plan", "未来三年聚焦电子信息和先进制造，每年新增入驻团队和企业30个以上，扩大导师库，完善投后服务，实现收支平衡。", ""},
	}
	for _, s := range texts {
		a.section(s.key)
		a.fill("#text", s.text)
		if s.cases != "" {
			a.fill("#cases", s.cases)
		}
		a.click("#save-section")
		a.expectPath(a.app + "/sections/" + s.key)
		a.expectText("#flash", "已保存。")
		a.expectClean()
	}
}

// pledgeSection downloads the 承诺书 template with the browser's session
// and uploads the signed one.
func pledgeSection(a *appWalk) {
	a.section("pledge")
	href := a.pg().MustElement("#pledge-template").MustProperty("href").String()
	res := a.pg().MustEval(`async (href) => {
		const r = await fetch(href, {credentials: "same-origin"});
		const b = new Uint8Array(await r.arrayBuffer());
		return {status: r.status, type: r.headers.get("Content-Type") || "",
			disposition: r.headers.get("Content-Disposition") || "",
			head: String.fromCharCode.apply(null, b.slice(0, 5)), size: b.length};
	}`, href)
	if res.Get("status").Int() != 200 || res.Get("type").String() != "application/pdf" ||
		res.Get("head").String() != "%PDF-" || res.Get("size").Int() < 500 {
		a.t.Fatalf("GET %s answered %v", href, res)
	}
	if !strings.HasPrefix(res.Get("disposition").String(), "attachment") {
		a.t.Fatalf("the template is not sent as a download: %v", res)
	}
	a.upload("pledge", a.pdfFile("承诺书-签字盖章"))
	a.expectClean()
	a.shot("pledge-uploaded")
}

// tasksComplete: every item 已完成, and the 备案条件 panel lists C1…C10.
func tasksComplete(a *appWalk) {
	a.open(a.app)
	for _, k := range sectionKeys {
		if got := a.state(k); got != "已完成" {
			a.t.Errorf("%s is %q, want 已完成", k, got)
		}
	}
	if a.t.Failed() {
		a.shot("tasks-incomplete")
		a.t.FailNow()
	}
	a.expectText("#task-progress", "已完成 9 / 9 项")
	a.shot("tasks-complete")
	if !a.pg().MustElement("aside.cond-panel").MustVisible() {
		a.t.Fatal("the 备案条件 panel is not visible")
	}
	var report []string
	for _, c := range conditionCodes {
		sel := "#cond-" + c
		a.expectText(sel+" .cond-code", c)
		report = append(report, c+" "+strings.TrimSpace(a.text(sel+" .tag"))+"："+strings.TrimSpace(a.text(sel+" .cond-figure")))
	}
	a.t.Logf("备案条件:\n  %s", strings.Join(report, "\n  "))
	for _, c := range []string{"C1", "C2", "C3", "C4a", "C4b", "C7", "C8", "C10"} {
		if got := strings.TrimSpace(a.text("#cond-" + c + " .tag")); got != "符合" {
			a.t.Errorf("%s is %q, want 符合 with this data", c, got)
		}
	}
	a.shotElement("conditions", "aside.cond-panel")
}
