package config_test

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"hatch/internal/blob"
	"hatch/internal/config"
)

// s3Env is the environment of an S3 store at url with credentials.
func s3Env(url string) map[string]string {
	return map[string]string{"HATCH_BLOB_URL": url, "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "SECRET"}
}

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c config.Config)
	}{
		{name: "defaults need nothing", check: func(t *testing.T, c config.Config) {
			if c.Addr != "127.0.0.1:8080" || c.DataDir != "./hatch-data" || !c.Demo || c.DatabaseURL != "" {
				t.Fatalf("unexpected defaults %+v", c)
			}
			if c.SupportPhone != "010-88656315" {
				t.Fatalf("support phone %q", c.SupportPhone)
			}
		}},
		{name: "flag wins over environment", args: []string{"-addr", "0.0.0.0:9000"}, env: map[string]string{"HATCH_ADDR": "127.0.0.1:1"},
			check: func(t *testing.T, c config.Config) {
				if c.Addr != "0.0.0.0:9000" {
					t.Fatalf("addr %q", c.Addr)
				}
			}},
		{name: "demo can be turned off", env: map[string]string{"HATCH_DEMO": "false"}, check: func(t *testing.T, c config.Config) {
			if c.Demo {
				t.Fatal("demo still on")
			}
		}},
		{name: "postgres url accepted", env: map[string]string{"HATCH_DATABASE_URL": "postgres://u@h/db"}},
		{name: "bad address refused", args: []string{"-addr", "8080"}, wantErr: "HATCH_ADDR"},
		{name: "mysql url refused", env: map[string]string{"HATCH_DATABASE_URL": "mysql://x"}, wantErr: "HATCH_DATABASE_URL"},
		{name: "bad idle timeout refused", env: map[string]string{"HATCH_IDLE_TIMEOUT": "soon"}, wantErr: "HATCH_IDLE_TIMEOUT"},
		{name: "upload limit out of range refused", env: map[string]string{"HATCH_MAX_UPLOAD_MB": "0"}, wantErr: "HATCH_MAX_UPLOAD_MB"},
		{name: "stray argument refused", args: []string{"extra"}, wantErr: "多余的参数"},
		{name: "test clock starts at the given instant", env: map[string]string{"HATCH_TEST_NOW": "2027-12-04T10:00:00+08:00"},
			check: func(t *testing.T, c config.Config) {
				got, want := c.Clock()(), time.Date(2027, 12, 4, 2, 0, 0, 0, time.UTC)
				if got.Before(want) || got.Sub(want) > time.Minute {
					t.Fatalf("clock reads %v, want %v or just after", got, want)
				}
			}},
		{name: "without a test clock the machine's runs", check: func(t *testing.T, c config.Config) {
			if d := time.Since(c.Clock()()); d < -time.Minute || d > time.Minute {
				t.Fatalf("clock is %v away from the machine's", d)
			}
		}},
		{name: "unreadable test clock refused", env: map[string]string{"HATCH_TEST_NOW": "next year"}, wantErr: "HATCH_TEST_NOW"},
		{name: "one render worker by default", check: func(t *testing.T, c config.Config) {
			if c.RenderWorkers != 1 {
				t.Fatalf("render workers %d, want 1", c.RenderWorkers)
			}
		}},
		{name: "render workers can be turned off", env: map[string]string{"HATCH_RENDER_WORKERS": "0"},
			check: func(t *testing.T, c config.Config) {
				if c.RenderWorkers != 0 {
					t.Fatalf("render workers %d, want 0", c.RenderWorkers)
				}
			}},
		{name: "negative render workers refused", env: map[string]string{"HATCH_RENDER_WORKERS": "-1"}, wantErr: "HATCH_RENDER_WORKERS"},
		{name: "unreadable render workers refused", env: map[string]string{"HATCH_RENDER_WORKERS": "two"}, wantErr: "HATCH_RENDER_WORKERS"},
		{name: "render timeout taken", env: map[string]string{"HATCH_RENDER_TIMEOUT": "20s"},
			check: func(t *testing.T, c config.Config) {
				if c.RenderTimeout != 20*time.Second {
					t.Fatalf("render timeout %s, want 20s", c.RenderTimeout)
				}
			}},
		{name: "render timeout under five seconds refused", env: map[string]string{"HATCH_RENDER_TIMEOUT": "1s"}, wantErr: "HATCH_RENDER_TIMEOUT"},
		{name: "unreadable render timeout refused", env: map[string]string{"HATCH_RENDER_TIMEOUT": "五分钟"}, wantErr: "HATCH_RENDER_TIMEOUT"},
		{name: "application limit below the file limit refused", env: map[string]string{"HATCH_MAX_APP_FILES_MB": "5"}, wantErr: "HATCH_MAX_APP_FILES_MB"},
		{name: "without a blob URL attachments stay on disk", check: func(t *testing.T, c config.Config) {
			if _, ok := c.S3(); ok {
				t.Fatal("S3 chosen without HATCH_BLOB_URL")
			}
		}},
		{name: "an S3 bucket with its options and the usual credentials is accepted",
			env: s3Env("s3://hatch-files?endpoint=oss.example.gov.cn:9000&region=cn-north-1&secure=false&create=true&presign=10m"),
			check: func(t *testing.T, c config.Config) {
				got, ok := c.S3()
				want := blob.S3Config{Bucket: "hatch-files", Endpoint: "oss.example.gov.cn:9000", Region: "cn-north-1",
					Secure: false, Create: true, Presign: 10 * time.Minute, AccessKey: "AKID", SecretKey: "SECRET"}
				if !ok || got != want {
					t.Fatalf("S3() = %+v, %v; want %+v", got, ok, want)
				}
			}},
		{name: "an S3 bucket defaults to HTTPS, us-east-1, no bucket creation and no links",
			env: s3Env("s3://hatch-files?endpoint=oss.example.gov.cn:443"),
			check: func(t *testing.T, c config.Config) {
				got, _ := c.S3()
				if !got.Secure || got.Region != "us-east-1" || got.Create || got.Presign != 0 {
					t.Fatalf("S3() = %+v", got)
				}
			}},
		{name: "a blob URL of another scheme is refused", env: s3Env("https://oss.example.gov.cn/hatch"),
			wantErr: "HATCH_BLOB_URL 应为 s3://存储桶名?endpoint=主机:端口"},
		{name: "a blob URL without an endpoint is refused", env: s3Env("s3://hatch-files?region=cn-north-1"),
			wantErr: "endpoint 应为“主机:端口”"},
		{name: "an upper-case bucket name is refused", env: s3Env("s3://Hatch?endpoint=h:9000"), wantErr: "存储桶名 \"Hatch\""},
		{name: "a misspelt option is refused", env: s3Env("s3://hatch-files?endpoint=h:9000&presing=10m"), wantErr: "未知参数 presing"},
		{name: "a secure switch that is not true or false is refused", env: s3Env("s3://hatch-files?endpoint=h:9000&secure=ja"),
			wantErr: "secure 应为 true 或 false"},
		{name: "a presign time beyond seven days is refused", env: s3Env("s3://hatch-files?endpoint=h:9000&presign=200h"),
			wantErr: "presign 应为 1s 至 168h"},
		{name: "logs are text by default", check: func(t *testing.T, c config.Config) {
			var b strings.Builder
			c.Logger(&b).Info("started", "addr", "127.0.0.1:8080")
			if c.LogFormat != "text" || !strings.HasPrefix(b.String(), "time=") {
				t.Fatalf("format %q wrote %q", c.LogFormat, b.String())
			}
		}},
		{name: "json logs write one JSON object per line", env: map[string]string{"HATCH_LOG_FORMAT": "JSON"},
			check: func(t *testing.T, c config.Config) {
				var b strings.Builder
				c.Logger(&b).Info("started", "addr", "127.0.0.1:8080")
				var line map[string]any
				if err := json.Unmarshal([]byte(b.String()), &line); err != nil || line["msg"] != "started" || line["addr"] != "127.0.0.1:8080" {
					t.Fatalf("wrote %q (%v)", b.String(), err)
				}
			}},
		{name: "an unknown log format is refused", env: map[string]string{"HATCH_LOG_FORMAT": "xml"}, wantErr: "HATCH_LOG_FORMAT 应为 text 或 json"},
		{name: "no operations listener by default", check: func(t *testing.T, c config.Config) {
			if c.MetricsAddr != "" || c.MetricsToken != "" {
				t.Fatalf("metrics addr %q, token %q", c.MetricsAddr, c.MetricsToken)
			}
		}},
		{name: "an operations listener and a metrics token are taken",
			env: map[string]string{"HATCH_METRICS_ADDR": "10.0.0.5:9090", "HATCH_METRICS_TOKEN": "0123456789abcdef0123"},
			check: func(t *testing.T, c config.Config) {
				if c.MetricsAddr != "10.0.0.5:9090" || c.MetricsToken != "0123456789abcdef0123" {
					t.Fatalf("metrics addr %q, token %q", c.MetricsAddr, c.MetricsToken)
				}
			}},
		{name: "an operations listener without a port is refused", env: map[string]string{"HATCH_METRICS_ADDR": "9090"},
			wantErr: "HATCH_METRICS_ADDR \"9090\" 不是“主机:端口”形式"},
		{name: "an operations listener on the site's address is refused",
			env:     map[string]string{"HATCH_ADDR": "127.0.0.1:8080", "HATCH_METRICS_ADDR": "127.0.0.1:8080"},
			wantErr: "HATCH_METRICS_ADDR 应与 HATCH_ADDR 不同"},
		{name: "a short metrics token is refused", env: map[string]string{"HATCH_METRICS_TOKEN": "secret"},
			wantErr: "HATCH_METRICS_TOKEN 应为至少 16 个字符"},
		{name: "a metrics token with a space is refused", env: map[string]string{"HATCH_METRICS_TOKEN": "0123456789 abcdef0123"},
			wantErr: "HATCH_METRICS_TOKEN 应为至少 16 个字符"},
		{name: "a blob URL without credentials is refused", env: map[string]string{"HATCH_BLOB_URL": "s3://hatch-files?endpoint=h:9000"},
			wantErr: "AWS_ACCESS_KEY_ID 与 AWS_SECRET_ACCESS_KEY"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(tt.args, func(k string) string { return tt.env[k] }, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}
