package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The review workflow (domain.md §3) as a pure state machine: each
// application type's Chain (chains.go) has a table that says, for every
// action, who may take it, from which states, where it leads and what it
// must record. Who the actor is relative to the
// application (the province of its 受理机构, a city's region) is the service
// layer's business; here only role × level × state × action and the facts
// the caller loads from the application's history.

// Action is something a party does to an application. The strings are
// stored in the review log, so they never change.
type Action string

// The actions. One action may appear at several levels (recommend, return,
// reject, score, publicity) with a level-specific button label and outcome.
const (
	ActSubmit     Action = "submit"      // 提交: applicant, from 填报中 or 退回修改
	ActRecommend  Action = "recommend"   // 推荐 (city) / 推荐至火炬中心 (province)
	ActReturn     Action = "return"      // 退回修改: the applicant may edit again
	ActReject     Action = "reject"      // 不推荐: final
	ActPaperCheck Action = "paper_check" // 纸质材料核验: records the typed 版本号
	ActScore      Action = "score"       // 专家评审: records a score
	ActPublicity  Action = "publicity"   // 公示: records the dates
	ActFormalPass Action = "formal_pass" // 形式审查通过
	ActFormalFail Action = "formal_fail" // 形式审查不通过: final
	ActFile       Action = "file"        // 备案通过: final
	ActNotFile    Action = "not_file"    // 备案未通过: final
	ActSiteCheck  Action = "site_check"  // 实地核查: records the 核查意见
)

// Label is the action's generic Chinese name; Chain.ActionLabel gives the
// button text at one level of one chain.
func (a Action) Label() string {
	switch a {
	case ActSubmit:
		return "提交"
	case ActRecommend:
		return "推荐"
	case ActReturn:
		return "退回修改"
	case ActReject:
		return "不推荐"
	case ActPaperCheck:
		return "纸质材料核验"
	case ActScore:
		return "专家评审"
	case ActPublicity:
		return "公示"
	case ActFormalPass:
		return "形式审查通过"
	case ActFormalFail:
		return "形式审查不通过"
	case ActFile:
		return "备案通过"
	case ActNotFile:
		return "备案未通过"
	case ActSiteCheck:
		return "实地核查"
	case ActWithdraw:
		return "撤回"
	}
	return string(a)
}

// Valid reports whether a is an action of some chain.
func (a Action) Valid() bool { return knownAction(a) }

// Route limits a transition to chains with or without a city level, which is
// a setting of the 受理机构 (Acceptor.CityLevel).
type Route int

// The routes. Only 提交 depends on it: the chain's first review is the city
// when there is one, else the province.
const (
	RouteAny    Route = iota // every chain
	RouteCity                // only when a 市/区科技局 reviews first
	RouteNoCity              // only when the province receives directly
)

func (r Route) fits(cityLevel bool) bool {
	return r == RouteAny || (r == RouteCity) == cityLevel
}

// Record is what an action writes besides who, when and the comment.
type Record int

// The kinds of record.
const (
	RecordNone    Record = iota
	RecordVersion        // the 版本号 typed from the paper copy, and whether it matched
	RecordScore          // an expert score, 0–100
	RecordDates          // the 公示 period, from and to
)

// Transition is one row of the workflow table.
type Transition struct {
	Action       Action
	Label        string      // the button text at this level; "" means Action.Label()
	Roles        []Role      // who may take it
	Level        Level       // the actor's department level; "" for applicants
	From         []AppStatus // the states it may be taken from
	To           AppStatus   // the next state; "" when the action only records
	Route        Route
	NeedsComment bool // the comment is required; optional otherwise
	// CommentLabel names the comment where the decision's form, the log,
	// 办件进度 and messages show it; "" means 审核意见.
	CommentLabel string
	Record       Record // the input it must carry
	NeedsPaper   bool   // guard: a matching paper check in the current round
	NeedsScore   bool   // guard: an expert score at the transition's level in the current round
	NeedsReview  bool   // guard: that score and an ended 公示 at the transition's level
	// NeedsSiteCheck guards: a 实地核查 at the transition's level in the
	// current round.
	NeedsSiteCheck bool
	// Files are the slots of the files uploaded with the step
	// (step_files.go); none for most steps.
	Files []StepFile
}

