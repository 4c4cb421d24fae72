package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strconv"
	"sync"
	"time"
)

// seedLarge fills the application to the size of the budget's large
// application with rows that pass the rules, so each save is measured
// against realistic data. It adds only what is missing.
func (c *client) seedLarge(ctx context.Context, app int64, out io.Writer) error {
	want := []struct {
		table string
		n     int
	}{{"teams", 800}, {"enterprises", 400}, {"activities", 150}, {"staff", 60}, {"venues", 20}}
	start := time.Now()
	for _, w := range want {
		table, n := w.table, w.n
		var page struct{ Total int }
		if err := c.do("GET", fmt.Sprintf("/api/v1/applications/%d/tables/%s?per_page=1", app, table), nil, &page, 200); err != nil {
			return err
		}
		for i := page.Total; i < n && ctx.Err() == nil; i++ {
			if _, _, err := c.addRow(app, table, sampleRow(table, i)); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(out, "申报书已填到预算规模，用时 %s\n", time.Since(start).Round(time.Millisecond))
	return nil
}

// sampleRow is a valid row of each table; i makes names and codes differ.
func sampleRow(table string, i int) map[string]string {
	n := strconv.Itoa(i)
	switch table {
	case "teams":
		return map[string]string{
			"name":      "负载团队" + n,
			"leader":    "张三",
			"state":     "在孵",
			"members":   "5",
			"project":   "项目" + n,
			"field":     "电子信息",
			"joined_on": "2021-03-01",
			"financed":  "否",
		}
	case "enterprises":
		return map[string]string{
			"name":          "负载企业" + n,
			"registered_on": "2020-12-01",
			"source":        "直接入驻",
			"joined_on":     "2021-02-01",
			"state":         "在孵",
			"employees":     "10",
			"field":         "新材料",
			"financed":      "否",
		}
	case "activities":
		return map[string]string{
			"name":         "活动" + n,
			"type":         "创业沙龙",
			"start_on":     "2021-03-01",
			"end_on":       "2021-03-01",
			"place":        "路演厅",
			"mode":         "主办",
			"participants": "50",
		}
	case "staff":
		return map[string]string{
			"name":       "人员" + n,
			"gender":     "女",
			"id_number":  "11010519491231002X",
			"education":  "大学本科",
			"title":      "运营",
			"category":   "专职服务人员",
			"trained":    "否",
			"experience": "孵化服务",
		}
	}
	return map[string]string{
		"name":         "场地" + n,
		"address":      "软件园",
		"area":         "100",
		"station_area": "50",
		"public_area":  "30",
		"stations":     "10",
		"tenure":       "自有产权",
	}
}

// user is one simulated person with a session and a row of their own.
type user struct {
	c        *client
	app, row int64
	rev      int64
	n        int
}

func prepareUsers(ctx context.Context, o options, app int64) ([]*user, error) {
	users := make([]*user, 0, o.users)
	for i := 0; i < o.users && ctx.Err() == nil; i++ {
		c, err := newClient(o.url, o.login, o.password, o.captcha)
		if err != nil {
			return nil, err
		}
		row, rev, err := c.addRow(app, "teams", sampleRow("teams", 100000+i))
		if err != nil {
			return nil, err
		}
		users = append(users, &user{c: c, app: app, row: row, rev: rev})
	}
	return users, nil
}

// save changes the member count, as a person editing a cell would.
func (u *user) save() (time.Duration, error) {
	u.n++
	v := sampleRow("teams", int(u.row))
	v["members"] = strconv.Itoa(2 + u.n%20)
	start := time.Now()
	rev, err := u.c.saveRow(u.app, u.row, u.rev, v)
	d := time.Since(start)
	if err == nil {
		u.rev = rev
	}
	return d, err
}

// steadyLoad has every user save once per interval, spread evenly.
func steadyLoad(ctx context.Context, users []*user, interval, duration time.Duration) stats {
	ctx, cancel := context.WithTimeout(ctx, duration)
	defer cancel()
	var rec recorder
	var wg sync.WaitGroup
	for i, u := range users {
		wg.Add(1)
		go func(u *user, offset time.Duration) {
			defer wg.Done()
			t := time.NewTimer(offset)
			for {
				select {
				case <-ctx.Done():
					t.Stop()
					return
				case <-t.C:
					rec.add(u.save())
					t.Reset(interval)
				}
			}
		}(u, interval*time.Duration(i)/time.Duration(len(users)))
	}
	wg.Wait()
	return rec.stats(duration)
}

// saturated saves as fast as workers can, each on its own user's row.
func saturated(ctx context.Context, users []*user, workers int, duration time.Duration) stats {
	ctx, cancel := context.WithTimeout(ctx, duration)
	defer cancel()
	var rec recorder
	var wg sync.WaitGroup
	for i := 0; i < workers && i < len(users); i++ {
		wg.Add(1)
		go func(u *user) {
			defer wg.Done()
			for ctx.Err() == nil {
				rec.add(u.save())
			}
		}(users[i])
	}
	wg.Wait()
	return rec.stats(duration)
}

// recorder collects latencies from many goroutines.
type recorder struct {
	mu     sync.Mutex
	lat    []time.Duration
	errors int
	first  error
}

func (r *recorder) add(d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.errors++
		if r.first == nil {
			r.first = err
		}
		return
	}
	r.lat = append(r.lat, d)
}

type stats struct {
	n, errors          int
	rate               float64
	p50, p90, p99, max time.Duration
	first              error
}

func (r *recorder) stats(over time.Duration) stats {
	sort.Slice(r.lat, func(i, j int) bool { return r.lat[i] < r.lat[j] })
	s := stats{
		n:      len(r.lat),
		errors: r.errors,
		rate:   float64(len(r.lat)) / over.Seconds(),
		first:  r.first,
	}
	if s.n > 0 {
		s.p50, s.p90, s.p99, s.max = r.lat[s.n*50/100], r.lat[s.n*90/100], r.lat[s.n*99/100], r.lat[s.n-1]
	}
	return s
}

func (s stats) String() string {
	out := fmt.Sprintf("  保存 %d 次，%.0f 次/秒，错误 %d；p50 %s，p90 %s，p99 %s，最长 %s",
		s.n, s.rate, s.errors, ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max))
	if s.first != nil {
		out += "\n  第一个错误：" + s.first.Error()
	}
	return out
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) + " ms"
}
