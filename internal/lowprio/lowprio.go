// Package lowprio runs background work, such as rendering a 申报书, on an
// operating-system thread of the lowest scheduling priority, so that on a
// busy machine the kernel gives the cores to requests first. A render in
// the web process then takes the CPU that saves leave over, as a
// `hatch worker` process started with `nice` would.
package lowprio

// Nice is the priority the work runs at: the lowest there is.
const Nice = 19

// Run runs fn at low priority and returns when it does. A panic in fn is
// raised again in the caller's goroutine.
func Run(fn func()) {
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		lower()
		fn()
	}()
	if p := <-done; p != nil {
		panic(p)
	}
}
