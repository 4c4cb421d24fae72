package store

import (
	"context"
	"database/sql"

	"hatch/internal/domain"
)

// CreateDepartment inserts a reviewing department. A name already taken is
// ErrDuplicate.
func (tx *Tx) CreateDepartment(ctx context.Context, d domain.Department) (int64, error) {
	id, err := tx.insertID(
		ctx,
		`INSERT INTO departments (name, level, region_code, region_name, created_at)
		VALUES ($1, $2, $3, $4, $5)`,
		d.Name,
		string(d.Level),
		d.RegionCode,
		d.RegionName,
		ms(tx.now),
	)
	if isUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	return id, err
}

func scanDepartment(row scanner) (domain.Department, error) {
	var d domain.Department
	var level string
	var created sql.NullInt64
	err := row.Scan(&d.ID, &d.Name, &level, &d.RegionCode, &d.RegionName, &created)
	d.Level, d.CreatedAt = domain.Level(level), fromMS(created)
	return d, notFound(err)
}

const departmentColumns = `id, name, level, region_code, region_name, created_at`

// Department returns one department.
func (s *Store) Department(ctx context.Context, id int64) (domain.Department, error) {
	return scanDepartment(
		s.r.QueryRowContext(ctx, `SELECT `+departmentColumns+` FROM departments WHERE id = $1`, id),
	)
}

// Departments lists every department, national first, then by region.
func (s *Store) Departments(ctx context.Context) ([]domain.Department, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+departmentColumns+` FROM departments
		ORDER BY CASE level WHEN 'torch' THEN 0 WHEN 'province' THEN 1 ELSE 2 END, region_code, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Department
	for rows.Next() {
		d, err := scanDepartment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
