package service

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"hatch/internal/domain"
	"hatch/internal/store"
	"hatch/internal/workday"
)

// publicityDays is the shortest 公示: five working days.
const publicityDays = 5

// calendar is the holiday calendar the service counts working days with:
// the built-in arrangements (or the settings'), with the years 火炬中心
// entered or corrected in their place.
func (s *Service) calendar(ctx context.Context) (*workday.Calendar, error) {
	c := workday.Default()
	if s.cfg.Calendar != nil {
		c = s.cfg.Calendar
	}
	saved, err := s.store.HolidayYears(ctx)
	if err != nil {
		return nil, err
	}
	for _, h := range saved {
		y, err := workday.Parse(h.Year, h.Body)
		if err != nil { // saved only after Parse accepted it
			return nil, fmt.Errorf("holiday year %d: %w", h.Year, err)
		}
		c = c.With(h.Year, y)
	}
	return c, nil
}

// PublicityEnd is the earliest last day of a 公示 that starts on from:
// its fifth working day.
func (s *Service) PublicityEnd(ctx context.Context, from string) (string, error) {
	d, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return "", domain.Errorf(domain.Invalid, "请按YYYY-MM-DD填写公示开始日期。")
	}
	c, err := s.calendar(ctx)
	if err != nil {
		return "", err
	}
	end, err := c.End(d, publicityDays)
	if err != nil {
		return "", domain.Errorf(domain.Invalid, "%s。", err.Error())
	}
	return end.Format(time.DateOnly), nil
}

// checkPublicity requires real dates and a 公示 of at least five working
// days.
func (s *Service) checkPublicity(ctx context.Context, in domain.Input) error {
	if err := domain.CheckPublicityDates(in.PublicFrom, in.PublicTo); err != nil {
		return err
	}
	c, err := s.calendar(ctx)
	if err != nil {
		return err
	}
	from, _ := time.Parse(time.DateOnly, in.PublicFrom)
	to, _ := time.Parse(time.DateOnly, in.PublicTo)
	n, err := c.Count(from, to)
	var unknown workday.UnknownYearError
	if errors.As(err, &unknown) {
		return publicityErr(err.Error() + "。")
	}
	if n >= publicityDays {
		return nil
	}
	end, err := c.End(from, publicityDays)
	if err != nil {
		return publicityErr(err.Error() + "。")
	}
	return publicityErr("公示期应不少于5个工作日（周末和法定节假日不计，调休上班日计入）：自" + in.PublicFrom +
		"起，第5个工作日是" + end.Format(time.DateOnly) + "；所填期间只有" + strconv.Itoa(n) + "个工作日。")
}

func publicityErr(msg string) error {
	var fe domain.FieldErrors
	fe.Add("public_to", "公示结束日期", msg)
	return fe.Err()
}

// HolidayYearView is one year of the holiday calendar as 火炬中心 sees it.
type HolidayYearView struct {
	Year      int
	Body      string // the arrangement, one day per line
	Source    string // 系统内置, 火炬中心录入 or 尚未录入
	UpdatedBy string
	UpdatedAt time.Time
}

// HolidayYears lists the calendar's years for 火炬中心: every year from the
// first built in to two years after today's, each as saved or built in.
func (s *Service) HolidayYears(ctx context.Context, a domain.Actor) ([]HolidayYearView, error) {
	if err := requireTorchAdmin(a); err != nil {
		return nil, err
	}
	saved, err := s.store.HolidayYears(ctx)
	if err != nil {
		return nil, err
	}
	byYear := map[int]HolidayYearView{}
	first, last := s.today().Year(), s.today().Year()+2
	for _, y := range workday.Default().Years() {
		body, _ := workday.File(y)
		byYear[y] = HolidayYearView{Year: y, Body: body, Source: "系统内置"}
		first = min(first, y)
	}
	for _, h := range saved {
		byYear[h.Year] = HolidayYearView{Year: h.Year, Body: h.Body, Source: "火炬中心录入",
			UpdatedBy: h.UpdatedBy, UpdatedAt: h.UpdatedAt}
		last = max(last, h.Year)
	}
	var out []HolidayYearView
	for y := first; y <= last; y++ {
		v, ok := byYear[y]
		if !ok {
			v = HolidayYearView{Year: y, Source: "尚未录入", Body: "# " + strconv.Itoa(y) +
				"年节假日安排：国务院办公厅关于" + strconv.Itoa(y) + "年部分节假日安排的通知。\n"}
		}
		out = append(out, v)
	}
	return out, nil
}

// SaveHolidayYear enters or corrects a year's arrangement (火炬中心 only).
// A text the calendar cannot read is refused with the line at fault.
func (s *Service) SaveHolidayYear(ctx context.Context, a domain.Actor, year int, body string) error {
	if err := requireTorchAdmin(a); err != nil {
		return err
	}
	if year < 2000 || year > 2100 {
		return domain.Errorf(domain.NotFound, "没有%d年。", year)
	}
	if _, err := workday.Parse(year, body); err != nil {
		var fe domain.FieldErrors
		fe.Add("body", "节假日安排", err.Error()+"。")
		return fe.Err()
	}
	return s.store.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.SaveHolidayYear(ctx, year, body, a.ID); err != nil {
			return err
		}
		return audit(ctx, tx, a, "holidays.save", "holiday_year", int64(year), strconv.Itoa(year)+"年节假日安排")
	})
}
