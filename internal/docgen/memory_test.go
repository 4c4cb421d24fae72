package docgen_test

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"hatch/internal/docgen"
)

// The budget of design.md: the 申报书 of the large application in under
// 150 MB of peak memory. BenchmarkApplicationLargeMemory measures it two
// ways.
//
// In this process, after a collection, a goroutine samples the Go heap
// every millisecond while docgen.Application renders the large
// application (the fonts are parsed already, as in a running server):
//
//	peak-heap-MB      the highest heap in use (live and not yet swept
//	                  objects, and the partly used spans they sit in)
//	heap-growth-MB    the same minus the heap in use before rendering
//	peak-go-MB        everything the Go runtime held from the system at
//	                  its peak (heap spans, free or not, not yet returned;
//	                  stacks; runtime metadata)
//
// In fresh processes (this test binary run again, see
// TestMain), the kernel's peak resident set size:
//
//	peak-rss-MB       a process that builds the large application and
//	                  renders it once (the fonts parsed on the way, as for
//	                  the first 申报书 after a start)
//	base-rss-MB       a process that only builds the application
//
// A process's resident set includes the binary and the fonts embedded in
// it, as far as they were touched.
func BenchmarkApplicationLargeMemory(b *testing.B) {
	a, files := buildApp(largeDemo())
	m := demoMeta(files)
	if _, err := docgen.Application(a, m); err != nil { // parses the fonts
		b.Fatal(err)
	}
	var peak, growth, goPeak uint64
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		before := heapInUse(readMemory())
		s := startSampling(time.Millisecond)
		b.StartTimer()
		if _, err := docgen.Application(a, m); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		p, g := s.stop()
		peak, goPeak = max(peak, p), max(goPeak, g)
		growth = max(growth, p-min(p, before))
		b.StartTimer()
	}
	b.ReportMetric(mb(peak), "peak-heap-MB")
	b.ReportMetric(mb(growth), "heap-growth-MB")
	b.ReportMetric(mb(goPeak), "peak-go-MB")
	b.ReportMetric(mb(childRSS(b, "render")), "peak-rss-MB")
	b.ReportMetric(mb(childRSS(b, "build")), "base-rss-MB")
}

func mb(n uint64) float64 { return float64(n) / (1 << 20) }

// memoryMetrics are read on every sample: heap in use is objects plus the
// unused part of their spans (MemStats.HeapInuse); what the runtime holds
// is the total mapped minus what it has returned to the system.
var memoryMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
}

func readMemory() []metrics.Sample {
	s := make([]metrics.Sample, len(memoryMetrics))
	for i, name := range memoryMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	return s
}

func heapInUse(s []metrics.Sample) uint64 { return s[0].Value.Uint64() + s[1].Value.Uint64() }
func goHeld(s []metrics.Sample) uint64    { return s[2].Value.Uint64() - s[3].Value.Uint64() }

// sampler records the peaks of heap in use and of memory held by the Go
// runtime until stopped. runtime/metrics does not stop the world, so the
// sampling barely disturbs what it measures.
type sampler struct {
	done       chan struct{}
	wg         sync.WaitGroup
	heap, held uint64
}

func startSampling(every time.Duration) *sampler {
	s := &sampler{done: make(chan struct{})}
	samples := readMemory()
	s.record(samples)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-tick.C:
				metrics.Read(samples)
				s.record(samples)
			}
		}
	}()
	return s
}

func (s *sampler) record(samples []metrics.Sample) {
	s.heap = max(s.heap, heapInUse(samples))
	s.held = max(s.held, goHeld(samples))
}

// stop ends the sampling, takes a last sample and returns the peaks.
func (s *sampler) stop() (heap, held uint64) {
	close(s.done)
	s.wg.Wait()
	s.record(readMemory())
	return s.heap, s.held
}

const childEnv = "HATCH_DOCGEN_MEMORY_CHILD"

// childRSS runs this test binary again as the child process (see
// TestMain), in mode "build" or "render", and returns the peak resident
// set size it reports. (The rusage of the child cannot be used: Linux
// carries the parent's peak into a child that the parent forks and execs.)
func childRSS(b *testing.B, mode string) uint64 {
	b.Helper()
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("no /proc/self/status on this system")
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+mode)
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("child %s: %v\n%s", mode, err, out)
	}
	m := childPeak.FindSubmatch(out)
	if m == nil {
		b.Fatalf("child %s reported no peak:\n%s", mode, out)
	}
	kb, _ := strconv.ParseUint(string(m[1]), 10, 64)
	return kb * 1024
}

var childPeak = regexp.MustCompile(`peak-rss-kB (\d+)`)

// TestMain runs the tests, or, when BenchmarkApplicationLargeMemory starts
// this binary as its child, only builds (and renders) the large
// application and prints the process's VmHWM: the peak resident set size
// of this process image since its exec.
func TestMain(m *testing.M) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		os.Exit(m.Run())
	}
	if err := largeChild(mode); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func largeChild(mode string) error {
	a, files := buildApp(largeDemo())
	if mode == "render" {
		pdf, err := docgen.Application(a, demoMeta(files))
		if err != nil || len(pdf) == 0 {
			return fmt.Errorf("render: %d bytes, %v", len(pdf), err)
		}
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return err
	}
	m := regexp.MustCompile(`(?m)^VmHWM:\s+(\d+) kB$`).FindSubmatch(status)
	if m == nil {
		return fmt.Errorf("no VmHWM in /proc/self/status:\n%s", status)
	}
	fmt.Printf("peak-rss-kB %s\n", m[1])
	return nil
}
