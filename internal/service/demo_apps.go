package service

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"

	"hatch/internal/blob"
	"hatch/internal/docgen"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/ident"
	"hatch/internal/region"
	"hatch/internal/store"
)

// Demo applications: on first start demo-applicant's organisation gets, in
// the 2021 round, one complete application for 启明星众创空间 (every section
// 已完成, every 备案条件 符合) and one half-filled application for a second
// 众创空间, so the task list shows every state. All people, companies and
// identifiers are fictional; identifiers carry valid check characters.

// DemoRow is one row of a demo application and the file slots it fills.
type DemoRow struct {
	Table  string
	Values domain.Values
	Files  []string // slot keys that get a file
}

// DemoApp is the content of a demo application.
type DemoApp struct {
	Carrier      string                   // the carrier's name
	Sections     map[string]domain.Values // by section key
	Rows         []DemoRow                // in entry order
	SectionFiles []string                 // section-level slots that get a file (承诺书)
}

const demoApplicantLogin = "demo-applicant"

// demoBranch is the second 众创空间 of the demo organisation, whose
// application is half filled.
var demoBranch = domain.Carrier{Kind: domain.KindMakerspace, Name: "启明星众创空间（亦庄分部）",
	Address: "北京市大兴区北京经济技术开发区科创十三街18号院2号楼", RegionCode: "110115", StartedOn: "2020-01-06"}

// seedDemoApps writes the demo applications after the accounts exist. It
// writes through the store in one transaction (one commit instead of a few
// hundred), as demo-applicant, refusing any value the service would refuse.
func (s *Service) seedDemoApps(ctx context.Context) error {
	if err := s.EnsureRounds(ctx); err != nil {
		return err
	}
	round, err := s.store.RoundByYear(ctx, round2021.TypeCode, round2021.Year)
	if err != nil {
		return domain.Wrap(err, "load demo round")
	}
	u, _, err := s.store.UserByLogin(ctx, demoApplicantLogin)
	if err != nil {
		return domain.Wrap(err, "load demo applicant")
	}
	carriers, err := s.store.Carriers(ctx, u.OrgID)
	if err != nil {
		return domain.Wrap(err, "load demo carriers")
	}
	complete, half := DemoCompleteApp(), DemoHalfApp()
	var main domain.Carrier
	for _, c := range carriers {
		if c.Kind == domain.KindMakerspace && c.Name == complete.Carrier {
			main = c
		}
	}
	if main.ID == 0 {
		return domain.Errorf(domain.Internal, "demo carrier %q missing", complete.Carrier)
	}
	a := domain.Actor{User: u, OrgCertified: true, IP: "demo"}
	var keys []string // blobs written, removed again if the transaction fails
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		branch := demoBranch
		branch.OrgID, branch.RegionName = u.OrgID, region.FullNameOf(branch.RegionCode)
		var err error
		if branch.ID, err = tx.CreateCarrier(ctx, branch); err != nil {
			return err
		}
		if _, err := s.seedDemoApp(ctx, tx, a, main, round, complete, &keys); err != nil {
			return err
		}
		_, err = s.seedDemoApp(ctx, tx, a, branch, round, half, &keys)
		return err
	})
	if err != nil {
		for _, k := range keys {
			s.blobs.Delete(ctx, k)
		}
	}
	return err
}

func (s *Service) seedDemoApp(ctx context.Context, tx *store.Tx, a domain.Actor, c domain.Carrier, r domain.Round,
	d DemoApp, keys *[]string) (int64, error) {
	t := form.Types[r.TypeCode]
	appID, err := tx.CreateApplication(ctx, domain.Application{OrgID: a.OrgID, CarrierID: c.ID, RoundID: r.ID,
		TypeCode: r.TypeCode, Status: domain.AppDraft, CreatedBy: a.ID, UpdatedBy: a.ID})
	if err != nil {
		return appID, err
	}
	if err := audit(ctx, tx, a, "application.create", "application", appID, c.Name+" "+r.Name); err != nil {
		return appID, err
	}
	for _, sec := range t.Sections {
		v, ok := d.Sections[sec.Key]
		if !ok {
			continue
		}
		if refused := form.Refused(sec.Fields, v); len(refused) > 0 {
			return appID, domain.Errorf(domain.Internal, "demo section %s: %s", sec.Key, refused[0].Message)
		}
		if _, err := tx.SaveSection(ctx, appID, sec.Key, v, 0, a.ID); err != nil {
			return appID, err
		}
	}
	att := demoAttacher{s: s, tx: tx, a: a, appID: appID, keys: keys}
	if att.pledge, err = demoPledge(ctx, tx, a.OrgID, c, r); err != nil {
		return appID, err
	}
	for _, slot := range d.SectionFiles {
		if err := att.attach(ctx, 0, "", slot, c.Name); err != nil {
			return appID, err
		}
	}
	for _, row := range d.Rows {
		tb := t.Table(row.Table)
		if tb == nil {
			return appID, domain.Errorf(domain.Internal, "demo table %q unknown", row.Table)
		}
		if refused := form.Refused(tb.Columns, row.Values); len(refused) > 0 {
			return appID, domain.Errorf(domain.Internal, "demo row of %s: %s", row.Table, refused[0].Message)
		}
		id, err := tx.InsertRow(ctx, appID, row.Table, row.Values, a.ID)
		if err != nil {
			return appID, err
		}
		for _, slot := range row.Files {
			if err := att.attach(ctx, id, row.Table, slot, demoRowName(row.Values)); err != nil {
				return appID, err
			}
		}
	}
	return appID, nil
}

