package service

import (
	"context"
	"maps"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/region"
	"hatch/internal/store"
)

// round2021 is the 2021 round of 众创空间国家备案 (国科火字〔2021〕164号):
// data to 2021-10-31, activities 2020-11-01 to 2021-10-31, operating since
// 2020-04-30 (domain.md §1, §3). Later rounds are added by 火炬中心.
var round2021 = domain.Round{TypeCode: "makerspace", Year: 2021, Name: "2021年度众创空间国家备案",
	OpensOn: "2021-11-01", ClosesOn: "2021-11-19", CutoffOn: "2021-10-31", WindowFrom: "2020-11-01",
	WindowTo: "2021-10-31", OperatingFrom: "2020-04-30", Guidance: guidance2021}

var guidance2021 = domain.Guidance{
	Requirements: []string{
		"请按任务清单的顺序逐项填报，每填完一张表单点击“保存”（服务能力等文字部分在输入时自动保存）。未通过校验的内容也会作为草稿保存，并在旁边列出问题，提交前须全部修正。",
		"日期一律按 年-月-日 填写，例如 2021-10-31。",
		"金额按各栏表头标明的单位填写（投融资金额、注册资本为万元），面积单位为平方米（m²）。",
		"附件须为清晰的彩色扫描件或照片（PDF、JPG、PNG），营业执照复印件须加盖公章。单个文件不超过 10 MB，每份申报书附件合计不超过 200 MB。",
		"累计创业团队情况汇总表、累计入驻企业情况汇总表填写自众创空间开始运营至 2021年10月31日 的累计情况；开展创新创业活动情况汇总表填写 2020年11月1日 至 2021年10月31日 的活动。",
		"纸质申报书须从系统中打印最终生成的版本（A4，双面），装订后在首页加盖公章；纸质材料与系统内填报内容须一致，且每页版本号相同。",
	},
	Definitions: []domain.GuidanceTerm{
		{Term: "众创空间", Text: "顺应网络时代创新创业特点和需求，通过市场化机制、专业化服务和资本化途径构建的低成本、便利化、全要素、开放式的新型创业服务平台，为创业者提供工作空间、网络空间、社交空间和资源共享空间，实现创新与创业、线上与线下、孵化与投资相结合。"},
		{Term: "众创空间总面积", Text: "众创空间实际使用的面积，以及通过协议由众创空间管理、使用的面积。"},
		{Term: "公共服务场地和设施", Text: "公共服务场地指公共接待区、项目展示区、会议室、休闲活动区、专业设备区等；公共服务设施指免费或低成本提供的网络、共享软件和共享办公设备等。"},
		{Term: "创业工位", Text: "众创空间为入驻的创业团队和企业提供的工作位置。"},
		{Term: "创业团队", Text: "尚未注册为企业、与众创空间签订入驻协议的创业者群体。"},
		{Term: "入驻企业", Text: "已注册为企业、与众创空间签订入驻协议并在众创空间内开展经营的企业。"},
		{Term: "投融资", Text: "天使投资、风险投资、银行贷款、股权融资、债券融资、融资租赁等；资金可来自众创空间自有或合作基金，也可来自外部投资者。"},
		{Term: "获得投融资的团队和企业数", Text: "在时间范围内获得投融资的创业团队和入驻企业的家数。已注册为企业的团队与转化后的企业（统一社会信用代码相同）是同一家，两行都填了投融资的，只计 1 家。"},
		{Term: "专职服务人员", Text: "有创业、投资或企业管理经验，或接受过创业孵化服务专业培训，全职从事孵化服务的人员。"},
		{Term: "创业导师", Text: "由科技管理部门、行业协会或众创空间聘任，能为创业者提供实践指导的企业家、投资人、管理咨询专家等。"},
		{Term: "创新创业活动", Text: "创业沙龙、项目路演、创业大赛、创业教育培训、投融资对接、导师辅导等活动。"},
		{Term: "典型孵化案例", Text: "说明众创空间通过哪些服务，解决了创业者哪些问题并取得成效的案例。"},
	},
}

