package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"hatch/internal/backup"
	"hatch/internal/clock"
	"hatch/internal/config"
)

// backupCmd runs `hatch backup [-data 目录] 备份目录`: an online copy of
// the embedded default's database and attachments.
func backupCmd(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	stdout, stderr io.Writer,
) error {
	cfg, dir, _, err := backupArgs("backup", args, getenv, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "正在把数据目录 %s 备份到 %s（服务可以继续运行）……\n", cfg.DataDir, dir)
	m, err := backup.Take(ctx, cfg.DataDir, dir, clock.System())
	if err != nil {
		return fmt.Errorf("备份未完成：%w", err)
	}
	fmt.Fprintf(stdout, "备份完成：数据库结构版本 %d，%s；附件与申报书文件 %d 个，共 %s，均已读回按 SHA-256 核对。清单见 %s/%s。\n",
		m.SchemaVersion, countsLine(m), len(m.Files), sizeText(m.Bytes()), dir, backup.ManifestName)
	return nil
}

// restoreCmd runs `hatch restore [-data 目录] [-replace] 备份目录`.
func restoreCmd(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	stdout, stderr io.Writer,
) error {
	cfg, dir, replace, err := backupArgs("restore", args, getenv, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "正在核对备份 %s，再恢复到数据目录 %s……\n", dir, cfg.DataDir)
	r, err := backup.Restore(ctx, dir, cfg.DataDir, backup.Options{Replace: replace, Now: clock.System()})
	if err != nil {
		return fmt.Errorf("没有恢复：%w", err)
	}
	m := r.Manifest
	fmt.Fprintf(stdout, "已恢复 %s 做的备份：数据库结构版本 %d，%s；附件与申报书文件 %d 个，均已按 SHA-256 核对。\n",
		m.MadeAt.In(clock.Zone).Format("2006-01-02 15:04:05"), m.SchemaVersion, countsLine(m), len(m.Files))
	if r.Aside != "" {
		fmt.Fprintf(stdout, "数据目录中原有的数据已移到 %s，没有删除。\n", r.Aside)
	}
	if m.SchemaVersion < r.Latest {
		fmt.Fprintf(stdout, "备份的数据库结构版本 %d 低于本程序的 %d：下次启动 hatch（或运行 hatch migrate）时会自动升级。\n",
			m.SchemaVersion, r.Latest)
	}
	return nil
}

// backupArgs reads `hatch backup|restore [-data 目录] [-replace] 备份目录`
// and refuses a deployment on PostgreSQL or S3, which has its own tools.
func backupArgs(
	cmd string,
	args []string,
	getenv func(string) string,
	stderr io.Writer,
) (cfg config.Config, dir string, replace bool, err error) {
	fs := flag.NewFlagSet("hatch "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "数据目录 (HATCH_DATA)")
	if cmd == "restore" {
		fs.BoolVar(&replace, "replace", false, "数据目录中已有数据时，把它移到 replaced-日期-时间 文件夹后再恢复")
	}
	if err = fs.Parse(args); err != nil {
		return cfg, "", false, err
	}
	if fs.NArg() != 1 || fs.Arg(0) == "" {
		return cfg, "", false, fmt.Errorf("请给出一个备份目录，例如 hatch %s /backup/hatch-20211115\n%s", cmd, usage)
	}
	var rest []string
	if *data != "" {
		rest = []string{"-data", *data}
	}
	if cfg, err = config.Load(rest, getenv, stderr); err != nil {
		return cfg, "", false, err
	}
	return cfg, fs.Arg(0), replace, embeddedOnly(cmd, cfg)
}

// embeddedOnly refuses PostgreSQL and S3: hatch backup copies the data
// directory, which then holds neither the database nor the files.
func embeddedOnly(cmd string, cfg config.Config) error {
	what := ""
	switch {
	case cfg.DatabaseURL != "":
		what = "PostgreSQL（HATCH_DATABASE_URL）"
	case cfg.BlobURL != "":
		what = "对象存储（HATCH_BLOB_URL）"
	default:
		return nil
	}
	return errors.New("hatch " + cmd + " 只用于内置数据库（SQLite）和数据目录中的附件，而本配置使用的是 " + what +
		"：请用 pg_dump / pg_restore 备份和恢复数据库，并复制存储桶（或开启版本控制），步骤见 README 的“Backups”一节")
}

// countsLine says what the backup holds, for people.
func countsLine(m backup.Manifest) string {
	c := m.Counts
	return fmt.Sprintf("单位 %d 个、账号 %d 个、申报书 %d 份、表格行 %d 行、附件 %d 个、版本 %d 个",
		c["orgs"], c["users"], c["applications"], c["app_rows"], c["attachments"], c["app_versions"])
}

// sizeText is a byte count for people.
func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}
