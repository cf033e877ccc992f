package translatetest

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
)

// FaultKind is a fault FaultProxy injects.
type FaultKind int

const (
	// Pass forwards the request and its answer unchanged.
	Pass FaultKind = iota
	// Status answers Fault.Status (429, 503…) with Fault.RetryAfter, without forwarding.
	Status
	// Reset closes the connection without an answer, without forwarding (a connection reset).
	Reset
	// Truncate forwards the request and answers 200 with the first half of the body: JSON cut
	// short. The backend has done (and billed) the work.
	Truncate
	// Malformed answers 200 with a body that is not JSON, without forwarding (a captive
	// portal, a proxy's page).
	Malformed
	// Slow forwards the request after Fault.Delay, or answers nothing until the client gives
	// up if the client's deadline comes first: a response beyond the deadline.
	Slow
)

// Fault is what FaultProxy does with one request.
type Fault struct {
	Kind FaultKind
	// Status is the HTTP status for Kind Status.
	Status int
	// RetryAfter, if positive, is sent as a Retry-After header in whole seconds (Kind Status).
	RetryAfter time.Duration
	// Delay is Slow's delay.
	Delay time.Duration
}

// String names the fault, for test logs.
func (f Fault) String() string {
	switch f.Kind {
	case Pass:
		return "pass"
	case Status:
		return fmt.Sprintf("status %d", f.Status)
	case Reset:
		return "reset"
	case Truncate:
		return "truncate"
	case Malformed:
		return "malformed"
	case Slow:
		return fmt.Sprintf("slow %s", f.Delay)
	}
	return "unknown"
}

// FaultProxy is an HTTP server that forwards to a backend's server, injecting faults. Point a
// backend's endpoint at its URL.
type FaultProxy struct {
	*httptest.Server

	fn    func(n int, r *http.Request) Fault
	proxy *httputil.ReverseProxy

	mu     sync.Mutex
	n      int
	faults map[FaultKind]int
}

// NewFaultProxy starts a proxy to target (a server's root URL). fn chooses the fault for
// request n (from 1); nil passes everything. The proxy is closed when t's test ends.
func NewFaultProxy(t testing.TB, target string, fn func(n int, r *http.Request) Fault) *FaultProxy {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatalf("fault proxy target %q: %v", target, err)
	}
	if fn == nil {
		fn = func(int, *http.Request) Fault { return Fault{} }
	}
	p := &FaultProxy{fn: fn, proxy: httputil.NewSingleHostReverseProxy(u), faults: map[FaultKind]int{}}
	p.proxy.ErrorLog = log.New(io.Discard, "", 0) // a client giving up is expected here
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(p.Close)
	return p
}

// Counts returns how many requests met each kind of fault (Pass included).
func (p *FaultProxy) Counts() map[FaultKind]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[FaultKind]int{}
	for k, v := range p.faults {
		out[k] = v
	}
	return out
}

// Requests is the number of requests the proxy received.
func (p *FaultProxy) Requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.n
}

func (p *FaultProxy) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.n++
	n := p.n
	p.mu.Unlock()
	f := p.fn(n, r)
	p.mu.Lock()
	p.faults[f.Kind]++
	p.mu.Unlock()

	switch f.Kind {
	case Status:
		if f.RetryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int((f.RetryAfter+time.Second-1)/time.Second)))
		}
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.WriteHeader(f.Status)
		fmt.Fprintf(w, `{"error":{"code":%d,"message":%q,"errors":[{"reason":"fault","message":"injected"}]}}`, f.Status, http.StatusText(f.Status))
	case Reset:
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic("translatetest: the server cannot hijack connections")
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			conn.Close()
		}
	case Truncate:
		rec := httptest.NewRecorder()
		p.proxy.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body[:len(body)/2])
	case Malformed:
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<html><body>Welcome to the hotel network</body></html>"))
	case Slow:
		// Read the body first: net/http notices a client that hangs up (and cancels
		// r.Context()) only once the handler has consumed the request body.
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
			p.proxy.ServeHTTP(w, r)
		case <-r.Context().Done(): // the client gave up
		}
	default:
		p.proxy.ServeHTTP(w, r)
	}
}
