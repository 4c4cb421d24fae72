// Package password hashes and checks passwords with argon2id, and checks
// that a new password is strong enough.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost settings.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// Default follows the OWASP minimum for argon2id (19 MiB, t=2, p=1): about
// 20 ms on a 2-core server, so a burst of logins on deadline day does not
// starve the saves.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1}

// Hash returns a PHC-format argon2id hash of pw.
func Hash(pw string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, 32)
	return fmt.Sprintf(
		"$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version,
		p.Memory,
		p.Time,
		p.Threads,
		b64.EncodeToString(salt),
		b64.EncodeToString(key),
	), nil
}

var b64 = base64.RawStdEncoding

// ErrMalformed means a stored hash is not an argon2id PHC string.
var ErrMalformed = errors.New("password: malformed argon2id hash")

// Verify reports whether pw matches hash, in constant time.
func Verify(pw, hash string) (bool, error) {
	p, salt, key, err := parse(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// WellFormed reports whether hash is an argon2id PHC string this package
// can verify (used when importing accounts with a hash instead of a password).
func WellFormed(hash string) bool {
	_, _, _, err := parse(hash)
	return err == nil
}

// parse rejects absurd costs too, so an imported or tampered hash cannot
// make one login allocate gigabytes.
func parse(hash string) (Params, []byte, []byte, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return Params{}, nil, nil, ErrMalformed
	}
	var v int
	var p Params
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return Params{}, nil, nil, ErrMalformed
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return Params{}, nil, nil, ErrMalformed
	}
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(key) < 16 || p.Time == 0 || p.Time > 16 ||
		p.Threads == 0 ||
		p.Memory > 1<<18 {
		return Params{}, nil, nil, ErrMalformed
	}
	return p, salt, key, nil
}

// CheckStrength returns "" if pw is acceptable, or a sentence in Chinese
// saying what a new password still needs. The rule (8–64 characters, at
// least three of: upper case, lower case, digits, symbols) is the common one
// on government platforms, so users already know it.
func CheckStrength(pw string) string {
	n := utf8.RuneCountInString(pw)
	if n < 8 || n > 64 {
		return "密码长度应为8至64位。"
	}
	var upper, lower, digit, other bool
	for _, r := range pw {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	kinds := 0
	for _, b := range []bool{upper, lower, digit, other} {
		if b {
			kinds++
		}
	}
	if kinds < 3 {
		return "密码应至少包含大写字母、小写字母、数字、符号中的三种。"
	}
	return ""
}