// Moves reports whether the transition changes the state (as opposed to
// only recording a fact).
func (t Transition) Moves() bool { return t.To != "" }

// Name is the transition's button text.
func (t Transition) Name() string {
	if t.Label != "" {
		return t.Label
	}
	return t.Action.Label()
}

// CommentName is what the transition's comment is called: a province's
// 推荐至火炬中心 records its 推荐意见, which the 推荐表 prints; every other
// decision an 审核意见.
func (t Transition) CommentName() string {
	if t.CommentLabel != "" {
		return t.CommentLabel
	}
	return "审核意见"
}

func (t Transition) next(s AppStatus) AppStatus {
	if t.To == "" {
		return s
	}
	return t.To
}

var (
	applicants = []Role{RoleLegal, RoleStaff}
	reviewers  = []Role{RoleReviewer}
)

// By is who takes an action: the role and, for reviewers, the level of
// their department ("" for everyone else).
type By struct {
	Role  Role
	Level Level
}

// By returns who a is for the workflow.
func (a Actor) By() By {
	if a.Role == RoleReviewer {
		return By{Role: a.Role, Level: a.DeptLevel}
	}
	return By{Role: a.Role}
}

func (t Transition) admits(by By) bool {
	return slices.Contains(t.Roles, by.Role) && t.Level == by.Level
}

// Paper is the outcome of the paper check in the current round of review.
type Paper int

// The paper check outcomes.
const (
	PaperUnchecked  Paper = iota // no check since the last 提交
	PaperMatched                 // the typed 版本号 matches the submitted one
	PaperMismatched              // it does not: the paper copy is another version
)

// Label is the outcome as reviewers see it.
func (p Paper) Label() string {
	switch p {
	case PaperMatched:
		return "版本号一致"
	case PaperMismatched:
		return "版本号不一致"
	}
	return "未核验"
}

// Facts are what the caller knows about the application beyond its state.
type Facts struct {
	CityLevel        bool   // the 受理机构 has a city level (Acceptor.CityLevel)
	SubmittedVersion string // the 版本号 bound by the latest 提交
	Paper            Paper  // PaperOf(the application's review log)
	// Review is ReviewOf(the application's review log): each level's score
	// and 公示 in the current round.
	Review map[Level]LevelReview
	Today  string // YYYY-MM-DD in China: a 公示 has ended when its last day is before it
	// Experts is each level's expert panel in the current round (PanelOf
	// its assignments): a 专家评审 records their average (ScoreOf).
	Experts map[Level]Panel
	// EditedSinceReturn: the applicant saved something after the latest
	// 退回修改 (Withdrawable).
	EditedSinceReturn bool
}

// LevelReview is what one level recorded in the current round: whether the
// experts' score is in, whether a 实地核查 is, and the last day of its
// latest 公示 ("" for none).
type LevelReview struct {
	Scored      bool
	SiteChecked bool
	PublicTo    string
}

// ReviewOf gathers each level's score, 实地核查 and 公示 of the current round.
func ReviewOf(history []Step) map[Level]LevelReview {
	out := map[Level]LevelReview{}
	for _, st := range CurrentRound(history) {
		r := out[st.Level]
		switch st.Action {
		case ActScore:
			r.Scored = true
		case ActSiteCheck:
			r.SiteChecked = true
		case ActPublicity:
			r.PublicTo = st.PublicTo
		}
		out[st.Level] = r
	}
	return out
}