// acceptorRegions are the 受理机构 of domain.md §3: 31 provinces, the 5
// 计划单列市 and 兵团, by region code, with the receiving body's name.
var acceptorRegions = [][2]string{
	{"110000", "北京市科学技术委员会"}, {"120000", "天津市科学技术局"}, {"130000", "河北省科学技术厅"},
	{"140000", "山西省科学技术厅"}, {"150000", "内蒙古自治区科学技术厅"}, {"210000", "辽宁省科学技术厅"},
	{"210200", "大连市科学技术局"}, {"220000", "吉林省科学技术厅"}, {"230000", "黑龙江省科学技术厅"},
	{"310000", "上海市科学技术委员会"}, {"320000", "江苏省科学技术厅"}, {"330000", "浙江省科学技术厅"},
	{"330200", "宁波市科学技术局"}, {"340000", "安徽省科学技术厅"}, {"350000", "福建省科学技术厅"},
	{"350200", "厦门市科学技术局"}, {"360000", "江西省科学技术厅"}, {"370000", "山东省科学技术厅"},
	{"370200", "青岛市科学技术局"}, {"410000", "河南省科学技术厅"}, {"420000", "湖北省科学技术厅"},
	{"430000", "湖南省科学技术厅"}, {"440000", "广东省科学技术厅"}, {"440300", "深圳市科技创新委员会"},
	{"450000", "广西壮族自治区科学技术厅"}, {"460000", "海南省科学技术厅"}, {"500000", "重庆市科学技术局"},
	{"510000", "四川省科学技术厅"}, {"520000", "贵州省科学技术厅"}, {"530000", "云南省科学技术厅"},
	{"540000", "西藏自治区科学技术厅"}, {"610000", "陕西省科学技术厅"}, {"620000", "甘肃省科学技术厅"},
	{"630000", "青海省科学技术厅"}, {"640000", "宁夏回族自治区科学技术厅"}, {"650000", "新疆维吾尔自治区科学技术厅"},
	{"660000", "新疆生产建设兵团科学技术局"},
}

// delegatedUnits are provinces whose receiving work is delegated (domain.md §3).
var delegatedUnits = map[string]string{"510000": "四川省生产力促进中心", "430000": "湖南省生产力促进中心"}

// round2022Incubator is the 2022 round of 国家级科技企业孵化器认定
// (国科火字〔2022〕194号, types.md §A1, §A8): registered and operating
// since 2019-10-31, figures to 2022-10-31, provinces to 火炬中心 by
// 2022-12-15. Its thresholds are 300号's, stored on the round so that
// 火炬中心 can change them without a new release.
var round2022Incubator = domain.Round{TypeCode: "incubator", Year: 2022, Name: "2022年度国家级科技企业孵化器认定",
	OpensOn: "2022-11-01", ClosesOn: "2022-12-15", CutoffOn: "2022-10-31", WindowFrom: "2021-11-01",
	WindowTo: "2022-10-31", OperatingFrom: "2019-10-31", Guidance: guidance2022Incubator,
	Params: maps.Clone(form.Incubator.Defaults)}

