package lowprio

import (
	"runtime"
	"syscall"
	"testing"
)

// threadNice returns the calling thread's nice value. The raw system call
// returns 20 − nice.
func threadNice(t *testing.T) int {
	t.Helper()
	p, err := syscall.Getpriority(syscall.PRIO_PROCESS, syscall.Gettid())
	if err != nil {
		t.Fatal(err)
	}
	return 20 - p
}

func TestRunLowersOnlyTheWorksThread(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before := threadNice(t)
	var inside int
	Run(func() { inside = threadNice(t) })
	if inside != Nice {
		t.Errorf("nice inside Run = %d, want %d", inside, Nice)
	}
	if after := threadNice(t); after != before {
		t.Errorf("caller's nice changed from %d to %d", before, after)
	}
}

func TestRunRaisesThePanicInTheCaller(t *testing.T) {
	defer func() {
		if p := recover(); p != "render failed" {
			t.Errorf("recovered %v, want the work's panic", p)
		}
	}()
	Run(func() { panic("render failed") })
	t.Error("Run returned after a panic")
}

// Threads of low priority end with their goroutine: later goroutines run at
// the process's own priority.
func TestLaterGoroutinesKeepNormalPriority(t *testing.T) {
	runtime.LockOSThread()
	own := threadNice(t)
	runtime.UnlockOSThread()
	for range 20 {
		Run(func() {})
	}
	done := make(chan int, 50)
	for range 50 {
		go func() {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			done <- threadNice(t)
		}()
	}
	for range 50 {
		if n := <-done; n != own {
			t.Fatalf("a goroutine ran at nice %d, want the process's %d", n, own)
		}
	}
}
