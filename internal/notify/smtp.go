package notify

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"

	"hatch/internal/clock"
	"hatch/internal/domain"
)

// SMTP sends the e-mail messages through a mail server, after Next has
// recorded every message (the outbox stays the complete record, and SMS
// still goes to Next). It speaks STARTTLS when the server offers it.
type SMTP struct {
	Addr     string // host:port
	From     string // the sender address
	Username string // "" for a server that needs no login
	Password string
	Next     Notifier
	Timeout  time.Duration    // per message; 0 means 30 s
	Now      func() time.Time // the system's clock, for the Date header; nil means the machine's
}

// Send records m through Next and, for e-mail, delivers it.
func (s SMTP) Send(ctx context.Context, m domain.OutboxMessage) error {
	if s.Next != nil {
		if err := s.Next.Send(ctx, m); err != nil {
			return err
		}
	}
	if m.Channel != "email" {
		return nil
	}
	return s.deliver(m)
}

func (s SMTP) deliver(m domain.OutboxMessage) error {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	conn, err := net.DialTimeout("tcp", s.Addr, timeout)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	defer conn.Close()
	conn.SetDeadline(clock.System().Add(timeout)) // a network deadline follows the machine
	host, _, _ := net.SplitHostPort(s.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(tlsConfig(host)); err != nil {
			return fmt.Errorf("smtp starttls: %w", err)
		}
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(s.From); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if err := c.Rcpt(m.Recipient); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if _, err := w.Write(Message(s.From, m.Recipient, m.Subject, m.Body, s.now())); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	return c.Quit()
}

// Message is an RFC 5322 message in UTF-8: the subject encoded for
// headers, the body in base64 so that no line is too long for any server.
func Message(from, to, subject, body string, at time.Time) []byte {
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", sanitize(from))
	header("To", sanitize(to))
	header("Subject", mime.BEncoding.Encode("utf-8", sanitize(subject)))
	header("Date", at.In(clock.Zone).Format(time.RFC1123Z))
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "base64")
	b.WriteString("\r\n")
	enc := base64.StdEncoding.EncodeToString([]byte(body))
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.Bytes()
}

// sanitize keeps a header value on one line: a value with a line break
// could add headers of its own.
func sanitize(v string) string {
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
}

func (s SMTP) now() time.Time {
	if s.Now == nil {
		return clock.System()
	}
	return s.Now()
}