var guidance2022Incubator = domain.Guidance{
	Requirements: []string{
		"请按任务清单的顺序逐项填报，每填完一张表单点击“保存”（文字部分在输入时自动保存）。未通过校验的内容也会作为草稿保存，并在旁边列出问题，提交前须全部修正。",
		"日期一律按 年-月-日 填写，例如 2022-10-31。面积单位为平方米（m²），金额单位为万元。",
		"孵化器须于 2019年10月31日 前注册并实际运营；在孵企业、毕业企业、孵化资金等数据填写至 2022年10月31日。",
		"不符合在孵企业条件（成立至入孵超过24个月、孵化期超过48个月或60个月等）的企业仍可填报，系统会标注“不计入”并说明原因，不计入企业数和各项比例。",
		"附件须为清晰的彩色扫描件或照片（PDF、JPG、PNG），复印件须加盖公章。单个文件不超过 10 MB。",
		"纸质申报书须从系统中打印最终生成的版本（A4，双面），装订后在首页加盖公章；纸质材料与系统内填报内容须一致，且每页版本号相同。",
	},
	Definitions: []domain.GuidanceTerm{
		{Term: "可自主支配孵化场地", Text: "孵化器自有，或租赁期限不少于5年、可由孵化器自主安排使用的孵化场地。"},
		{Term: "在孵企业", Text: "注册地址和主要研发、办公场所在本孵化器场地内，成立时间不超过24个月入孵，孵化时间一般不超过48个月（生物医药、现代农业、集成电路领域不超过60个月），且符合科技型中小企业相关要求的企业。"},
		{Term: "专业孵化服务人员", Text: "孵化器的全职人员，具有创业、投融资、企业管理等经验，或接受过创业服务相关培训。"},
		{Term: "创业导师", Text: "由科技管理部门、行业协会或孵化器聘任，能对创业企业、创业者进行专业辅导的企业家、投资专家、管理咨询专家等。"},
		{Term: "毕业企业", Text: "经国家备案通过的高新技术企业；累计获得天使投资或风险投资超过500万元；连续2年营业收入累计超过1000万元；被兼并、收购或在国内外资本市场挂牌、上市，满足其一即可。"},
	},
}

// round2026Exemption is the 2026 year of 创业孵化机构免税资格申请 under
// 42号 (2024-01-01 to 2027-12-31, types.md §B1): the 申请年度 is the
// round's year, so its dates are that calendar year, and the bodies apply
// after it ends. It has no operating requirement of its own; the day is
// the year's end so that no rule reads one.
var round2026Exemption = domain.Round{TypeCode: "exemption", Year: 2026, Name: "2026年度创业孵化机构免税资格申请",
	OpensOn: "2026-11-01", ClosesOn: "2027-01-31", CutoffOn: "2026-12-31", WindowFrom: "2026-01-01",
	WindowTo: "2026-12-31", OperatingFrom: "2026-12-31", Guidance: guidance2026Exemption,
	Params: maps.Clone(form.Exemption.Defaults)}

var guidance2026Exemption = domain.Guidance{
	Requirements: []string{
		"本申请用于科技管理部门核定享受房产税、城镇土地使用税和增值税优惠的创业孵化机构名单（财政部 税务总局 科技部 教育部公告2023年第42号），不是纳税申报；税收优惠仍由本单位“自行判别、申报享受、相关资料留存备查”。",
		"国家级、省级科技企业孵化器和大学科技园，以及国家备案众创空间可以申请；认定或备案文号、日期须与认定（备案）文件一致。在本系统备案通过的众创空间，文号和日期已自动填入。",
		"房产土地清单逐处填写自有、租入或无偿使用的房产和土地，并上传权属资料、房产原值资料或租赁合同；用途为“其他”的不享受免税。",
		"在孵对象清单填写申请年度内在孵的企业、创业团队和个人，每行上传孵化协议；孵化服务收入须单独核算。",
		"纸质申请表须从系统中打印最终生成的版本，在首页加盖公章；纸质材料与系统内填报内容须一致，且每页版本号相同。",
	},
	Definitions: []domain.GuidanceTerm{
		{Term: "在孵对象", Text: "符合认定和管理办法规定的孵化企业、创业团队和个人。"},
		{Term: "孵化服务收入", Text: "向在孵对象提供经纪代理、经营租赁、研发和技术、信息技术、鉴证咨询服务取得的收入。"},
		{Term: "享受期间", Text: "2024年1月1日前认定的，自2024年1月起享受；之后认定的，自认定的次月起享受；被取消资格的，自取消的次月起停止享受；最迟至2027年12月。"},
	},
}

// shippedRound is a round Hatch ships with and the deadline and paper
// copies it sets at every 受理机构.
type shippedRound struct {
	round    domain.Round
	deadline string
	copies   int
}

var shippedRounds = []shippedRound{
	{round2021, "2021-11-19 17:00", 5},
	{round2022Incubator, "2022-11-30 17:00", 5},
	{round2026Exemption, "2027-01-31 17:00", 2},
}

