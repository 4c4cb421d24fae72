package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"hatch/internal/domain"
	"hatch/internal/service"
	"hatch/internal/sheet"
)

func importFile(
	ctx context.Context,
	cmd string,
	args []string,
	getenv func(string) string,
	stdout, stderr io.Writer,
) error {
	if len(args) != 1 {
		return fmt.Errorf("用法：hatch %s 文件.csv|.xlsx", cmd)
	}
	rows, err := sheet.Read(args[0])
	if err != nil {
		return err
	}
	a, err := open(ctx, nil, getenv, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	var n int
	if cmd == "import-accounts" {
		n, err = a.svc.ImportAccounts(ctx, system, rows)
	} else {
		n, err = a.svc.ImportRegistry(ctx, system, rows)
	}
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "导入成功：%d 条。\n", n)
	return nil
}

// userError turns a domain error into a message for the terminal, with
// every field problem on its own line.
func userError(err error) error {
	var ie *service.ImportError
	if errors.As(err, &ie) {
		return err
	}
	msg := domain.Message(err)
	for _, f := range domain.FieldsOf(err) {
		msg += "\n  " + f.Label + "：" + f.Message
	}
	if domain.KindOf(err) == domain.Internal {
		msg += "\n  " + err.Error()
	}
	return errors.New(msg)
}

func userCmd(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	stdout, stderr io.Writer,
) error {
	if len(args) == 0 {
		return errors.New("用法：hatch user create|reset-password|disable|enable -login 登录名 …")
	}
	var in service.AccountInput
	fs := flag.NewFlagSet("hatch user "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&in.Login, "login", "", "登录名")
	fs.StringVar(&in.Role, "role", "", "legal|staff|reviewer|admin")
	fs.StringVar(&in.Name, "name", "", "姓名")
	fs.StringVar(&in.Password, "password", "", "密码（不填则生成临时密码）")
	fs.Int64Var(&in.DeptID, "dept", 0, "审核人员所属部门编号")
	fs.StringVar(&in.OrgUSCC, "org-uscc", "", "单位统一社会信用代码")
	fs.StringVar(&in.OrgName, "org-name", "", "单位名称（新建法人账号时）")
	fs.StringVar(&in.Mobile, "mobile", "", "手机号码")
	fs.StringVar(&in.Email, "email", "", "电子邮箱")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	a, err := open(ctx, nil, getenv, stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	return userAction(ctx, a, args[0], in, stdout)
}

func userAction(
	ctx context.Context,
	a *app,
	action string,
	in service.AccountInput,
	stdout io.Writer,
) error {
	if action == "create" {
		u, pw, err := a.svc.CreateAccount(ctx, system, in)
		if err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "已创建账号 %s（%s），密码：%s\n", u.Login, u.Role.Label(), pw)
		return nil
	}
	u, err := a.svc.UserByLogin(ctx, system, in.Login)
	if err != nil {
		return userError(err)
	}
	switch action {
	case "reset-password":
		tp, err := a.svc.AdminResetPassword(ctx, system, u.ID)
		if err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "账号 %s 的临时密码：%s（登录后须修改）\n", u.Login, tp.Password)
	case "disable", "enable":
		if err := a.svc.AdminSetDisabled(ctx, system, u.ID, action == "disable"); err != nil {
			return userError(err)
		}
		fmt.Fprintf(
			stdout,
			"账号 %s 已%s。\n",
			u.Login,
			map[bool]string{true: "停用", false: "启用"}[action == "disable"],
		)
	default:
		return fmt.Errorf("未知操作 %q：应为 create、reset-password、disable 或 enable", action)
	}
	return nil
}
