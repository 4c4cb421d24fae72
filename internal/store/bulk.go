package store

import (
	"context"
	"strconv"
	"strings"

	"hatch/internal/domain"
)

// InsertSubmitted adds submitted applications in a few multi-row
// statements, as they stand at a point of the review chain: for loading
// a large 工作台 (benchmarks, load tests) without walking each through the
// chain. Each needs its organisation, carrier and round; its status,
// 受理机构, region, 受理编号, 依托单位类型 and submission time are taken as
// given. The planner's statistics are brought up to date at the end, as
// after any bulk load: PostgreSQL's autovacuum would do so only later,
// in the middle of whatever runs next.
func (tx *Tx) InsertSubmitted(ctx context.Context, apps []domain.Application) error {
	const cols = 14
	const batch = 50 // few parameters a statement: SQLite looks numbered ones up one by one
	for start := 0; start < len(apps); start += batch {
		part := apps[start:min(start+batch, len(apps))]
		rows := make([]string, len(part))
		args := make([]any, 0, len(part)*cols)
		for i, a := range part {
			marks := make([]string, cols)
			for j := range marks {
				marks[j] = "$" + strconv.Itoa(i*cols+j+1)
			}
			rows[i] = "(" + strings.Join(marks, ", ") + ")"
			args = append(args, a.OrgID, a.CarrierID, a.RoundID, a.TypeCode, string(a.Status), ms(tx.now), ms(tx.now),
				a.AcceptorCode, a.RegionCode, a.CityLevel, a.RefNo, a.HostType, ms(a.SubmittedAt), 1)
		}
		if _, err := tx.exec(ctx, `INSERT INTO applications (org_id, carrier_id, round_id, type_code, status,
			created_at, updated_at, acceptor_code, region_code, city_level, ref_no, host_type, submitted_at, revision)
			VALUES `+strings.Join(rows, ", "), args...); err != nil {
			return err
		}
	}
	for _, table := range []string{"applications", "app_tally", "app_search"} {
		if _, err := tx.exec(ctx, `ANALYZE `+table); err != nil {
			return err
		}
	}
	return nil
}
