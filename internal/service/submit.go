package service

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
	"hatch/internal/form"
	"hatch/internal/region"
	"hatch/internal/store"
)

// SubmitView is what the 提交申报材料 page shows: the 受理机构 to choose
// from with the default, the version that would be bound, and every
// reason submission is refused now.
type SubmitView struct {
	View      AppView
	Acceptors []domain.Acceptor
	Default   string // the 受理机构 the carrier's region leads to
	Version   *domain.Version
	Blockers  []Blocker
}

// Blocker is one reason submission is refused now, and where it is fixed.
type Blocker struct {
	Text     string
	Section  string // the section whose page fixes it; "" for none
	Table    string // or the table, to be shown with its rows with problems
	Versions bool   // or the versions page: generate a new 申报书
}

// BlockerTexts are the reasons in words, as the API and refusals give them.
func (v SubmitView) BlockerTexts() []string {
	out := make([]string, len(v.Blockers))
	for i, b := range v.Blockers {
		out[i] = b.Text
	}
	return out
}

// Ready reports whether nothing stands in the way.
func (v SubmitView) Ready() bool { return len(v.Blockers) == 0 }

// SubmitInput is the applicant's choice and declaration.
type SubmitInput struct {
	AcceptorCode string
	Declared     bool // 已阅读并确认申报声明
}

// PrepareSubmit gathers the 提交申报材料 page for one of the actor's
// applications.
func (s *Service) PrepareSubmit(
	ctx context.Context,
	a domain.Actor,
	appID int64,
) (SubmitView, error) {
	v, err := s.Application(ctx, a, appID)
	if err != nil {
		return SubmitView{}, err
	}
	out := SubmitView{View: v}
	all, err := s.store.Acceptors(ctx, v.Round.ID)
	if err != nil {
		return out, err
	}
	reg := regionOf(v)
	out.Default = DefaultAcceptor(reg, v.Carrier.RegionCode)
	out.Acceptors = acceptorsFor(all, reg)
	vs, err := s.store.Versions(ctx, appID)
	if err != nil {
		return out, err
	}
	if len(vs) > 0 {
		out.Version = &vs[0]
	}
	out.Blockers = s.blockers(v, out.Version)
	return out, nil
}

// DefaultAcceptor is the 受理机构 of a region: a 计划单列市's own bureau,
// otherwise its province's (新疆生产建设兵团 has its own code). The
// application's 所属区市 wins over the carrier's registered region.
func DefaultAcceptor(codes ...string) string {
	for _, c := range codes {
		if r, ok := region.SeparatePlanCity(c); ok {
			return r.Code
		}
		if r, ok := region.ProvinceOf(c); ok {
			return r.Code
		}
	}
	return ""
}

// acceptorsFor keeps the 受理机构 a carrier in region may submit to: its
// province's and, in a 计划单列市, the city's own bureau. A region that
// names neither (none filled in yet) keeps them all, so the choice is
// still possible.
func acceptorsFor(all []domain.Acceptor, code string) []domain.Acceptor {
	ok := map[string]bool{}
	if r, found := region.ProvinceOf(code); found {
		ok[r.Code] = true
	}
	if r, found := region.SeparatePlanCity(code); found {
		ok[r.Code] = true
	}
	var out []domain.Acceptor
	for _, a := range all {
		if ok[a.Code] {
			out = append(out, a)
		}
	}
	if len(out) == 0 {
		return all
	}
	return out
}

// blockers lists, in the applicant's words, why the application cannot be
// submitted now.
func (s *Service) blockers(v AppView, newest *domain.Version) []Blocker {
	if !v.App.Status.Editable() {
		return []Blocker{{Text: "申报书已提交（" + v.App.StatusLabel() + "），不能重复提交。"}}
	}
	out := openSections(v)
	for _, c := range v.Conditions {
		if c.Blocks() {
			b := Blocker{Text: v.Type.ConditionsTitle + " " + c.Code + "（" + c.Title + "）不符合：" + c.Figure + "。"}
			if v.Type.Table(c.Link) != nil {
				b.Table = c.Link
			} else {
				b.Section = c.Link
			}
			out = append(out, b)
		}
	}
	switch {
	case newest == nil:
		out = append(out, Blocker{Text: "尚未生成申报书。请先“下载材料”生成申报书，核对后再提交。", Versions: true})
	case newest.Stale(v.App):
		out = append(out, Blocker{Text: "申报书版本 " + newest.Code + " 生成后数据又有修改。请重新“下载材料”，用新版本打印并提交。",
			Versions: true})
	}
	if s.roundClosed(v.Round) {
		out = append(out, Blocker{Text: v.Round.Name + "已于 " + v.Round.ClosesOn + " 截止。"})
	}
	return out
}

// openSections is a blocker per section not yet complete, leading to the
// first table whose rows have problems when the problems are there.
func openSections(v AppView) []Blocker {
	firstTable := map[string]string{}
	for _, is := range v.Form.Issues(true) {
		if is.Table != "" && !is.Warning && firstTable[is.Section] == "" {
			firstTable[is.Section] = is.Table
		}
	}
	var out []Blocker
	for _, st := range v.Statuses {
		if st.State == form.Complete {
			continue
		}
		text := st.Section.Title + "尚未完成"
		if st.Problems > 0 {
			text += fmt.Sprintf("，还有 %d 处需要补充或修正", st.Problems)
		}
		b := Blocker{Text: text + "。", Section: st.Section.Key}
		if t := firstTable[st.Section.Key]; t != "" {
			b.Section, b.Table = "", t
		}
		out = append(out, b)
	}
	return out
}

