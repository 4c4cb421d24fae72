package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Per-account limits on the expensive actions (HATCH_LIMIT_*): how many
// 申报书 of one account may wait or be made at once, and how many import
// previews and exports an account may make in a window. Each is checked
// across every instance on the database; 0 turns one off.

// Limits are the HATCH_LIMIT_* settings.
type Limits struct {
	Renders     int  // HATCH_LIMIT_RENDERS: 申报书 per account waiting or being made
	Imports     Rate // HATCH_LIMIT_IMPORTS: import previews per account (and one import at a time)
	Exports     Rate // HATCH_LIMIT_EXPORTS: an application's spreadsheets and 承诺书 templates per account
	ListExports Rate // HATCH_LIMIT_LIST_EXPORTS: a department's lists per account
}

// Rate is N per window (Per), written "30/10m"; "0" is no limit.
type Rate struct {
	N   int
	Per time.Duration
}

// String writes the rate as it is set.
func (r Rate) String() string {
	if r.N == 0 {
		return "0"
	}
	return strconv.Itoa(r.N) + "/" + r.Per.String()
}

// The defaults: far above a person clicking, well below a script looping.
var defaultLimits = Limits{
	Renders:     3,
	Imports:     Rate{N: 30, Per: 10 * time.Minute},
	Exports:     Rate{N: 60, Per: 10 * time.Minute},
	ListExports: Rate{N: 30, Per: 10 * time.Minute},
}

// readLimits reads the HATCH_LIMIT_* settings; a value that cannot be
// read becomes N = -1, which checkLimitSettings reports.
func readLimits(getenv func(string) string) Limits {
	l := defaultLimits
	if v := strings.TrimSpace(getenv("HATCH_LIMIT_RENDERS")); v != "" {
		l.Renders = intEnv(v, 0)
	}
	l.Imports = rateEnv(getenv("HATCH_LIMIT_IMPORTS"), l.Imports)
	l.Exports = rateEnv(getenv("HATCH_LIMIT_EXPORTS"), l.Exports)
	l.ListExports = rateEnv(getenv("HATCH_LIMIT_LIST_EXPORTS"), l.ListExports)
	return l
}

// rateEnv reads "N/window" or "0".
func rateEnv(v string, d Rate) Rate {
	v = strings.TrimSpace(v)
	if v == "" {
		return d
	}
	if v == "0" {
		return Rate{}
	}
	n, per, ok := strings.Cut(v, "/")
	x, err := strconv.Atoi(strings.TrimSpace(n))
	w, werr := time.ParseDuration(strings.TrimSpace(per))
	if !ok || err != nil || werr != nil || x < 1 || w < time.Second || w > 24*time.Hour {
		return Rate{N: -1}
	}
	return Rate{N: x, Per: w}
}

// checkLimitSettings reports each HATCH_LIMIT_* setting that could not be
// read.
func (c Config) checkLimitSettings(add func(bool, string)) {
	add(c.Limits.Renders < 0 || c.Limits.Renders > 1000,
		"HATCH_LIMIT_RENDERS 应为 0 至 1000 之间的整数（每个账号同时排队或生成的申报书份数，0 表示不限）")
	for _, s := range []struct {
		name string
		r    Rate
	}{{"HATCH_LIMIT_IMPORTS", c.Limits.Imports}, {"HATCH_LIMIT_EXPORTS", c.Limits.Exports},
		{"HATCH_LIMIT_LIST_EXPORTS", c.Limits.ListExports}} {
		add(s.r.N < 0, fmt.Sprintf("%s 应为“次数/时长”，时长 1s 至 24h，例如 30/10m；0 表示不限", s.name))
	}
}
