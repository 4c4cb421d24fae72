package notify_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"hatch/internal/domain"
	"hatch/internal/notify"
)

// mailServer accepts one SMTP session on a local port and hands over the
// message it received. It speaks just the commands net/smtp sends.
func mailServer(t *testing.T) (string, <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got := make(chan string, 1)
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		r := bufio.NewReader(conn)
		say := func(s string) { io.WriteString(conn, s+"\r\n") }
		say("220 mail.test ESMTP")
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			switch cmd := strings.ToUpper(strings.Fields(line + " x")[0]); cmd {
			case "EHLO", "HELO":
				say("250-mail.test")
				say("250 8BITMIME")
			case "DATA":
				say("354 go ahead")
				var msg strings.Builder
				for {
					l, err := r.ReadString('\n')
					if err != nil || l == ".\r\n" {
						break
					}
					msg.WriteString(l)
				}
				got <- msg.String()
				say("250 queued")
			case "QUIT":
				say("221 bye")
				return
			default:
				say("250 ok")
			}
		}
	}()
	return ln.Addr().String(), got
}

type recorder struct{ sent []domain.OutboxMessage }

func (r *recorder) Send(_ context.Context, m domain.OutboxMessage) error {
	r.sent = append(r.sent, m)
	return nil
}

func TestSMTPDeliversChineseMail(t *testing.T) {
	addr, got := mailServer(t)
	rec := &recorder{}
	n := notify.SMTP{Addr: addr, From: "hatch@example.org", Next: rec, Timeout: 5 * time.Second}
	body := "启明星众创空间：北京市科学技术委员会退回修改。意见：请核实场地信息后重新提交。" + strings.Repeat("长", 200)
	err := n.Send(context.Background(), domain.OutboxMessage{Channel: "email", Recipient: "li@example.com",
		Subject: "申报进度：启明星众创空间\r\nBcc: evil@example.com", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	var raw string
	select {
	case raw = <-got:
	case <-time.After(5 * time.Second):
		t.Fatal("the server received no message")
	}
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("not a mail message: %v\n%s", err, raw)
	}
	t.Run("the subject decodes to the Chinese text, on one line", func(t *testing.T) {
		subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || !strings.HasPrefix(subj, "申报进度：启明星众创空间") {
			t.Errorf("subject %q (%v)", subj, err)
		}
		if msg.Header.Get("Bcc") != "" {
			t.Errorf("a line break in the subject added a Bcc header")
		}
	})
	t.Run("the body decodes to the text", func(t *testing.T) {
		enc, _ := io.ReadAll(msg.Body)
		dec, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(enc), "\r\n", ""))
		if err != nil || string(dec) != body {
			t.Errorf("body differs (%v)", err)
		}
		for _, l := range strings.Split(string(enc), "\r\n") {
			if len(l) > 78 {
				t.Fatalf("a body line is %d characters long", len(l))
			}
		}
	})
	t.Run("the outbox records it too", func(t *testing.T) {
		if len(rec.sent) != 1 || rec.sent[0].Recipient != "li@example.com" {
			t.Errorf("recorded %+v", rec.sent)
		}
	})
}

func TestSMTPLeavesSMSToNext(t *testing.T) {
	rec := &recorder{}
	n := notify.SMTP{Addr: "127.0.0.1:1", From: "hatch@example.org", Next: rec}
	if err := n.Send(context.Background(), domain.OutboxMessage{Channel: "sms", Recipient: "13800000001", Body: "123456"}); err != nil {
		t.Fatalf("an SMS went to the mail server: %v", err)
	}
	if len(rec.sent) != 1 {
		t.Errorf("the SMS was not passed on")
	}
}

func TestSMTPReportsAnUnreachableServer(t *testing.T) {
	n := notify.SMTP{Addr: "127.0.0.1:1", From: "hatch@example.org", Next: notify.LogOutbox{Log: slog.New(slog.DiscardHandler),
		Outbox: outboxFunc(func(context.Context, domain.OutboxMessage) error { return nil })}, Timeout: time.Second}
	if err := n.Send(context.Background(), domain.OutboxMessage{Channel: "email", Recipient: "a@example.com"}); err == nil {
		t.Fatal("no error for a server that is not there")
	}
}

type outboxFunc func(context.Context, domain.OutboxMessage) error

func (f outboxFunc) AddOutbox(ctx context.Context, m domain.OutboxMessage) error { return f(ctx, m) }
