package store

import (
	"context"
	"database/sql"
	"time"
)

// HolidayYear is a year's holiday arrangement as 火炬中心 saved it.
type HolidayYear struct {
	Year      int
	Body      string
	UpdatedBy string // the name of who saved it
	UpdatedAt time.Time
}

// HolidayYears lists the saved arrangements, by year.
func (s *Store) HolidayYears(ctx context.Context) ([]HolidayYear, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT h.year, h.body, COALESCE(u.name, ''), h.updated_at
		FROM holiday_years h LEFT JOIN users u ON u.id = h.updated_by ORDER BY h.year`)
	return listOf(rows, err, func(row scanner) (HolidayYear, error) {
		var h HolidayYear
		var at sql.NullInt64
		err := row.Scan(&h.Year, &h.Body, &h.UpdatedBy, &at)
		h.UpdatedAt = fromMS(at)
		return h, err
	})
}

// SaveHolidayYear stores a year's arrangement, replacing what was saved.
func (tx *Tx) SaveHolidayYear(ctx context.Context, year int, body string, by int64) error {
	_, err := tx.exec(ctx, `INSERT INTO holiday_years (year, body, updated_by, updated_at)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (year) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by,
		updated_at = excluded.updated_at`, year, body, nullID(by), ms(tx.now))
	return err
}