// Input is what the actor typed with the action. Fields the action does not
// record are ignored, so they never reach the log.
type Input struct {
	Comment    string   // 审核意见
	Version    string   // 纸质材料核验: the 版本号 as printed on the paper copy
	Score      *float64 // 专家评审: nil when not given, since 0 is a valid score
	PublicFrom string   // 公示 first day, YYYY-MM-DD
	PublicTo   string   // 公示 last day, YYYY-MM-DD
	Receipt    *Receipt // 纸质材料核验: the paper register's entry; nil records none
	// Files counts the files chosen per slot key (Transition.Files); the
	// caller stores them with the step once Next has passed it.
	Files map[string]int
}

// Step is one entry of the review log: what Next decided. The caller adds
// the user, the time and the application, and stores it.
type Step struct {
	Action     Action
	From       AppStatus
	To         AppStatus // equals From when the action only records
	Role       Role
	Level      Level
	Comment    string
	Version    string // RecordVersion: as typed
	Matched    bool   // RecordVersion: it matches the submitted 版本号
	Score      float64
	PublicFrom string
	PublicTo   string
	Receipt    Receipt // RecordVersion: the paper register's entry, when given
}

// Moved reports whether the step changed the state.
func (s Step) Moved() bool { return s.To != s.From }

// MaxComment is the longest 审核意见, in characters: longer text belongs in
// an attachment, and the log must stay readable.
const MaxComment = 2000

// Next checks that by may take act on an application in state s and returns
// the log entry, whose To is the next state. Errors: Invalid for an unknown
// action or bad input, Forbidden when the role and level may never take the
// action, Conflict when the state or the facts do not allow it now.
func (c *Chain) Next(s AppStatus, act Action, by By, f Facts, in Input) (Step, error) {
	t, err := c.allowed(s, act, by, f)
	if err != nil {
		return Step{}, err
	}
	st := Step{Action: act, From: s, To: t.next(s), Role: by.Role, Level: by.Level, Comment: in.Comment}
	if fe := t.checkInput(in); len(fe) > 0 {
		return Step{}, inputErr(fe)
	}
	if err := t.fill(&st, in, f); err != nil {
		return Step{}, err
	}
	return st, nil
}

// Allowed is Next without the input: whether the action's button should be
// enabled, and if not, the reason to show beside it.
func (c *Chain) Allowed(s AppStatus, act Action, by By, f Facts) error {
	_, err := c.allowed(s, act, by, f)
	return err
}

// Actions lists the transitions by may take in state s, in table order, for
// the buttons of a 工作台. Guards on facts are not applied, so that a
// blocked action is shown with Allowed's reason rather than hidden.
func (c *Chain) Actions(s AppStatus, by By, cityLevel bool) []Transition {
	var out []Transition
	for _, t := range c.Transitions() {
		if t.admits(by) && slices.Contains(t.From, s) && t.Route.fits(cityLevel) {
			out = append(out, t)
		}
	}
	return out
}

func (c *Chain) allowed(s AppStatus, act Action, by By, f Facts) (Transition, error) {
	t, err := c.match(s, act, by, f.CityLevel)
	if err != nil {
		return t, err
	}
	return t, t.guard(f)
}

// match finds the row for act. Forbidden comes before Conflict so that the
// kind depends only on who asks, not on the state they happened to catch.
func (c *Chain) match(s AppStatus, act Action, by By, cityLevel bool) (Transition, error) {
	var rows, mine []Transition
	for _, t := range c.rows {
		if t.Action == act {
			rows = append(rows, t)
			if t.admits(by) {
				mine = append(mine, t)
			}
		}
	}
	switch {
	case len(rows) == 0 && act.Valid():
		// Another type's step, e.g. a 实地核查 on a makerspace application.
		return Transition{}, Errorf(Invalid, "该类申报没有“%s”这一环节。", act.Label())
	case len(rows) == 0:
		return Transition{}, Errorf(Invalid, "未知的操作“%s”。", act)
	}
	if len(mine) == 0 {
		return Transition{}, Errorf(Forbidden, "只有%s可以办理“%s”。", who(rows), act.Label())
	}
	for _, t := range mine {
		if slices.Contains(t.From, s) && t.Route.fits(cityLevel) {
			return t, nil
		}
	}
	if s.Final() {
		return Transition{}, Errorf(Conflict, "该申报已办结（%s），不能再办理“%s”。", c.StatusLabel(s), mine[0].Name())
	}
	return Transition{}, Errorf(Conflict, "该申报当前为“%s”，不能办理“%s”。", c.StatusLabel(s), mine[0].Name())
}

