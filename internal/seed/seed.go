// Package seed fills an empty database with Hatch's demo data (the content
// of package demo) through the service's public use cases, as the people of
// the demo would have entered it: the administrator imports the registry and
// creates accounts, each organisation passes 实名认证, fills and submits its
// application, and each reviewer acts. So the demo never holds anything the
// rules would refuse, and it exercises the use cases a user would.
//
//   - seed.go: Demo, the order of the steps and the accounts it reports
//   - accounts.go: the registry, organisations and their 实名认证, staff,
//     departments, reviewers and the administrator
//   - applications.go: filling an application's sections, rows and files
//   - review.go: the submissions and the reviewers' steps
//   - experts.go: the departments' experts and their scoring in progress
//   - types.go: the 孵化器's 认定 application, and the filed 众创空间 with
//     its 免税资格申请
package seed

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// Account is one seeded login, printed at first start.
type Account struct {
	Login, Role, Note string
}

// seeder carries what the steps share: the service, the System actor the
// administrator's steps run as, and the accounts made so far.
type seeder struct {
	svc      *service.Service
	sys      domain.Actor
	accounts []Account
	carriers map[string]int64 // by name: the carriers made so far
	round    domain.Round     // the 众创空间 round of the demo applications
	// the rounds of the 孵化器's 认定 and of the 免税资格申请
	incubatorRound, exemptionRound domain.Round
}

// Demo seeds the demo data into an empty database and returns the accounts.
// It does nothing (and returns nil) when any account already exists. The
// demo belongs to the 2021 众创空间, 2022 孵化器 and 2026 免税 rounds, so the
// service must accept applications to them: on their dates, or with
// closed rounds kept open.
func Demo(ctx context.Context, svc *service.Service) ([]Account, error) {
	sys := domain.System()
	users, err := svc.Users(ctx, sys, domain.UserFilter{Limit: 1})
	if err != nil || len(users) > 0 {
		return nil, err
	}
	s := &seeder{svc: svc, sys: sys, carriers: map[string]int64{}}
	steps := []struct {
		name string
		run  func(context.Context) error
	}{
		{"申报批次", s.findRound}, {"法人登记信息", s.registry}, {"演示单位", s.applicant},
		{"火炬统计迁移单位", s.migrated}, {"审核部门", s.departments}, {"系统管理员", s.admin},
		{"演示申报书", s.applications}, {"审核流程", s.stages}, {"评审专家", s.experts},
		{"专家评审", s.expertWork}, {"孵化器认定申报书", s.incubator},
		{"已备案的众创空间", s.filed}, {"免税资格申请", s.exemption},
	}
	for _, step := range steps {
		if err := step.run(ctx); err != nil {
			return nil, fmt.Errorf("%s：%w", step.name, explain(err))
		}
	}
	return s.accounts, nil
}

// explain adds each field's message to a refusal, so that whoever reads
// the start-up log learns what was refused, not only that something was.
func explain(err error) error {
	var de *domain.Error
	if !errors.As(err, &de) || len(de.Fields) == 0 {
		return err
	}
	msgs := make([]string, len(de.Fields))
	for i, f := range de.Fields {
		msgs[i] = f.Label + "：" + f.Message
	}
	return fmt.Errorf("%w（%s）", err, strings.Join(msgs, "；"))
}

func (s *seeder) report(login, role, note string) {
	s.accounts = append(s.accounts, Account{Login: login, Role: role, Note: note})
}
