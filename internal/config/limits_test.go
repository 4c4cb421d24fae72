package config_test

import (
	"io"
	"strings"
	"testing"
	"time"

	"hatch/internal/config"
)

func TestLimitSettings(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		want    config.Limits
		wantErr string
	}{
		{name: "defaults a person never meets", want: config.Limits{Renders: 3,
			Imports: config.Rate{N: 30, Per: 10 * time.Minute}, Exports: config.Rate{N: 60, Per: 10 * time.Minute},
			ListExports: config.Rate{N: 30, Per: 10 * time.Minute}}},
		{name: "each limit set", env: map[string]string{"HATCH_LIMIT_RENDERS": "8", "HATCH_LIMIT_IMPORTS": "5/1m",
			"HATCH_LIMIT_EXPORTS": " 100 / 1h ", "HATCH_LIMIT_LIST_EXPORTS": "10/30s"},
			want: config.Limits{Renders: 8, Imports: config.Rate{N: 5, Per: time.Minute},
				Exports: config.Rate{N: 100, Per: time.Hour}, ListExports: config.Rate{N: 10, Per: 30 * time.Second}}},
		{name: "zero turns each off", env: map[string]string{"HATCH_LIMIT_RENDERS": "0", "HATCH_LIMIT_IMPORTS": "0",
			"HATCH_LIMIT_EXPORTS": "0", "HATCH_LIMIT_LIST_EXPORTS": "0"}},
		{name: "negative renders refused", env: map[string]string{"HATCH_LIMIT_RENDERS": "-1"}, wantErr: "HATCH_LIMIT_RENDERS"},
		{name: "unreadable renders refused", env: map[string]string{"HATCH_LIMIT_RENDERS": "三"}, wantErr: "HATCH_LIMIT_RENDERS"},
		{name: "a rate without its window refused", env: map[string]string{"HATCH_LIMIT_IMPORTS": "30"},
			wantErr: "HATCH_LIMIT_IMPORTS 应为“次数/时长”"},
		{name: "a rate of no uses refused", env: map[string]string{"HATCH_LIMIT_EXPORTS": "0/10m"}, wantErr: "HATCH_LIMIT_EXPORTS"},
		{name: "a window under a second refused", env: map[string]string{"HATCH_LIMIT_EXPORTS": "5/10ms"}, wantErr: "HATCH_LIMIT_EXPORTS"},
		{name: "a window beyond a day refused", env: map[string]string{"HATCH_LIMIT_LIST_EXPORTS": "5/48h"},
			wantErr: "HATCH_LIMIT_LIST_EXPORTS"},
		{name: "an unreadable window refused", env: map[string]string{"HATCH_LIMIT_IMPORTS": "30/十分钟"}, wantErr: "HATCH_LIMIT_IMPORTS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(nil, func(k string) string { return tt.env[k] }, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Limits != tt.want {
				t.Fatalf("limits %+v, want %+v", c.Limits, tt.want)
			}
		})
	}
}