// who names the parties of rows for a Forbidden message.
func who(rows []Transition) string {
	var names []string
	add := func(n string) {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, t := range rows {
		for _, r := range t.Roles {
			if t.Level == "" {
				add(r.Label())
			} else {
				add(t.Level.Label() + "的" + r.Label())
			}
		}
	}
	return strings.Join(names, "或")
}

// guard checks the facts a transition depends on.
func (t Transition) guard(f Facts) error {
	if t.Record == RecordVersion && strings.TrimSpace(f.SubmittedVersion) == "" {
		// A submitted application always has a version: this is a bug.
		return Errorf(Internal, "该申报没有已提交的版本号，无法核验纸质材料。")
	}
	if err := t.guardPaper(f); err != nil {
		return err // the paper check comes first in the chain, so its reason does
	}
	if err := t.guardExperts(f); err != nil {
		return err
	}
	return t.guardReview(f)
}

// guardExperts holds 专家评审 back while the level's assigned experts have
// not all submitted (ScoreOf), so the button says why before anyone types.
func (t Transition) guardExperts(f Facts) error {
	if p := f.Experts[t.Level]; t.Record == RecordScore && p.Assigned > 0 {
		_, err := ScoreOf(p, nil)
		return err
	}
	return nil
}

// guardPaper requires a paper copy whose 版本号 matches the submitted one.
func (t Transition) guardPaper(f Facts) error {
	if !t.NeedsPaper {
		return nil
	}
	switch f.Paper {
	case PaperMatched:
		return nil
	case PaperMismatched:
		return Errorf(Conflict, "纸质材料的版本号与提交的版本不一致，不能%s。", t.Name())
	}
	return Errorf(Conflict, "尚未核验纸质材料的版本号，不能%s。", t.Name())
}

// guardReview requires the level's own expert score, its 实地核查 where the
// chain asks for one and, for a decision, a 公示 whose last day has passed:
// checked in the order the level does them, so the reason names the first
// thing missing.
func (t Transition) guardReview(f Facts) error {
	if !t.NeedsScore && !t.NeedsReview && !t.NeedsSiteCheck {
		return nil
	}
	r := f.Review[t.Level]
	switch {
	case (t.NeedsScore || t.NeedsReview) && !r.Scored:
		return Errorf(Conflict, "尚未记录专家评审分数，不能%s。", t.Name())
	case t.NeedsSiteCheck && !r.SiteChecked:
		return Errorf(Conflict, "尚未记录实地核查意见，不能%s。", t.Name())
	case !t.NeedsReview:
		return nil
	case r.PublicTo == "":
		return Errorf(Conflict, "尚未公示，不能%s。", t.Name())
	case f.Today <= r.PublicTo:
		return Errorf(Conflict, "公示期至 %s，尚未结束，不能%s。", r.PublicTo, t.Name())
	}
	return nil
}

func checkComment(t Transition, c string) error {
	return checkText(t.CommentName(), t.Name(), t.NeedsComment, c)
}

// checkText checks a comment called label for the action named act.
func checkText(label, act string, required bool, c string) error {
	if required && strings.TrimSpace(c) == "" {
		return fieldErr("comment", label, act+"须填写"+label+"。")
	}
	if utf8.RuneCountInString(c) > MaxComment {
		return fieldErr("comment", label, label+"不能超过2000字。")
	}
	return nil
}

// fill validates and copies the input the transition records.
func (t Transition) fill(st *Step, in Input, f Facts) error {
	switch t.Record {
	case RecordVersion:
		if strings.TrimSpace(in.Version) == "" {
			return fieldErr("version", "纸质材料版本号", "请填写纸质材料上的版本号。")
		}
		st.Version, st.Matched = strings.TrimSpace(in.Version), SameVersion(in.Version, f.SubmittedVersion)
		if in.Receipt != nil {
			if err := in.Receipt.Check(f.Today); err != nil {
				return err
			}
			st.Receipt = *in.Receipt
		}
	case RecordScore:
		score, err := ScoreOf(f.Experts[t.Level], in.Score)
		if err != nil {
			return err
		}
		st.Score = score
	case RecordDates:
		if err := CheckPublicityDates(in.PublicFrom, in.PublicTo); err != nil {
			return err
		}
		st.PublicFrom, st.PublicTo = in.PublicFrom, in.PublicTo
	}
	return nil
}

// CheckPublicityDates requires a real period. The ≥ 5 working days rule
// needs the holiday calendar, so the caller checks it after this.
func CheckPublicityDates(from, to string) error {
	a, errA := time.Parse(time.DateOnly, from)
	if errA != nil {
		return fieldErr("public_from", "公示开始日期", "请按YYYY-MM-DD填写公示开始日期。")
	}
	b, errB := time.Parse(time.DateOnly, to)
	if errB != nil {
		return fieldErr("public_to", "公示结束日期", "请按YYYY-MM-DD填写公示结束日期。")
	}
	if b.Before(a) {
		return fieldErr("public_to", "公示结束日期", "公示结束日期不能早于开始日期。")
	}
	return nil
}

func fieldErr(field, label, msg string) error {
	return &Error{Kind: Invalid, Message: msg, Fields: FieldErrors{{Field: field, Label: label, Message: msg}}}
}

// CurrentRound returns the steps since the latest 提交, that one included:
// what a new submission is judged on. Earlier checks and scores were about
// content that may since have changed.
func CurrentRound(history []Step) []Step {
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Action == ActSubmit {
			return history[i:]
		}
	}
	return history
}

