package translatetest_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed77ff/bitext/translate"
	"github.com/seed77ff/bitext/translate/translatetest"
)

// brokenEnv names, in a child process of TestRunCatchesBrokenMiddleware, the breakage
// TestBrokenMiddleware runs the suite over.
const brokenEnv = "TRANSLATETEST_BROKEN"

// broken are middlewares that each break one clause of the translate.Translator contract,
// with the subtest of Run that must catch it.
var broken = map[string]struct {
	catches string
	mw      translate.Middleware
}{
	"drops the last answer": {"order_and_count", answers(func(a []translate.Translation) []translate.Translation {
		return a[:max(0, len(a)-1)]
	})},
	"reverses the answers": {"order_and_count", answers(func(a []translate.Translation) []translate.Translation {
		slices.Reverse(a)
		return a
	})},
	"ignores ctx": {"cancelled_context", func(next translate.Translator) translate.Translator {
		return translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			return next.Translate(context.WithoutCancel(ctx), req)
		})
	}},
	"trims its request": {"request_not_modified", func(next translate.Translator) translate.Translator {
		return translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			for i := range req.Texts {
				req.Texts[i] = strings.TrimSpace(req.Texts[i]) + " "
			}
			return next.Translate(ctx, req)
		})
	}},
	"loses the class of errors": {"refused_for_good", func(next translate.Translator) translate.Translator {
		return translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			res, err := next.Translate(ctx, req)
			if err != nil {
				return nil, fmt.Errorf("wrapped: %v", err)
			}
			return res, nil
		})
	}},
	"makes every error permanent": {"unavailable_for_now", func(next translate.Translator) translate.Translator {
		return translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			res, err := next.Translate(ctx, req)
			if err != nil {
				return nil, translate.Permanent(err)
			}
			return res, nil
		})
	}},
	"answers with its error": {"refused_for_good", func(next translate.Translator) translate.Translator {
		return translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			res, err := next.Translate(ctx, req)
			if err != nil {
				return make([]translate.Translation, len(req.Texts)), err
			}
			return res, nil
		})
	}},
	"shares its last request": {"concurrent_use", func(next translate.Translator) translate.Translator {
		var (
			mu   sync.Mutex
			last *translate.Request
		)
		return translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			mu.Lock()
			last = req
			mu.Unlock()
			time.Sleep(time.Millisecond) // others arrive meanwhile
			mu.Lock()
			r := last
			mu.Unlock()
			return next.Translate(ctx, r)
		})
	}},
}

// answers is a middleware that rewrites every successful answer with f.
func answers(f func([]translate.Translation) []translate.Translation) translate.Middleware {
	return func(next translate.Translator) translate.Translator {
		return translate.Func(func(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
			res, err := next.Translate(ctx, req)
			if err != nil {
				return nil, err
			}
			return f(res), nil
		})
	}
}

// TestBrokenMiddleware is the child process of TestRunCatchesBrokenMiddleware: it runs the
// suite over the breakage brokenEnv names, and must fail.
func TestBrokenMiddleware(t *testing.T) {
	name := os.Getenv(brokenEnv)
	if name == "" {
		t.Skip("SKIPPED: run as a child process by TestRunCatchesBrokenMiddleware")
	}
	b, ok := broken[name]
	require.True(t, ok, "no breakage %q", name)
	translatetest.Run(t, func(*testing.T) translate.Translator {
		return b.mw(&translatetest.Fake{FailFn: translatetest.FailOn})
	}, translatetest.Options{}.WithFakeErrors())
}

// TestRunCatchesBrokenMiddleware: the suite is a test that can fail. Each middleware that
// breaks one clause of the contract, wrapped around a conforming Fake, fails the subtest
// of Run that checks that clause.
func TestRunCatchesBrokenMiddleware(t *testing.T) {
	for name, b := range broken {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestBrokenMiddleware$", "-test.v")
			cmd.Env = append(os.Environ(), brokenEnv+"="+name)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			require.True(t, errors.As(err, &exit), "the suite passed a middleware that %s:\n%s", name, out)
			assert.Contains(t, string(out), "--- FAIL: TestBrokenMiddleware/"+b.catches, "%s", out)
		})
	}
}
