package domain

import "slices"

// The review chain of each application type. The engine (workflow.go) is
// one: roles, levels, guards, records. What differs between types is
// declared here as data: which transitions exist, what the buttons, the
// states and the stages of 办件进度 are called. Service and web code never
// ask which type an application is; they take its Chain and ask the chain.

// Chain is the review chain of one application type.
type Chain struct {
	Code string // the application type's code (form.Type.Code)
	Name string // what the chain decides, for help text: 备案, 认定, 免税资格
	rows []Transition
	// status holds the states whose name differs from AppStatus.Label in
	// this chain, e.g. AppFiled is 已认定 for an incubator.
	status map[AppStatus]string
	stages []Stage // 办件进度, in chain order, all pending
}

// The type codes of the declared chains. The codes belong to internal/form;
// they are repeated here because domain imports nothing of the application.
const (
	TypeMakerspace = "makerspace" // 众创空间国家备案
	TypeIncubator  = "incubator"  // 国家级科技企业孵化器认定
	TypeExemption  = "exemption"  // 创业孵化机构免税资格申请
)

// declared lists the chains, makerspace first: the fallback of ChainOf.
var declared = []*Chain{makerspaceChain, incubatorChain, exemptionChain}

func chainByCode(code string) (*Chain, bool) {
	i := slices.IndexFunc(declared, func(c *Chain) bool { return c.Code == code })
	if i < 0 {
		return nil, false
	}
	return declared[i], true
}

// ChainOf returns the chain of the application type code. An empty or
// unknown code gets the makerspace chain: applications and views made
// before there were several types carry no code, and a label must never
// fail a page. That no real type falls back by mistake is checked by a
// test over the form registry (every declared type has its own chain), not
// at run time.
func ChainOf(typeCode string) *Chain {
	if c, ok := chainByCode(typeCode); ok {
		return c
	}
	return makerspaceChain
}

// Mixed is the chain whose wording stands where applications of several
// types appear together with no one of them in view (a 工作台's batch
// buttons, its status tabs): makerspace's, which is also what
// AppStatus.Label and Action.Label say. Each application is still decided
// by its own chain.
func Mixed() *Chain { return makerspaceChain }

// HasChain reports whether typeCode declares its own chain.
func HasChain(typeCode string) bool {
	_, ok := chainByCode(typeCode)
	return ok
}

// Chains returns every declared chain, makerspace first.
func Chains() []*Chain { return slices.Clone(declared) }

// Chain returns the application's review chain.
func (a Application) Chain() *Chain { return ChainOf(a.TypeCode) }

// StatusLabel is the application's state as its chain names it.
func (a Application) StatusLabel() string { return a.Chain().StatusLabel(a.Status) }

// StatusLabel is state s as this chain names it: 已备案, 已认定 or
// 已纳入免税名单 are one state, AppFiled.
func (c *Chain) StatusLabel(s AppStatus) string {
	if l, ok := c.status[s]; ok {
		return l
	}
	return s.Label()
}

// ActionLabel is action a's name as taken at level l (l is "" for the
// applicant), e.g. a province's recommend is 推荐至火炬中心.
func (c *Chain) ActionLabel(a Action, l Level) string {
	for _, t := range c.rows {
		if t.Action == a && t.Level == l && t.Label != "" {
			return t.Label
		}
	}
	return a.Label()
}

// StepLabel is a step of the review log as this chain names it.
func (c *Chain) StepLabel(st Step) string { return c.ActionLabel(st.Action, st.Level) }

// CommentLabel is what a step's comment is called wherever it is shown:
// 推荐意见 for a province's recommendation, 核查意见 for a 实地核查, 撤回理由
// for a 撤回, else 审核意见.
func (c *Chain) CommentLabel(st Step) string {
	if st.Action == ActWithdraw {
		return "撤回理由"
	}
	for _, t := range c.rows {
		if t.Action == st.Action && t.Level == st.Level {
			return t.CommentName()
		}
	}
	return "审核意见"
}

// Transitions returns a copy of the chain's table, e.g. for a help page.
func (c *Chain) Transitions() []Transition {
	out := make([]Transition, len(c.rows))
	for i, t := range c.rows {
		t.Roles, t.From, t.Files = slices.Clone(t.Roles), slices.Clone(t.From), slices.Clone(t.Files)
		out[i] = t
	}
	return out
}

// knownAction reports whether any chain has a row for a.
func knownAction(a Action) bool {
	for _, c := range declared {
		if slices.ContainsFunc(c.rows, func(t Transition) bool { return t.Action == a }) {
			return true
		}
	}
	return false
}

