package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// exitInterrupted is the exit code after SIGINT (or SIGTERM), as shells report a process
// killed by SIGINT (128 + 2): scripts test for it.
const exitInterrupted = 130

// errInterrupted is the cause of a job's context when the user interrupts it.
var errInterrupted = errors.New("interrupted")

// timeoutError is the cause of a job's context when --timeout ends it.
type timeoutError struct{ d time.Duration }

func (e *timeoutError) Error() string { return fmt.Sprintf("--timeout %s reached", e.d) }

// interruptible returns ctx cancelled with errInterrupted on SIGINT or SIGTERM and, when
// timeout is positive, with a *timeoutError after it. A second signal is left to the
// default handler, so a job that does not stop can still be killed with another Ctrl-C.
func interruptible(ctx context.Context, timeout time.Duration) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			signal.Stop(sig)
			cancel(errInterrupted)
		case <-done:
		}
	}()
	stopTimer := func() {}
	if timeout > 0 {
		t := time.AfterFunc(timeout, func() { cancel(&timeoutError{timeout}) })
		stopTimer = func() { t.Stop() }
	}
	return ctx, func() {
		stopTimer()
		signal.Stop(sig)
		close(done)
		cancel(nil)
	}
}