// EnsureRounds creates the rounds Hatch ships with, if missing. It runs at
// every start and changes nothing that exists, so edits made by 火炬中心
// are kept.
func (s *Service) EnsureRounds(ctx context.Context) error {
	for _, sr := range shippedRounds {
		if err := s.ensureRound(ctx, sr); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) ensureRound(ctx context.Context, sr shippedRound) error {
	_, err := s.store.RoundByYear(ctx, sr.round.TypeCode, sr.round.Year)
	if err == nil || domain.KindOf(err) != domain.NotFound {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		id, err := tx.CreateRound(ctx, sr.round)
		if err != nil {
			return say(err, store.ErrDuplicate, "该类型本年度的申报批次已存在。")
		}
		for _, a := range shippedAcceptors(id, sr) {
			if err := tx.PutAcceptor(ctx, a); err != nil {
				return err
			}
		}
		return nil
	})
}

// shippedAcceptors sets the round's paper copies and deadline for every
// 受理机构; a 市/区科技局 reviews first except where the receiver is itself
// a city (计划单列市) or 兵团.
func shippedAcceptors(roundID int64, sr shippedRound) []domain.Acceptor {
	out := make([]domain.Acceptor, 0, len(acceptorRegions))
	for _, r := range acceptorRegions {
		cityLevel := r[0][2:] == "0000" && r[0] != region.Corps.Code
		out = append(out, domain.Acceptor{RoundID: roundID, Code: r[0], Name: r[1], Unit: delegatedUnits[r[0]],
			Copies: sr.copies, Deadline: sr.deadline, CityLevel: cityLevel})
	}
	return out
}

// CanManageRounds reports (as an error) whether a may edit rounds, so a
// handler can refuse before it reads the request.
func (s *Service) CanManageRounds(a domain.Actor) error { return requireTorchAdmin(a) }

// requireTorchAdmin lets 火炬中心 reviewers and system administrators
// manage rounds.
func requireTorchAdmin(a domain.Actor) error {
	if a.Role == domain.RoleAdmin || (a.Role == domain.RoleReviewer && a.DeptLevel == domain.LevelTorch) {
		return nil
	}
	return domain.Errorf(domain.Forbidden, "只有火炬中心的管理人员可以修改申报批次。")
}

// Round returns a round, for anyone logged in (its dates and 填报说明 are
// public to applicants).
func (s *Service) Round(ctx context.Context, id int64) (domain.Round, error) {
	return s.store.Round(ctx, id)
}

// UpdateGuidance replaces a round's 填报说明 and keeps its name and dates:
// UpdateRound with the round's other values as they are.
func (s *Service) UpdateGuidance(ctx context.Context, a domain.Actor, roundID int64, g domain.Guidance, rev int64) error {
	if err := requireTorchAdmin(a); err != nil {
		return err
	}
	r, err := s.store.Round(ctx, roundID)
	if err != nil {
		return err
	}
	in := RoundInputOf(r)
	in.Guidance = g
	return s.UpdateRound(ctx, a, roundID, in, rev)
}

func trimGuidance(g domain.Guidance) domain.Guidance {
	var out domain.Guidance
	for _, r := range g.Requirements {
		if r = strings.TrimSpace(r); r != "" {
			out.Requirements = append(out.Requirements, r)
		}
	}
	for _, d := range g.Definitions {
		d.Term, d.Text = strings.TrimSpace(d.Term), strings.TrimSpace(d.Text)
		if d.Term != "" || d.Text != "" {
			out.Definitions = append(out.Definitions, d)
		}
	}
	return out
}

// AllRounds lists every round of a type, for 火炬中心.
func (s *Service) AllRounds(ctx context.Context, a domain.Actor, typeCode string) ([]domain.Round, error) {
	if err := requireTorchAdmin(a); err != nil {
		return nil, err
	}
	return s.store.Rounds(ctx, typeCode)
}

// Acceptors lists a round's 受理机构.
func (s *Service) Acceptors(ctx context.Context, roundID int64) ([]domain.Acceptor, error) {
	return s.store.Acceptors(ctx, roundID)
}