// demoAttacher stores demo files as an upload would be stored: sniffed,
// hashed and recorded as the applicant's attachment.
type demoAttacher struct {
	s      *Service
	tx     *store.Tx
	a      domain.Actor
	appID  int64
	keys   *[]string
	n      int
	pledge []byte // the 承诺书 as uploaded: the generated template, "signed"
}

// demoPledge is the organisation's 承诺书 template, standing in for the
// signed and sealed scan, so the demo 申报书 prints a real one.
func demoPledge(ctx context.Context, tx *store.Tx, orgID int64, c domain.Carrier, r domain.Round) ([]byte, error) {
	org, err := tx.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return docgen.Pledge(docgen.PledgeInput{OrgName: org.Name, CarrierName: c.Name, RoundName: r.Name, Date: tx.Now()})
}

func (d *demoAttacher) attach(ctx context.Context, rowID int64, table, slot, owner string) error {
	d.n++
	body := demoFileBody(table, slot, owner, d.n)
	if slot == "pledge" && d.pledge != nil {
		body = d.pledge
	}
	saved, err := blob.Save(ctx, d.s.blobs, bytes.NewReader(body), imageOrPDF, 0)
	if err != nil {
		return err
	}
	*d.keys = append(*d.keys, saved.Key)
	name := demoSlotLabel(table, slot) + "-" + owner
	attID, err := d.tx.AddAttachment(ctx, domain.Attachment{OrgID: d.a.OrgID, Purpose: "app:" + slot, BlobKey: saved.Key,
		Name: cleanFileName(name, saved.Kind), ContentType: saved.Kind.ContentType, Size: saved.Size,
		SHA256: saved.SHA256, CreatedBy: d.a.ID})
	if err != nil {
		return err
	}
	_, err = d.tx.AddAppFile(ctx, domain.AppFile{AppID: d.appID, RowID: rowID, Slot: slot, AttachmentID: attID})
	return err
}

// demoRowName is what a row is called in its files' names.
func demoRowName(v domain.Values) string {
	for _, k := range []string{"name", "title"} {
		if v[k] != "" {
			return v[k]
		}
	}
	return "附件"
}

// demoSlotLabel is a slot's label as declared.
func demoSlotLabel(table, slot string) string {
	var slots []form.FileSlot
	if table == "" {
		for _, sec := range form.Makerspace.Sections {
			slots = append(slots, sec.Files...)
		}
	} else {
		slots = form.Makerspace.Table(table).Files
	}
	for _, f := range slots {
		if f.Key == slot {
			return f.Label
		}
	}
	return slot
}

// demoFileBody is a small real file for a slot: a photo-like PNG for
// activities and media reports, a one-page PDF for documents.
func demoFileBody(table, slot, owner string, n int) []byte {
	if table == "activities" || table == "media" {
		return demoPNG(n)
	}
	what := map[string]string{
		"agreement": "Incubation agreement", "license": "Business licence copy (sealed)",
		"finance_proof": "Financing evidence", "training": "Incubation service training certificate",
		"certificate": "Honour certificate", "pledge": "Pledge, signed and sealed",
	}[slot]
	if what == "" {
		what = map[string]string{"venues": "Lease contract", "staff": "Employment contract or appointment letter"}[table]
	}
	return DemoPDF("Qimingxing Makerspace - demo attachment",
		what, fmt.Sprintf("Document no. QMX-2021-%03d", n),
		"Fictional data for the Hatch demonstration site.")
}

