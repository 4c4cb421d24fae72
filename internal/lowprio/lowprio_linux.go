package lowprio

import (
	"runtime"
	"syscall"
)

// lower gives the calling goroutine a thread of its own and lowers that
// thread's priority: on Linux each thread has its own nice value. The
// thread is never unlocked, so it ends with the goroutine and no other
// goroutine ever runs on it at that priority (a thread cannot raise its
// priority again without privileges).
func lower() {
	runtime.LockOSThread()
	// A failure leaves the work at normal priority, which is only slower
	// for others, never wrong.
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), Nice)
}
