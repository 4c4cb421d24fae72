package metrics

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Pool is a database connection pool's use at one instant: database/sql's
// DB.Stats on either engine, pgxpool's Stat for river's pool on
// PostgreSQL.
type Pool struct {
	Name         string // writer, reader (SQLite); main, jobs (PostgreSQL)
	MaxOpen      int    // the pool's bound; 0 for none
	InUse, Idle  int
	WaitCount    int64         // connections waited for since start
	WaitDuration time.Duration // total time spent waiting for them
}

var (
	poolConns = prometheus.NewDesc("hatch_db_connections",
		"Open database connections, by pool and state (in_use, idle).", []string{"pool", "state"}, nil)
	poolMax = prometheus.NewDesc("hatch_db_connections_max",
		"The most connections the pool opens (0: no bound).", []string{"pool"}, nil)
	poolWaits = prometheus.NewDesc("hatch_db_waits_total",
		"Times a query waited for a free connection of the pool.", []string{"pool"}, nil)
	poolWaited = prometheus.NewDesc("hatch_db_wait_seconds_total",
		"Total time queries waited for a free connection of the pool.", []string{"pool"}, nil)
	batches = prometheus.NewDesc("hatch_db_batches_total",
		"Write batches of more than one transaction (SQLite's writer, PostgreSQL's save lanes).", nil, nil)
	batched = prometheus.NewDesc("hatch_db_batched_transactions_total",
		"Transactions that ran in a batch with others.", nil, nil)
	batchRetries = prometheus.NewDesc("hatch_db_batch_retries_total",
		"Transactions run again alone after their PostgreSQL batch was rolled back.", nil, nil)
	renderWaiting = prometheus.NewDesc("hatch_render_jobs_waiting",
		"申报书 render jobs queued and not yet taken by a worker (all processes).", nil, nil)
)

// poolCollector reads the pools at scrape time, so nothing is counted on
// the query path.
type poolCollector func() []Pool

func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- poolConns
	ch <- poolMax
	ch <- poolWaits
	ch <- poolWaited
}

func (read poolCollector) Collect(ch chan<- prometheus.Metric) {
	for _, p := range read() {
		ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(p.InUse), p.Name, "in_use")
		ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(p.Idle), p.Name, "idle")
		ch <- prometheus.MustNewConstMetric(poolMax, prometheus.GaugeValue, float64(p.MaxOpen), p.Name)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(p.WaitCount), p.Name)
		ch <- prometheus.MustNewConstMetric(poolWaited, prometheus.CounterValue, p.WaitDuration.Seconds(), p.Name)
	}
}

// WatchPools reports the pools read returns at every scrape.
func (m *Metrics) WatchPools(read func() []Pool) {
	if m != nil {
		m.reg.MustRegister(poolCollector(read))
	}
}

// Batches counts the write batches since the process started.
type Batches struct {
	Batches, Transactions, Retries int64
}

// batchCollector reads the batch counters at scrape time.
type batchCollector func() Batches

func (batchCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- batches
	ch <- batched
	ch <- batchRetries
}

func (read batchCollector) Collect(ch chan<- prometheus.Metric) {
	b := read()
	ch <- prometheus.MustNewConstMetric(batches, prometheus.CounterValue, float64(b.Batches))
	ch <- prometheus.MustNewConstMetric(batched, prometheus.CounterValue, float64(b.Transactions))
	ch <- prometheus.MustNewConstMetric(batchRetries, prometheus.CounterValue, float64(b.Retries))
}

// WatchBatches reports the counters read returns at every scrape.
func (m *Metrics) WatchBatches(read func() Batches) {
	if m != nil {
		m.reg.MustRegister(batchCollector(read))
	}
}

// queueCollector counts the waiting render jobs at scrape time, with one
// indexed count query bounded by scrapeTimeout.
type queueCollector func(ctx context.Context) (int, error)

// scrapeTimeout bounds the query of a scrape: a slow database leaves the
// gauge out of that scrape rather than holding the scraper.
const scrapeTimeout = 2 * time.Second

func (queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- renderWaiting }

func (count queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	n, err := count(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(renderWaiting, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(renderWaiting, prometheus.GaugeValue, float64(n))
}

// WatchRenderQueue reports, at every scrape, how many render jobs count
// finds waiting.
func (m *Metrics) WatchRenderQueue(count func(ctx context.Context) (int, error)) {
	if m != nil {
		m.reg.MustRegister(queueCollector(count))
	}
}
