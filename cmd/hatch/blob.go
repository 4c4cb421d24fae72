package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"hatch/internal/blob"
	"hatch/internal/clock"
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
	case "sweep":
		return blobSweep(ctx, args[1:], getenv, stdout, stderr)
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

// blobSweep deletes the stored files no row names that are older than
// -older (a day by default: a file is stored before its row is written).
func blobSweep(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	stdout, stderr io.Writer,
) error {
	fs := flag.NewFlagSet("hatch blob sweep", flag.ContinueOnError)
	fs.SetOutput(stderr)
	older := fs.Duration("older", sweepGrace, "只删除早于此时长存入的文件")
	data := fs.String("data", "", "数据目录 (HATCH_DATA)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *older < time.Second {
		return errors.New("-older 应为不短于 1s 的时长，例如 24h")
	}
	rest := fs.Args()
	if *data != "" {
		rest = append([]string{"-data", *data}, rest...)
	}
	a, err := open(ctx, rest, getenv, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	swept, err := a.svc.SweepBlobs(ctx, clock.System().Add(-*older))
	fmt.Fprintf(stdout, "已删除无记录引用的文件 %d 个；仍被引用 %d 个；%s 内新存的 %d 个暂不处理。\n",
		swept.Deleted, swept.InUse, *older, swept.Fresh)
	if swept.Abandoned > 0 {
		fmt.Fprintf(stdout, "另清除了 %d 个早于 %s 开始、一直未完成的上传。\n", swept.Abandoned, *older)
	}
	if err != nil {
		return fmt.Errorf("清理中断（再次运行即可继续）：%w", err)
	}
	return nil
}

// sweepGrace is how old an unnamed file must be before it is swept: far
// longer than any upload takes to write its row.
const sweepGrace = 24 * time.Hour
