package service

import (
	"errors"
	"strconv"
	"time"

	"hatch/internal/domain"
	"hatch/internal/workday"
)

// publicityDays is the shortest 公示: five working days.
const publicityDays = 5

// calendar is the holiday calendar the service counts working days with.
func (s *Service) calendar() *workday.Calendar {
	if s.cfg.Calendar != nil {
		return s.cfg.Calendar
	}
	return workday.Default()
}

// PublicityEnd is the earliest last day of a 公示 that starts on from:
// its fifth working day.
func (s *Service) PublicityEnd(from string) (string, error) {
	d, err := time.Parse(time.DateOnly, from)
	if err != nil {
		return "", domain.Errorf(domain.Invalid, "请按YYYY-MM-DD填写公示开始日期。")
	}
	end, err := s.calendar().End(d, publicityDays)
	if err != nil {
		return "", domain.Errorf(domain.Invalid, "%s。", err.Error())
	}
	return end.Format(time.DateOnly), nil
}

// checkPublicity requires real dates and a 公示 of at least five working
// days.
func (s *Service) checkPublicity(in domain.Input) error {
	if err := domain.CheckPublicityDates(in.PublicFrom, in.PublicTo); err != nil {
		return err
	}
	from, _ := time.Parse(time.DateOnly, in.PublicFrom)
	to, _ := time.Parse(time.DateOnly, in.PublicTo)
	n, err := s.calendar().Count(from, to)
	var unknown workday.UnknownYearError
	if errors.As(err, &unknown) {
		return publicityErr(err.Error() + "。")
	}
	if n >= publicityDays {
		return nil
	}
	end, err := s.calendar().End(from, publicityDays)
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
