// Command hatch is the 科技创业孵化机构信息服务系统: `hatch` serves it, and
// the other subcommands manage it (see usage).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "hatch:", err)
		os.Exit(1)
	}
}

const usage = `用法：
  hatch [serve] [-addr 地址] [-data 目录] [-demo=false]   启动服务（默认）
  hatch worker                                             只生成申报书（不提供网页），并发数见 HATCH_RENDER_WORKERS
  hatch migrate                                            升级数据库结构
  hatch import-accounts 文件.csv|.xlsx                     导入火炬统计单位账号（统一社会信用代码, 单位名称, 初始密码或密码哈希）
  hatch import-registry 文件.csv|.xlsx                     导入法人登记信息（统一社会信用代码, 单位名称, 法定代表人, 法定代表人身份证号码）
  hatch user create -login 登录名 -role legal|staff|reviewer|admin [-name 姓名] [-password 密码]
                    [-dept 部门编号] [-org-uscc 统一社会信用代码 -org-name 单位名称] [-mobile 手机] [-email 邮箱]
  hatch user reset-password -login 登录名
  hatch user disable|enable -login 登录名
  hatch blob migrate [-data 目录]                          把数据目录中的附件复制到 HATCH_BLOB_URL 的存储桶，逐个核对 SHA-256
  hatch blob sweep [-older 24h] [-data 目录]               删除早于该时长存入、且没有任何记录引用的文件
  hatch backup [-data 目录] 备份目录                       服务运行时备份内置数据库和附件到一个新目录，逐个核对 SHA-256
  hatch restore [-data 目录] [-replace] 备份目录           核对备份完整后恢复到数据目录（已有数据须加 -replace，原数据移开保留）
配置通过环境变量：HATCH_ADDR、HATCH_DATA、HATCH_DATABASE_URL、HATCH_BLOB_URL、HATCH_DEMO、HATCH_RENDER_WORKERS 等（见 README）。`

// run is the whole program, with its environment passed in so tests can
// run it end to end.
func run(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	stdout, stderr io.Writer,
) error {
	cmd, rest := "serve", args
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, rest = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "worker":
		return worker(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout, stderr)
	case "import-accounts", "import-registry":
		return importFile(ctx, cmd, rest, getenv, stdout, stderr)
	case "user":
		return userCmd(ctx, rest, getenv, stdout, stderr)
	case "blob":
		return blobCmd(ctx, rest, getenv, stdout, stderr)
	case "backup":
		return backupCmd(ctx, rest, getenv, stdout, stderr)
	case "restore":
		return restoreCmd(ctx, rest, getenv, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("未知命令 %q\n%s", cmd, usage)
}
