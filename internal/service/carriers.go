package service

import (
	"context"
	"strings"
	"time"

	"hatch/internal/domain"
	"hatch/internal/region"
	"hatch/internal/store"
)

// CarrierInput is the 载体 form.
type CarrierInput struct {
	Revision   int64 // 0 when creating
	Kind       string
	Name       string
	Address    string
	RegionCode string
	StartedOn  string // YYYY-MM-DD
}

func (s *Service) checkCarrier(in *CarrierInput) domain.FieldErrors {
	in.Name, in.Address, in.StartedOn = strings.TrimSpace(
		in.Name,
	), strings.TrimSpace(
		in.Address,
	), strings.TrimSpace(
		in.StartedOn,
	)
	var fe domain.FieldErrors
	if !domain.CarrierKind(in.Kind).Valid() {
		fe.Add("kind", "载体类型", "请选择载体类型。")
	}
	required(&fe, "name", "载体名称", in.Name, 100)
	if !region.Valid(in.RegionCode) {
		fe.Add("region", "所属区市", "请选择所属区市。")
	}
	required(&fe, "address", "详细地址", in.Address, 200)
	if msg := checkDate(in.StartedOn, s.today()); msg != "" {
		fe.Add("started_on", "开始运营时间", msg)
	}
	return fe
}

// checkDate accepts YYYY-MM-DD dates not after today.
func checkDate(v string, today time.Time) string {
	if v == "" {
		return "请填写日期：可在日历中选择，或按 年-月-日 填写，例如 2019-05-01。"
	}
	d, err := time.Parse("2006-01-02", v)
	if err != nil {
		return "日期应按 年-月-日 填写，例如 2019-05-01。"
	}
	if d.Year() < 1949 || d.After(today) {
		return "日期应在1949年之后，且不晚于今天。"
	}
	return ""
}

func (in CarrierInput) carrier(orgID int64) domain.Carrier {
	r, _ := region.Lookup(in.RegionCode)
	return domain.Carrier{
		OrgID:      orgID,
		Kind:       domain.CarrierKind(in.Kind),
		Name:       in.Name,
		Address:    in.Address,
		RegionCode: r.Code,
		RegionName: r.FullName(),
		StartedOn:  in.StartedOn,
	}
}

// CreateCarrier adds a 载体 to the actor's organisation. Only the
// legal-person account manages carriers, after 实名认证.
func (s *Service) CreateCarrier(
	ctx context.Context,
	a domain.Actor,
	in CarrierInput,
) (int64, error) {
	if err := s.requireLegalCertified(a); err != nil {
		return 0, err
	}
	if err := s.checkCarrier(&in).Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		var err error
		if id, err = tx.CreateCarrier(ctx, in.carrier(a.OrgID)); err != nil {
			return carrierTaken(err, in.Name)
		}
		return audit(ctx, tx, a, "carrier.create", "carrier", id, in.Name)
	})
	return id, err
}

// UpdateCarrier edits one of the actor's organisation's carriers.
func (s *Service) UpdateCarrier(
	ctx context.Context,
	a domain.Actor,
	id int64,
	in CarrierInput,
) error {
	if err := s.requireLegalCertified(a); err != nil {
		return err
	}
	if err := s.checkCarrier(&in).Err(); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.Carrier(ctx, a.OrgID, id); err != nil {
			return err
		}
		c := in.carrier(a.OrgID)
		c.ID = id
		if err := tx.UpdateCarrier(ctx, c, in.Revision); err != nil {
			return say(carrierTaken(err, in.Name), store.ErrStale, msgStaleInfo)
		}
		return audit(ctx, tx, a, "carrier.update", "carrier", id, in.Name)
	})
}

func (s *Service) requireLegalCertified(a domain.Actor) error {
	if err := requireCertified(a); err != nil {
		return err
	}
	return requireRole(a, domain.RoleLegal)
}

// Carrier returns one of the actor's organisation's carriers.
func (s *Service) Carrier(ctx context.Context, a domain.Actor, id int64) (domain.Carrier, error) {
	if err := requireCertified(a); err != nil {
		return domain.Carrier{}, err
	}
	return s.store.Carrier(ctx, a.OrgID, id)
}

// Home is the 首页 of the incubator system: the operator and its carriers.
type Home struct {
	Org      domain.Org
	Carriers map[domain.CarrierKind][]domain.Carrier
}

// Home returns the 首页 for an applicant.
func (s *Service) Home(ctx context.Context, a domain.Actor) (Home, error) {
	if err := requireCertified(a); err != nil {
		return Home{}, err
	}
	org, err := s.store.Org(ctx, a.OrgID)
	if err != nil {
		return Home{}, domain.Wrap(err, "load org")
	}
	list, err := s.store.Carriers(ctx, a.OrgID)
	if err != nil {
		return Home{}, domain.Wrap(err, "load carriers")
	}
	h := Home{Org: org, Carriers: map[domain.CarrierKind][]domain.Carrier{}}
	for _, c := range list {
		h.Carriers[c.Kind] = append(h.Carriers[c.Kind], c)
	}
	return h, nil
}

// carrierTaken says that the organisation already has a carrier of that
// name, beside the name. It is a conflict with the stored carrier (409, as
// the API describes it); the form shows it beside the name all the same.
func carrierTaken(err error, name string) error {
	return sayFieldAs(domain.Conflict, err, store.ErrDuplicate, "name", "载体名称", "载体名称重复。",
		"本单位已有名为“"+name+"”的载体。")
}
