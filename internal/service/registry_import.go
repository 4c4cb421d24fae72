package service

import (
	"context"
	"fmt"
	"time"

	"hatch/internal/domain"
	"hatch/internal/ident"
	"hatch/internal/sheet"
	"hatch/internal/store"
)

// ImportRegistry loads the register of legal persons that 实名认证 matches
// against. Each row is 统一社会信用代码, 单位名称, 法定代表人姓名 and
// 法定代表人身份证号码; a code already in the register is replaced. It
// returns how many entries were written, or an *ImportError listing every
// problem, in which case nothing was written.
func (s *Service) ImportRegistry(
	ctx context.Context,
	a domain.Actor,
	rows []sheet.Row,
) (int, error) {
	if err := requireRole(a, domain.RoleAdmin); err != nil {
		return 0, err
	}
	entries, err := checkRegistry(dataRows(rows), s.today())
	if err != nil {
		return 0, err
	}
	err = s.store.InTx(ctx, func(tx *store.Tx) error {
		for _, e := range entries {
			if err := tx.PutRegistryEntry(ctx, e); err != nil {
				return domain.Wrap(err, "import registry")
			}
		}
		return audit(
			ctx,
			tx,
			a,
			"import.registry",
			"registry",
			0,
			fmt.Sprintf("共 %d 条", len(entries)),
		)
	})
	if err != nil {
		return 0, err
	}
	return len(entries), nil
}

// checkRegistry parses and checks the data rows of a registry file.
func checkRegistry(rows []sheet.Row, today time.Time) ([]domain.RegistryEntry, error) {
	if len(rows) == 0 {
		return nil, noImportData()
	}
	var p problems
	entries := make([]domain.RegistryEntry, len(rows))
	lines := map[string][]int{}
	for i, r := range rows {
		entries[i] = parseRegistryEntry(&p, r, today)
		if ident.ValidUSCC(entries[i].USCC) {
			lines[entries[i].USCC] = append(lines[entries[i].USCC], r.Line)
		}
	}
	reportDuplicates(&p, lines, "统一社会信用代码")
	return entries, p.err()
}

// parseRegistryEntry reads and checks one row of a registry file.
func parseRegistryEntry(p *problems, r sheet.Row, today time.Time) domain.RegistryEntry {
	e := domain.RegistryEntry{USCC: ident.Canonical(r.Cell(0)), Name: r.Cell(1),
		RepName: r.Cell(2), RepIDNumber: ident.Canonical(r.Cell(3))}
	checkImportWidth(p, r, 4, registryColumns)
	p.add(r.Line, checkUSCCCell(e.USCC))
	p.add(r.Line, checkImportText("单位名称", e.Name, 100))
	p.add(r.Line, checkImportText("法定代表人姓名", e.RepName, 50))
	p.add(r.Line, checkIDCell(e.RepIDNumber, today))
	return e
}

// checkUSCCCell and checkIDCell check a code, first recognising the
// commonest spreadsheet mistake: Excel stores an 18-digit number as a
// float, shows it as 9.1110106E+17 and loses the last digits.
func checkUSCCCell(code string) string {
	if msg := excelNumber("统一社会信用代码", code); msg != "" {
		return msg
	}
	return ident.CheckUSCC(code)
}

func checkIDCell(id string, today time.Time) string {
	if msg := excelNumber("身份证号码", id); msg != "" {
		return msg
	}
	return ident.CheckIDNumber(id, today)
}
