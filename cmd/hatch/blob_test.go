package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hatch/internal/blob"
	"hatch/internal/blobtest"
)

// s3URL is HATCH_BLOB_URL for the test bucket of cfg.
func s3URL(cfg blob.S3Config, extra string) string {
	u := "s3://" + cfg.Bucket + "?endpoint=" + cfg.Endpoint + "&region=" + cfg.Region + "&secure=false"
	if cfg.Secure {
		u = strings.Replace(u, "secure=false", "secure=true", 1)
	}
	return u + extra
}

// envOf is a getenv over vars only.
func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func runHatch(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, envOf(env), &out, io.Discard)
	return out.String(), err
}

func TestBlobMigrate(t *testing.T) {
	cfg := blobtest.Config(t)
	data := t.TempDir()
	disk, err := blob.NewDir(filepath.Join(data, "attachments"))
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string][]byte{}
	for _, b := range []string{"%PDF-1.7 申报书", "\x89PNG 照片", ""} {
		k, err := disk.Put(context.Background(), strings.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		bodies[k] = []byte(b)
	}
	env := map[string]string{"HATCH_DATA": data, "HATCH_BLOB_URL": s3URL(cfg, "&create=true"),
		"AWS_ACCESS_KEY_ID": cfg.AccessKey, "AWS_SECRET_ACCESS_KEY": cfg.SecretKey}

	t.Run("the first run copies every file and says so in Chinese", func(t *testing.T) {
		out, err := runHatch(t, env, "blob", "migrate")
		if err != nil || !strings.Contains(out, "已复制 3 个，存储桶中已有且一致 0 个，失败 0 个。") {
			t.Fatalf("err %v, printed:\n%s", err, out)
		}
		bucket := blobtest.S3With(t, cfg)
		for k, want := range bodies {
			rc, err := bucket.Open(context.Background(), k)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(rc)
			rc.Close()
			if !bytes.Equal(got, want) {
				t.Fatalf("%s reads %q from the bucket", k, got)
			}
		}
	})
	t.Run("a second run finds everything there and copies nothing", func(t *testing.T) {
		out, err := runHatch(t, env, "blob", "migrate")
		if err != nil || !strings.Contains(out, "已复制 0 个，存储桶中已有且一致 3 个，失败 0 个。") {
			t.Fatalf("err %v, printed:\n%s", err, out)
		}
	})
	t.Run("a file that cannot be read is named and the command fails", func(t *testing.T) {
		bad := strings.Repeat("0f", 16)
		os.MkdirAll(filepath.Join(data, "attachments", "0f"), 0o750)
		if err := os.Symlink(filepath.Join(data, "gone"), filepath.Join(data, "attachments", "0f", bad)); err != nil {
			t.Fatal(err)
		}
		out, err := runHatch(t, env, "blob", "migrate")
		if err == nil || !strings.Contains(err.Error(), "1 个文件未能复制") ||
			!strings.Contains(out, "失败："+bad) || !strings.Contains(out, "已复制 0 个，存储桶中已有且一致 3 个，失败 1 个。") {
			t.Fatalf("err %v, printed:\n%s", err, out)
		}
	})
}

func TestBlobSettingsAtStart(t *testing.T) {
	cfg := blobtest.Config(t)
	existing := blobtest.Config(t)
	blobtest.S3With(t, existing) // makes the bucket
	base := func(url string) map[string]string {
		return map[string]string{"HATCH_DATA": t.TempDir(), "HATCH_DEMO": "false", "HATCH_BLOB_URL": url,
			"AWS_ACCESS_KEY_ID": cfg.AccessKey, "AWS_SECRET_ACCESS_KEY": cfg.SecretKey}
	}
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string // "" when it works
	}{
		{"a missing bucket stops the start and says how to create it", base(s3URL(cfg, "")), []string{"migrate"},
			"没有存储桶 " + cfg.Bucket + "，或访问密钥（AWS_ACCESS_KEY_ID）无权访问它：请先创建存储桶并核对密钥，或在地址中加 create=true"},
		{"a missing bucket is created when the address asks", base(s3URL(cfg, "&create=true")), []string{"migrate"}, ""},
		{"a wrong secret key stops the start", map[string]string{"HATCH_DATA": t.TempDir(), "HATCH_BLOB_URL": s3URL(existing, ""),
			"AWS_ACCESS_KEY_ID": cfg.AccessKey, "AWS_SECRET_ACCESS_KEY": "wrong"}, []string{"migrate"}, "无法连接对象存储"},
		{"an unknown access key stops the start and is named", map[string]string{"HATCH_DATA": t.TempDir(),
			"HATCH_BLOB_URL": s3URL(existing, ""), "AWS_ACCESS_KEY_ID": "nobody", "AWS_SECRET_ACCESS_KEY": "wrong"},
			[]string{"migrate"}, "访问密钥（AWS_ACCESS_KEY_ID）无权访问它"},
		{"blob migrate without a bucket configured says what to set", map[string]string{"HATCH_DATA": t.TempDir()},
			[]string{"blob", "migrate"}, "未设置 HATCH_BLOB_URL"},
		{"blob migrate without attachments says where it looked", base(s3URL(cfg, "&create=true")),
			[]string{"blob", "migrate"}, "下没有附件目录 attachments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := runHatch(t, tt.env, tt.args...)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestBlobSweep(t *testing.T) {
	cfg := blobtest.Config(t)
	bucket := blobtest.S3With(t, cfg)
	orphan, err := bucket.Put(context.Background(), strings.NewReader("%PDF-1.4 orphan"))
	if err != nil {
		t.Fatal(err)
	}
	// S3 keeps whole seconds: the fresh file, stored 3.5 s later, is within
	// a 3 s grace unless opening the database takes over two seconds.
	time.Sleep(3500 * time.Millisecond)
	fresh, err := bucket.Put(context.Background(), strings.NewReader("%PDF-1.4 fresh"))
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"HATCH_DATA": t.TempDir(), "HATCH_BLOB_URL": s3URL(cfg, ""),
		"AWS_ACCESS_KEY_ID": cfg.AccessKey, "AWS_SECRET_ACCESS_KEY": cfg.SecretKey}

	t.Run("a file no row names is deleted once old enough, a fresh one is kept", func(t *testing.T) {
		out, err := runHatch(t, env, "blob", "sweep", "-older", "3s")
		if err != nil || !strings.Contains(out, "已删除无记录引用的文件 1 个；仍被引用 0 个；3s 内新存的 1 个暂不处理。") {
			t.Fatalf("err %v, printed:\n%s", err, out)
		}
		if _, err := bucket.Open(context.Background(), orphan); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("orphan: %v", err)
		}
		rc, err := bucket.Open(context.Background(), fresh)
		if err != nil {
			t.Fatalf("fresh: %v", err)
		}
		rc.Close()
	})
	t.Run("a grace shorter than a second is refused", func(t *testing.T) {
		if _, err := runHatch(t, env, "blob", "sweep", "-older", "0s"); err == nil || !strings.Contains(err.Error(), "-older 应为不短于 1s") {
			t.Fatalf("err = %v", err)
		}
	})
}