// RoundInput is the editable part of a round: its name, dates and 填报说明.
type RoundInput struct {
	Name                                string
	OpensOn, ClosesOn, CutoffOn         string
	WindowFrom, WindowTo, OperatingFrom string
	Guidance                            domain.Guidance
	AppendFiles                         bool // see domain.Round
	// Params are the round's thresholds as typed, by the keys of its
	// type's ParamDocs; nil keeps the round's own.
	Params   map[string]string
	ResultNo string // see domain.Round
	ResultOn string
}

// RoundInputOf is a round's editable part as its form shows it.
func RoundInputOf(r domain.Round) RoundInput {
	return RoundInput{Name: r.Name, OpensOn: r.OpensOn, ClosesOn: r.ClosesOn, CutoffOn: r.CutoffOn,
		WindowFrom: r.WindowFrom, WindowTo: r.WindowTo, OperatingFrom: r.OperatingFrom, Guidance: r.Guidance,
		AppendFiles: r.AppendFiles, Params: paramText(r), ResultNo: r.ResultNo, ResultOn: r.ResultOn}
}

// paramText writes the round's thresholds as its form shows them: the
// round's value, or the type's where the round has none.
func paramText(r domain.Round) map[string]string {
	t := form.TypeOf(r.TypeCode)
	if t == nil || len(t.ParamDocs) == 0 {
		return nil
	}
	out := make(map[string]string, len(t.ParamDocs))
	for _, d := range t.ParamDocs {
		v, ok := r.Params[d.Key]
		if !ok {
			v = d.Value
		}
		out[d.Key] = strconv.FormatFloat(v, 'f', -1, 64)
	}
	return out
}

// parseParams reads the thresholds typed for a round of type t. Each is a
// number not below 0, a share (比例) at most 1; an error names the field
// param_<key>.
func parseParams(t *form.Type, raw map[string]string, fe *domain.FieldErrors) map[string]float64 {
	out := make(map[string]float64, len(t.ParamDocs))
	for _, d := range t.ParamDocs {
		text := strings.TrimSpace(raw[d.Key])
		v, err := strconv.ParseFloat(text, 64)
		switch {
		case text == "":
			fe.Add("param_"+d.Key, d.Label, "请填写“"+d.Label+"”。")
		case err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0:
			fe.Add("param_"+d.Key, d.Label, "“"+d.Label+"”应为不小于 0 的数字。")
		case d.Unit == "比例" && v > 1:
			fe.Add("param_"+d.Key, d.Label, "“"+d.Label+"”是比例，应在 0 至 1 之间，例如 0.75 表示 75%。")
		default:
			out[d.Key] = v
		}
	}
	return out
}

// UpdateRound changes a round's name, dates and 填报说明. The dates are
// what every rule of the round checks against, so they are validated
// together: each a real date, the filing window and the activity window
// in order, and the data cut-off not before the activity window ends.
func (s *Service) UpdateRound(ctx context.Context, a domain.Actor, id int64, in RoundInput, rev int64) error {
	if err := requireTorchAdmin(a); err != nil {
		return err
	}
	r, err := s.store.Round(ctx, id)
	if err != nil {
		return err
	}
	in.Guidance = trimGuidance(in.Guidance)
	fe := checkRound(&in)
	if t := form.TypeOf(r.TypeCode); t != nil && len(t.ParamDocs) > 0 && in.Params != nil {
		r.Params = parseParams(t, in.Params, &fe)
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		r.Name, r.OpensOn, r.ClosesOn, r.CutoffOn = in.Name, in.OpensOn, in.ClosesOn, in.CutoffOn
		r.WindowFrom, r.WindowTo, r.OperatingFrom, r.Guidance = in.WindowFrom, in.WindowTo, in.OperatingFrom, in.Guidance
		r.AppendFiles = in.AppendFiles
		r.ResultNo, r.ResultOn = in.ResultNo, in.ResultOn
		if err := tx.UpdateRound(ctx, r, rev); err != nil {
			return say(err, store.ErrStale, msgStaleInfo)
		}
		return audit(ctx, tx, a, "round.update", "round", id, r.Name)
	})
}

