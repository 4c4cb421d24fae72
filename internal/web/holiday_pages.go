package web

import (
	"net/http"
	"slices"
	"strconv"

	"hatch/internal/domain"
	"hatch/internal/service"
)

// 节假日安排: 火炬中心 enters each year's State Council arrangement, or
// corrects a built-in one; a 公示 counts its working days by it.

type holidaysPage struct {
	Page
	Years []service.HolidayYearView
	Open  int // the year whose form is open: the one just saved or refused
}

func (s *Server) handleHolidays(w http.ResponseWriter, r *http.Request) {
	open, _ := strconv.Atoi(r.URL.Query().Get("year"))
	s.renderHolidays(w, r, http.StatusOK, open, "", nil)
}

// renderHolidays shows the years; a refused year keeps what was typed.
func (s *Server) renderHolidays(w http.ResponseWriter, r *http.Request, code, open int, typed string, err error) {
	years, lerr := s.svc.HolidayYears(r.Context(), actor(r))
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	p := holidaysPage{Page: s.page(w, r, "节假日安排", "holidays"), Years: years, Open: open}
	if err == nil {
		s.render(w, r, code, "holidays", p)
		return
	}
	// The message stands beside the year's own text, which the summary links to.
	for _, fe := range domain.FieldsOf(err) {
		p.Errors.Add("body-"+strconv.Itoa(open), fe.Label, fe.Message)
	}
	i := slices.IndexFunc(p.Years, func(y service.HolidayYearView) bool { return y.Year == open })
	if i < 0 { // a year beyond the list, entered ahead
		p.Years = append(p.Years, service.HolidayYearView{Year: open, Source: "尚未录入"})
		i = len(p.Years) - 1
	}
	p.Years[i].Body = typed
	s.render(w, r, code, "holidays", p)
}

func (s *Server) handleHolidaySave(w http.ResponseWriter, r *http.Request) {
	year, _ := strconv.Atoi(r.PathValue("year"))
	body := r.PostFormValue("body")
	if err := s.svc.SaveHolidayYear(r.Context(), actor(r), year, body); err != nil {
		s.formFailed(w, r, err, func(code int) { s.renderHolidays(w, r, code, year, body, err) })
		return
	}
	setFlash(w, strconv.Itoa(year)+"年节假日安排已保存，公示期的工作日即按此计算。")
	http.Redirect(w, r, "/admin/holidays?year="+strconv.Itoa(year)+"#year-"+strconv.Itoa(year), http.StatusSeeOther)
}
