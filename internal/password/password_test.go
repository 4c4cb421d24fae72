package password_test

import (
	"strings"
	"testing"

	"hatch/internal/password"
	"hatch/internal/testkit"
)

func TestHashVerify(t *testing.T) {
	h, err := password.Hash("Demo@2021", testkit.FastPassword)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Fatalf("hash not in PHC form: %s", h)
	}
	tests := []struct {
		name string
		pw   string
		want bool
	}{
		{"right password matches", "Demo@2021", true},
		{"wrong case rejected", "demo@2021", false},
		{"empty rejected", "", false},
		{"trailing space rejected", "Demo@2021 ", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := password.Verify(tt.pw, h)
			if err != nil || ok != tt.want {
				t.Fatalf("Verify(%q) = %v, %v; want %v", tt.pw, ok, err, tt.want)
			}
		})
	}
}

func TestVerifyRejectsMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "plain", "$2a$10$abcdefghijklmnopqrstuv", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$",
		"$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5"} {
		t.Run(h, func(t *testing.T) {
			if _, err := password.Verify("x", h); err == nil {
				t.Fatal("accepted malformed hash")
			}
			if password.WellFormed(h) {
				t.Fatal("WellFormed accepted malformed hash")
			}
		})
	}
}

func TestCheckStrength(t *testing.T) {
	tests := []struct {
		pw   string
		want string
	}{
		{"Demo@2021", ""},
		{"abcdEFGH12", ""},
		{"短密码Aa1", "长度"},
		{"abcdefgh", "三种"},
		{"12345678", "三种"},
		{strings.Repeat("Aa1!", 17), "长度"},
	}
	for _, tt := range tests {
		t.Run(tt.pw, func(t *testing.T) {
			got := password.CheckStrength(tt.pw)
			if (tt.want == "") != (got == "") || !strings.Contains(got, tt.want) {
				t.Fatalf("CheckStrength(%q) = %q, want %q", tt.pw, got, tt.want)
			}
		})
	}
}

func FuzzVerify(f *testing.F) {
	f.Add("x", "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5")
	f.Fuzz(func(t *testing.T, pw, hash string) {
		if len(hash) > 200 {
			return
		}
		password.Verify(pw, hash) // must not panic or allocate absurdly
	})
}