func checkRound(in *RoundInput) domain.FieldErrors {
	var fe domain.FieldErrors
	in.Name = strings.TrimSpace(in.Name)
	required(&fe, "name", "批次名称", in.Name, 100)
	if in.ResultNo = strings.TrimSpace(in.ResultNo); utf8.RuneCountInString(in.ResultNo) > 100 {
		fe.Add("result_no", "结果文号", "结果文号不能超过 100 个字。")
	}
	if in.ResultOn = strings.TrimSpace(in.ResultOn); in.ResultOn != "" {
		if _, err := time.Parse(time.DateOnly, in.ResultOn); err != nil {
			fe.Add("result_on", "结果发布日期", "结果发布日期应按 年-月-日 填写，例如 2022-04-19。")
		}
	}
	dates := []struct {
		key, label string
		v          *string
	}{
		{"opens_on", "开始受理日期", &in.OpensOn}, {"closes_on", "截止日期", &in.ClosesOn},
		{"cutoff_on", "数据截止日", &in.CutoffOn}, {"window_from", "活动时间范围起", &in.WindowFrom},
		{"window_to", "活动时间范围止", &in.WindowTo}, {"operating_from", "运营起始要求", &in.OperatingFrom},
	}
	for _, d := range dates {
		*d.v = strings.TrimSpace(*d.v)
		if _, err := time.Parse("2006-01-02", *d.v); err != nil {
			fe.Add(d.key, d.label, d.label+"应按 年-月-日 填写，例如 2021-10-31。")
		}
	}
	if len(fe) == 0 {
		order(&fe, in.OpensOn, in.ClosesOn, "closes_on", "截止日期不能早于开始受理日期。")
		order(&fe, in.WindowFrom, in.WindowTo, "window_to", "活动时间范围止不能早于起。")
		order(&fe, in.WindowTo, in.CutoffOn, "cutoff_on", "数据截止日不能早于活动时间范围止。")
	}
	if len(in.Guidance.Requirements) == 0 {
		fe.Add("requirements", "规范性要求", "请至少填写一条规范性要求。")
	}
	return fe
}

// order adds msg on field when the date a is after b (both YYYY-MM-DD).
func order(fe *domain.FieldErrors, a, b, field, msg string) {
	if a > b {
		fe.Add(field, "", msg)
	}
}

var deadlinePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$`)

// UpdateAcceptor changes one 受理机构 of a round: its name, receiving
// unit, address, contact, paper copies, deadline and whether a city level
// reviews first.
func (s *Service) UpdateAcceptor(ctx context.Context, a domain.Actor, ac domain.Acceptor) error {
	if err := requireTorchAdmin(a); err != nil {
		return err
	}
	ac.Name, ac.Unit = strings.TrimSpace(ac.Name), strings.TrimSpace(ac.Unit)
	ac.Address, ac.Contact, ac.Deadline = strings.TrimSpace(ac.Address), strings.TrimSpace(ac.Contact), strings.TrimSpace(ac.Deadline)
	var fe domain.FieldErrors
	required(&fe, "name", "受理机构名称", ac.Name, 100)
	if ac.Copies < 1 || ac.Copies > 20 {
		fe.Add("copies", "纸质份数", "纸质材料份数应为 1 至 20。")
	}
	if _, err := time.Parse("2006-01-02 15:04", ac.Deadline); err != nil || !deadlinePattern.MatchString(ac.Deadline) {
		fe.Add("deadline", "截止时间", "截止时间应为“年-月-日 时:分”，例如 2021-11-19 17:00。")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if !s.hasAcceptor(ctx, ac.RoundID, ac.Code) {
		return domain.ErrNotFound // editing only: the set of 受理机构 is fixed per round
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.PutAcceptor(ctx, ac); err != nil {
			return err
		}
		return audit(ctx, tx, a, "round.acceptor", "round", ac.RoundID, ac.Code+" "+ac.Name)
	})
}

func (s *Service) hasAcceptor(ctx context.Context, roundID int64, code string) bool {
	list, err := s.store.Acceptors(ctx, roundID)
	for _, x := range list {
		if x.Code == code {
			return err == nil
		}
	}
	return false
}
