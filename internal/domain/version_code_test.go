package domain_test

import (
	"testing"

	"hatch/internal/domain"
)

func TestNormalizeVersionCode(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"the canonical form is kept", "2021ZC-7K3M-Q9TX", "2021ZC-7K3M-Q9TX"},
		{"lower case and no dashes are read", "2021zc7k3mq9tx", "2021ZC-7K3M-Q9TX"},
		{"full-width digits, letters and spaces are read", "２０２１ｚｃ　７ｋ３ｍ　ｑ９ｔｘ", "2021ZC-7K3M-Q9TX"},
		{"a full-width dash and an em dash are read", "2021ZC－7K3M—Q9TX", "2021ZC-7K3M-Q9TX"},
		{"O, I and L are read as 0 and 1", "2O21ZC-7K3M-QITL", "2021ZC-7K3M-Q1T1"},
		{"a verification address gives its code", "https://hatch.example.org/verify?v=2021zc-7k3m-q9tx", "2021ZC-7K3M-Q9TX"},
		{"a letter outside the alphabet is no code", "2021ZC-7K3M-Q9TU", ""},
		{"Chinese numerals are no code", "二〇二一ZC-7K3M-Q9TX", ""},
		{"too short is no code", "2021ZC-7K3M", ""},
		{"digits for the type are no code", "202100-7K3M-Q9TX", ""},
		{"empty is no code", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := domain.NormalizeVersionCode(c.in); got != c.want {
				t.Errorf("NormalizeVersionCode(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func FuzzSameVersion(f *testing.F) {
	for _, s := range []string{"2021ZC-7K3M-Q9TX", "２０２１zc hw2w w3fq", "", "v="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		n := domain.NormalizeVersionCode(typed)
		if domain.SameVersion(typed, "2021ZC-7K3M-Q9TX") != (n == "2021ZC-7K3M-Q9TX") {
			t.Fatalf("SameVersion and NormalizeVersionCode disagree on %q", typed)
		}
		if n != "" && domain.NormalizeVersionCode(n) != n {
			t.Fatalf("not idempotent: %q → %q", typed, n)
		}
	})
}
