package middleware

import (
	"context"
	"sync"
	"time"

	"golang.org/x/text/language"

	"github.com/seed77ff/bitext/translate"
)

// DefaultCoalesceDelay is how long Coalesce holds a request that does not fill the limits,
// waiting for others to share it with: short against a backend's latency (hundreds of
// milliseconds), long enough for the documents in flight to add their texts.
const DefaultCoalesceDelay = 10 * time.Millisecond

// Coalesce returns a middleware that packs concurrent requests into full ones: requests that
// agree on everything but their texts (source and target language, format, model, context,
// glossary — so still one source language, and one DeepL context, per request) join one
// request to the next Translator, up to l, which is sent when it is full or delay after its
// first text arrived, whichever comes first. Each caller gets its own texts' translations, in
// order. A request that fills l on its own goes straight through, without waiting, so callers
// that already send full requests (pipeline.Execute) lose nothing; library users translating
// one document at a time from many goroutines get requests as full as the pipeline's.
//
// A shared request fails for every caller in it. It is cancelled only when every caller in
// it has gone (each caller's ctx still ends its own wait at once). delay <= 0 means no
// coalescing.
func Coalesce(l translate.Limits, delay time.Duration) translate.Middleware {
	return func(next translate.Translator) translate.Translator {
		if delay <= 0 {
			return next
		}
		return &coalescer{next: next, l: l, delay: delay, open: map[groupKey]*group{}}
	}
}

type coalescer struct {
	next  translate.Translator
	l     translate.Limits
	delay time.Duration

	mu   sync.Mutex
	open map[groupKey]*group // requests still taking texts
}

type groupKey struct {
	source, target           language.Tag
	format                   translate.Format
	model, context, glossary string
	maxChars                 int
}

// group is one shared request being filled, then sent.
type group struct {
	key      groupKey
	glossary []translate.Term // the terms of key.glossary, from the first request
	texts    []string
	load     translate.Load
	timer    *time.Timer
	sent     bool

	ctx    context.Context // the shared request's, cancelled when live drops to zero
	cancel context.CancelFunc
	live   int // callers still waiting

	done chan struct{} // closed once res or err is set
	res  []translate.Translation
	err  error
}

// Unwrap returns the Translator shared requests go to.
func (c *coalescer) Unwrap() translate.Translator { return c.next }

func (c *coalescer) Translate(ctx context.Context, req *translate.Request) ([]translate.Translation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	load := translate.LoadOf(req.Texts...)
	if len(req.Texts) == 0 || c.l.Full(load) {
		return c.next.Translate(ctx, req)
	}
	key := groupKey{req.Source, req.Target, req.Format, req.Model, req.Context, req.GlossaryID, req.MaxChars}

	c.mu.Lock()
	g := c.open[key]
	if g != nil && !c.l.Fits(g.load.Plus(load)) {
		c.sendLocked(g) // no room: send it as it is, start another
		g = nil
	}
	if g == nil {
		gctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		g = &group{key: key, glossary: req.Glossary, ctx: gctx, cancel: cancel, done: make(chan struct{})}
		c.open[key] = g
		g.timer = time.AfterFunc(c.delay, func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			c.sendLocked(g)
		})
	}
	lo := len(g.texts)
	g.texts = append(g.texts, req.Texts...)
	hi := len(g.texts)
	g.load = g.load.Plus(load)
	g.live++
	if c.l.Full(g.load) {
		c.sendLocked(g)
	}
	c.mu.Unlock()

	select {
	case <-g.done:
		if g.err != nil {
			return nil, g.err
		}
		return append([]translate.Translation(nil), g.res[lo:hi]...), nil
	case <-ctx.Done():
		c.mu.Lock()
		if g.live--; g.live == 0 {
			g.cancel() // nobody is waiting for the answer any more
		}
		c.mu.Unlock()
		return nil, ctx.Err()
	}
}

// sendLocked closes g to new texts and sends it, once. c.mu is held.
func (c *coalescer) sendLocked(g *group) {
	if g.sent {
		return
	}
	g.sent = true
	g.timer.Stop()
	if c.open[g.key] == g {
		delete(c.open, g.key)
	}
	if g.live == 0 { // every caller left before it was sent
		g.err = context.Canceled
		close(g.done)
		return
	}
	go func() {
		defer g.cancel()
		req := &translate.Request{Texts: g.texts, Source: g.key.source, Target: g.key.target, Format: g.key.format,
			Model: g.key.model, Context: g.key.context, GlossaryID: g.key.glossary, Glossary: g.glossary, MaxChars: g.key.maxChars}
		res, err := c.next.Translate(g.ctx, req)
		if err == nil {
			err = translate.CheckCount("coalesce", len(g.texts), len(res))
		}
		g.res, g.err = res, err
		close(g.done)
	}()
}