// Submit is 提交申报材料: it binds the newest version and sends the
// application to its first reviewer (the 市/区科技局, or the 受理机构
// itself). It is refused with the reasons when anything in blockers
// applies, when the 受理机构's own deadline has passed, or when the data
// changed while submitting.
func (s *Service) Submit(
	ctx context.Context,
	a domain.Actor,
	appID int64,
	in SubmitInput,
) (domain.Application, error) {
	sv, err := s.PrepareSubmit(ctx, a, appID)
	if err != nil {
		return domain.Application{}, err
	}
	acc, err := s.chooseAcceptor(sv, in)
	if err != nil {
		return domain.Application{}, err
	}
	if len(sv.Blockers) > 0 {
		return domain.Application{}, domain.Errorf(
			domain.Conflict,
			"暂不能提交：%s",
			strings.Join(sv.BlockerTexts(), " "),
		)
	}
	return s.submit(ctx, a, sv, acc)
}

// submit binds the newest version and moves the application on, after
// every check has passed.
func (s *Service) submit(
	ctx context.Context,
	a domain.Actor,
	sv SubmitView,
	acc domain.Acceptor,
) (domain.Application, error) {
	app, appID := sv.View.App, sv.View.App.ID
	step, err := app.Chain().Next(
		app.Status,
		domain.ActSubmit,
		a.By(),
		domain.Facts{CityLevel: acc.CityLevel},
		domain.Input{},
	)
	if err != nil {
		return app, err
	}
	sub := domain.Submission{
		AcceptorCode: acc.Code,
		RegionCode:   regionOf(sv.View),
		CityLevel:    acc.CityLevel,
		RefNo:        refNo(sv.View, acc.Code),
		HostType:     sv.View.Form.Sections["basic"]["host_type"],
		VersionID:    sv.Version.ID,
		At:           s.now(),
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.Submit(ctx, appID, app.Status, step.To, sv.Version.DataRev, sub); err != nil {
			return say(err, store.ErrStale, "提交期间申报书的状态或数据有变化，请刷新页面，核对后重新提交。")
		}
		rs := domain.ReviewStep{
			Step:      step,
			AppID:     appID,
			UserID:    a.ID,
			UserName:  a.Name,
			VersionID: sv.Version.ID,
		}
		rs.Version = sv.Version.Code
		if _, err := tx.AddStep(ctx, rs); err != nil {
			return err
		}
		return audit(
			ctx,
			tx,
			a,
			"application.submit",
			"application",
			appID,
			acc.Code+" "+sv.Version.Code,
		)
	})
	if err != nil {
		return app, err
	}
	app.Status, app.AcceptorCode, app.RegionCode, app.CityLevel = step.To, sub.AcceptorCode, sub.RegionCode, sub.CityLevel
	s.notifyStep(ctx, app, step, a.Name)
	return s.store.Application(ctx, a.OrgID, appID)
}

// chooseAcceptor checks the chosen 受理机构, the declaration and the
// 受理机构's own deadline.
func (s *Service) chooseAcceptor(sv SubmitView, in SubmitInput) (domain.Acceptor, error) {
	var fe domain.FieldErrors
	var acc domain.Acceptor
	for _, x := range sv.Acceptors {
		if x.Code == in.AcceptorCode {
			acc = x
		}
	}
	switch {
	case acc.Code != "":
	case strings.TrimSpace(in.AcceptorCode) == "":
		fe.Add("acceptor", "受理机构", "请选择受理机构。")
	default:
		fe.Add("acceptor", "受理机构", "受理机构应为众创空间所在省（自治区、直辖市）或计划单列市的科技管理部门，请从列表中选择。")
	}
	if !in.Declared {
		fe.Add("declared", "申报声明", "请阅读申报声明，勾选“已阅读并确认”后再提交。")
	}
	if err := fe.Err(); err != nil {
		return acc, err
	}
	if !s.cfg.KeepRoundsOpen && acc.Deadline != "" {
		deadline, err := time.ParseInLocation("2006-01-02 15:04", acc.Deadline, clock.Zone)
		if err == nil && s.now().After(deadline) {
			return acc, domain.Errorf(
				domain.Conflict,
				"%s的受理截止时间 %s 已过，不能再提交。",
				acc.Name,
				acc.Deadline,
			)
		}
	}
	return acc, nil
}

// regionOf is the region the application is reviewed in: its 所属区市, or
// the carrier's registered region.
func regionOf(v AppView) string {
	if r := strings.TrimSpace(v.Form.Sections["basic"]["region"]); r != "" {
		return r
	}
	return v.Carrier.RegionCode
}

// refNo is the reference number of a submission: type, year, 受理机构 and
// the application's number, e.g. ZC2021-350200-000123.
func refNo(v AppView, acceptor string) string {
	return fmt.Sprintf("%s%d-%s-%06d", v.Type.Abbr, v.Round.Year, acceptor, v.App.ID)
}
