package service

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/store"
)

// notifyStep tells the people concerned about a step of the chain, after
// it is committed: the applicant's accounts always, the next department's
// reviewers when it arrives with them. Each also gets an e-mail through
// the notifier when their account has an address. Failures are logged,
// never returned: the step itself has happened.
func (s *Service) notifyStep(
	ctx context.Context,
	app domain.Application,
	st domain.Step,
	by string,
	remarks ...int64,
) {
	ctx = context.WithoutCancel(ctx)
	c := app.Chain()
	text := fmt.Sprintf("%s：%s%s", app.CarrierName, by, c.StepLabel(st))
	if st.Action == domain.ActPaperCheck { // the receipt, not the department's check of it
		text = fmt.Sprintf("%s：%s已收到纸质材料", app.CarrierName, by)
		if on := st.Receipt.ReceivedOn; on != "" {
			text += "（" + on + "）"
		}
	}
	if st.Moved() {
		text += "，当前状态“" + c.StatusLabel(st.To) + "”"
	}
	if st.Comment != "" {
		text += "。" + c.CommentLabel(st) + "：" + st.Comment
	}
	if len(remarks) > 0 && remarks[0] > 0 {
		text += fmt.Sprintf("（附 %d 条具体意见）", remarks[0])
	}
	s.tellApplicant(ctx, app, sentence(text))
	if lvl := st.To.AtLevel(); st.Moved() && lvl != "" {
		reviewers, err := s.store.ReviewersFor(ctx, lvl, app)
		if err != nil {
			s.log.Error("notify reviewers", "app", app.ID, "err", err)
		}
		s.notify(
			ctx,
			reviewers,
			app.ID,
			fmt.Sprintf("%s（%s）%s，请办理。", app.CarrierName, app.RefNo, c.StatusLabel(st.To)),
			"/review/"+strconv.FormatInt(app.ID, 10),
		)
	}
}

// sentence ends a message with a full stop unless it ends with one already
// (an 意见 usually does).
func sentence(s string) string {
	if strings.HasSuffix(s, "。") || strings.HasSuffix(s, "！") || strings.HasSuffix(s, "？") {
		return s
	}
	return s + "。"
}

func (s *Service) notify(ctx context.Context, users []int64, appID int64, text, link string) {
	if len(users) == 0 {
		return
	}
	err := s.store.InTx(
		ctx,
		func(tx *store.Tx) error { return tx.Notify(ctx, users, appID, text, link) },
	)
	if err != nil {
		s.log.Error("notify", "app", appID, "err", err)
	}
}

func (s *Service) mail(ctx context.Context, u domain.User, subject, body string) {
	if u.Email == "" || s.notifier == nil {
		return
	}
	m := domain.OutboxMessage{Channel: "email", Recipient: u.Email, Subject: subject, Body: body}
	if err := s.notifier.Send(ctx, m); err != nil {
		s.log.Error("mail", "to", u.Email, "err", err)
	}
}

// Notifications returns the actor's newest in-app messages and marks them
// read.
func (s *Service) Notifications(
	ctx context.Context,
	a domain.Actor,
) ([]domain.Notification, error) {
	list, err := s.store.Notifications(ctx, a.ID, 100)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error { return tx.MarkNotificationsRead(ctx, a.ID) })
	return list, err
}

// Unread counts the actor's unread messages, for the badge in the header.
func (s *Service) Unread(ctx context.Context, a domain.Actor) (int, error) {
	return s.store.UnreadNotifications(ctx, a.ID)
}
