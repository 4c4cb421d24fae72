// Package domain holds Hatch's core types, roles and the one error type that
// every layer returns. It imports none of our packages and does no I/O.
//
// Its files: error.go and fields.go, the error type and per-field
// messages; role.go and account.go, who acts; carrier.go, application.go
// and records.go, what they act on; workflow.go, the review engine of
// states and actions, and chains.go, each application type's table and
// wording for it, with paper_receipt.go, the paper check's
// register entry, and quota.go, what counts against a province's 名额.
package domain

import (
	"errors"
	"fmt"
	"time"
)

// Kind classifies an Error so that the web layer can map it to a status code
// without inspecting messages.
type Kind int

// The error kinds. Internal is the zero value so that an Error built by
// mistake without a kind is never shown to a user as if it were safe.
const (
	Internal        Kind = iota // unexpected; the user sees a generic message
	Invalid                     // the input breaks a rule; Fields says where
	NotFound                    // no such thing, or not visible to the asker
	Forbidden                   // visible, but the asker may not do this
	Unauthenticated             // no valid session or token
	Conflict                    // someone else changed it first
	TooMany                     // throttled or locked out
)

// Error is the application error: a kind, a message safe to show to users in
// Chinese, optional per-field messages, and the wrapped cause for the log.
type Error struct {
	Kind    Kind
	Message string
	Fields  FieldErrors
	Err     error
	// Retry is, for TooMany, how long until trying again may succeed;
	// the web layer sends it as Retry-After.
	Retry time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %v", e.Message, e.Err)
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error of the given kind with a user-safe message.
func Errorf(kind Kind, format string, args ...any) *Error {
	return &Error{Kind: kind, Message: fmt.Sprintf(format, args...)}
}

// Wrap marks err as internal while keeping it for the log.
func Wrap(err error, context string) error {
	if err == nil {
		return nil
	}
	var de *Error
	if errors.As(err, &de) {
		return err
	}
	return &Error{Kind: Internal, Message: context, Err: err}
}

// KindOf returns the kind of err; anything that is not an *Error is Internal.
func KindOf(err error) Kind {
	var de *Error
	if errors.As(err, &de) {
		return de.Kind
	}
	return Internal
}

// Message returns the text a user may see for err. Internal errors never leak
// their cause: the user gets a generic sentence and the log gets the rest.
func Message(err error) string {
	var de *Error
	if errors.As(err, &de) && de.Kind != Internal {
		return de.Message
	}
	return "系统繁忙，请稍后重试。如问题持续存在，请联系技术支持。"
}

// FieldsOf returns the per-field messages carried by err, if any.
func FieldsOf(err error) FieldErrors {
	var de *Error
	if errors.As(err, &de) {
		return de.Fields
	}
	return nil
}

// RetryOf returns how long err says to wait before trying again; 0 when
// it says nothing.
func RetryOf(err error) time.Duration {
	var de *Error
	if errors.As(err, &de) {
		return de.Retry
	}
	return 0
}

// ErrNotFound is the sentinel for "no such record" used by the store.
var ErrNotFound = &Error{Kind: NotFound, Message: "未找到相关记录，或您无权查看。"}