// DemoPDF builds a minimal one-page PDF (Helvetica, ASCII lines) with a
// correct cross-reference table.
func DemoPDF(lines ...string) []byte {
	var content strings.Builder
	content.WriteString("BT /F1 18 Tf 72 770 Td")
	for i, l := range lines {
		if i == 1 {
			content.WriteString(" /F1 12 Tf")
		}
		if i > 0 {
			content.WriteString(" 0 -26 Td")
		}
		content.WriteString(" (" + pdfString(l) + ") Tj")
	}
	content.WriteString(" ET")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

func pdfString(s string) string {
	return strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(s)
}

// demoPNG is a small picture: a sky-to-ground gradient with a stripe whose
// hue depends on n, so the demo photos differ.
func demoPNG(n int) []byte {
	const w, h = 160, 100
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{R: uint8(60 + y), G: uint8(110 + y), B: uint8(200 - y), A: 255}
			if y > 60 && y < 75 {
				c = color.NRGBA{R: uint8(40 * n), G: uint8(90 + 7*n), B: uint8(x), A: 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// demoUSCC builds a fictional 统一社会信用代码 (an enterprise, 91) from a
// region code and the eight body characters of the organisation code.
func demoUSCC(region, body string) string { return ident.USCCWithCheck("91" + region + body) }

// demoIDNumber builds a fictional 公民身份号码 from an address code, a birth
// date (YYYYMMDD) and a sequence number (odd last digit for men).
func demoIDNumber(area, birth, seq string) string { return ident.IDNumberWithCheck(area + birth + seq) }

// vals builds Values from alternating keys and values, skipping empty ones.
func vals(kv ...string) domain.Values {
	v := domain.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			v[kv[i]] = kv[i+1]
		}
	}
	return v
}

// demoFinance is a financing event of a team or an enterprise.
type demoFinance struct{ on, amount, kind string }

func (f *demoFinance) values() []string {
	if f == nil {
		return []string{"financed", "否"}
	}
	return []string{"financed", "是", "financed_on", f.on, "amount", f.amount, "finance_type", f.kind}
}

func (f *demoFinance) slots(base ...string) []string {
	if f == nil {
		return base
	}
	return append(base, "finance_proof")
}

// demoTeam is a row of 累计创业团队情况汇总表; converted teams also make their
// enterprise row (来源 团队转化).
type demoTeam struct {
	name, leader, project, field, joined string
	members                              string // 在孵 only
	movedOut                             string // 已迁出 only
	fin                                  *demoFinance
	// 已注册为企业 only: the company and its enterprise row
	company, code, registered, capital, employees string
	companyOut                                    bool // the company has since moved out
	companyFin                                    *demoFinance
}

func (t demoTeam) state() string {
	switch {
	case t.company != "":
		return "已注册为企业"
	case t.movedOut != "":
		return "已迁出"
	}
	return "在孵"
}

func (t demoTeam) row() DemoRow {
	kv := []string{"name", t.name, "leader", t.leader, "state", t.state(), "project", t.project, "field", t.field,
		"joined_on", t.joined, "members", t.members, "moved_out_on", t.movedOut,
		"company", t.company, "company_uscc", t.code, "registered_on", t.registered}
	return DemoRow{Table: "teams", Values: vals(append(kv, t.fin.values()...)...), Files: t.fin.slots("agreement")}
}

func (t demoTeam) enterprise() DemoRow {
	state, employees := "在孵", t.employees
	if t.companyOut {
		state, employees = "已迁出", ""
	}
	kv := []string{"name", t.company, "uscc", t.code, "registered_on", t.registered, "capital", t.capital,
		"source", "团队转化", "state", state, "employees", employees, "field", t.field}
	return DemoRow{Table: "enterprises", Values: vals(append(kv, t.companyFin.values()...)...),
		Files: t.companyFin.slots("license", "agreement")}
}

// demoFirm is a directly settled enterprise.
type demoFirm struct {
	name, code, registered, capital, joined, employees, field string
	out                                                       bool
	fin                                                       *demoFinance
}

func (f demoFirm) row() DemoRow {
	state := "在孵"
	if f.out {
		state = "已迁出"
	}
	kv := []string{"name", f.name, "uscc", f.code, "registered_on", f.registered, "capital", f.capital,
		"source", "直接入驻", "joined_on", f.joined, "state", state, "employees", f.employees, "field", f.field}
	return DemoRow{Table: "enterprises", Values: vals(append(kv, f.fin.values()...)...), Files: f.fin.slots("license", "agreement")}
}

// demoTeams: 24 teams. 11 registered companies between 2020-11 and 2021-10,
// 19 settled in that window, 4 have moved out, 3 were financed.
var demoTeams = []demoTeam{
	{name: "芯视界团队", leader: "刘一鸣", project: "低功耗边缘AI视觉模组", field: "电子信息", joined: "2020-11-09",
		company: "北京芯视界智能科技有限公司", code: demoUSCC("110108", "MA0QM101"), registered: "2021-01-18", capital: "100", employees: "12",
		companyFin: &demoFinance{"2021-06-22", "300", "天使投资"}},
	{name: "脉准医疗团队", leader: "周婧", project: "可穿戴单导联心电监测贴片", field: "生物与新医药", joined: "2020-11-23",
		company: "北京脉准医疗科技有限公司", code: demoUSCC("110108", "MA0QM102"), registered: "2021-03-02", capital: "200", employees: "9",
		companyFin: &demoFinance{"2021-09-15", "500", "天使投资"}},
	{name: "碳迹环境团队", leader: "马骁", project: "园区碳排放核算与管理SaaS", field: "资源与环境", joined: "2020-12-07",
		company: "北京碳迹环境科技有限公司", code: demoUSCC("110108", "MA0QM103"), registered: "2021-02-26", capital: "50", employees: "7"},
	{name: "灵犀机器人团队", leader: "何嘉伟", project: "仓储分拣协作机械臂", field: "先进制造与自动化", joined: "2020-06-15",
		company: "北京灵犀智造机器人科技有限公司", code: demoUSCC("110108", "MA0QM104"), registered: "2020-12-21", capital: "500", employees: "15",
		companyFin: &demoFinance{"2021-08-10", "1200", "风险投资"}},
	{name: "墨言智能团队", leader: "高雅琪", project: "面向中小学的AI作文批改系统", field: "电子信息", joined: "2021-01-11",
		company: "北京墨言智能科技有限公司", code: demoUSCC("110108", "MA0QM105"), registered: "2021-04-08", capital: "100", employees: "6"},
	{name: "氢途新能源团队", leader: "孔德昊", project: "车载固态储氢材料", field: "新能源与节能", joined: "2021-01-25",
		company: "北京氢途新能源科技有限公司", code: demoUSCC("110108", "MA0QM106"), registered: "2021-05-17", capital: "300", employees: "8"},
	{name: "微纳光电团队", leader: "谢雨桐", project: "硅基OLED微显示驱动芯片", field: "电子信息", joined: "2020-09-14",
		company: "北京微纳光电科技有限公司", code: demoUSCC("110108", "MA0QM107"), registered: "2020-11-30", capital: "200", companyOut: true},
	{name: "禾丰智农团队", leader: "邓子豪", project: "设施农业病虫害图像识别", field: "高技术服务", joined: "2021-03-01",
		company: "北京禾丰智农科技有限公司", code: demoUSCC("110108", "MA0QM108"), registered: "2021-06-09", capital: "50", employees: "5"},
	{name: "骨愈新材料团队", leader: "韩晓琳", project: "可降解镁合金骨科内固定螺钉", field: "新材料", joined: "2021-03-22",
		company: "北京骨愈新材料科技有限公司", code: demoUSCC("110108", "MA0QM109"), registered: "2021-07-05", capital: "100", employees: "6"},
	{name: "星图遥感团队", leader: "冯博", project: "低轨卫星遥感数据处理平台", field: "航空航天", joined: "2021-04-12",
		company: "北京星图遥感科技有限公司", code: demoUSCC("110108", "MA0QM110"), registered: "2021-07-26", capital: "200", employees: "9"},
	{name: "声盾安全团队", leader: "罗佳琪", project: "金融场景声纹反欺诈引擎", field: "电子信息", joined: "2021-05-10",
		company: "北京声盾信息技术有限公司", code: demoUSCC("110108", "MA0QM111"), registered: "2021-09-03", capital: "100", employees: "7"},
	{name: "智听医疗团队", leader: "吴若楠", project: "儿童肺部听诊AI辅助诊断", field: "生物与新医药", joined: "2021-05-24", members: "4",
		fin: &demoFinance{"2021-10-12", "80", "天使投资"}},
	{name: "柔感科技团队", leader: "陈梓轩", project: "柔性压力传感电子皮肤", field: "新材料", joined: "2021-06-07", members: "5",
		fin: &demoFinance{"2021-09-28", "50", "天使投资"}},
	{name: "数智财税团队", leader: "杨帆", project: "小微企业智能记账与报税机器人", field: "高技术服务", joined: "2021-06-21", members: "3"},
	{name: "巡天无人机团队", leader: "许诺", project: "输电线路无人机自主巡检", field: "航空航天", joined: "2021-07-05", members: "6"},
	{name: "典藏数字团队", leader: "苏文静", project: "古籍OCR识别与知识图谱", field: "电子信息", joined: "2021-07-19", members: "4"},
	{name: "循环锂电团队", leader: "郑凯", project: "退役动力电池梯次利用快速检测", field: "新能源与节能", joined: "2021-08-02", members: "5"},
	{name: "萌宠健康团队", leader: "林晓", project: "宠物智能喂养与健康监测项圈", field: "电子信息", joined: "2021-08-30", members: "3"},
	{name: "步康外骨骼团队", leader: "曹宇航", project: "下肢康复训练外骨骼", field: "先进制造与自动化", joined: "2021-09-13", members: "5"},
	{name: "心晴校园团队", leader: "黄诗涵", project: "大学生心理健康筛查与干预小程序", field: "高技术服务", joined: "2021-10-11", members: "3"},
	{name: "光洁能源团队", leader: "彭磊", project: "光伏板无水清洁机器人", field: "新能源与节能", joined: "2019-04-08", movedOut: "2020-10-30"},
	{name: "云展科技团队", leader: "蒋欣怡", project: "线上三维虚拟展会平台", field: "电子信息", joined: "2019-09-16", movedOut: "2020-12-31"},
	{name: "邻里鲜团队", leader: "田野", project: "社区生鲜团购供应链系统", field: "其他", joined: "2020-03-02", movedOut: "2021-04-30",
		fin: &demoFinance{"2020-08-18", "30", "天使投资"}},
	{name: "齿美三维团队", leader: "范思琪", project: "隐形矫治器3D打印工艺", field: "生物与新医药", joined: "2020-12-14", movedOut: "2021-09-30"},
}

// demoFirms: enterprises that settled directly, 3 of them in the window.
var demoFirms = []demoFirm{
	{name: "北京云栖数据科技有限公司", code: demoUSCC("110108", "MA0QM201"), registered: "2019-07-12", capital: "500", joined: "2020-11-16",
		employees: "23", field: "电子信息", fin: &demoFinance{"2021-04-20", "2000", "风险投资"}},
	{name: "北京安芯检测技术有限公司", code: demoUSCC("110108", "MA0QM202"), registered: "2020-08-20", capital: "300", joined: "2021-02-01",
		employees: "11", field: "高技术服务", fin: &demoFinance{"2021-07-15", "200", "银行贷款"}},
	{name: "北京绿源膜材料科技有限公司", code: demoUSCC("110108", "MA0QM203"), registered: "2018-11-05", capital: "1000", joined: "2019-05-06",
		field: "新材料", out: true},
	{name: "北京知行未来教育科技有限公司", code: demoUSCC("110108", "MA0QM204"), registered: "2020-12-28", capital: "100", joined: "2021-03-15",
		employees: "8", field: "高技术服务"},
}

type demoPerson struct {
	name, gender, id, education, title, category, trained, experience string
}

var demoStaff = []demoPerson{
	{"李晓雯", "女", demoIDNumber("110108", "19881212", "356"), "硕士研究生", "运营总监", "专职服务人员", "是",
		"2014年起从事科技园区运营，2018年参与筹建启明星众创空间，负责入驻评审、企业服务和活动体系；持有创业孵化从业人员培训证书。"},
	{"张浩然", "男", demoIDNumber("110105", "19900308", "131"), "大学本科", "项目经理", "专职服务人员", "是",
		"曾在互联网公司任产品经理四年，现负责入驻团队的项目辅导、政策申报和投融资对接，累计服务团队40余个。"},
	{"陈思远", "女", demoIDNumber("110102", "19930521", "248"), "硕士研究生", "企业服务专员", "专职服务人员", "否",
		"知识产权管理专业背景，负责工商注册、财税代办、专利申请等基础服务，以及入驻企业的统计报表填报。"},
	{"赵敏", "女", demoIDNumber("110106", "19920917", "062"), "大学本科", "活动运营主管", "专职服务人员", "是",
		"负责“启明星创业沙龙”和路演活动的策划执行，维护创业者社群和合作伙伴资源，年均组织活动10场以上。"},
	{"王启明", "男", demoIDNumber("110108", "19800101", "123"), "博士研究生", "总经理", "专职创业导师", "是",
		"工学博士，连续创业者，曾创办两家智能硬件企业并完成并购退出；主导众创空间的孵化体系设计，重点辅导硬科技团队的产品化和融资。"},
	{"刘振宇", "男", demoIDNumber("110101", "19760611", "057"), "硕士研究生", "投资合伙人（外聘）", "兼职创业导师", "否",
		"某早期创投基金合伙人，从业15年，专注先进制造与人工智能领域早期投资，为入驻团队提供商业计划与融资辅导。"},
	{"孙立华", "女", demoIDNumber("110108", "19820430", "284"), "硕士研究生", "知识产权律师（外聘）", "兼职创业导师", "否",
		"律师事务所合伙人，执业12年，擅长科技企业知识产权布局、股权架构和投融资法律事务。"},
	{"周建国", "男", demoIDNumber("110107", "19690215", "035"), "博士研究生", "研究员（外聘）", "兼职创业导师", "否",
		"科研院所研究员、博士生导师，长期从事医疗器械和生物材料研究，指导科研人员创业团队的成果转化与产品注册。"},
}

func (p demoPerson) row() DemoRow {
	files := []string{"proof"}
	if p.trained == "是" {
		files = append(files, "training")
	}
	return DemoRow{Table: "staff", Values: vals("name", p.name, "gender", p.gender, "id_number", p.id, "education", p.education,
		"title", p.title, "category", p.category, "trained", p.trained, "experience", p.experience), Files: files}
}

const demoHall = "北京市海淀区中关村大街1号创业大厦5层路演厅"

// demoActivities: 14 activities between 2020-11-01 and 2021-10-31.
var demoActivities = [][8]string{
	{"启明星创业沙龙第21期：硬科技项目的早期融资逻辑", "创业沙龙", "2020-11-19", "2020-11-19", demoHall, "主办", "68",
		"邀请三位早期投资人分享硬科技项目的估值方法和尽调关注点，12个入驻团队现场答疑。"},
	{"海淀区大学生创新创业大赛启明星赛区复赛", "创业大赛", "2020-12-12", "2020-12-13", demoHall, "承办", "210",
		"承办区级大赛分赛区复赛，46个项目参赛，8个项目晋级决赛，其中3个团队随后入驻。"},
	{"冬季项目路演日：智能硬件专场", "项目路演", "2021-01-14", "2021-01-14", demoHall, "主办", "95",
		"8个智能硬件团队路演，邀请15家投资机构参加，会后促成一对一约谈21次。"},
	{"创业企业财税合规实务培训", "创业教育培训", "2021-03-10", "2021-03-10", "北京市海淀区中关村大街1号创业大厦3层培训室", "主办", "56",
		"讲解小微企业税收优惠、研发费用加计扣除和高新技术企业认定的财务准备。"},
	{"医疗器械注册申报专题辅导", "导师辅导", "2021-03-25", "2021-03-25", "北京市海淀区中关村大街1号创业大厦3层会议室", "主办", "32",
		"创业导师周建国研究员为5个医疗健康团队逐一梳理产品注册路径和临床评价要求。"},
	{"春季投融资对接会", "投融资对接", "2021-04-22", "2021-04-22", demoHall, "主办", "120",
		"联合6家合作基金举办，10个项目参与对接，其中2个项目当年完成融资。"},
	{"知识产权布局与专利挖掘工作坊", "创业教育培训", "2021-05-13", "2021-05-13", "北京市海淀区中关村大街1号创业大厦3层培训室", "协办", "48",
		"与区知识产权服务机构合作，现场辅导团队完成专利挖掘清单。"},
	{"启明星创业沙龙第26期：ToB SaaS的冷启动", "创业沙龙", "2021-06-03", "2021-06-03", demoHall, "主办", "72",
		"邀请两位SaaS创业者分享获客与定价经验，线上同步直播。"},
	{"2021中关村硬科技创业训练营", "创业教育培训", "2021-06-26", "2021-06-27", "北京市海淀区中关村大街1号创业大厦5层多功能厅", "承办", "150",
		"为期两天的训练营，覆盖商业模式、股权设计、融资路演和团队管理四个模块。"},
	{"夏季项目路演日：双碳与新能源专场", "项目路演", "2021-07-15", "2021-07-15", demoHall, "主办", "88",
		"7个新能源、环保方向项目路演，邀请产业方和投资机构点评。"},
	{"创业导师一对一辅导日", "导师辅导", "2021-08-19", "2021-08-19", "北京市海淀区中关村大街1号创业大厦3层会议室", "主办", "24",
		"4位创业导师与12个团队进行一对一辅导，形成辅导记录和跟进事项。"},
	{"高校科研成果转化对接会", "投融资对接", "2021-09-09", "2021-09-09", "北京市海淀区学院路某高校科技园报告厅", "协办", "136",
		"推介高校实验室成果20项，组织入驻企业与课题组对接技术合作。"},
	{"全国双创活动周海淀分会场开放日", "其他", "2021-10-19", "2021-10-21", "北京市海淀区中关村大街1号创业大厦3层、5层", "承办", "320",
		"开放日展示入驻团队产品30余项，组织参观和创业体验活动。"},
	{"启明星创业沙龙第30期：出海与合规", "创业沙龙", "2021-10-28", "2021-10-28", demoHall, "主办", "61",
		"邀请跨境业务律师和出海企业创始人分享海外市场合规要点。"},
}

// DemoCompleteApp is the complete demo application of 启明星众创空间: every
// section complete and every 备案条件 met in the 2021 round.
func DemoCompleteApp() DemoApp {
	d := DemoApp{Carrier: "启明星众创空间", Sections: map[string]domain.Values{
		"basic": vals("region", "110108", "address", "北京市海淀区中关村大街1号创业大厦3层、5层",
			"founded_on", "2017-11-20", "operating_since", "2018-03-15",
			"contact", "李晓雯", "contact_title", "运营总监", "contact_mobile", "13800000001", "contact_phone", "010-62785310",
			"contact_email", "service@qimingxing.example.com",
			"direction", "服务高校院所科研人员硬科技创业，推动科研成果转化为产品", "host_type", "其他",
			"tech_fields", "电子信息、生物与新医药、新材料、先进制造与自动化",
			"stat_reports", "2020年半年报、2020年年报、2021年半年报", "intro", demoIntro),
		"capability":  {"text": demoCapability},
		"performance": {"text": demoPerformance, "cases": "3"},
		"brand":       {"text": demoBrand},
		"plan":        {"text": demoPlan},
	}, SectionFiles: []string{"pledge"}}
	add := func(r DemoRow) { d.Rows = append(d.Rows, r) }
	add(DemoRow{Table: "media", Files: []string{"proof"}, Values: vals("title", "中关村里的“硬科技”孵化场：启明星众创空间三年服务百余个创业团队",
		"outlet", "北京日报", "level", "省级", "date", "2021-05-18")})
	add(DemoRow{Table: "media", Files: []string{"proof"}, Values: vals("title", "让实验室成果走出象牙塔——众创空间助力科研人员创业",
		"outlet", "科技日报", "level", "中央", "date", "2021-09-24")})
	add(DemoRow{Table: "media", Files: []string{"proof"}, Values: vals("title", "海淀区大学生创新创业大赛分赛区复赛在启明星众创空间举行",
		"outlet", "海淀融媒", "level", "其他", "date", "2020-12-15")})
	add(DemoRow{Table: "honors", Files: []string{"certificate"}, Values: vals("name", "北京市众创空间", "grantor", "北京市科学技术委员会",
		"level", "省部级", "date", "2019-11-20")})
	add(DemoRow{Table: "honors", Files: []string{"certificate"}, Values: vals("name", "海淀区优秀创新创业服务机构",
		"grantor", "北京市海淀区科学技术和信息化局", "level", "区县级", "date", "2020-12-28")})
	add(DemoRow{Table: "venues", Files: []string{"proof"}, Values: vals("name", "创业大厦3层孵化区",
		"address", "北京市海淀区中关村大街1号创业大厦3层", "area", "460.00", "station_area", "280.00", "public_area", "120.00",
		"stations", "64", "tenure", "租赁", "lease_from", "2017-12-01", "lease_to", "2028-11-30")})
	add(DemoRow{Table: "venues", Files: []string{"proof"}, Values: vals("name", "创业大厦5层路演中心及公共服务区",
		"address", "北京市海淀区中关村大街1号创业大厦5层", "area", "240.00", "station_area", "60.00", "public_area", "165.00",
		"stations", "16", "tenure", "租赁", "lease_from", "2019-06-01", "lease_to", "2027-05-31")})
	for _, p := range demoStaff {
		add(p.row())
	}
	for _, t := range demoTeams {
		add(t.row())
	}
	for _, t := range demoTeams {
		if t.company != "" {
			add(t.enterprise())
		}
	}
	for _, f := range demoFirms {
		add(f.row())
	}
	for _, a := range demoActivities {
		add(DemoRow{Table: "activities", Files: []string{"proof"}, Values: vals("name", a[0], "type", a[1], "start_on", a[2],
			"end_on", a[3], "place", a[4], "mode", a[5], "participants", a[6], "summary", a[7])})
	}
	return d
}

// DemoHalfApp is the half-filled demo application of the second 众创空间:
// 基础信息 with one problem, a complete venue, a few teams (one without its
// agreement), 服务能力 written, and the rest not started.
func DemoHalfApp() DemoApp {
	d := DemoApp{Carrier: demoBranch.Name, Sections: map[string]domain.Values{
		"basic": vals("region", "110115", "address", demoBranch.Address,
			"founded_on", "2019-10-08", "operating_since", "2020-01-06",
			"contact", "赵敏", "contact_title", "分部运营经理", "contact_mobile", "1380000003",
			"contact_email", "yizhuang@qimingxing.example.com",
			"direction", "依托区域产业优势或龙头骨干企业主营业务，服务产业链创新",
			"tech_fields", "先进制造与自动化、生物与新医药"),
		"capability": {"text": "亦庄分部面向北京经济技术开发区的高端装备和生物医药产业，与区内龙头企业共建概念验证和中试服务，" +
			"为入驻团队提供样机加工、检测认证和供应链对接服务。\n\n分部与总部共享创业导师库和合作基金，每季度举办一次产业对接会。"},
	}}
	d.Rows = []DemoRow{
		{Table: "venues", Files: []string{"proof"}, Values: vals("name", "科创十三街18号院2号楼1层", "address", demoBranch.Address,
			"area", "380.00", "station_area", "220.00", "public_area", "100.00", "stations", "40",
			"tenure", "无偿使用(委托)", "lease_from", "2019-12-01", "lease_to", "2028-11-30")},
		{Table: "teams", Files: []string{"agreement"}, Values: vals("name", "精测仪器团队", "leader", "任志强", "state", "在孵",
			"members", "4", "project", "半导体晶圆缺陷光学检测设备", "field", "先进制造与自动化", "joined_on", "2021-03-08", "financed", "否")},
		{Table: "teams", Values: vals("name", "细胞工厂团队", "leader", "宋雅静", "state", "在孵",
			"members", "5", "project", "合成生物学法生产天然香料", "field", "生物与新医药", "joined_on", "2021-06-15", "financed", "否")},
		{Table: "teams", Files: []string{"agreement"}, Values: vals("name", "智造云团队", "leader", "梁文博", "state", "已迁出",
			"project", "中小工厂设备联网与能耗管理", "field", "先进制造与自动化", "joined_on", "2020-05-11",
			"moved_out_on", "2021-02-26", "financed", "否")},
	}
	return d
}

const demoIntro = "启明星众创空间由北京启明星众创科技有限公司运营，2018年3月在中关村大街开始运营，" +
	"现有服务场地700平方米、创业工位80个。空间聚焦电子信息、生物医药、新材料和智能制造领域，" +
	"以高校院所科研人员和青年科技人才创业为主要服务对象，提供“空间+导师+基金+产业资源”的一站式孵化服务。" +
	"2019年被认定为北京市众创空间。"

const demoCapability = "一、服务体系\n" +
	"空间建立了“入驻评审—创业辅导—融资对接—加速毕业”四个阶段的孵化服务体系。入驻前由评审委员会对项目的技术来源、团队构成和市场前景进行评估；" +
	"入驻后为每个团队指定一名项目经理，按季度制定辅导计划并跟踪落实；团队注册成立企业后，提供工商财税、知识产权、人才招聘和政策申报等企业服务；" +
	"对成长较快的企业，协助对接产业园区和加速器，实现有序毕业。\n\n" +
	"二、创业导师\n" +
	"空间现有专兼职创业导师4名常驻，并建立了42人的导师库，涵盖连续创业者、投资人、律师、会计师和高校院所专家。" +
	"导师实行“一对一结对+专题辅导日”的工作机制，2020年11月至2021年10月共开展导师辅导活动36次，形成辅导记录和跟进清单。\n\n" +
	"三、投资基金\n" +
	"运营主体与合作机构共同发起设立启明星天使投资基金（规模1.2亿元），并与6家早期投资机构签订合作协议，" +
	"建立了“基金直投+合作机构跟投”的投资机制。空间每季度举办投融资对接会，对成熟项目组织专场路演。\n\n" +
	"四、专业服务平台\n" +
	"空间建有电子硬件打样实验室和共享测试平台，配备示波器、频谱分析仪、3D打印机等设备，向入驻团队免费或低成本开放；" +
	"与区内检测认证机构、知识产权服务机构和人力资源机构签订合作协议，为团队提供优惠服务。\n\n" +
	"五、线上服务平台\n" +
	"空间开发了“启明星创业服务”小程序，提供工位预约、会议室预订、活动报名、政策推送和服务需求提交等功能，" +
	"服务需求平均在1个工作日内响应。"

const demoPerformance = "一、主要绩效\n" +
	"截至2021年10月31日，空间累计入驻创业团队24个、企业15家。2020年11月1日至2021年10月31日，新签订入驻协议的团队和企业22家；" +
	"11个团队注册成立企业；7个团队和企业获得投融资，合计4330万元；开展创新创业活动14场，参与1480人次；" +
	"入驻团队和企业新申请专利46件，其中发明专利19件。\n\n" +
	"二、典型孵化案例\n" +
	"案例一：北京芯视界智能科技有限公司。团队由高校微电子专业博士创立，入驻时只有算法原型，缺少硬件设计能力和量产经验。" +
	"空间安排连续创业导师王启明一对一辅导，协助团队在共享实验室完成三轮样机打样，并对接两家安防设备厂商开展联合测试。" +
	"团队于2021年1月注册成立企业，2021年6月获得天使投资300万元，低功耗视觉模组已进入小批量供货阶段。\n\n" +
	"案例二：北京脉准医疗科技有限公司。团队研发可穿戴心电监测贴片，最大的难题是医疗器械注册路径不清、临床资源不足。" +
	"空间邀请创业导师周建国研究员开展专题辅导，梳理二类医疗器械注册流程，协助对接两家三甲医院开展临床评价，并推荐入驻区医疗器械检验绿色通道。" +
	"企业于2021年3月成立，2021年9月获得天使投资500万元，产品已提交注册检验。\n\n" +
	"案例三：北京灵犀智造机器人科技有限公司。团队开发仓储分拣协作机械臂，早期面临场景验证难、融资估值低的问题。" +
	"空间通过产业资源库对接三家物流企业提供真实仓储场景进行试点，投资导师刘振宇帮助团队重新梳理商业计划和融资节奏。" +
	"企业于2020年12月成立，2021年8月完成1200万元A轮融资，已在两个物流园区实现规模化部署。"

const demoBrand = "一、品牌定位\n" +
	"启明星众创空间以“硬科技创业第一站”为品牌定位，面向高校院所科研人员和青年科技人才，强调“早期、专业、陪伴”，" +
	"在中关村地区形成了较高的认知度。\n\n" +
	"二、创新创业文化营造\n" +
	"空间打造了“启明星创业沙龙”品牌活动，自2018年起累计举办30期，主题覆盖技术创业、融资、法律和出海等方面；" +
	"每年举办春、夏、冬三季项目路演日，并承办海淀区大学生创新创业大赛分赛区和全国双创活动周分会场活动。" +
	"空间内设创业故事墙和产品展示区，展示入驻团队的成长历程和代表性产品。\n\n" +
	"三、社群运营\n" +
	"空间组建了“启明星创业者俱乐部”，现有会员210余人，按技术领域分设四个兴趣小组，定期组织闭门交流和资源互换；" +
	"毕业企业创始人担任“学长导师”，为新入驻团队分享经验。空间运营微信公众号和视频号，发布政策解读、活动回顾和团队故事，" +
	"2021年相关工作被北京日报、科技日报等媒体报道。"

const demoPlan = "一、发展方向和运营模式\n" +
	"空间将继续聚焦电子信息、生物医药、新材料和智能制造四个方向，深化与周边高校院所的合作，" +
	"坚持“空间服务+专业服务+投资收益”的运营模式，从提供场地为主转向以专业孵化和投资服务为主。\n\n" +
	"二、未来三年目标\n" +
	"到2024年，累计服务创业团队和企业200个以上，每年新增入驻团队和企业30个以上，每年孵化注册企业15家以上，" +
	"每年获得投融资的团队和企业8家以上；导师库扩大到60人；建成亦庄分部，服务场地达到1500平方米。\n\n" +
	"三、实现目标的措施\n" +
	"（一）建立高校院所项目发现机制，与5所高校技术转移机构签订合作协议，定期开展成果路演；" +
	"（二）扩充启明星天使投资基金规模，完善投后服务；" +
	"（三）升级共享实验室，增加生物医药方向的共享设备；" +
	"（四）引进和培养专业孵化人才，专职服务人员全部接受创业孵化专业培训；" +
	"（五）完善线上服务平台，实现服务需求全流程线上办理。\n\n" +
	"四、自我持续发展能力\n" +
	"2021年空间运营收入中，场地及基础服务收入约占45%，专业增值服务收入约占30%，投资收益约占25%，" +
	"已实现收支平衡。随着投资项目逐步退出，投资收益占比将进一步提高，空间具备持续发展能力。"
