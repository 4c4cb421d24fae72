package form

import (
	"strconv"
	"strings"
	"time"

	"hatch/internal/domain"
	"hatch/internal/ident"
)

// Parsing helpers shared by the rules and the conditions. Values are kept
// as typed; these read them leniently (spaces, full-width digits) and
// report whether they could.

// Number parses a numeric value: "1,234.5", " 620 ", "６２０" all work.
func Number(v string) (float64, bool) {
	v = normaliseNumber(v)
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil
}

// Integer parses a whole number.
func Integer(v string) (int64, bool) {
	n, err := strconv.ParseInt(normaliseNumber(v), 10, 64)
	return n, err == nil
}

func normaliseNumber(v string) string {
	v = strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '．':
			return '.'
		case r == ',' || r == '，' || r == ' ' || r == '\u3000':
			return -1
		}
		return r
	}, v)
	return strings.TrimSpace(v)
}

// dateSeparators turns the ways people write dates into YYYY-M-D. It is
// immutable, so sharing it is safe.
var dateSeparators = strings.NewReplacer("/", "-", ".", "-", "年", "-", "月", "-", "日", "")

// ParseDate reads YYYY-MM-DD, and also YYYY/MM/DD, YYYY.MM.DD and
// YYYY年M月D日 as people type them.
func ParseDate(v string) (time.Time, bool) {
	if len(v) == 10 && v[4] == '-' && v[7] == '-' { // the stored form: the common case
		t, err := time.Parse("2006-01-02", v)
		return t, err == nil
	}
	t, err := time.Parse("2006-1-2", dateSeparators.Replace(strings.TrimSpace(v)))
	return t, err == nil
}

// FormatDate prints a date as stored and shown: 2021-10-31.
func FormatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// Between reports whether t is within [from, to]; a zero bound is open.
func Between(t, from, to time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || !t.After(to))
}

// Yes reports whether a 是/否 value is 是.
func Yes(v string) bool { return strings.TrimSpace(v) == "是" }

// Canonical is a value as the form stores it when it can read it: dates
// as YYYY-MM-DD, numbers without separators or full-width digits,
// 统一社会信用代码 and 身份证号码 in the one form they are stored and compared
// in (ident.Canonical: ASCII capitals, without spaces or dashes), other
// text trimmed. Anything it cannot read is returned as given, so the
// checks can name it; nothing typed is lost.
func Canonical(f *Field, v string) string {
	if f.Identifier() {
		return ident.Canonical(v)
	}
	v = strings.TrimSpace(v)
	switch f.Kind {
	case Date:
		if t, ok := ParseDate(v); ok {
			return FormatDate(t)
		}
	case Int, Decimal:
		if _, ok := Number(v); ok {
			return normaliseNumber(v)
		}
	}
	return v
}

// Identifier reports the kinds stored in their canonical form wherever they
// are entered (pages, the API, imports), so that two spellings of one code
// are one code.
func (f *Field) Identifier() bool { return f.Kind == USCC || f.Kind == IDNumber }

// CanonicalIdentifiers returns v with the values of its identifier fields
// (统一社会信用代码, 身份证号码) in their canonical form, and every other value
// as given: a save stores codes as the standards write them, and the rest
// as typed.
func CanonicalIdentifiers(fields []Field, v domain.Values) domain.Values {
	out := make(domain.Values, len(v))
	for k, val := range v {
		if f := findField(fields, k); f != nil && f.Identifier() {
			val = ident.Canonical(val)
		}
		out[k] = val
	}
	return out
}

// FormatNumber prints a number the way forms show it: integers plainly,
// decimals with two places.
func FormatNumber(f float64, decimals int) string {
	return strconv.FormatFloat(f, 'f', decimals, 64)
}

// FileSize prints a byte count the way users read it, the same on pages,
// in messages and in the 申报书: "812 字节", "20 KB", "10 MB", "1.5 MB".
func FileSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<20:
		return strconv.FormatInt(n*10>>20/10, 10) + "." + strconv.FormatInt(n*10>>20%10, 10) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}
