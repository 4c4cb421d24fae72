// Package notify sends messages to users: password-reset codes now, status
// changes later. The default sender needs no gateway: it writes each message
// to the log and to the outbox that administrators can read, so a site
// without an SMS or mail service still works.
package notify

import (
	"context"
	"log/slog"

	"hatch/internal/domain"
)

// Notifier delivers one message.
type Notifier interface {
	Send(ctx context.Context, m domain.OutboxMessage) error
}

// Outbox is where sent messages are recorded.
type Outbox interface {
	AddOutbox(ctx context.Context, m domain.OutboxMessage) error
}

// LogOutbox logs each message and records it in the outbox.
type LogOutbox struct {
	Log    *slog.Logger
	Outbox Outbox
}

// Send logs m and stores it in the outbox.
func (n LogOutbox) Send(ctx context.Context, m domain.OutboxMessage) error {
	n.Log.Info(
		"notification",
		"channel",
		m.Channel,
		"to",
		m.Recipient,
		"subject",
		m.Subject,
		"body",
		m.Body,
	)
	return n.Outbox.AddOutbox(ctx, m)
}