// PaperOf returns the latest paper check outcome of the current round.
func PaperOf(history []Step) Paper {
	round := CurrentRound(history)
	for i := len(round) - 1; i >= 0; i-- {
		if round[i].Action != ActPaperCheck {
			continue
		}
		if round[i].Matched {
			return PaperMatched
		}
		return PaperMismatched
	}
	return PaperUnchecked
}

// TellsApplicant reports whether the applicant hears of the last step of
// history: every decision that moves the application, and the first paper
// check of a round as the receipt of the paper copy; not the records a
// department keeps (scores, 公示 dates, a paper check again), which would
// bury the decisions among messages.
func TellsApplicant(history []Step) bool {
	if len(history) == 0 {
		return false
	}
	last := history[len(history)-1]
	if last.Moved() {
		return true
	}
	if last.Action != ActPaperCheck {
		return false
	}
	checks := 0
	for _, st := range CurrentRound(history) {
		if st.Action == ActPaperCheck {
			checks++
		}
	}
	return checks == 1
}

// statuses is every state in chain order, for filters and checks.
var statuses = []AppStatus{
	AppDraft, AppReturned, AppCityReview, AppCityRejected, AppProvinceReview, AppProvinceRejected,
	AppFormalReview, AppFormalFailed, AppExpertReview, AppPublicity, AppFiled, AppNotFiled,
}

// Statuses returns every state in chain order.
func Statuses() []AppStatus { return slices.Clone(statuses) }

// Valid reports whether s is a known state.
func (s AppStatus) Valid() bool { return slices.Contains(statuses, s) }

// Final reports whether the application's review is over.
func (s AppStatus) Final() bool {
	switch s {
	case AppCityRejected, AppProvinceRejected, AppFormalFailed, AppFiled, AppNotFiled:
		return true
	}
	return false
}

