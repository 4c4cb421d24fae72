package service

import (
	"context"
	"strconv"
	"strings"

	"hatch/internal/clock"
	"hatch/internal/domain"
)

// receipt is the paper register's entry of a 纸质材料核验 as typed, with
// what the form prefills when a field is left empty: today in China, the
// 一式 N 份 the 受理机构 requires, the reviewer as 签收人.
func (s *Service) receipt(
	ctx context.Context,
	a domain.Actor,
	app domain.Application,
	in ActInput,
) (*domain.Receipt, error) {
	acc, err := s.acceptor(ctx, app)
	if err != nil {
		return nil, err
	}
	return s.typedReceipt(a, in, acc.Copies)
}

// typedReceipt reads the typed entry against required copies.
func (s *Service) typedReceipt(a domain.Actor, in ActInput, required int) (*domain.Receipt, error) {
	r := &domain.Receipt{ReceivedOn: strings.TrimSpace(in.ReceivedOn), Copies: required, Required: required,
		Receiver: strings.TrimSpace(in.Receiver)}
	if r.ReceivedOn == "" {
		r.ReceivedOn = clock.Date(s.now())
	}
	if r.Receiver == "" {
		r.Receiver = a.Name
	}
	if c := strings.TrimSpace(in.Copies); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil {
			var fe domain.FieldErrors
			fe.Add("copies", "收到份数", "收到份数应为整数，例如 5。")
			return nil, fe.Err()
		}
		r.Copies = n
	}
	return r, nil
}

// Today is the date in China, YYYY-MM-DD: what a date field prefills.
func (s *Service) Today() string { return clock.Date(s.now()) }