// submitRows are 提交, the same in every chain: a returned application goes
// through the whole chain again, because the content may have changed since
// the first level passed it.
func submitRows() []Transition {
	return []Transition{
		{Action: ActSubmit, Roles: applicants, From: []AppStatus{AppDraft, AppReturned}, To: AppCityReview, Route: RouteCity},
		{Action: ActSubmit, Roles: applicants, From: []AppStatus{AppDraft, AppReturned}, To: AppProvinceReview, Route: RouteNoCity},
	}
}

// cityRows are the 市/区科技局's decision: pass on to the province, return,
// or refuse (final); recommend and reject named per chain.
func cityRows(recommend, reject string) []Transition {
	return []Transition{
		{Action: ActRecommend, Label: recommend, Roles: reviewers, Level: LevelCity, From: []AppStatus{AppCityReview}, To: AppProvinceReview},
		{Action: ActReturn, Roles: reviewers, Level: LevelCity, From: []AppStatus{AppCityReview}, To: AppReturned, NeedsComment: true},
		{Action: ActReject, Label: reject, Roles: reviewers, Level: LevelCity, From: []AppStatus{AppCityReview}, To: AppCityRejected, NeedsComment: true},
	}
}

// torchReviewRows are 火炬中心's review with experts: 公示 follows its own
// expert score and may be recorded again to correct its dates; the final
// decision (file) needs a 公示 that has ended; not-file may follow the
// expert review directly, without 公示.
func torchReviewRows(file, notFile string) []Transition {
	return []Transition{
		{Action: ActFormalPass, Roles: reviewers, Level: LevelTorch, From: []AppStatus{AppFormalReview}, To: AppExpertReview},
		{Action: ActFormalFail, Roles: reviewers, Level: LevelTorch, From: []AppStatus{AppFormalReview}, To: AppFormalFailed, NeedsComment: true},
		{Action: ActScore, Roles: reviewers, Level: LevelTorch, From: []AppStatus{AppExpertReview}, Record: RecordScore},
		{Action: ActPublicity, Roles: reviewers, Level: LevelTorch, From: []AppStatus{AppExpertReview, AppPublicity}, To: AppPublicity, Record: RecordDates, NeedsScore: true},
		{Action: ActFile, Label: file, Roles: reviewers, Level: LevelTorch, From: []AppStatus{AppPublicity}, To: AppFiled, NeedsReview: true},
		{Action: ActNotFile, Label: notFile, Roles: reviewers, Level: LevelTorch, From: []AppStatus{AppExpertReview, AppPublicity}, To: AppNotFiled, NeedsComment: true},
	}
}

// expertStages are the stages of a chain whose province and 火炬中心 both
// review with experts; last names its successful end.
func expertStages(last string) []Stage {
	return []Stage{
		{Status: AppDraft, Label: "填报"},
		{Status: AppCityReview, Label: "市级初审", Level: LevelCity},
		{Status: AppProvinceReview, Label: "省级审核", Level: LevelProvince},
		{Status: AppFormalReview, Label: "形式审查", Level: LevelTorch},
		{Status: AppExpertReview, Label: "专家评审", Level: LevelTorch},
		{Status: AppPublicity, Label: "公示", Level: LevelTorch},
		{Status: AppFiled, Label: last, Level: LevelTorch},
	}
}

// makerspaceChain is 众创空间国家备案 (domain.md §3). Its wording is the
// one AppStatus.Label and Action.Label give.
var makerspaceChain = &Chain{
	Code: TypeMakerspace,
	Name: "备案",
	rows: slices.Concat(submitRows(), cityRows("", ""), []Transition{
		// 省级科技管理部门: paper check, expert review and 公示 only record,
		// 公示 after the experts' score; recommending needs the paper copy's
		// 版本号 to match the submitted one and a 公示 that has ended.
		{Action: ActPaperCheck, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, Record: RecordVersion},
		{Action: ActScore, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, Record: RecordScore},
		{Action: ActPublicity, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, Record: RecordDates, NeedsScore: true},
		{Action: ActRecommend, Label: "推荐至火炬中心", Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, To: AppFormalReview, NeedsPaper: true, NeedsReview: true, NeedsComment: true, CommentLabel: "推荐意见"},
		{Action: ActReturn, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, To: AppReturned, NeedsComment: true},
		{Action: ActReject, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, To: AppProvinceRejected, NeedsComment: true},
	}, torchReviewRows("", "")),
	stages: expertStages("备案"),
}