// Editable reports whether the applicant may change the content: submitted
// versions are frozen until a reviewer returns them.
func (s AppStatus) Editable() bool { return s == AppDraft || s == AppReturned }

// AtLevel is the level whose queue the application is in; "" when it is with
// the applicant or its review is over.
func (s AppStatus) AtLevel() Level {
	switch s {
	case AppCityReview:
		return LevelCity
	case AppProvinceReview:
		return LevelProvince
	case AppFormalReview, AppExpertReview, AppPublicity:
		return LevelTorch
	}
	return ""
}

// StatusesAt returns the states waiting in level l's queue (a 工作台's 待办).
func StatusesAt(l Level) []AppStatus {
	var out []AppStatus
	for _, s := range statuses {
		if l != "" && s.AtLevel() == l {
			out = append(out, s)
		}
	}
	return out
}

// ReachedTorch returns the states of an application that has reached
// 火炬中心: in its queue, or decided by it. 火炬中心 sees these and no
// others; the store's queue query and the service's access check both
// take them from here.
func ReachedTorch() []AppStatus {
	return []AppStatus{AppFormalReview, AppFormalFailed, AppExpertReview, AppPublicity, AppFiled, AppNotFiled}
}

// Mark is a stage's place in an application's progress.
type Mark int

// The marks of a progress display.
const (
	MarkPending Mark = iota // not reached
	MarkDone                // passed
	MarkCurrent             // the application is here
	MarkStopped             // the review ended here without 备案
	MarkAgain               // reached before a 退回修改, not yet in this round
)

// Stage is one step of the chain in a 办件进度 display. Status names it: the
// state in which the application waits there.
type Stage struct {
	Status AppStatus
	Label  string
	Level  Level  // "" for the applicant's stage
	Dept   string // the department that holds it for the application; "" when unknown
	Mark   Mark
	Passes []Pass // every time the application was here, oldest first
}

// Stages returns the chain for a 受理机构 with or without a city level, all
// stages pending.
func (c *Chain) Stages(cityLevel bool) []Stage {
	var out []Stage
	for _, st := range c.stages {
		if cityLevel || st.Status != AppCityReview {
			out = append(out, st)
		}
	}
	return out
}

// stageOf maps a state to the stage it belongs to: a returned application
// is being filled in again, and a refusal belongs to the stage of the
// first state it may be decided from in this chain's table. So 未通过 belongs
// to 专家评审: it may be decided before any 公示, and the display must not
// claim a 公示 that did not happen (the review log tells the rest).
func (c *Chain) stageOf(s AppStatus) AppStatus {
	if s == AppReturned {
		return AppDraft
	}
	if !s.Final() || s == AppFiled {
		return s
	}
	for _, t := range c.rows {
		if t.To == s && len(t.From) > 0 && !t.From[0].Final() {
			return c.stageOf(t.From[0])
		}
	}
	return s
}

// Progress marks the chain for an application in state s. An application
// already at the city level keeps that stage even if the setting has since
// been switched off. An unknown state leaves every stage pending.
func (c *Chain) Progress(s AppStatus, cityLevel bool) []Stage {
	at := c.stageOf(s)
	return mark(c.Stages(cityLevel || at == AppCityReview), s, at)
}

// mark marks out for an application in state s whose latest stage is at.
func mark(out []Stage, s AppStatus, at AppStatus) []Stage {
	i := slices.IndexFunc(out, func(st Stage) bool { return st.Status == at })
	if i < 0 || !s.Valid() {
		return out
	}
	for j := range i {
		out[j].Mark = MarkDone
	}
	switch {
	case s == AppFiled:
		out[i].Mark = MarkDone
	case s.Final():
		out[i].Mark = MarkStopped
	default:
		out[i].Mark = MarkCurrent
	}
	return out
}
