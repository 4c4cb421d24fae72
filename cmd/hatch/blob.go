package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"hatch/internal/blob"
	"hatch/internal/config"
)

// blobCmd runs `hatch blob migrate` (and the other blob subcommands).
func blobCmd(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	stdout, stderr io.Writer,
) error {
	if len(args) == 0 {
		return fmt.Errorf("缺少子命令\n%s", usage)
	}
	switch args[0] {
	case "migrate":
		return blobMigrate(ctx, args[1:], getenv, stdout, stderr)
	}
	return fmt.Errorf("未知命令 blob %s\n%s", args[0], usage)
}

// blobMigrate copies the attachments under HATCH_DATA into the bucket of
// HATCH_BLOB_URL, verifying each, and may run again until nothing fails.
func blobMigrate(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	stdout, stderr io.Writer,
) error {
	cfg, err := config.Load(args, getenv, stderr)
	if err != nil {
		return err
	}
	s3cfg, ok := cfg.S3()
	if !ok {
		return errors.New("未设置 HATCH_BLOB_URL：请指定要迁入的对象存储，例如 s3://hatch?endpoint=oss.example.gov.cn:443")
	}
	dir := attachmentsDir(cfg)
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("数据目录 %s 下没有附件目录 attachments（HATCH_DATA / -data 是否正确？）", cfg.DataDir)
	}
	from, err := blob.NewDir(dir)
	if err != nil {
		return err
	}
	to, err := blob.NewS3(ctx, s3cfg)
	if err != nil {
		return fmt.Errorf("连接对象存储（HATCH_BLOB_URL）：%w", err)
	}
	fmt.Fprintf(stdout, "正在把 %s 中的附件复制到存储桶 %s，并逐个按 SHA-256 核对……\n", dir, to.Bucket())
	res, err := blob.Copy(ctx, from, to)
	for _, f := range res.Failed {
		fmt.Fprintf(stdout, "  失败：%s：%v\n", f.Key, f.Err)
	}
	fmt.Fprintf(stdout, "已复制 %d 个，存储桶中已有且一致 %d 个，失败 %d 个。\n", res.Copied, res.Present, len(res.Failed))
	if err != nil {
		return fmt.Errorf("读取附件目录中断：%w", err)
	}
	if len(res.Failed) > 0 {
		return fmt.Errorf("%d 个文件未能复制，请按上面的原因处理后再次运行 hatch blob migrate（已复制的不会重复复制）", len(res.Failed))
	}
	return nil
}