// incubatorChain is 国家级科技企业孵化器认定 (types.md §A7): as makerspace,
// but the province also records a 实地核查 with its 核查意见, which the
// recommendation to 火炬中心 needs beside the paper check, the expert score
// and an ended 公示; 火炬中心 decides 认定通过 or 未予认定.
//
// The province uploads the signed 专家评审意见 and 实地核查报告 (§A7 step 4).
// Each goes with the step that concludes its work: the scan of the experts'
// signed opinion with the 专家评审 that records their score, the report with
// the 实地核查 that records its 核查意见. That is where a province officer
// holds the paper in hand, and since 推荐至火炬中心 already needs both steps,
// it cannot be taken before both files are in.
var incubatorChain = &Chain{
	Code: TypeIncubator,
	Name: "认定",
	rows: slices.Concat(submitRows(), cityRows("", ""), []Transition{
		{Action: ActPaperCheck, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, Record: RecordVersion},
		{Action: ActScore, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, Record: RecordScore,
			Files: []StepFile{expertOpinion}},
		{Action: ActSiteCheck, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, NeedsComment: true, CommentLabel: "核查意见",
			Files: []StepFile{siteReport}},
		{Action: ActPublicity, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, Record: RecordDates, NeedsScore: true},
		{Action: ActRecommend, Label: "推荐至火炬中心", Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, To: AppFormalReview, NeedsPaper: true, NeedsSiteCheck: true, NeedsReview: true, NeedsComment: true, CommentLabel: "推荐意见"},
		{Action: ActReturn, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, To: AppReturned, NeedsComment: true},
		{Action: ActReject, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, To: AppProvinceRejected, NeedsComment: true},
	}, torchReviewRows("认定通过", "未予认定")),
	status: map[AppStatus]string{AppFiled: "已认定", AppNotFiled: "未予认定"},
	stages: expertStages("认定"),
}

// The files the province uploads in the incubator chain.
var (
	expertOpinion = StepFile{Key: "expert_opinion", Label: "专家评审意见", Required: true,
		Hint: "评审专家签字的评审意见扫描件；多页的可逐页上传，或合并为一个 PDF。"}
	siteReport = StepFile{Key: "site_report", Label: "实地核查报告", Required: true,
		Hint: "核查组签字的实地核查报告扫描件；多页的可逐页上传，或合并为一个 PDF。"}
)

// exemptionChain is 创业孵化机构免税资格申请 (types.md §B5): the city
// checks, the province 核定s the applicant's name, operator, area and site
// against its 认定 record (no experts, no 公示; a paper copy may be
// registered but is not required), and 火炬中心 confirms the list shared
// with the tax offices. A 核定 passes the application on to 火炬中心's
// queue in the state a makerspace's formal review waits in.
var exemptionChain = &Chain{
	Code: TypeExemption,
	Name: "免税资格",
	rows: slices.Concat(submitRows(), cityRows("审核通过", "审核不通过"), []Transition{
		{Action: ActPaperCheck, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, Record: RecordVersion},
		{Action: ActRecommend, Label: "核定通过", Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, To: AppFormalReview, NeedsComment: true, CommentLabel: "核定意见"},
		{Action: ActReturn, Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, To: AppReturned, NeedsComment: true},
		{Action: ActReject, Label: "核定不通过", Roles: reviewers, Level: LevelProvince, From: []AppStatus{AppProvinceReview}, To: AppProvinceRejected, NeedsComment: true, CommentLabel: "核定意见"},
		{Action: ActFile, Label: "确认纳入免税名单", Roles: reviewers, Level: LevelTorch, From: []AppStatus{AppFormalReview}, To: AppFiled},
		{Action: ActNotFile, Label: "不予确认", Roles: reviewers, Level: LevelTorch, From: []AppStatus{AppFormalReview}, To: AppNotFiled, NeedsComment: true},
	}),
	status: map[AppStatus]string{
		AppCityReview: "待市级审核", AppCityRejected: "市级审核不通过",
		AppProvinceReview: "待省级核定", AppProvinceRejected: "省级核定不通过",
		AppFormalReview: "待火炬中心确认", AppFiled: "已纳入免税名单", AppNotFiled: "不予确认",
	},
	stages: []Stage{
		{Status: AppDraft, Label: "填报"},
		{Status: AppCityReview, Label: "市级审核", Level: LevelCity},
		{Status: AppProvinceReview, Label: "省级核定", Level: LevelProvince},
		{Status: AppFormalReview, Label: "火炬中心确认", Level: LevelTorch},
		{Status: AppFiled, Label: "纳入免税名单", Level: LevelTorch},
	},
}

// HasExperts reports whether the chain has a 专家评审 at some level.
func (c *Chain) HasExperts() bool {
	return slices.ContainsFunc(c.rows, func(t Transition) bool { return t.Record == RecordScore })
}
